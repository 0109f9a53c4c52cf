/**
 * The case-files table: per beneficiary, the audit trail (every read of their personal data, every
 * change) and their coach's notes. Entries are only ever added.
 */
import { randomBytes } from 'node:crypto';
import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from './clients';
import { tableName } from './settings';
import { auditEntryId, type AuditAction, type AuditEntry } from '../domain/audit';
import { noteEntryIdFor } from '../domain/case-notes';
import type { Principal, Role } from '../domain/access';

export interface CaseNote {
  beneficiaryId: string;
  entryId: string;
  kind: 'note';
  at: string;
  personId: string;
  authorName: string;
  text: string;
}

const table = () => tableName('caseFiles');
const random = () => randomBytes(6).toString('hex');

export interface Actor {
  personId: string;
  role: Role | 'coach-link';
}

/** An audit entry, ready to be written alone or inside a transaction with the change it records. */
export function auditItem(
  beneficiaryId: string,
  actor: Actor,
  action: AuditAction,
  via: string,
  at: Date,
  extra: Pick<AuditEntry, 'field' | 'oldValue' | 'detail'> = {},
): AuditEntry {
  return {
    beneficiaryId,
    entryId: auditEntryId(at, random()),
    kind: 'audit',
    action,
    at: at.toISOString(),
    personId: actor.personId,
    role: actor.role,
    via,
    ...extra,
  };
}

/**
 * Records that these beneficiaries' personal data was read, before it is shown: a read that
 * could not be recorded is not shown (the caller's request fails). One PutItem per entry (the
 * functions are granted PutItem, never BatchWriteItem), a few at a time.
 */
export async function recordReads(
  actor: Actor,
  beneficiaryIds: readonly string[],
  via: string,
  at = new Date(),
): Promise<void> {
  const items = [...new Set(beneficiaryIds)].map((id) => auditItem(id, actor, 'read', via, at));
  for (let i = 0; i < items.length; i += 25) {
    await Promise.all(
      items.slice(i, i + 25).map((Item) => dynamo.send(new PutCommand({ TableName: table(), Item }))),
    );
  }
}

export async function recordAudit(entry: AuditEntry): Promise<void> {
  await dynamo.send(new PutCommand({ TableName: table(), Item: entry }));
}

async function entries<T>(beneficiaryId: string, prefix: string, newestFirst: boolean): Promise<T[]> {
  const found: T[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await dynamo.send(
      new QueryCommand({
        TableName: table(),
        KeyConditionExpression: 'beneficiaryId = :id AND begins_with(entryId, :prefix)',
        ExpressionAttributeValues: { ':id': beneficiaryId, ':prefix': prefix },
        ScanIndexForward: !newestFirst,
        ExclusiveStartKey: start,
      }),
    );
    found.push(...((page.Items ?? []) as T[]));
    start = page.LastEvaluatedKey;
  } while (start);
  return found;
}

/** The whole trail of one beneficiary, newest first (the data export: everything held). */
export function auditTrail(beneficiaryId: string): Promise<AuditEntry[]> {
  return entries<AuditEntry>(beneficiaryId, 'audit#', true);
}

/**
 * One page of the trail, newest first: `size` entries from after `after` (an entry id), and the
 * last entry's id when older ones follow. One more is read than shown, so a page that ends the
 * trail says so.
 */
export async function auditTrailPage(
  beneficiaryId: string,
  size: number,
  after?: string,
): Promise<{ entries: AuditEntry[]; next?: string }> {
  const found: AuditEntry[] = [];
  let start: Record<string, unknown> | undefined = after ? { beneficiaryId, entryId: after } : undefined;
  do {
    const page = await dynamo.send(
      new QueryCommand({
        TableName: table(),
        KeyConditionExpression: 'beneficiaryId = :id AND begins_with(entryId, :prefix)',
        ExpressionAttributeValues: { ':id': beneficiaryId, ':prefix': 'audit#' },
        ScanIndexForward: false,
        ExclusiveStartKey: start,
        Limit: size + 1 - found.length,
      }),
    );
    found.push(...((page.Items ?? []) as AuditEntry[]));
    start = page.LastEvaluatedKey;
  } while (start && found.length <= size);
  const entries = found.slice(0, size);
  const last = entries[entries.length - 1];
  return found.length > size && last ? { entries, next: last.entryId } : { entries };
}

/** A beneficiary's notes, newest first (a note's entry id comes from its key, not its time). */
export async function caseNotes(beneficiaryId: string): Promise<CaseNote[]> {
  const notes = await entries<CaseNote>(beneficiaryId, 'note#', true);
  return notes.sort((a, b) => b.at.localeCompare(a.at) || b.entryId.localeCompare(a.entryId));
}

export type NoteAdded =
  | { outcome: 'added' | 'replayed'; note: CaseNote }
  /** The key already made another note (another text, or another author): nothing was written. */
  | { outcome: 'keyReused' };

/**
 * Adds a note once per idempotency key: its entry id comes from the key (see `noteEntryIdFor`),
 * written with a conditional put, so a double submission finds its first note and writes nothing.
 * Without a key, the note is new.
 */
export async function addCaseNote(
  principal: Principal,
  beneficiaryId: string,
  text: string,
  idempotencyKey: string = randomBytes(18).toString('base64url'),
  at = new Date(),
): Promise<NoteAdded> {
  const note: CaseNote = {
    beneficiaryId,
    entryId: noteEntryIdFor(beneficiaryId, principal.personId, idempotencyKey),
    kind: 'note',
    at: at.toISOString(),
    personId: principal.personId,
    authorName: principal.displayName,
    text,
  };
  try {
    await dynamo.send(
      new PutCommand({
        TableName: table(),
        Item: note,
        ConditionExpression: 'attribute_not_exists(entryId)',
      }),
    );
    return { outcome: 'added', note };
  } catch (error) {
    if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
  }
  const { Item } = await dynamo.send(
    new GetCommand({
      TableName: table(),
      Key: { beneficiaryId, entryId: note.entryId },
      ConsistentRead: true,
    }),
  );
  const existing = Item as CaseNote | undefined;
  return existing && existing.personId === note.personId && existing.text === note.text
    ? { outcome: 'replayed', note: existing }
    : { outcome: 'keyReused' };
}
