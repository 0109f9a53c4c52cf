/**
 * Journey events: one per step a beneficiary goes through, carrying only dimensions (no name, no
 * contact, no free text). The event id is the stage — with its occurrence for a step that may
 * happen again (a no-show, a coaching session, a training) — so writing the same step twice is
 * the same event, and the aggregates count it once.
 */
import type { Dimensions } from './profile';
import type { PlacementOutcome } from './coach-task';
import type { DropoutReason } from './coaching';

/**
 * `unanswered`: the journey ended because a coach task stayed unanswered after escalation;
 * `dropout`: it ended early, for the reason the event carries.
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
  'dropout',
  'unanswered',
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
];

export interface JourneyEvent extends Dimensions {
  beneficiaryId: string;
  eventId: string;
  stage: Stage;
  outcome?: PlacementOutcome;
  /** Why a journey ended early (a `dropout`). */
  reason?: DropoutReason;
  /** Which time this step happens in the journey (repeated steps only). */
  occurrence?: number;
  occurredAt: string;
}

export interface EventFacts {
  outcome?: PlacementOutcome;
  reason?: DropoutReason;
  occurrence?: number;
}

export function journeyEvent(
  beneficiaryId: string,
  stage: Stage,
  dimensions: Dimensions,
  now: Date,
  facts: PlacementOutcome | EventFacts = {},
): JourneyEvent {
  const { outcome, reason, occurrence } = typeof facts === 'string' ? { outcome: facts } : facts;
  const repeated = repeatedStages.includes(stage);
  return {
    beneficiaryId,
    eventId: repeated ? `stage#${stage}#${occurrence ?? 1}` : `stage#${stage}`,
    stage,
    ...(outcome === undefined ? {} : { outcome }),
    ...(reason === undefined ? {} : { reason }),
    ...(repeated ? { occurrence: occurrence ?? 1 } : {}),
    region: dimensions.region,
    province: dimensions.province,
    sex: dimensions.sex,
    ageBand: dimensions.ageBand,
    educationLevel: dimensions.educationLevel,
    occurredAt: now.toISOString(),
  };
}
