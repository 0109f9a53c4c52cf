/**
 * The offer–demand counters in the aggregates table (see domain/offer-demand.ts): a change of an
 * offer or a need counted once. commons/aggregates.ts reads them back for the dashboards.
 */
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from './clients';
import { tableName } from './settings';
import { OFFER_DEMAND } from '../domain/offer-demand';

const table = () => tableName('aggregates');

/**
 * Adds one change of an offer or a need to its counters, with a marker of the change (the stream
 * record's id) in the same transaction: a record delivered twice is counted once. False when it
 * had been counted before.
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
              UpdateExpression: 'ADD #count :by',
              ExpressionAttributeNames: { '#count': 'count' },
              ExpressionAttributeValues: { ':by': by },
            },
          })),
        ],
      }),
    );
    return true;
  } catch (error) {
    const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
    if (
      (error as Error).name === 'TransactionCanceledException' &&
      reasons[0]?.Code === 'ConditionalCheckFailed'
    )
      return false;
    throw error;
  }
}
