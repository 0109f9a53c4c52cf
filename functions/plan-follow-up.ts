/**
 * Step "Plan The Follow-Up" (of the journey after its placement, and of each follow-up for the
 * next one): the follow-up's due date (3, 6 or 12 months after the placement's start) goes on the
 * beneficiary, where the coach's caseload shows it, and a follow-up workflow starts that waits
 * for it. Each follow-up is its own execution, started by the one before: no execution lasts
 * more than about eight months, far from Step Functions' one-year limit (workflows/README.md).
 */
import type { Context } from 'aws-lambda';
import * as z from 'zod';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { logger } from './commons/powertools';
import { instrumented } from './commons/instrumented';
import { requireBeneficiary } from './commons/beneficiaries';
import { dynamo } from './commons/clients';
import { tableName } from './commons/settings';
import { startOnce } from './commons/workflow-starts';
import {
  followUpDueAt,
  followUpExecutionName,
  followUpMonths,
  isFollowedUp,
  placementOutcomes,
  type FollowUpMonth,
} from './domain/placement';
import { beneficiaryIdSchema, dimensionsSchema, parseStepInput } from './domain/step-inputs';

const planFollowUpInput = z.object({
  beneficiaryId: beneficiaryIdSchema,
  dimensions: dimensionsSchema,
  coachId: z.string().min(1),
  /** Which follow-up: the first (3 months) when the journey's placement plans it. */
  month: z
    .number()
    .refine((m): m is FollowUpMonth => (followUpMonths as readonly number[]).includes(m))
    .default(3),
});

export type PlannedFollowUp = { followUp: false } | { followUp: true; month: FollowUpMonth; dueAt: string };

const placementSchema = z.looseObject({
  outcome: z.enum(placementOutcomes),
  startDate: z.iso.date().optional(),
});

export const handler = instrumented(async (event: unknown, _context: Context): Promise<PlannedFollowUp> => {
  const input = parseStepInput(planFollowUpInput, event, 'Plan The Follow-Up');
  const month = input.month as FollowUpMonth;
  const beneficiary = await requireBeneficiary(input.beneficiaryId);
  const placement = placementSchema.safeParse(beneficiary.placement);
  // No placement (or none to follow: no placement, a record from before): nothing to follow up.
  if (!placement.success || !isFollowedUp(placement.data.outcome) || !placement.data.startDate) {
    logger.info('No follow-up for this outcome', { beneficiaryId: input.beneficiaryId });
    return { followUp: false };
  }
  const journey = input.dimensions.journey ?? 1;
  const dueAt = followUpDueAt(placement.data.startDate, month);
  await dynamo.send(
    new UpdateCommand({
      TableName: tableName('beneficiaries'),
      Key: { beneficiaryId: input.beneficiaryId },
      UpdateExpression: 'SET nextFollowUp = :next',
      // Only while this journey is the current one (a reopened journey has its own).
      ConditionExpression:
        'attribute_exists(beneficiaryId) AND (attribute_not_exists(journeyNumber) OR journeyNumber = :journey)',
      ExpressionAttributeValues: { ':next': { month, dueAt }, ':journey': journey },
    }),
  );
  await startOnce('followUp', followUpExecutionName(input.beneficiaryId, journey, month), {
    beneficiaryId: input.beneficiaryId,
    dimensions: input.dimensions,
    coachId: input.coachId,
    month,
    dueAt,
    reminder: { count: 0 },
  });
  logger.info('Follow-up planned', { beneficiaryId: input.beneficiaryId, month, dueAt });
  return { followUp: true, month, dueAt };
});
