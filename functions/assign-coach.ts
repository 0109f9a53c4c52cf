/**
 * Journey step "Assign Coach": gives the beneficiary a coach of their region with room in their
 * caseload (see domain/coach-assignment.ts), the place taken atomically. Every coach full: it fails
 * with `NoCoachFree` and the workflow waits in the region's queue ("Wait For A Coach"), then comes
 * back here; past the queue's limit, `NoCoachForTooLong` ends the journey. Running it again for the
 * same beneficiary returns the coach already assigned.
 */
import type { Context } from 'aws-lambda';
import * as z from 'zod';
import { logger } from './commons/powertools';
import { instrumented } from './commons/instrumented';
import { requireBeneficiary } from './commons/beneficiaries';
import { assignCoachOnce, coachesWithLoad } from './commons/coach-loads';
import { dequeue, queuedSince } from './commons/coach-queue';
import { recordStage } from './commons/journeys';
import { coachesWithRoom, QUEUE_MAX_DAYS } from './domain/coach-assignment';
import { hasConsent } from './domain/coaching';
import { journeyEvent } from './domain/journey-events';
import { beneficiaryIdSchema, dimensionsSchema, parseStepInput } from './domain/step-inputs';

const assignCoachInput = z.object({ beneficiaryId: beneficiaryIdSchema, dimensions: dimensionsSchema });
const timeScale = Number(process.env.TIME_SCALE ?? '1') || 1;

export interface AssignedCoach {
  coachId: string;
  /** Whether the beneficiary agreed to share with training providers (the training choice needs it). */
  trainingConsent: boolean;
}

/** Every coach of the region is full: the journey waits in the queue. */
export class NoCoachFree extends Error {
  override name = 'NoCoachFree';
}

/** The journey waited longer than the queue's limit: it ends (its supervisor was told). */
export class NoCoachForTooLong extends Error {
  override name = 'NoCoachForTooLong';
}

export const handler = instrumented(async (event: unknown, _context: Context): Promise<AssignedCoach> => {
  const input = parseStepInput(assignCoachInput, event, 'Assign Coach');
  const { region } = input.dimensions;
  const now = new Date();
  let beneficiary = await requireBeneficiary(input.beneficiaryId);
  let coachId = beneficiary.coachId;
  // Best first; a coach whose last place another journey took meanwhile is passed over.
  for (const coach of coachId
    ? []
    : previousFirst(
        coachesWithRoom(await coachesWithLoad(), region, beneficiary.association),
        beneficiary.previousCoachId,
      )) {
    const outcome = await assignCoachOnce(input.beneficiaryId, coach.code);
    if (outcome === 'full') continue;
    beneficiary = await requireBeneficiary(input.beneficiaryId);
    coachId = beneficiary.coachId;
    if (outcome === 'assigned')
      logger.info('Coach assigned', { beneficiaryId: input.beneficiaryId, coachId });
    break;
  }
  if (!coachId) {
    const since = await queuedSince(region, input.beneficiaryId);
    const waitedDays = since ? ((now.getTime() - Date.parse(since)) * timeScale) / 86_400_000 : 0;
    if (waitedDays >= QUEUE_MAX_DAYS) {
      await dequeue(region, input.beneficiaryId);
      throw new NoCoachForTooLong(`No coach with room in ${region} for ${QUEUE_MAX_DAYS} days`);
    }
    throw new NoCoachFree(`Every coach of ${region} is at capacity`);
  }
  await dequeue(region, input.beneficiaryId);
  // Recorded after the assignment (and again on a retry): written once, whatever the retries.
  await recordStage(journeyEvent(input.beneficiaryId, 'coach-assigned', input.dimensions, now));
  return { coachId, trainingConsent: hasConsent(beneficiary.consents, 'training-providers') };
});

/** A reopened journey goes back to the coach who knows the person, when they have room. */
function previousFirst<T extends { code: string }>(coaches: T[], previous: string | undefined): T[] {
  const known = coaches.find((coach) => coach.code === previous);
  return known ? [known, ...coaches.filter((coach) => coach !== known)] : coaches;
}
