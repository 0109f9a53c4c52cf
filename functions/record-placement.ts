/**
 * Journey step "Record Placement": the outcome goes on the beneficiary and, as counts, to the
 * dashboards; the coach's caseload frees the place.
 */
import type { Context } from 'aws-lambda';
import { z } from 'zod';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logger, metrics } from './commons/powertools';
import { instrumented } from './commons/instrumented';
import { recordStage } from './commons/journeys';
import { markDelivered } from './commons/coach-tasks';
import { freeCoachPlace } from './commons/journey-end';
import { journeyEvent } from './domain/journey-events';
import { placementOutcomes, sectors, type PlacementOutcome } from './domain/coach-task';
import { beneficiaryIdSchema, dimensionsSchema, parseStepInput } from './domain/step-inputs';

const recordPlacementInput = z.object({
  beneficiaryId: beneficiaryIdSchema,
  dimensions: dimensionsSchema,
  placement: z.looseObject({
    taskId: z.string(),
    outcome: z.enum(placementOutcomes),
    startDate: z.iso.date(),
    sector: z.enum(sectors),
  }),
});

export const handler = instrumented(
  async (event: unknown, _context: Context): Promise<{ outcome: PlacementOutcome }> => {
    const input = parseStepInput(recordPlacementInput, event, 'Record Placement');
    const { taskId, outcome, startDate, sector } = input.placement;
    const now = new Date();
    await recordStage(journeyEvent(input.beneficiaryId, 'placed', input.dimensions, now, outcome), {
      placement: { outcome, startDate, sector },
    });
    await markDelivered(taskId, now);
    // The journey is over: the coach's place frees for whoever waits in the region's queue.
    await freeCoachPlace(input.beneficiaryId, input.dimensions.region, now);
    metrics.addMetric('PlacementRecorded', MetricUnit.Count, 1);
    logger.info('Placement recorded', { beneficiaryId: input.beneficiaryId, outcome });
    return { outcome };
  },
);
