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
 * The offer–demand totals over every month (with their `!ready` item), once they hold every count
 * (`totalsReady`); undefined while the counters of earlier versions are not folded in yet.
 */
export async function readyOfferDemandTotals(): Promise<Counter[] | undefined> {
  const offerTotals = await countersOf(OFFER_DEMAND_TOTALS);
  return totalsReady(offerTotals) ? offerTotals : undefined;
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
    readyOfferDemandTotals().then((offerTotals) => offerTotals ?? countersOf(OFFER_DEMAND)),
  ]);
  return summarize([...totals, ...byRegion, ...offerDemand], now);
}
