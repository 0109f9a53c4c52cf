/**
 * The counters' stamp: one item of the aggregates table that every writer of counters moves once
 * it has counted (the journey-events consumer and the offer–demand one, after each batch; a tool
 * that loads counters, after loading). The dashboards read it beside the session check: a view
 * computed under the stamp they read is still what the counters say (commons/dashboard-views.ts).
 *
 * It is moved after the counts, never before: a reader that reads the old stamp while a batch is
 * being counted keeps at most what it computed, until the move a moment later. A writer that dies
 * between its counts and the move is redone by the stream (the counts are each once, the move again).
 */
import {
  GetCommand,
  UpdateCommand,
  type GetCommandInput,
  type UpdateCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { dynamo } from './clients';
import { tableName } from './settings';

/** Beside the counters, in a partition of its own: no counter's partition is `stamp`. */
export const COUNTERS_STAMP_KEY = { pk: 'stamp', sk: 'counters' } as const;

/** The write that moves the stamp on: an atomic ADD, so writers on several shards never conflict. */
export function stampMove(table: string, now: Date): UpdateCommandInput {
  return {
    TableName: table,
    Key: COUNTERS_STAMP_KEY,
    UpdateExpression: 'ADD #moves :one SET #movedAt = :now',
    ExpressionAttributeNames: { '#moves': 'moves', '#movedAt': 'movedAt' },
    ExpressionAttributeValues: { ':one': 1, ':now': now.toISOString() },
  };
}

export async function moveCountersStamp(now: Date): Promise<void> {
  await dynamo.send(new UpdateCommand(stampMove(tableName('aggregates'), now)));
}

/** The stamp's read: strong, so a move just made is seen. */
export function countersStampRead(): GetCommandInput {
  return {
    TableName: tableName('aggregates'),
    Key: COUNTERS_STAMP_KEY,
    ConsistentRead: true,
    ProjectionExpression: '#moves',
    ExpressionAttributeNames: { '#moves': 'moves' },
  };
}

/** The stamp an item of `countersStampRead` holds (0 before any count, when there is no item). */
export function stampOf(item: Record<string, unknown> | undefined): number {
  return Number(item?.moves ?? 0);
}

/** The stamp now. */
export async function countersStamp(): Promise<number> {
  const { Item } = await dynamo.send(new GetCommand(countersStampRead()));
  return stampOf(Item);
}
