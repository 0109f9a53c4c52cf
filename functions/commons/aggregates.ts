/** Reads the counters the published summary is built from. */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from './clients';
import { tableName } from './settings';
import { summarize, type Counter, type DashboardSummary, type Dimension } from '../domain/aggregates';

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

export async function readSummary(now: Date): Promise<DashboardSummary> {
  const [totals, byRegion, offerDemand] = await Promise.all([
    countersOf('total'),
    countersOf('region'),
    countersOf('offerDemand'),
  ]);
  return summarize([...totals, ...byRegion, ...offerDemand], now);
}
