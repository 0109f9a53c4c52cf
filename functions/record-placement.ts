/** Journey step "Record Placement": the outcome goes on the beneficiary and, as counts, to the dashboards. */
import type { Context } from 'aws-lambda';
import { TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { dynamo } from './commons/clients';
import { logger, metrics } from './commons/powertools';
import { tableName } from './commons/tables';
import { onlyConditionsFailed, putJourneyEventOnce } from './commons/journey-events';
import { journeyEvent } from './domain/journey-events';
import type { PlacementOutcome } from './domain/coach-task';
import type { Dimensions } from './domain/profile';

const beneficiariesTable = tableName('beneficiaries');

export interface RecordPlacementInput {
  beneficiaryId: string;
  dimensions: Dimensions;
  placement: { taskId: string; outcome: PlacementOutcome; startDate: string; sector: string };
}

export async function handler(
  input: RecordPlacementInput,
  context: Context,
): Promise<{ outcome: PlacementOutcome }> {
  logger.addContext(context);
  const { outcome, startDate, sector } = input.placement;
  const update = {
    TableName: beneficiariesTable,
    Key: { beneficiaryId: input.beneficiaryId },
    UpdateExpression: 'SET stage = :placed, placement = :placement',
    ConditionExpression: 'attribute_exists(beneficiaryId)',
    ExpressionAttributeValues: { ':placed': 'placed', ':placement': { outcome, startDate, sector } },
  };
  try {
    await dynamo.send(
      new TransactWriteCommand({
        TransactItems: [
          { Update: update },
          putJourneyEventOnce(
            journeyEvent(input.beneficiaryId, 'placed', input.dimensions, new Date(), outcome),
          ),
        ],
      }),
    );
    metrics.addMetric('PlacementRecorded', MetricUnit.Count, 1);
    metrics.publishStoredMetrics();
  } catch (error) {
    if (!onlyConditionsFailed(error)) throw error;
    await dynamo.send(new UpdateCommand(update));
  }
  logger.info('Placement recorded', { beneficiaryId: input.beneficiaryId, outcome });
  return { outcome };
}
