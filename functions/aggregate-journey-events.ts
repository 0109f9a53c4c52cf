/**
 * Journey-events stream consumer: counts each new event once into the aggregate counters. A marker
 * per event and the counter increments are written in one transaction, so a redelivered record
 * (streams deliver at least once) changes nothing.
 */
import type { Context, DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { dynamo } from './commons/clients';
import { logger } from './commons/powertools';
import { tableName } from './commons/tables';
import { onlyConditionsFailed } from './commons/journey-events';
import { countersFor } from './domain/aggregates';
import type { JourneyEvent } from './domain/journey-events';

const aggregatesTable = tableName('aggregates');

export async function handler(event: DynamoDBStreamEvent, context: Context): Promise<DynamoDBBatchResponse> {
  logger.addContext(context);
  for (const record of event.Records) {
    if (record.eventName !== 'INSERT' || !record.dynamodb?.NewImage) continue;
    const journeyEvent = unmarshall(
      record.dynamodb.NewImage as Record<string, AttributeValue>,
    ) as JourneyEvent;
    try {
      await countOnce(journeyEvent);
    } catch (error) {
      logger.error('Event not counted; the batch resumes here', {
        eventId: journeyEvent.eventId,
        error: (error as Error).name,
      });
      return { batchItemFailures: [{ itemIdentifier: record.dynamodb.SequenceNumber ?? '' }] };
    }
  }
  return { batchItemFailures: [] };
}

async function countOnce(event: JourneyEvent): Promise<void> {
  try {
    await dynamo.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: aggregatesTable,
              Item: { pk: 'counted', sk: `${event.beneficiaryId}#${event.eventId}` },
              ConditionExpression: 'attribute_not_exists(sk)',
            },
          },
          ...countersFor(event).map((key) => ({
            Update: {
              TableName: aggregatesTable,
              Key: key,
              UpdateExpression: 'ADD #count :one',
              ExpressionAttributeNames: { '#count': 'count' },
              ExpressionAttributeValues: { ':one': 1 },
            },
          })),
        ],
      }),
    );
  } catch (error) {
    if (!onlyConditionsFailed(error)) throw error;
    logger.debug('Event already counted', { eventId: event.eventId });
  }
}
