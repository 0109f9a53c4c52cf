/**
 * Journey-events stream consumer: counts each new event once into the aggregate counters (the
 * summary's and the indicators'). The increments go in transactions of at most 99, each with a
 * marker of its own (the event, and the part's number after the first), so a redelivered record
 * (streams deliver at least once) changes nothing, and one that failed halfway redoes only the
 * parts not written. Powertools Batch runs the records in order and
 * reports the first that fails, so the stream resumes there; Parser checks each event's shape.
 */
import type { Context, DynamoDBStreamEvent } from 'aws-lambda';
import { BatchProcessor, EventType } from '@aws-lambda-powertools/batch';
import { parser } from '@aws-lambda-powertools/batch/parser';
import { DynamoDBStreamRecord } from '@aws-lambda-powertools/parser/schemas/dynamodb';
import { DynamoDBMarshalled } from '@aws-lambda-powertools/parser/helpers/dynamodb';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { dynamo } from './commons/clients';
import { logger } from './commons/powertools';
import { tableName } from './commons/settings';
import { instrumented } from './commons/instrumented';
import { countInOrder } from './commons/counting-consumer';
import { countersFor } from './domain/aggregates';
import { OFFER_DEMAND } from './domain/offer-demand';
import { countedIndicatorKeys } from './domain/indicators';
import { journeyPhases, stages } from './domain/journey-events';
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
  /** On intake and placement events: for the breakdowns by vulnerability factor and track. */
  vulnerability: z.array(z.string().max(40)).max(20).optional(),
  track: z.string().max(40).optional(),
  daysToPlacement: z.number().min(0).optional(),
  /** On an event ending a phase of the journey: the time in that stage. */
  leftPhase: z.enum(journeyPhases).optional(),
  daysInPhase: z.number().min(0).optional(),
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

/** A transaction holds at most 100 items: the marker and 99 counters. */
const PART_SIZE = 99;

/**
 * Part 0 is the summary's counters (as before the indicators existed: an event counted then is not
 * counted again; since the offer–demand totals, an intake's aspiration and its total, which
 * `upgradeRecords` folds in for the events counted before); the indicators' counters follow in
 * parts of their own, so replaying the events counted before the indicators existed adds exactly
 * what they lack. The time in each stage's
 * counters come after the indicators' (`countedIndicatorKeys`): only events that carry a phase
 * have them, and none was counted before they existed, so no part an event had changes. (A part
 * of their own would cost every such event one more transaction: batches then outlast the
 * consumer's timeout on a busy machine.)
 *
 * Since 30 November 2026 an event's indicator keys are its finest cells and its totals, no longer
 * one "any" alone (`indicatorKeys`): fewer keys, in fewer parts. An event counted before and
 * delivered again finds its first parts' markers and adds nothing. One cut between its parts by
 * that deploy (its first parts written, the rest not, the batch retried by the new version) would
 * miss the cells of its later parts: deploy with the stream caught up (README, "Counters").
 */
async function countOnce(event: CountedEvent): Promise<void> {
  await countPartOnce(event, 0, countersFor(event));
  const keys = countedIndicatorKeys(event);
  for (let i = 0; i * PART_SIZE < keys.length; i += 1) {
    await countPartOnce(event, i + 1, keys.slice(i * PART_SIZE, (i + 1) * PART_SIZE));
  }
}

/**
 * One more on a counter. A monthly offer–demand counter also marks what of it is in its total
 * (counted in the same part): see domain/offer-demand.ts.
 */
function counterIncrement(key: { pk: string; sk: string }) {
  const inTotals = key.pk === OFFER_DEMAND;
  const names: Record<string, string> = { '#count': 'count' };
  if (inTotals) names['#inTotals'] = 'inTotals';
  return {
    TableName: aggregatesTable,
    Key: key,
    UpdateExpression: inTotals ? 'ADD #count :one, #inTotals :one' : 'ADD #count :one',
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: { ':one': 1 },
  };
}

async function countPartOnce(
  event: CountedEvent,
  part: number,
  keys: readonly { pk: string; sk: string }[],
): Promise<void> {
  // The first part's marker is the event's own (as before parts existed).
  const marker = `${event.beneficiaryId}#${event.eventId}${part === 0 ? '' : `#part${part}`}`;
  try {
    await dynamo.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: aggregatesTable,
              Item: { pk: 'counted', sk: marker },
              ConditionExpression: 'attribute_not_exists(sk)',
            },
          },
          ...keys.map((key) => ({ Update: counterIncrement(key) })),
        ],
      }),
    );
  } catch (error) {
    const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
    // Only the marker's condition failed: this part was counted before.
    if (
      (error as Error).name === 'TransactionCanceledException' &&
      reasons[0]?.Code === 'ConditionalCheckFailed'
    ) {
      logger.debug('Event already counted', { eventId: event.eventId, part });
      return;
    }
    throw error;
  }
}

export const handler = instrumented((event: DynamoDBStreamEvent, context: Context) =>
  countInOrder(event, context, processor, countRecord as (record: unknown) => Promise<void>),
);
