/**
 * Journey events: one per stage a beneficiary reaches, carrying only dimensions (no name, no
 * contact). The event id is the stage, so writing the same stage twice is the same event.
 */
import type { Dimensions } from './profile';
import type { PlacementOutcome } from './coach-task';

/** `unanswered`: the journey ended because a coach task stayed unanswered after escalation. */
export const stages = ['intake', 'coach-assigned', 'interviewed', 'placed', 'unanswered'] as const;
export type Stage = (typeof stages)[number];

export interface JourneyEvent extends Dimensions {
  beneficiaryId: string;
  eventId: string;
  stage: Stage;
  outcome?: PlacementOutcome;
  occurredAt: string;
}

export function journeyEvent(
  beneficiaryId: string,
  stage: Stage,
  dimensions: Dimensions,
  now: Date,
  outcome?: PlacementOutcome,
): JourneyEvent {
  return {
    beneficiaryId,
    eventId: `stage#${stage}`,
    stage,
    ...(outcome === undefined ? {} : { outcome }),
    region: dimensions.region,
    province: dimensions.province,
    sex: dimensions.sex,
    ageBand: dimensions.ageBand,
    educationLevel: dimensions.educationLevel,
    occurredAt: now.toISOString(),
  };
}
