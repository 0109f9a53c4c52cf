/**
 * Reference-stream consumer for the training offer and the labour needs (the stream brings only
 * those kinds: an event filter on AWS, the same test locally). For each change:
 * 1. its difference goes into the offer–demand counters, once (a marker per stream record in the
 *    same transaction: a record delivered twice counts once);
 * 2. a new offer is announced to the coaches of the beneficiaries waiting for a training it suits
 *    (one email per coach, marked sent).
 * Powertools Batch runs the records in order and reports the first that fails; the stream resumes
 * there, and both parts redo only what they had not done.
 */
import type { Context, DynamoDBStreamEvent } from 'aws-lambda';
import { BatchProcessor, EventType } from '@aws-lambda-powertools/batch';
import { parser } from '@aws-lambda-powertools/batch/parser';
import { DynamoDBStreamRecord } from '@aws-lambda-powertools/parser/schemas/dynamodb';
import { DynamoDBMarshalled } from '@aws-lambda-powertools/parser/helpers/dynamodb';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import * as z from 'zod';
import { logger, metrics } from './commons/powertools';
import { instrumented } from './commons/instrumented';
import { countInOrder } from './commons/counting-consumer';
import { countSupplyChangeOnce } from './commons/offer-demand';
import { announceNewOffer } from './commons/offer-announcements';
import { supplyChange } from './domain/offer-demand';
import { catalogueOfferSchema } from './domain/training-offers';

const referenceItem = z.looseObject({ kind: z.string(), code: z.string() });
const recordSchema = DynamoDBStreamRecord.extend({
  eventID: z.string(),
  dynamodb: z.looseObject({
    NewImage: DynamoDBMarshalled(referenceItem).optional(),
    OldImage: DynamoDBMarshalled(referenceItem).optional(),
    SequenceNumber: z.string(),
  }),
});
type ReferenceRecord = z.infer<typeof recordSchema>;

const processor = new BatchProcessor(EventType.DynamoDBStreams, { parser, schema: recordSchema, logger });

async function followChange(record: ReferenceRecord): Promise<void> {
  const { NewImage: after, OldImage: before } = record.dynamodb;
  const changes = supplyChange(before, after);
  if (await countSupplyChangeOnce(record.eventID, changes)) {
    metrics.addMetric('OfferDemandCounted', MetricUnit.Count, 1);
  }
  if (record.eventName !== 'INSERT' || after?.kind !== 'training-offer') return;
  const offer = catalogueOfferSchema.safeParse(after);
  if (!offer.success) {
    logger.warn('New offer not announced: it does not read as an offer', { code: after.code });
    return;
  }
  const sent = await announceNewOffer(offer.data, new Date());
  if (sent > 0) metrics.addMetric('NewOfferAnnounced', MetricUnit.Count, sent);
}

export const handler = instrumented((event: DynamoDBStreamEvent, context: Context) =>
  countInOrder(event, context, processor, followChange as (record: unknown) => Promise<void>),
);
