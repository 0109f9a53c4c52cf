/** Reads the counters the published summary is built from. */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from './clients';
import { tableName } from './settings';
import {
  summarize,
  totalsReady,
  type Counter,
  type DashboardSummary,
  type Dimension,
} from '../domain/aggregates';
import { OFFER_DEMAND, OFFER_DEMAND_TOTALS } from '../domain/offer-demand';

/** Every counter of one partition, through every page. */
export async function countersOf(pk: Dimension): Promise<Counter[]> {
  const counters: Counter[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await dynamo.send(
      new QueryCommand({
        TableName: tableName('aggregates'),
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': pk },
        ExclusiveStartKey: startKey,
      }),
    );
    counters.push(...((page.Items ?? []) as Counter[]));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return counters;
}

/**
 * The summary's counters: the stage and outcome totals, the regions', and the offer–demand totals
 * over every month — or, until those hold every count (`totalsReady`: the counters of earlier
 * versions not yet folded in by `upgradeRecords`), the monthly offer–demand counters.
 */
export async function readSummary(now: Date): Promise<DashboardSummary> {
  const [totals, byRegion, offerDemand] = await Promise.all([
    countersOf('total'),
    countersOf('region'),
    countersOf(OFFER_DEMAND_TOTALS).then(async (offerTotals) =>
      totalsReady(offerTotals) ? offerTotals : countersOf(OFFER_DEMAND),
    ),
  ]);
  return summarize([...totals, ...byRegion, ...offerDemand], now);
}
