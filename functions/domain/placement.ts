/**
 * The placement and the follow-up after it, as plain rules (no AWS): the outcomes the programme
 * counts, the decent-work facts boards ask for, the dates a placement may have, and when the
 * follow-ups at 3, 6 and 12 months fall due.
 */

/**
 * What the journey led to. `employment` is wage employment (with an employer); `tpe` a very small
 * business created; `cooperative` one joined or created; `auto-entrepreneur` the status taken;
 * `further-training` a training beyond the programme; `no-placement` none, with its reason.
 */
export const placementOutcomes = [
  'employment',
  'tpe',
  'cooperative',
  'auto-entrepreneur',
  'further-training',
  'no-placement',
] as const;
export type PlacementOutcome = (typeof placementOutcomes)[number];

/** The outcomes in work or in business: the ones whose job or business the follow-ups ask about. */
export const workOutcomes = ['employment', 'tpe', 'cooperative', 'auto-entrepreneur'] as const;

/** Outcomes followed up at 3, 6 and 12 months: every one but no placement. */
export function isFollowedUp(outcome: PlacementOutcome): boolean {
  return outcome !== 'no-placement';
}

/** The contract of a wage job. `anapec-idmaj`: ANAPEC's insertion contract (Idmaj). */
export const contractTypes = [
  'cdi',
  'cdd',
  'anapec-idmaj',
  'seasonal',
  'apprenticeship',
  'no-written-contract',
] as const;

export const cooperativeRoles = ['joined', 'created'] as const;

/** Monthly income, in dirhams: bands wide enough that none points at a person. */
export const incomeBands = ['none', 'under-2000', '2000-3499', '3500-4999', '5000-or-more'] as const;
export type IncomeBand = (typeof incomeBands)[number];

export const workingTimes = ['full-time', 'part-time'] as const;

/** Why a journey ended without a placement. */
export const noPlacementReasons = [
  'no-matching-offer',
  'not-ready',
  'health',
  'family',
  'mobility',
  'lost-contact',
  'other',
] as const;
export type NoPlacementReason = (typeof noPlacementReasons)[number];

/** The decent-work facts asked at the placement and at every follow-up. */
export const DECENT_WORK_FIELDS = ['incomeBand', 'cnssDeclared', 'workingTime'] as const;

/** A placement may start at most this many days after it is recorded (a job signed, not started). */
export const PLACEMENT_MAX_DAYS_AHEAD = 90;

const DAY_MS = 86_400_000;

/** A day (YYYY-MM-DD) of the given instant, in UTC. */
export function dayOf(instant: Date | string): string {
  return new Date(instant).toISOString().slice(0, 10);
}

/**
 * A placement's start date against its journey: not before the journey began (the intake, or the
 * reopening of accompaniment), not more than PLACEMENT_MAX_DAYS_AHEAD days after today.
 */
export function placementDateProblem(
  startDate: string,
  journeyStartedAt: string,
  now: Date,
): { key: 'beforeJourney' | 'tooFarAhead'; bound: string } | undefined {
  const earliest = dayOf(journeyStartedAt);
  if (startDate < earliest) return { key: 'beforeJourney', bound: earliest };
  const latest = dayOf(new Date(now.getTime() + PLACEMENT_MAX_DAYS_AHEAD * DAY_MS));
  if (startDate > latest) return { key: 'tooFarAhead', bound: latest };
  return undefined;
}

/** The follow-ups after a placement, in months after its start. */
export const followUpMonths = [3, 6, 12] as const;
export type FollowUpMonth = (typeof followUpMonths)[number];

export function isFollowUpMonth(value: unknown): value is FollowUpMonth {
  return (followUpMonths as readonly unknown[]).includes(value);
}

/** The follow-up after `month`, if any. */
export function nextFollowUpMonth(month: FollowUpMonth): FollowUpMonth | undefined {
  return followUpMonths[followUpMonths.indexOf(month) + 1];
}

/**
 * When a follow-up falls due: `months` calendar months after the placement's start, at 08:00 UTC
 * (a morning in Morocco); the 31st of a shorter month falls on its last day.
 */
export function followUpDueAt(startDate: string, months: number): string {
  const [year, month, day] = startDate.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(year, month - 1 + months, 1, 8));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(day, lastDay));
  return target.toISOString();
}

/**
 * Where the person stands at a follow-up: `same` (still in the job or the business of the
 * placement), `other` (in another job or business), `training` (in a training), `none` (not working).
 */
export const workStatuses = ['same', 'other', 'training', 'none'] as const;
export type WorkStatus = (typeof workStatuses)[number];

/** In work or in business at the follow-up: what the retention rate counts. */
export function inWork(status: WorkStatus): boolean {
  return status === 'same' || status === 'other';
}

/**
 * What follows a follow-up's answer: the next follow-up; reopening accompaniment (a new coaching
 * journey linked to the first) when the person lost the job or closed the business and the coach
 * says so; or the end of the follow-up (after 12 months, or closed by the coach).
 */
export type AfterFollowUp =
  { next: 'follow-up'; month: FollowUpMonth } | { next: 'reopen' } | { next: 'end' };

export function afterFollowUp(
  month: FollowUpMonth,
  answer: { workStatus?: string; next?: string },
): AfterFollowUp {
  if (answer.workStatus === 'none' && answer.next === 'reopen') return { next: 'reopen' };
  if (answer.workStatus === 'none' && answer.next === 'close') return { next: 'end' };
  const following = nextFollowUpMonth(month);
  return following === undefined ? { next: 'end' } : { next: 'follow-up', month: following };
}

/**
 * Journeys are numbered per beneficiary: the first from the intake, the next ones reopened after
 * a follow-up. The first keeps the plain names (its execution is the beneficiary's id, its events
 * `stage#…`); later ones add their number, so nothing of one journey overwrites the other's.
 */
export function journeyExecutionName(beneficiaryId: string, journey = 1): string {
  return journey <= 1 ? beneficiaryId : `${beneficiaryId}_j${journey}`;
}

/** The follow-up workflow's execution for one follow-up of one journey (a chain of three). */
export function followUpExecutionName(beneficiaryId: string, journey: number, month: FollowUpMonth): string {
  return `${beneficiaryId}_j${journey}_m${month}`;
}
