/** The beneficiary record: the only place where personal data is kept. */
import { DeleteCommand, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from './clients';
import { tableName } from './settings';
import type { IntakeForm } from '../domain/intake';
import type { Dimensions } from '../domain/profile';
import type { EmployabilityProfile } from '../domain/profiling-rules';
import type { Consents, DropoutReason, PersonalPlan } from '../domain/coaching';
import type { FollowUpMonth, WorkStatus } from '../domain/placement';
import type { AccessTarget } from '../domain/access';
import type { DuplicateKeys } from '../domain/duplicates';

export interface Beneficiary extends IntakeForm, DuplicateKeys {
  beneficiaryId: string;
  /** The association that took them in (the intake worker's); their records belong to it. */
  association?: string;
  createdAt: string;
  stage: string;
  dimensions?: Dimensions;
  /** Set by "Profile Beneficiary" with the dimensions: the score, its reasons, the track. */
  profile?: EmployabilityProfile;
  coachId?: string;
  placement?: Record<string, unknown>;
  /** Keyed hash of the intake as received: tells a replay from a reused idempotency key. */
  intakeHash?: string;
  /** Corrections so far (absent: none): a correction applies only to the version it was made on. */
  version?: number;
  correctedAt?: string;
  /** Set while a coach task is escalated: the journey is late. */
  lateSince?: string;
  lateTask?: string;
  /** What the beneficiary agreed to share, each with its date and the text's version. */
  consents?: Consents;
  /** The personal plan agreed at the first interview, with each step's progress. */
  plan?: PersonalPlan;
  /** Coaching sessions held so far, and the day of the last. */
  sessionsHeld?: number;
  lastSessionOn?: string;
  /** The training the journey chose last, and where it stands. */
  training?: TrainingRecord;
  /** Why the journey ended before a placement. */
  dropout?: { reason: DropoutReason; on: string };
  /** Set when the journey ended and its coach's caseload freed the place (once). */
  coachReleasedAt?: string;
  /** The current journey's number (absent: the first); 2, 3… once accompaniment is reopened. */
  journeyNumber?: number;
  /** When the current journey began, if it was reopened (the first began at `createdAt`). */
  journeyStartedAt?: string;
  /** The coach of the journey before, whom a reopened journey asks for first. */
  previousCoachId?: string;
  /** What earlier journeys ended with, kept when accompaniment was reopened. */
  pastJourneys?: PastJourney[];
  /** The follow-up waiting after a placement: which one and when it falls due. */
  nextFollowUp?: { month: FollowUpMonth; dueAt: string };
  /** Each follow-up's answer, keyed `<journey>-<month>`. */
  followUps?: Record<string, FollowUpRecord>;
  /**
   * When the journey last moved (its last event): with `region`, the key of the sparse retention
   * index (`by-last-activity`); removed when the personal data is erased.
   */
  lastActivityAt?: string;
  /** The beneficiary withdrew consent: the day they said so, who recorded it and when. */
  consentWithdrawal?: { on: string; recordedBy: string; role: string; recordedAt: string };
  /** An erasure begun (by a person, or `retention`): its time names its audit entry. */
  erasure?: { startedAt: string; by: string; role: string };
  /** Set once the personal fields are erased: the record keeps only its anonymous dimensions. */
  erasedAt?: string;
}

/** Whether the record's personal data has been erased (withdrawal of consent or retention). */
export function isErased(record: Pick<Beneficiary, 'erasedAt'>): boolean {
  return record.erasedAt !== undefined;
}

export interface PastJourney {
  journey: number;
  coachId?: string;
  placement?: Record<string, unknown>;
  plan?: PersonalPlan;
  training?: TrainingRecord;
  sessionsHeld?: number;
  followUps?: Record<string, FollowUpRecord>;
  reopenedOn: string;
}

export interface FollowUpRecord {
  month: FollowUpMonth;
  journey: number;
  /** `unanswered` when nobody answered after reminders and escalation. */
  workStatus: WorkStatus | 'unanswered';
  followUpDate?: string;
  incomeBand?: string;
  cnssDeclared?: string;
  workingTime?: string;
  recordedAt: string;
}

export interface TrainingRecord {
  offerId: string;
  status: 'chosen' | 'enrolled' | 'not-started' | 'completed' | 'abandoned';
  startDate?: string;
  endDate?: string;
  certified?: boolean;
}

/** Writes a new beneficiary once; false if one with this id is already there (a replay). */
export async function putBeneficiaryOnce(beneficiary: Beneficiary): Promise<boolean> {
  try {
    await dynamo.send(
      new PutCommand({
        TableName: tableName('beneficiaries'),
        Item: beneficiary,
        ConditionExpression: 'attribute_not_exists(beneficiaryId)',
      }),
    );
    return true;
  } catch (error) {
    if ((error as Error).name === 'ConditionalCheckFailedException') return false;
    throw error;
  }
}

/**
 * Removes a beneficiary whose journey could not start (the intake's rollback): only the record
 * written at `createdAt` by that request, never one a concurrent duplicate wrote or kept.
 */
export async function deleteBeneficiary(beneficiaryId: string, createdAt: string): Promise<void> {
  try {
    await dynamo.send(
      new DeleteCommand({
        TableName: tableName('beneficiaries'),
        Key: { beneficiaryId },
        ConditionExpression:
          'createdAt = :createdAt AND stage = :intake AND attribute_not_exists(dimensions)',
        ExpressionAttributeValues: { ':createdAt': createdAt, ':intake': 'intake' },
      }),
    );
  } catch (error) {
    if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
  }
}

/** Ids are UUID-shaped; anything else cannot be a record (and is never looked up). */
export const isBeneficiaryId = (id: string) => /^[A-Za-z0-9_-]{1,64}$/.test(id);

/** What the access table decides a record's access on: its region, association and coach. */
export const accessTargetOf = (b: Beneficiary): AccessTarget => ({
  region: b.region,
  ...(b.association ? { association: b.association } : {}),
  ...(b.coachId ? { coachId: b.coachId } : {}),
});

export async function getBeneficiary(beneficiaryId: string): Promise<Beneficiary | undefined> {
  const { Item } = await dynamo.send(
    new GetCommand({ TableName: tableName('beneficiaries'), Key: { beneficiaryId }, ConsistentRead: true }),
  );
  return Item as Beneficiary | undefined;
}

export async function requireBeneficiary(beneficiaryId: string): Promise<Beneficiary> {
  const beneficiary = await getBeneficiary(beneficiaryId);
  if (!beneficiary) throw new BeneficiaryNotFound(beneficiaryId);
  return beneficiary;
}

export class BeneficiaryNotFound extends Error {
  override name = 'BeneficiaryNotFound';
  constructor(beneficiaryId: string) {
    super(`No beneficiary ${beneficiaryId}`);
  }
}

export interface BeneficiaryPage {
  items: Beneficiary[];
  /** Where the next page starts (opaque), when there is one. */
  next?: Record<string, unknown>;
}

/**
 * Beneficiaries by one index value, oldest first: an association's (`by-association`) or a coach's
 * (`by-coach`). `limit` caps one page; `start` is the previous page's `next`.
 */
export async function beneficiariesBy(
  index: 'by-association' | 'by-coach',
  value: string,
  options: { limit?: number; start?: Record<string, unknown>; newestFirst?: boolean } = {},
): Promise<BeneficiaryPage> {
  const key = index === 'by-association' ? 'association' : 'coachId';
  const page = await dynamo.send(
    new QueryCommand({
      TableName: tableName('beneficiaries'),
      IndexName: index,
      KeyConditionExpression: '#key = :value',
      ExpressionAttributeNames: { '#key': key },
      ExpressionAttributeValues: { ':value': value },
      ScanIndexForward: !options.newestFirst,
      ...(options.limit ? { Limit: options.limit } : {}),
      ...(options.start ? { ExclusiveStartKey: options.start } : {}),
    }),
  );
  return {
    items: (page.Items ?? []) as Beneficiary[],
    ...(page.LastEvaluatedKey ? { next: page.LastEvaluatedKey } : {}),
  };
}

/**
 * Every beneficiary of one index value (an association's list, a coach's caseload), leaving out
 * erased records: they hold no one to follow. It grows with the list: an intake's duplicate check
 * uses `beneficiaryIdsByKey` instead.
 */
export async function allBeneficiariesBy(
  index: 'by-association' | 'by-coach',
  value: string,
): Promise<Beneficiary[]> {
  const all: Beneficiary[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await beneficiariesBy(index, value, start ? { start } : {});
    all.push(...page.items.filter((b) => !isErased(b)));
    start = page.next;
  } while (start);
  return all;
}

/** The index each duplicate key is looked up in. */
const DUPLICATE_KEY_INDEXES: Record<keyof DuplicateKeys, string> = {
  phoneKey: 'by-phone-key',
  identityKey: 'by-identity-key',
};

/**
 * The ids of the records that hold `key` as their `field` (an intake's possible duplicates): a
 * Query of that key's sparse index, however large the association. 'unavailable' while the index
 * cannot be read — not there yet, or still being built after an upgrade (DynamoDB answers
 * ValidationException): the check is a warning to the intake worker, so the intake goes on.
 */
export async function beneficiaryIdsByKey(
  field: keyof DuplicateKeys,
  key: string,
): Promise<string[] | 'unavailable'> {
  const ids: string[] = [];
  let start: Record<string, unknown> | undefined;
  try {
    do {
      const page = await dynamo.send(
        new QueryCommand({
          TableName: tableName('beneficiaries'),
          IndexName: DUPLICATE_KEY_INDEXES[field],
          KeyConditionExpression: '#key = :key',
          ExpressionAttributeNames: { '#key': field },
          ExpressionAttributeValues: { ':key': key },
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      ids.push(...(page.Items ?? []).map((item) => String(item.beneficiaryId)));
      start = page.LastEvaluatedKey;
    } while (start);
  } catch (error) {
    if ((error as Error).name === 'ValidationException' && /index/i.test((error as Error).message)) {
      return 'unavailable';
    }
    throw error;
  }
  return ids;
}
