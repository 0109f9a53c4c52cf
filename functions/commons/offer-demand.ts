/**
 * The offer–demand counters in the aggregates table (see domain/offer-demand.ts): a change of an
 * offer or a need counted once, and the counts of earlier versions folded into the totals.
 * commons/aggregates.ts reads them back for the dashboards.
 */
import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from './clients';
import { tableName } from './settings';
import {
  foldIntoTotal,
  OFFER_DEMAND,
  OFFER_DEMAND_TOTALS,
  totalChanges,
  totalKeyOf,
  TOTALS_READY_SK,
} from '../domain/offer-demand';

const table = () => tableName('aggregates');

/** One change of a total over the months (see domain/offer-demand.ts), for a transaction. */
function totalIncrement(sk: string, by: number) {
  return {
    Update: {
      TableName: table(),
      Key: { pk: OFFER_DEMAND_TOTALS, sk },
      UpdateExpression: 'ADD #count :by',
      ExpressionAttributeNames: { '#count': 'count' },
      ExpressionAttributeValues: { ':by': by },
    },
  };
}

/** A transaction refused on the condition of its first item (a marker taken, a counter changed). */
function firstConditionFailed(error: unknown): boolean {
  const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
  return (
    (error as Error).name === 'TransactionCanceledException' && reasons[0]?.Code === 'ConditionalCheckFailed'
  );
}

/**
 * Adds one change of an offer or a need to its monthly counters and their totals, with a marker of
 * the change (the stream record's id) in the same transaction: a record delivered twice is counted
 * once. False when it had been counted before.
 */
export async function countSupplyChangeOnce(
  changeId: string,
  changes: readonly { sk: string; by: number }[],
): Promise<boolean> {
  if (changes.length === 0) return false;
  try {
    await dynamo.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: table(),
              Item: { pk: 'counted', sk: `supply#${changeId}` },
              ConditionExpression: 'attribute_not_exists(sk)',
            },
          },
          ...changes.map(({ sk, by }) => ({
            Update: {
              TableName: table(),
              Key: { pk: OFFER_DEMAND, sk },
              UpdateExpression: 'ADD #count :by, #inTotals :by',
              ExpressionAttributeNames: { '#count': 'count', '#inTotals': 'inTotals' },
              ExpressionAttributeValues: { ':by': by },
            },
          })),
          ...totalChanges(changes).map(({ sk, by }) => totalIncrement(sk, by)),
        ],
      }),
    );
    return true;
  } catch (error) {
    if (firstConditionFailed(error)) return false;
    throw error;
  }
}

/** A monthly counter as read: its key, its count, and how much of it is in its total. */
interface MonthlyCounter {
  sk: string;
  count?: number;
  inTotals?: number;
}

/** Tries of one counter that writers keep changing before the fold gives up (a later run goes on). */
const FOLD_TRIES = 5;

/**
 * Folds one monthly counter into its total: what of its count is not in the total yet is added to
 * the total, and the counter marked in step, in one transaction conditioned on the count and the
 * mark as read — a count added meanwhile (to both) makes it read again. False when it was in step.
 */
async function foldCounter(read: MonthlyCounter): Promise<boolean> {
  let counter: MonthlyCounter | undefined = read;
  for (let attempt = 0; attempt < FOLD_TRIES && counter; attempt += 1) {
    const by = foldIntoTotal(counter);
    if (by === 0 && counter.inTotals !== undefined) return false;
    const total = totalKeyOf(counter.sk);
    try {
      await dynamo.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: table(),
                Key: { pk: OFFER_DEMAND, sk: counter.sk },
                UpdateExpression: 'SET #inTotals = :count',
                ConditionExpression:
                  counter.inTotals === undefined
                    ? '#count = :count AND attribute_not_exists(#inTotals)'
                    : '#count = :count AND #inTotals = :inTotals',
                ExpressionAttributeNames: { '#count': 'count', '#inTotals': 'inTotals' },
                ExpressionAttributeValues: {
                  ':count': counter.count ?? 0,
                  ...(counter.inTotals === undefined ? {} : { ':inTotals': counter.inTotals }),
                },
              },
            },
            ...(total && by !== 0 ? [totalIncrement(total, by)] : []),
          ],
        }),
      );
      return true;
    } catch (error) {
      if (!firstConditionFailed(error)) throw error;
      const { Item } = await dynamo.send(
        new GetCommand({
          TableName: table(),
          Key: { pk: OFFER_DEMAND, sk: counter.sk },
          ConsistentRead: true,
        }),
      );
      counter = Item as MonthlyCounter | undefined;
    }
  }
  if (counter) throw new Error('An offer–demand counter kept changing while it was folded into its total');
  return false;
}

export interface FoldReport {
  /** Monthly counters folded into their totals in this run. */
  folded: number;
  /** Every counter read, and in step: the totals hold every count (and are marked so). */
  done: boolean;
}

/**
 * Folds into the totals what the monthly offer–demand counters hold that their totals do not (the
 * counts of the versions before the totals), page by page while `goOn()` says there is time. A
 * pass through every counter marks the totals ready (`TOTALS_READY_SK`): the summary reads them
 * from then on. Every run reads the counters again (a Query of one partition): a count a writer of
 * an earlier version made after the pass, during a deploy, is folded in by the next run.
 */
export async function foldIntoTotals(goOn: () => boolean): Promise<FoldReport> {
  const report: FoldReport = { folded: 0, done: false };
  let start: Record<string, unknown> | undefined;
  do {
    if (!goOn()) return report;
    const page = await dynamo.send(
      new QueryCommand({
        TableName: table(),
        KeyConditionExpression: 'pk = :pk',
        FilterExpression: 'attribute_not_exists(#inTotals) OR #inTotals <> #count',
        ExpressionAttributeNames: { '#inTotals': 'inTotals', '#count': 'count' },
        ExpressionAttributeValues: { ':pk': OFFER_DEMAND },
        ConsistentRead: true,
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    for (const item of (page.Items ?? []) as MonthlyCounter[]) {
      if (await foldCounter(item)) report.folded += 1;
    }
    start = page.LastEvaluatedKey;
  } while (start);
  await dynamo.send(
    new PutCommand({
      TableName: table(),
      Item: { pk: OFFER_DEMAND_TOTALS, sk: TOTALS_READY_SK, count: 0 },
    }),
  );
  report.done = true;
  return report;
}
