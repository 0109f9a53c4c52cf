/**
 * Journey-events stream consumer: counts each new event once into the aggregate counters. A marker
 * per event and the counter increments are written in one transaction, so a redelivered record
 * (streams deliver at least once) changes nothing. Powertools Batch runs the records in order and
 * reports the first that fails, so the stream resumes there; Parser checks each event's shape.
 */
import type { Context, DynamoDBStreamEvent } from 'aws-lambda';
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { parser } from '@aws-lambda-powertools/batch/parser';
import { DynamoDBStreamRecord } from '@aws-lambda-powertools/parser/schemas/dynamodb';
import { DynamoDBMarshalled } from '@aws-lambda-powertools/parser/helpers/dynamodb';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { dynamo } from './commons/clients';
import { logger } from './commons/powertools';
import { tableName } from './commons/settings';
import { instrumented } from './commons/instrumented';
import { countersFor } from './domain/aggregates';
import { stages } from './domain/journey-events';
import { dimensionsSchema } from './domain/step-inputs';
import { incomeBands, placementOutcomes, workStatuses } from './domain/placement';

const aggregatesTable = tableName('aggregates');

const journeyEventSchema = dimensionsSchema.extend({
  beneficiaryId: z.string(),
  eventId: z.string(),
  stage: z.enum(stages),
  outcome: z.enum(placementOutcomes).optional(),
  reason: z.string().max(40).optional(),
  occurrence: z.number().int().positive().optional(),
  work: z
    .object({
      sector: z.string().max(40).optional(),
      contractType: z.string().max(40).optional(),
      workStatus: z.enum(workStatuses).optional(),
      incomeBand: z.enum(incomeBands).optional(),
      cnssDeclared: z.enum(['yes', 'no']).optional(),
      workingTime: z.string().max(40).optional(),
    })
    .optional(),
  occurredAt: z.string(),
});
type CountedEvent = z.infer<typeof journeyEventSchema>;

const recordSchema = DynamoDBStreamRecord.extend({
  dynamodb: z.looseObject({
    NewImage: DynamoDBMarshalled(journeyEventSchema).optional(),
    SequenceNumber: z.string(),
  }),
});
type JourneyEventRecord = z.infer<typeof recordSchema>;

const processor = new BatchProcessor(EventType.DynamoDBStreams, { parser, schema: recordSchema, logger });

async function countRecord(record: JourneyEventRecord): Promise<void> {
  const event = record.dynamodb.NewImage;
  if (record.eventName !== 'INSERT' || !event) return;
  await countOnce(event);
}

async function countOnce(event: CountedEvent): Promise<void> {
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
    const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
    // Only the marker's condition failed: this event was counted before.
    if (
      (error as Error).name === 'TransactionCanceledException' &&
      reasons[0]?.Code === 'ConditionalCheckFailed'
    ) {
      logger.debug('Event already counted', { eventId: event.eventId });
      return;
    }
    throw error;
  }
}

export const handler = instrumented((event: DynamoDBStreamEvent, context: Context) =>
  processPartialResponse(event, countRecord as (record: unknown) => Promise<void>, processor, {
    context,
    processInParallel: false,
  }),
);
