/**
 * Journey step "Profile Beneficiary": works out the dimensions the dashboards count by and
 * records the intake event. Returns only those dimensions: no name or contact enters the workflow.
 */
import type { Context } from 'aws-lambda';
import { z } from 'zod';
import { instrumented } from './commons/instrumented';
import { requireBeneficiary } from './commons/beneficiaries';
import { recordStage } from './commons/journeys';
import { dimensionsOf, type Dimensions } from './domain/profile';
import { journeyEvent } from './domain/journey-events';
import { beneficiaryIdSchema, parseStepInput } from './domain/step-inputs';

const profileInput = z.object({ beneficiaryId: beneficiaryIdSchema });

export const handler = instrumented(async (event: unknown, _context: Context): Promise<Dimensions> => {
  const input = parseStepInput(profileInput, event, 'Profile Beneficiary');
  const now = new Date();
  const beneficiary = await requireBeneficiary(input.beneficiaryId);
  const dimensions = beneficiary.dimensions ?? dimensionsOf(beneficiary, now);
  await recordStage(journeyEvent(input.beneficiaryId, 'intake', dimensions, now), { dimensions });
  return dimensions;
});
