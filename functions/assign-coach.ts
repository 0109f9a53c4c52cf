/**
 * Journey step "Assign Coach": gives the beneficiary a coach of their region, the least loaded
 * first. Running it again for the same beneficiary returns the coach already assigned.
 */
import type { Context } from 'aws-lambda';
import { z } from 'zod';
import { logger } from './commons/powertools';
import { instrumented } from './commons/instrumented';
import { requireBeneficiary } from './commons/beneficiaries';
import { assignCoachOnce, coachesWithLoad } from './commons/coach-loads';
import { recordStage } from './commons/journeys';
import { chooseCoach } from './domain/coach-assignment';
import { journeyEvent } from './domain/journey-events';
import { beneficiaryIdSchema, dimensionsSchema, parseStepInput } from './domain/step-inputs';

const assignCoachInput = z.object({ beneficiaryId: beneficiaryIdSchema, dimensions: dimensionsSchema });

export interface AssignedCoach {
  coachId: string;
}

export class NoCoachInRegion extends Error {
  override name = 'NoCoachInRegion';
}

export const handler = instrumented(async (event: unknown, _context: Context): Promise<AssignedCoach> => {
  const input = parseStepInput(assignCoachInput, event, 'Assign Coach');
  const beneficiary = await requireBeneficiary(input.beneficiaryId);
  let coachId = beneficiary.coachId;
  if (!coachId) {
    const coach = chooseCoach(await coachesWithLoad(), input.dimensions.region, beneficiary.association);
    if (!coach) throw new NoCoachInRegion(`No coach in region ${input.dimensions.region}`);
    const assigned = await assignCoachOnce(input.beneficiaryId, coach.code);
    coachId = assigned ? coach.code : (await requireBeneficiary(input.beneficiaryId)).coachId;
    if (!coachId) throw new Error(`Coach of ${input.beneficiaryId} neither assigned nor found`);
    logger.info('Coach assigned', { beneficiaryId: input.beneficiaryId, coachId });
  }
  // Recorded after the assignment (and again on a retry): written once, whatever the retries.
  await recordStage(journeyEvent(input.beneficiaryId, 'coach-assigned', input.dimensions, new Date()));
  return { coachId };
});
