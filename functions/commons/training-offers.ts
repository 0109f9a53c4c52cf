/**
 * The training catalogue in the reference table: its offers (kind 'training-offer', code = offerId)
 * with the seats taken, and who holds a seat (kind 'training-enrolment', code `offerId#beneficiaryId`).
 * A seat is taken and its enrolment written in one transaction, so the count is the enrolments'
 * number: a retried step counts nothing twice, and the last seat goes to one journey only.
 */
import {
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { dynamo } from './clients';
import { tableName } from './settings';
import { catalogueOfferSchema, type CatalogueOffer } from '../domain/training-offers';

const OFFER = 'training-offer';
const ENROLMENT = 'training-enrolment';

/** Where the catalogue is: the function's client and reference table, unless told otherwise. */
export interface CatalogueStore {
  client: DynamoDBDocumentClient;
  table: string;
}

function defaultStore(): CatalogueStore {
  return { client: dynamo, table: tableName('reference') };
}

/**
 * An item as an offer of the catalogue; undefined for what does not read as one (the four
 * offers the reference seed wrote before the catalogue file had other fields).
 */
function offerOf(item: Record<string, unknown> | undefined): CatalogueOffer | undefined {
  if (!item) return undefined;
  const parsed = catalogueOfferSchema.safeParse(item);
  return parsed.success ? parsed.data : undefined;
}

export async function listTrainingOffers(
  region?: string,
  store: CatalogueStore = defaultStore(),
): Promise<CatalogueOffer[]> {
  const offers: CatalogueOffer[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await store.client.send(
      new QueryCommand({
        TableName: store.table,
        KeyConditionExpression: 'kind = :offer',
        ExpressionAttributeValues: { ':offer': OFFER },
        ConsistentRead: true,
        ExclusiveStartKey: start,
      }),
    );
    for (const item of page.Items ?? []) {
      const offer = offerOf(item);
      if (offer && (region === undefined || offer.region === region)) offers.push(offer);
    }
    start = page.LastEvaluatedKey;
  } while (start);
  return offers;
}

/**
 * The catalogue's offers in offerId order, after `after` when given, read a page at a time (a Query
 * on their kind, never a Scan) as the caller iterates: a caller that stops early reads no further.
 * Eventually consistent: the public catalogue may be a moment behind a seat just taken.
 */
export async function* trainingOffersInOrder(
  after?: string,
  store: CatalogueStore = defaultStore(),
  pageSize = 100,
): AsyncGenerator<CatalogueOffer> {
  let start: Record<string, unknown> | undefined =
    after === undefined ? undefined : { kind: OFFER, code: after };
  do {
    const page = await store.client.send(
      new QueryCommand({
        TableName: store.table,
        KeyConditionExpression: 'kind = :offer',
        ExpressionAttributeValues: { ':offer': OFFER },
        Limit: pageSize,
        ExclusiveStartKey: start,
      }),
    );
    for (const item of page.Items ?? []) {
      const offer = offerOf(item);
      if (offer) yield offer;
    }
    start = page.LastEvaluatedKey;
  } while (start);
}

export async function getTrainingOffer(
  offerId: string,
  store: CatalogueStore = defaultStore(),
): Promise<CatalogueOffer | undefined> {
  const { Item } = await store.client.send(
    new GetCommand({ TableName: store.table, Key: { kind: OFFER, code: offerId }, ConsistentRead: true }),
  );
  return offerOf(Item);
}

type TransactItems = NonNullable<TransactWriteCommandInput['TransactItems']>;
type Cancellation = { name?: string; CancellationReasons?: { Code?: string }[] };

/** The reasons of a cancelled transaction, by item; undefined for any other error. */
function cancellationReasons(error: unknown): (string | undefined)[] | undefined {
  const { name, CancellationReasons } = error as Cancellation;
  if (name !== 'TransactionCanceledException') return undefined;
  return (CancellationReasons ?? []).map((r) => r.Code);
}

/**
 * Runs a transaction again when another one on the same items was in flight (DynamoDB cancels it
 * with TransactionConflict, which the SDK does not retry): two journeys racing for the last seat
 * then get a real answer each, 'taken' and 'full', rather than an error.
 */
async function transactWithRetry(store: CatalogueStore, items: TransactItems): Promise<void> {
  const attempts = 5;
  for (let attempt = 1; ; attempt += 1) {
    try {
      await store.client.send(new TransactWriteCommand({ TransactItems: items }));
      return;
    } catch (error) {
      const conflict = cancellationReasons(error)?.includes('TransactionConflict') ?? false;
      if (!conflict || attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20 * attempt + Math.random() * 30));
    }
  }
}

export type TakeSeatOutcome = 'taken' | 'alreadyHeld' | 'full' | 'unknownOffer';

/**
 * Takes a seat of the offer for the beneficiary, atomically: the count goes up only while seats are
 * left, and only with the enrolment written. 'alreadyHeld' when they hold one already (a retried
 * step: nothing is counted twice), 'full' when no seat is left, 'unknownOffer' when there is none.
 */
export async function takeSeat(
  offerId: string,
  beneficiaryId: string,
  now: Date,
  store: CatalogueStore = defaultStore(),
): Promise<TakeSeatOutcome> {
  try {
    await transactWithRetry(store, [
      {
        Update: {
          TableName: store.table,
          Key: { kind: OFFER, code: offerId },
          UpdateExpression: 'ADD seatsTaken :one',
          ConditionExpression: 'attribute_exists(code) AND seatsTaken < seats',
          ExpressionAttributeValues: { ':one': 1 },
        },
      },
      {
        Put: {
          TableName: store.table,
          Item: {
            kind: ENROLMENT,
            code: `${offerId}#${beneficiaryId}`,
            offerId,
            beneficiaryId,
            takenAt: now.toISOString(),
          },
          ConditionExpression: 'attribute_not_exists(code)',
        },
      },
    ]);
    return 'taken';
  } catch (error) {
    const reasons = cancellationReasons(error);
    if (!reasons) throw error;
    // Held already wins over full: the one who took the last seat retrying still holds it.
    if (reasons[1] === 'ConditionalCheckFailed') return 'alreadyHeld';
    if (reasons[0] === 'ConditionalCheckFailed') {
      const { Item } = await store.client.send(
        new GetCommand({ TableName: store.table, Key: { kind: OFFER, code: offerId }, ConsistentRead: true }),
      );
      return Item ? 'full' : 'unknownOffer';
    }
    throw error;
  }
}

export type ReleaseSeatOutcome = 'released' | 'notHeld';

/**
 * Gives the beneficiary's seat back (they left the training, or the coach picked another): the
 * enrolment goes and the count goes down, together. 'notHeld' when there is no enrolment (a retried
 * step: nothing is given back twice). The count never goes below zero.
 */
export async function releaseSeat(
  offerId: string,
  beneficiaryId: string,
  store: CatalogueStore = defaultStore(),
): Promise<ReleaseSeatOutcome> {
  const enrolmentKey = { kind: ENROLMENT, code: `${offerId}#${beneficiaryId}` };
  try {
    await transactWithRetry(store, [
      {
        Delete: {
          TableName: store.table,
          Key: enrolmentKey,
          ConditionExpression: 'attribute_exists(code)',
        },
      },
      {
        Update: {
          TableName: store.table,
          Key: { kind: OFFER, code: offerId },
          UpdateExpression: 'ADD seatsTaken :minusOne',
          ConditionExpression: 'seatsTaken > :zero',
          ExpressionAttributeValues: { ':minusOne': -1, ':zero': 0 },
        },
      },
    ]);
    return 'released';
  } catch (error) {
    const reasons = cancellationReasons(error);
    if (!reasons) throw error;
    if (reasons[0] === 'ConditionalCheckFailed') return 'notHeld';
    if (reasons[1] === 'ConditionalCheckFailed') {
      // The enrolment is there but there is no count to lower (the offer was removed by hand):
      // the enrolment alone goes, so the beneficiary is free and no count goes below zero.
      try {
        await transactWithRetry(store, [
          {
            Delete: {
              TableName: store.table,
              Key: enrolmentKey,
              ConditionExpression: 'attribute_exists(code)',
            },
          },
        ]);
        return 'released';
      } catch (again) {
        if (cancellationReasons(again)?.[0] === 'ConditionalCheckFailed') return 'notHeld';
        throw again;
      }
    }
    throw error;
  }
}
