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
  /**
   * On the event that ends a phase of the journey (see `phaseOf`): the phase left and the whole
   * days spent in it, on the platform's clock — for the boards' time in each stage.
   */
  leftPhase?: JourneyPhase;
  daysInPhase?: number;
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

/**
 * The phases of a journey the boards read the time of ("time in each stage"): waiting for a coach
 * (from the intake, or the reopening, to the coach's assignment, the region's queue included),
 * the interview (from the assignment to the first interview held, no-shows included), coaching
 * (from the interview to a training seat or the journey's end: sessions, consent, the placement
 * task) and training (from the seat chosen to its end: completed, abandoned or not started).
 */
export const journeyPhases = ['waiting-for-coach', 'interview', 'coaching', 'training'] as const;
export type JourneyPhase = (typeof journeyPhases)[number];

/** The phase a stage puts the journey in; `ended` for a journey's end; follow-ups change none. */
export function phaseOf(stage: Stage): JourneyPhase | 'ended' | undefined {
  switch (stage) {
    case 'intake':
    case 'reopened':
    case 'waiting-for-coach':
      return 'waiting-for-coach';
    case 'coach-assigned':
    case 'no-show':
      return 'interview';
    case 'training-chosen':
    case 'training-enrolled':
      return 'training';
    case 'placed':
    case 'not-placed':
    case 'dropout':
    case 'unanswered':
      return 'ended';
    case 'follow-up':
    case 'follow-up-unanswered':
      return undefined;
    default:
      return 'coaching';
  }
}

/** Where the journey stands, as its record keeps it: the phase and since when (the event's time). */
export interface PhaseMark {
  phase?: string;
  phaseSince?: string;
}

/**
 * What an event changes of the journey's phase: when it enters another phase, the event carries
 * the phase left and the days spent in it (from the record's mark, so a redo computes the same),
 * and the record's mark moves to the new phase from the event's time. Nothing when the phase stays.
 */
export function phaseChange(
  event: JourneyEvent,
  mark: PhaseMark | undefined,
  timeScale: number,
): { event: JourneyEvent; mark?: { phase: JourneyPhase | 'ended'; phaseSince: string } } {
  const phase = phaseOf(event.stage);
  if (phase === undefined || phase === mark?.phase) return { event };
  const left = (journeyPhases as readonly string[]).includes(mark?.phase ?? '')
    ? (mark?.phase as JourneyPhase)
    : undefined;
  const since = mark?.phaseSince ? Date.parse(mark.phaseSince) : Number.NaN;
  const days = Math.floor(((Date.parse(event.occurredAt) - since) * timeScale) / 86_400_000);
  const stamped =
    left !== undefined && Number.isFinite(days) && days >= 0
      ? { ...event, leftPhase: left, daysInPhase: days }
      : event;
  return { event: stamped, mark: { phase, phaseSince: event.occurredAt } };
}
