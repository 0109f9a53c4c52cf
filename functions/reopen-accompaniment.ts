/**
 * Follow-up step "Reopen Accompaniment": the person lost the job or closed the business and the
 * coach reopens accompaniment. A new coaching journey starts, linked to the first: the
 * beneficiary's record takes the next journey number (what the earlier journey ended with is
 * kept in `pastJourneys`), then the journey workflow starts under its own name. Its first step
 * counts it as `reopened` (not a new intake), and it asks for the coach who knew the person first.
 */
import type { Context } from 'aws-lambda';
import * as z from 'zod';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logger, metrics } from './commons/powertools';
import { instrumented } from './commons/instrumented';
import { dynamo } from './commons/clients';
import { tableName } from './commons/settings';
import { requireBeneficiary, type PastJourney } from './commons/beneficiaries';
import { startOnce } from './commons/workflow-starts';
import { journeyExecutionName } from './domain/placement';
import { beneficiaryIdSchema, dimensionsSchema, parseStepInput } from './domain/step-inputs';

const reopenInput = z.object({ beneficiaryId: beneficiaryIdSchema, dimensions: dimensionsSchema });

export const handler = instrumented(
  async (event: unknown, _context: Context): Promise<{ journey: number }> => {
    const input = parseStepInput(reopenInput, event, 'Reopen Accompaniment');
    const now = new Date();
    const ended = input.dimensions.journey ?? 1;
    const journey = ended + 1;
    const beneficiary = await requireBeneficiary(input.beneficiaryId);
    // Once: a run again after the record moved on (a retry, a restart) only starts the workflow.
    if ((beneficiary.journeyNumber ?? 1) === ended) {
      const past: PastJourney = {
        journey: ended,
        ...(beneficiary.coachId ? { coachId: beneficiary.coachId } : {}),
        ...(beneficiary.placement ? { placement: beneficiary.placement } : {}),
        ...(beneficiary.plan ? { plan: beneficiary.plan } : {}),
        ...(beneficiary.training ? { training: beneficiary.training } : {}),
        ...(beneficiary.sessionsHeld ? { sessionsHeld: beneficiary.sessionsHeld } : {}),
        ...(beneficiary.followUps ? { followUps: beneficiary.followUps } : {}),
        reopenedOn: now.toISOString().slice(0, 10),
      };
      await reopen(input.beneficiaryId, ended, journey, past, beneficiary.coachId, now);
    }
    await startOnce('journey', journeyExecutionName(input.beneficiaryId, journey), {
      beneficiaryId: input.beneficiaryId,
    });
    metrics.addMetric('AccompanimentReopened', MetricUnit.Count, 1);
    logger.info('Accompaniment reopened', { beneficiaryId: input.beneficiaryId, journey });
    return { journey };
  },
);

/** What a reopened journey starts without (what the journey before ended with is in pastJourneys). */
const NOT_INHERITED = [
  'coachId',
  'coachReleasedAt',
  'placement',
  'plan',
  'training',
  'sessionsHeld',
  'lastSessionOn',
  'followUps',
  'nextFollowUp',
  'dropout',
  'lateSince',
  'lateTask',
] as const;

/**
 * One conditional write (still at the journey that ended): the next journey's number and start,
 * the earlier journey kept, and what a new journey must not inherit (its coach, plan, training,
 * sessions, placement, follow-ups) cleared — its new coach is assigned as for any journey.
 */
async function reopen(
  beneficiaryId: string,
  ended: number,
  journey: number,
  past: PastJourney,
  coachId: string | undefined,
  now: Date,
): Promise<void> {
  try {
    await dynamo.send(
      new UpdateCommand({
        TableName: tableName('beneficiaries'),
        Key: { beneficiaryId },
        UpdateExpression: [
          'SET journeyNumber = :journey, journeyStartedAt = :now,',
          'pastJourneys = list_append(if_not_exists(pastJourneys, :none), :past),',
          '#stage = :stage',
          ...(coachId ? [', previousCoachId = :coach'] : []),
          `REMOVE ${NOT_INHERITED.map((_, i) => `#r${i}`).join(', ')}`,
        ].join(' '),
        ConditionExpression:
          'attribute_exists(beneficiaryId) AND (attribute_not_exists(journeyNumber) OR journeyNumber = :ended)',
        ExpressionAttributeNames: {
          '#stage': 'stage',
          ...Object.fromEntries(NOT_INHERITED.map((field, i) => [`#r${i}`, field])),
        },
        ExpressionAttributeValues: {
          ':journey': journey,
          ':ended': ended,
          ':now': now.toISOString(),
          ':none': [],
          ':past': [past],
          ':stage': 'reopened',
          ...(coachId ? { ':coach': coachId } : {}),
        },
      }),
    );
  } catch (error) {
    // Another run got there first: the record is already at the new journey.
    if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
  }
}
