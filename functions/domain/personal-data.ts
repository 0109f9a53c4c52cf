/**
 * Erasure of a beneficiary's personal data (law 09-08, GDPR art. 17), shared by the withdrawal of
 * consent and by retention, and the retention rule itself. Plain rules, no AWS.
 *
 * What is erased: what tells who the person is — names, contacts, birth year, any address or
 * national id, the keyed hashes of the intake and of its duplicate check, and the free texts
 * coaches wrote (the plan's goals and steps, an employer's name, notes). What stays: the random id
 * and the anonymous dimensions the journey events and aggregates already carry (region, province,
 * sex, age band, education, sector, vulnerability factor codes, track), so every count stays exact.
 */
import * as z from 'zod';
import type { FieldError } from './errors';
import type { Dimensions } from './profile';

/** Fields of the record that identify the person: removed. `address`, `city`, `nationalId` are not asked today; any that a later intake adds is listed here. */
export const IDENTIFYING_FIELDS = [
  'firstName',
  'lastName',
  'phone',
  'email',
  'birthYear',
  'address',
  'city',
  'nationalId',
  'intakeHash',
  // The keyed hashes of the phone and of the names an intake's possible duplicates are found by.
  'phoneKey',
  'identityKey',
] as const;

/** Free-text answers of coach tasks (everything else in an answer is a code, a date or a yes/no). */
export function isFreeTextAnswer(field: string): boolean {
  return field === 'goals' || field === 'employer' || field === 'notes' || /^planStep\d+$/.test(field);
}

/** A plan with its words taken out: the barriers (codes), dates and progress stay. */
interface PlanLike {
  goals?: unknown;
  steps?: { step?: unknown }[];
}

function planWithoutText<T extends PlanLike>(plan: T): T {
  return {
    ...plan,
    goals: '',
    ...(Array.isArray(plan.steps) ? { steps: plan.steps.map((s) => ({ ...s, step: '' })) } : {}),
  };
}

function hasText(value: unknown): boolean {
  return typeof value === 'string' ? value !== '' : value !== undefined && value !== null;
}

function planHasText(plan: PlanLike | undefined): boolean {
  return !!plan && (hasText(plan.goals) || (plan.steps ?? []).some((s) => hasText(s.step)));
}

function placementWithoutEmployer(placement: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(placement).filter(([field]) => field !== 'employer'));
}

/** What the record holds that an erasure reads. */
export interface ErasableRecord {
  plan?: PlanLike;
  placement?: Record<string, unknown>;
  pastJourneys?: { plan?: PlanLike; placement?: Record<string, unknown> }[];
  [field: string]: unknown;
}

export interface RecordErasure {
  /** Attributes removed from the record. */
  remove: string[];
  /** Attributes rewritten without their free text. */
  set: Record<string, unknown>;
  /** The names of what was erased (for the audit entry: names only, never values). */
  fields: string[];
}

/** What erasing this record changes; nothing when it holds nothing personal any more. */
export function recordErasure(record: ErasableRecord): RecordErasure {
  const remove = IDENTIFYING_FIELDS.filter((field) => record[field] !== undefined);
  const set: Record<string, unknown> = {};
  const fields: string[] = [...remove];
  if (planHasText(record.plan)) {
    set.plan = planWithoutText(record.plan as PlanLike);
    fields.push('plan');
  }
  if (record.placement && record.placement.employer !== undefined) {
    set.placement = placementWithoutEmployer(record.placement);
    fields.push('placement.employer');
  }
  const past = record.pastJourneys ?? [];
  if (past.some((j) => planHasText(j.plan) || j.placement?.employer !== undefined)) {
    set.pastJourneys = past.map((j) => ({
      ...j,
      ...(j.plan ? { plan: planWithoutText(j.plan) } : {}),
      ...(j.placement ? { placement: placementWithoutEmployer(j.placement) } : {}),
    }));
    fields.push('pastJourneys');
  }
  return { remove: [...remove], set, fields };
}

/** A task's answers without their free text, and which fields were taken out. */
export function answersErasure(answers: Record<string, unknown> | undefined): {
  answers: Record<string, unknown>;
  fields: string[];
} {
  const kept: Record<string, unknown> = {};
  const fields: string[] = [];
  for (const [field, value] of Object.entries(answers ?? {})) {
    if (isFreeTextAnswer(field)) fields.push(field);
    else kept[field] = value;
  }
  return { answers: kept, fields };
}

/** Who erased: a person (withdrawal of consent) or the retention rule. */
export type ErasedBy = { personId: string; role: string } | 'retention';

/** The audit entry's `detail`: what was erased, by names only (the entry never holds a value). */
export function erasureDetail(fields: readonly string[], tasks: number, notes: number): string {
  return `fields: ${fields.length > 0 ? fields.join(', ') : 'none'}; task answers: ${tasks}; case notes: ${notes}`;
}

// --- Retention -------------------------------------------------------------------------------

/**
 * Five years after the end of follow-up (the last follow-up, the closure, the dropout): long enough
 * for the programme's funders and auditors to check a reported placement against its record (the
 * programme's grant agreements keep supporting documents five years after the final payment), no
 * longer. A setting: `KAFAAT_RETENTION_DAYS` locally, the `kafaat:retentionDays` context on AWS.
 */
export const DEFAULT_RETENTION_DAYS = 1826;

/** The setting read: a whole number of days, at least one; else the default, and why. */
export function retentionDaysOf(value: string | undefined): { days: number; problem?: string } {
  if (value === undefined || value.trim() === '') return { days: DEFAULT_RETENTION_DAYS };
  const days = Number(value);
  if (!Number.isInteger(days) || days < 1)
    return {
      days: DEFAULT_RETENTION_DAYS,
      problem: `RETENTION_DAYS must be a whole number of days (at least 1), not "${value}": ${DEFAULT_RETENTION_DAYS} used`,
    };
  return { days };
}

/**
 * The last activity at or before which a record is due for erasure now: `days` of the platform's
 * clock ago (which runs `timeScale` times faster locally).
 */
export function retentionCutoff(now: Date, days: number, timeScale = 1): string {
  return new Date(now.getTime() - (days * 86_400_000) / Math.max(1, timeScale)).toISOString();
}

/** Whether a record still holds a person: their names, and no erasure done or begun. */
export function holdsPersonalData(record: {
  firstName?: string;
  erasure?: unknown;
  erasedAt?: string;
}): boolean {
  return record.firstName !== undefined && record.erasure === undefined && record.erasedAt === undefined;
}

/**
 * Whether a record written before retention existed still needs its last activity: it holds a
 * person and has none, so retention's index never lists it.
 */
export function needsLastActivity(record: {
  firstName?: string;
  lastActivityAt?: string;
  erasure?: unknown;
  erasedAt?: string;
}): boolean {
  return record.lastActivityAt === undefined && holdsPersonalData(record);
}

/** A record's last activity from its journey's events: the latest one's time, else its intake's. */
export function lastActivityOf(events: readonly { occurredAt: string }[], createdAt: string): string {
  return events.reduce(
    (latest, event) => (Date.parse(event.occurredAt) > Date.parse(latest) ? event.occurredAt : latest),
    createdAt,
  );
}

/** When a record whose last journey activity was at `lastActivityAt` falls due (real time). */
export function eraseDueAt(lastActivityAt: string, days: number, timeScale = 1): string {
  return new Date(Date.parse(lastActivityAt) + (days * 86_400_000) / Math.max(1, timeScale)).toISOString();
}

// --- The journey's end, as its events say ------------------------------------------------------

/** The stages that end a journey (as the indicators count them): one of them, once, per journey. */
export const ENDING_STAGES: readonly string[] = ['placed', 'not-placed', 'dropout', 'unanswered'];

/** Whether this journey (1, 2 … once reopened) already has its ending event. */
export function journeyHasEnded(
  events: readonly { stage: string; journey?: number }[],
  journey: number,
): boolean {
  return events.some((e) => (e.journey ?? 1) === journey && ENDING_STAGES.includes(e.stage));
}

/** The dimensions the withdrawal's dropout event carries: those of the journey's other events. */
export function withdrawalDimensions(
  stored: Dimensions | undefined,
  fallback: () => Dimensions,
  journey: number,
): Dimensions {
  const dimensions: Dimensions = { ...(stored ?? fallback()) };
  delete dimensions.journey;
  return journey > 1 ? { ...dimensions, journey } : dimensions;
}

// --- The withdrawal's request ------------------------------------------------------------------

const isoDay = /^\d{4}-\d{2}-\d{2}$/;

export interface WithdrawalRequest {
  /** The day the beneficiary withdrew their consent (YYYY-MM-DD). */
  date: string;
}

const withdrawalSchema = z
  .object({
    date: z.unknown(),
    /** The page's confirmation box (`yes`); the API's call is its own confirmation. */
    confirm: z.unknown().optional(),
  })
  .strict();

/**
 * Checks a withdrawal: the day it was said, from the intake's day to today. The page must also
 * tick the confirmation (`confirm=yes`): erasure cannot be undone.
 */
export function checkWithdrawal(
  input: unknown,
  context: { createdAt: string; now: Date; kind: 'json' | 'form' },
): { ok: true; request: WithdrawalRequest } | { ok: false; errors: FieldError[] } {
  const parsed = withdrawalSchema.safeParse(input);
  if (!parsed.success) {
    const errors = parsed.error.issues.map((issue) => ({
      field: issue.code === 'unrecognized_keys' ? issue.keys.join(', ') : String(issue.path[0] ?? 'body'),
      message:
        issue.code === 'unrecognized_keys'
          ? 'Unknown field: send only "date".'
          : 'Must be a JSON object with "date" (YYYY-MM-DD).',
      key: 'withdrawalBody',
    }));
    return { ok: false, errors };
  }
  const errors: FieldError[] = [];
  const { date, confirm } = parsed.data;
  const today = context.now.toISOString().slice(0, 10);
  const first = context.createdAt.slice(0, 10);
  const validDay =
    typeof date === 'string' &&
    isoDay.test(date) &&
    !Number.isNaN(Date.parse(`${date}T00:00:00Z`)) &&
    new Date(`${date}T00:00:00Z`).toISOString().slice(0, 10) === date;
  if (!validDay || (date as string) < first || (date as string) > today) {
    errors.push({
      field: 'date',
      message: `Must be the day the beneficiary withdrew consent, written YYYY-MM-DD, from ${first} to ${today}.`,
      key: 'withdrawalDate',
    });
  }
  if (context.kind === 'form' && confirm !== 'yes') {
    errors.push({
      field: 'confirm',
      message: 'Tick the box to confirm: the personal data will be erased, which cannot be undone.',
      key: 'withdrawalConfirm',
    });
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, request: { date: date as string } };
}
