/**
 * Journey step "Record Placement": the outcome and its facts (the job's employer and contract, the
 * decent-work facts; or why there is none) go on the beneficiary and, as codes, into the journey
 * event the dashboards count; the coach's caseload frees the place. The next step plans the
 * follow-ups.
 */
import type { Context } from 'aws-lambda';
import * as z from 'zod';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logger, metrics } from './commons/powertools';
import { instrumented } from './commons/instrumented';
import { recordStage } from './commons/journeys';
import { getBeneficiary } from './commons/beneficiaries';
import { timeScale } from './commons/settings';
import { journeyStartOf } from './domain/coaching';
import { getTask, markDelivered } from './commons/coach-tasks';
import { freeCoachPlace } from './commons/journey-end';
import { journeyEvent, type WorkFacts } from './domain/journey-events';
import {
  contractTypes,
  cooperativeRoles,
  incomeBands,
  noPlacementReasons,
  placementOutcomes,
  workingTimes,
  type PlacementOutcome,
} from './domain/placement';
import { sectors } from './domain/coach-task';
import { beneficiaryIdSchema, dimensionsSchema, parseStepInput } from './domain/step-inputs';

const recordPlacementInput = z.object({
  beneficiaryId: beneficiaryIdSchema,
  dimensions: dimensionsSchema,
  placement: z.looseObject({ taskId: z.string(), outcome: z.enum(placementOutcomes) }),
});

/** The placement as the task's answer holds it (checked when the coach posted it). */
const placementAnswer = z.object({
  outcome: z.enum(placementOutcomes),
  startDate: z.iso.date().optional(),
  sector: z.enum(sectors).optional(),
  employer: z.string().optional(),
  contractType: z.enum(contractTypes).optional(),
  cooperativeRole: z.enum(cooperativeRoles).optional(),
  incomeBand: z.enum(incomeBands).optional(),
  cnssDeclared: z.enum(['yes', 'no']).optional(),
  workingTime: z.enum(workingTimes).optional(),
  noPlacementReason: z.enum(noPlacementReasons).optional(),
});
type PlacementAnswer = z.infer<typeof placementAnswer>;

export const handler = instrumented(
  async (event: unknown, _context: Context): Promise<{ outcome: PlacementOutcome }> => {
    const input = parseStepInput(recordPlacementInput, event, 'Record Placement');
    const { taskId } = input.placement;
    const now = new Date();
    const task = await getTask(taskId);
    // The full answer is read from the task: the workflow carries only the decisions.
    const placement = placementAnswer.parse(
      Object.fromEntries(
        Object.entries({ ...input.placement, ...(task?.answers ?? {}) }).filter(([key]) =>
          Object.hasOwn(placementAnswer.shape, key),
        ),
      ),
    );
    const { outcome } = placement;
    const placed = outcome !== 'no-placement';
    // What the boards break placements down by, from the record (never through the workflow).
    const beneficiary = placed ? await getBeneficiary(input.beneficiaryId) : undefined;
    const breakdowns = beneficiary
      ? {
          vulnerability: beneficiary.vulnerabilityFactors ?? [],
          ...(beneficiary.profile ? { track: beneficiary.profile.track } : {}),
          daysToPlacement: Math.floor(
            ((now.getTime() - Date.parse(journeyStartOf(beneficiary))) * timeScale()) / 86_400_000,
          ),
        }
      : {};
    const event_ = journeyEvent(
      input.beneficiaryId,
      placed ? 'placed' : 'not-placed',
      input.dimensions,
      now,
      {
        outcome,
        ...(placement.noPlacementReason ? { reason: placement.noPlacementReason } : {}),
        work: workFacts(placement),
        ...breakdowns,
      },
    );
    const recorded = await recordStage(event_, {
      placement: { ...placement, recordedAt: now.toISOString() },
    });
    await markDelivered(taskId, now);
    // The journey is over: the coach's place frees for whoever waits in the region's queue.
    await freeCoachPlace(input.beneficiaryId, input.dimensions.region, now);
    if (recorded === 'journeyEndedBefore') {
      // Ended another way as this step ran (a withdrawal of consent stops the execution, not a
      // step already running): the journey keeps its first end, counted once.
      logger.warn('Placement not recorded: the journey had already ended', {
        beneficiaryId: input.beneficiaryId,
        outcome,
      });
      return { outcome };
    }
    metrics.addDimension('outcome', outcome);
    metrics.addMetric('PlacementRecorded', MetricUnit.Count, 1);
    logger.info('Placement recorded', { beneficiaryId: input.beneficiaryId, outcome });
    return { outcome };
  },
);

/** What the dashboards count of a placement: codes only (no employer's name). */
function workFacts(placement: PlacementAnswer): WorkFacts {
  const { sector, contractType, incomeBand, cnssDeclared, workingTime } = placement;
  return Object.fromEntries(
    Object.entries({ sector, contractType, incomeBand, cnssDeclared, workingTime }).filter(
      ([, value]) => value !== undefined,
    ),
  ) as WorkFacts;
}
