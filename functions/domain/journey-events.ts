/**
 * Journey events: one per step a beneficiary goes through, carrying only dimensions (no name, no
 * contact, no free text). The event id is the stage — with its occurrence for a step that may
 * happen again (a no-show, a coaching session, a training) — so writing the same step twice is
 * the same event, and the aggregates count it once.
 */
import type { Dimensions } from './profile';
import type { PlacementOutcome } from './coach-task';
import type { DropoutReason } from './coaching';
import type { IncomeBand, NoPlacementReason, WorkStatus } from './placement';

/**
 * `unanswered`: the journey ended because a coach task stayed unanswered after escalation;
 * `dropout`: it ended early, for the reason the event carries; `not-placed`: it ended without a
 * placement, for the reason the event carries. After a placement: `follow-up` (at 3, 6 and 12
 * months: the occurrence is the month), `follow-up-unanswered` (a follow-up nobody answered after
 * escalation), and `reopened`: the first event of a journey reopened after a follow-up.
 */
export const stages = [
  'intake',
  'waiting-for-coach',
  'coach-assigned',
  'no-show',
  'interviewed',
  'coaching-session',
  'consent-given',
  'consent-refused',
  'training-chosen',
  'training-enrolled',
  'training-not-started',
  'trained',
  'training-abandoned',
  'placed',
  'not-placed',
  'dropout',
  'unanswered',
  'follow-up',
  'follow-up-unanswered',
  'reopened',
] as const;
export type Stage = (typeof stages)[number];

/** Steps a journey may go through more than once: their events carry the occurrence. */
export const repeatedStages: readonly Stage[] = [
  'no-show',
  'coaching-session',
  'consent-given',
  'consent-refused',
  'training-chosen',
  'training-enrolled',
  'training-not-started',
  'trained',
  'training-abandoned',
  'follow-up',
  'follow-up-unanswered',
];

export interface JourneyEvent extends Dimensions {
  beneficiaryId: string;
  eventId: string;
  stage: Stage;
  outcome?: PlacementOutcome;
  /** Why a journey ended early (a `dropout`), or without a placement (`not-placed`). */
  reason?: DropoutReason | NoPlacementReason;
  /** Which time this step happens in the journey (repeated steps only; a follow-up's month). */
  occurrence?: number;
  /** The journey's number when it is not the first (reopened after a follow-up). */
  journey?: number;
  /** The work a placement or a follow-up found: codes only, no employer, no amount. */
  work?: WorkFacts;
  /**
   * On the intake and placement events only, for the boards' breakdowns: the vulnerability factors
   * (codes) and the recommended track. Sensitive (a disability among them): published only through
   * disclosure control, never below its threshold.
   */
  vulnerability?: string[];
  track?: string;
  /** On a placement event: whole days from the journey's start, on the platform's clock. */
  daysToPlacement?: number;
  occurredAt: string;
}

/** What a placement or a follow-up says of the work, as the dashboards count it. */
export interface WorkFacts {
  sector?: string;
  contractType?: string;
  workStatus?: WorkStatus;
  incomeBand?: IncomeBand;
  cnssDeclared?: 'yes' | 'no';
  workingTime?: string;
}

export interface EventFacts {
  outcome?: PlacementOutcome;
  reason?: DropoutReason | NoPlacementReason;
  occurrence?: number;
  work?: WorkFacts;
  vulnerability?: readonly string[];
  track?: string;
  daysToPlacement?: number;
}

export function journeyEvent(
  beneficiaryId: string,
  stage: Stage,
  dimensions: Dimensions,
  now: Date,
  facts: PlacementOutcome | EventFacts = {},
): JourneyEvent {
  const { outcome, reason, occurrence, work, vulnerability, track, daysToPlacement } =
    typeof facts === 'string' ? ({ outcome: facts } as EventFacts) : facts;
  const repeated = repeatedStages.includes(stage);
  const stageId = repeated ? `stage#${stage}#${occurrence ?? 1}` : `stage#${stage}`;
  // A reopened journey's events have ids of their own: the first journey's stay as they were.
  const journey = dimensions.journey !== undefined && dimensions.journey > 1 ? dimensions.journey : undefined;
  return {
    beneficiaryId,
    eventId: journey === undefined ? stageId : `j${journey}#${stageId}`,
    stage,
    ...(outcome === undefined ? {} : { outcome }),
    ...(reason === undefined ? {} : { reason }),
    ...(repeated ? { occurrence: occurrence ?? 1 } : {}),
    ...(journey === undefined ? {} : { journey }),
    ...(work === undefined || Object.keys(work).length === 0 ? {} : { work }),
    ...(vulnerability === undefined || vulnerability.length === 0
      ? {}
      : { vulnerability: [...vulnerability] }),
    ...(track === undefined ? {} : { track }),
    ...(daysToPlacement === undefined ? {} : { daysToPlacement }),
    region: dimensions.region,
    province: dimensions.province,
    sex: dimensions.sex,
    ageBand: dimensions.ageBand,
    educationLevel: dimensions.educationLevel,
    ...(dimensions.sector === undefined ? {} : { sector: dimensions.sector }),
    occurredAt: now.toISOString(),
  };
}
