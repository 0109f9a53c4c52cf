/** Writes a journey event once: the same stage written again is a no-op, so retries count once. */
import { type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { JourneyEvent } from '../domain/journey-events';
import { tableName } from './tables';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

export function putJourneyEventOnce(event: JourneyEvent): TransactItem {
  return {
    Put: {
      TableName: tableName('journeyEvents'),
      Item: event,
      ConditionExpression: 'attribute_not_exists(eventId)',
    },
  };
}

/** True when a transaction failed only because a conditional write found its item already there. */
export function onlyConditionsFailed(error: unknown): boolean {
  if (!(error instanceof Error) || error.name !== 'TransactionCanceledException') return false;
  const reasons = (error as Error & { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
  return (
    reasons.some((r) => r.Code === 'ConditionalCheckFailed') &&
    reasons.every((r) => r.Code === 'ConditionalCheckFailed' || r.Code === 'None')
  );
}
