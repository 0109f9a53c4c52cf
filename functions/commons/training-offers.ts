/**
 * The training catalogue in the reference table: its offers (kind 'training-offer', code = offerId)
 * with the seats taken, and who holds a seat (kind 'training-enrolment', code `offerId#beneficiaryId`).
 * A seat is taken and its enrolment written in one transaction, so the count is the enrolments'
 * number: a retried step counts nothing twice, and the last seat goes to one journey only.
 * Providers save their own offers here too (`saveProviderOffers`): never another's, never fewer
 * seats than those taken.
 */
import {
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
  type TransactWriteCommandInput,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { dynamo } from './clients';
import { tableName, timeScale } from './settings';
import { catalogueOfferSchema, type CatalogueOffer } from '../domain/training-offers';
import { staleToldOf } from '../domain/stale-offers';
import {
  heldOfferOf,
  providerSaveWrites,
  type HeldOffer,
  type ProviderOffer,
} from '../domain/partner-offers';

const OFFER = 'training-offer';
const ENROLMENT = 'training-enrolment';
/** DynamoDB takes at most 100 writes in one transaction. */
const TRANSACTION_MAX = 100;

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

/**
 * The catalogue's items as the table holds them, in offerId order, after `after` when given: a
 * Query on their kind (never a Scan), read a page at a time as the caller iterates. Consistent
 * reads for what a decision rests on (a proposal, a provider's save); the public catalogue may
 * read a moment behind a seat just taken.
 */
async function* offerItems(
  store: CatalogueStore,
  options: { after?: string; consistent: boolean; pageSize?: number },
): AsyncGenerator<Record<string, unknown>> {
  let start: Record<string, unknown> | undefined =
    options.after === undefined ? undefined : { kind: OFFER, code: options.after };
  do {
    const page = await store.client.send(
      new QueryCommand({
        TableName: store.table,
        KeyConditionExpression: 'kind = :offer',
        ExpressionAttributeValues: { ':offer': OFFER },
        ...(options.consistent ? { ConsistentRead: true } : {}),
        ...(options.pageSize === undefined ? {} : { Limit: options.pageSize }),
        ExclusiveStartKey: start,
      }),
    );
    yield* page.Items ?? [];
    start = page.LastEvaluatedKey;
  } while (start);
}

export async function listTrainingOffers(
  region?: string,
  store: CatalogueStore = defaultStore(),
): Promise<CatalogueOffer[]> {
  const offers: CatalogueOffer[] = [];
  for await (const item of offerItems(store, { consistent: true })) {
    const offer = offerOf(item);
    if (offer && (region === undefined || offer.region === region)) offers.push(offer);
  }
  return offers;
}

/**
 * The catalogue's offers in offerId order, after `after` when given, read a page at a time as the
 * caller iterates: a caller that stops early reads no further. Eventually consistent: the public
 * catalogue may be a moment behind a seat just taken.
 */
export async function* trainingOffersInOrder(
  after?: string,
  store: CatalogueStore = defaultStore(),
  pageSize = 100,
): AsyncGenerator<CatalogueOffer> {
  for await (const item of offerItems(store, {
    ...(after === undefined ? {} : { after }),
    consistent: false,
    pageSize,
  })) {
    const offer = offerOf(item);
    if (offer) yield offer;
  }
}

/**
 * Every offer of the catalogue with the update its provider was last told it is stale for
 * (`staleToldFor`, see domain/stale-offers.ts): a Query of the kind, consistent, as a retried run
 * must see the marks the one before wrote.
 */
export async function offersForStaleNotice(
  store: CatalogueStore = defaultStore(),
): Promise<(CatalogueOffer & { staleToldFor?: string })[]> {
  const offers: (CatalogueOffer & { staleToldFor?: string })[] = [];
  for await (const item of offerItems(store, { consistent: true })) {
    const offer = offerOf(item);
    if (offer) offers.push({ ...offer, ...staleToldOf(item) });
  }
  return offers;
}

/**
 * Marks the offer's provider told that it is stale as last updated at `toldFor` (`staleToldFor`,
 * and when: `staleToldAt`), on the condition that the offer is still that provider's and still last
 * updated then (`updatedAt`, or `loadedAt` for an offer without one, as `lastUpdateOf` reads it):
 * an offer edited or given to another provider since it was read is left unmarked (false), so its
 * next stale period is told. The other writers of offers (the catalogue loader, a provider's save,
 * seats taken and given back) update the fields they own and keep these two.
 */
export async function markStaleTold(
  offerId: string,
  providerId: string,
  toldFor: string,
  now: Date,
  store: CatalogueStore = defaultStore(),
): Promise<boolean> {
  try {
    await store.client.send(
      new UpdateCommand({
        TableName: store.table,
        Key: { kind: OFFER, code: offerId },
        UpdateExpression: 'SET #told = :for, #toldAt = :now',
        ConditionExpression:
          '#providerId = :provider AND ' +
          '(#updatedAt = :for OR (attribute_not_exists(#updatedAt) AND #loadedAt = :for))',
        ExpressionAttributeNames: {
          '#told': 'staleToldFor',
          '#toldAt': 'staleToldAt',
          '#providerId': 'providerId',
          '#updatedAt': 'updatedAt',
          '#loadedAt': 'loadedAt',
        },
        ExpressionAttributeValues: { ':for': toldFor, ':now': now.toISOString(), ':provider': providerId },
      }),
    );
    return true;
  } catch (error) {
    if ((error as { name?: string }).name === 'ConditionalCheckFailedException') return false;
    throw error;
  }
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

/**
 * Every item of the catalogue as the table holds it, by offerId (a Query of the kind, every page):
 * what a provider's save compares with, its own fields included.
 */
async function heldItems(store: CatalogueStore): Promise<Map<string, Record<string, unknown>>> {
  const items = new Map<string, Record<string, unknown>>();
  for await (const item of offerItems(store, { consistent: true }))
    if (typeof item.code === 'string') items.set(item.code, item);
  return items;
}

/** The offers of one provider, in offerId order, with their live seats taken. */
export async function listProviderOffers(
  providerId: string,
  store: CatalogueStore = defaultStore(),
): Promise<HeldOffer[]> {
  const offers: HeldOffer[] = [];
  for (const item of (await heldItems(store)).values()) {
    const offer = item.providerId === providerId ? heldOfferOf(item) : undefined;
    if (offer) offers.push(offer);
  }
  return offers.sort((a, b) => (a.offerId < b.offerId ? -1 : a.offerId > b.offerId ? 1 : 0));
}

/** One offer with the provider's own fields; undefined when there is none (or it does not read so). */
export async function getHeldOffer(
  offerId: string,
  store: CatalogueStore = defaultStore(),
): Promise<HeldOffer | undefined> {
  // DynamoDB refuses a sort key over 1,024 bytes (a ValidationException, so a 500): no offer has one.
  if (Buffer.byteLength(offerId, 'utf8') > 1024) return undefined;
  const { Item } = await store.client.send(
    new GetCommand({ TableName: store.table, Key: { kind: OFFER, code: offerId }, ConsistentRead: true }),
  );
  return heldOfferOf(Item);
}

export interface ProviderSaveOutcome {
  /** Offers new or changed, written. */
  written: string[];
  /** Offers that say what the catalogue holds already: not written (`updatedAt` kept). */
  unchanged: string[];
  /** Offers of another provider, or of none (only the catalogue file changes those): nothing written. */
  notYours: string[];
  /** Offers whose seats would go below the seats already taken: nothing written. */
  belowTaken: { offerId: string; seatsTaken: number }[];
}

/** The optional fields an offer may leave out: removed from the item when the new version has none. */
const optionalFields = ['educationLevelMin', 'certification'] as const;

function providerWrite(
  store: CatalogueStore,
  offer: ProviderOffer,
  personId: string,
  now: Date,
): TransactItems[number] {
  const fields = Object.entries(offer).filter(([, value]) => value !== undefined);
  const absent = optionalFields.filter((field) => offer[field] === undefined);
  const at = now.toISOString();
  return {
    Update: {
      TableName: store.table,
      Key: { kind: OFFER, code: offer.offerId },
      UpdateExpression:
        `SET ${fields.map(([field]) => `#${field} = :${field}`).join(', ')}, ` +
        '#updatedAt = :now, #updatedBy = :person, #seatsTaken = if_not_exists(#seatsTaken, :zero), ' +
        '#loadedAt = if_not_exists(#loadedAt, :now)' +
        (absent.length > 0 ? ` REMOVE ${absent.map((field) => `#${field}`).join(', ')}` : ''),
      // New, or this provider's; and never fewer seats than those taken, even against an
      // enrolment taking one at the same moment (takeSeat's condition is `seatsTaken < seats`).
      ConditionExpression:
        '(attribute_not_exists(code) OR #providerId = :mine) AND ' +
        '(attribute_not_exists(#seatsTaken) OR #seatsTaken <= :seats)',
      ExpressionAttributeNames: {
        ...Object.fromEntries([...fields.map(([field]) => field), ...absent].map((f) => [`#${f}`, f])),
        '#updatedAt': 'updatedAt',
        '#updatedBy': 'updatedBy',
        '#seatsTaken': 'seatsTaken',
        '#loadedAt': 'loadedAt',
        '#providerId': 'providerId',
      },
      ExpressionAttributeValues: {
        ...Object.fromEntries(fields.map(([field, value]) => [`:${field}`, value])),
        ':now': at,
        ':person': personId,
        ':zero': 0,
        ':mine': offer.providerId,
      },
    },
  };
}

/**
 * Saves one provider's offers (its page, its JSON API, its CSV file): those new or changed only,
 * so the same file twice writes nothing the second time. Refused, nothing written: an offer of
 * another provider or of none (`notYours`), seats lowered below those taken (`belowTaken`). The
 * writes go in transactions of up to 100 (one for any file of 100 offers or fewer: all or nothing),
 * each on the conditions above, so an enrolment racing an edit never leaves fewer seats than taken;
 * a condition that fails then is said as the same refusals. Seats taken are kept; `updatedAt` and
 * `updatedBy` say when and by whom.
 */
export async function saveProviderOffers(
  offers: readonly ProviderOffer[],
  providerId: string,
  personId: string,
  now: Date,
  store: CatalogueStore = defaultStore(),
): Promise<ProviderSaveOutcome> {
  const held = await heldItems(store);
  const refusals = (check: Map<string, Record<string, unknown>>, among: readonly ProviderOffer[]) => ({
    notYours: among
      .filter((offer) => {
        const item = check.get(offer.offerId);
        return item !== undefined && item.providerId !== providerId;
      })
      .map((offer) => offer.offerId),
    belowTaken: among.flatMap((offer) => {
      const taken = check.get(offer.offerId)?.seatsTaken;
      return typeof taken === 'number' && offer.seats < taken
        ? [{ offerId: offer.offerId, seatsTaken: taken }]
        : [];
    }),
  });
  const refused = refusals(held, offers);
  if (refused.notYours.length > 0 || refused.belowTaken.length > 0)
    return { written: [], unchanged: [], ...refused };
  const changed = offers.filter((offer) =>
    providerSaveWrites(held.get(offer.offerId), offer, now, timeScale()),
  );
  const written: string[] = [];
  for (let i = 0; i < changed.length; i += TRANSACTION_MAX) {
    const batch = changed.slice(i, i + TRANSACTION_MAX);
    try {
      await transactWithRetry(
        store,
        batch.map((offer) => providerWrite(store, offer, personId, now)),
      );
      written.push(...batch.map((offer) => offer.offerId));
    } catch (error) {
      if (!cancellationReasons(error)?.includes('ConditionalCheckFailed')) throw error;
      // Changed meanwhile (a seat taken, an offer of the same id created): said as what it is now.
      const again = refusals(await heldItems(store), batch);
      if (again.notYours.length === 0 && again.belowTaken.length === 0) throw error;
      return { written: [...written], unchanged: [], ...again };
    }
  }
  const done = new Set(written);
  return {
    written,
    unchanged: offers.map((offer) => offer.offerId).filter((id) => !done.has(id)),
    notYours: [],
    belowTaken: [],
  };
}
