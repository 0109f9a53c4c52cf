/**
 * Journey step "Profile Beneficiary": works out the dimensions the dashboards count by and the
 * employability profile (score, reasons, recommended track: see domain/profiling-rules.ts), keeps
 * both on the beneficiary's record and records the intake event, in the one write of the stage.
 * Returns only the dimensions: no name, contact or profile enters the workflow.
 */
import type { Context } from 'aws-lambda';
import * as z from 'zod';
import { instrumented } from './commons/instrumented';
import { requireBeneficiary } from './commons/beneficiaries';
import { recordStage } from './commons/journeys';
import { dimensionsOf, type Dimensions } from './domain/profile';
import { employabilityProfile } from './domain/profiling-rules';
import { journeyEvent } from './domain/journey-events';
import { beneficiaryIdSchema, parseStepInput } from './domain/step-inputs';

const profileInput = z.object({ beneficiaryId: beneficiaryIdSchema });

export const handler = instrumented(async (event: unknown, _context: Context): Promise<Dimensions> => {
  const input = parseStepInput(profileInput, event, 'Profile Beneficiary');
  const now = new Date();
  const beneficiary = await requireBeneficiary(input.beneficiaryId);
  // What a first run stored is kept: a retry (even across a new year, or new rules) converges.
  const dimensions = beneficiary.dimensions ?? dimensionsOf(beneficiary, now);
  const profile = beneficiary.profile ?? employabilityProfile(beneficiary, dimensions.ageBand);
  // A journey reopened after a follow-up counts as reopened, not as a new intake; its steps carry
  // its number, so its events and tasks are its own.
  const journey = beneficiary.journeyNumber ?? 1;
  const counted: Dimensions = journey > 1 ? { ...dimensions, journey } : dimensions;
  // The intake's event carries the vulnerability factors and the track (codes), for the boards'
  // breakdowns; the score and its reasons stay on the record.
  const profileFacts =
    journey > 1 ? {} : { vulnerability: beneficiary.vulnerabilityFactors ?? [], track: profile.track };
  await recordStage(
    journeyEvent(input.beneficiaryId, journey > 1 ? 'reopened' : 'intake', counted, now, profileFacts),
    { dimensions, profile },
    true,
  );
  return counted;
});
