/**
 * The journey store: one business write, "the beneficiary reached a stage", used by every step.
 * Two plain writes, each idempotent, in an order that converges when redone after a crash at any
 * point: the journey event first (written once: its id is the stage), then the beneficiary's
 * stage. Plain writes, not a transaction: DynamoDB Local can lose the last acknowledged
 * transaction when killed, never a plain write.
 */
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from './clients';
import { tableName } from './settings';
import type { JourneyEvent } from '../domain/journey-events';

export async function putJourneyEvent(event: JourneyEvent): Promise<'written' | 'alreadyThere'> {
  try {
    await dynamo.send(
      new PutCommand({
        TableName: tableName('journeyEvents'),
        Item: event,
        ConditionExpression: 'attribute_not_exists(eventId)',
      }),
    );
    return 'written';
  } catch (error) {
    if ((error as Error).name === 'ConditionalCheckFailedException') return 'alreadyThere';
    throw error;
  }
}

/**
 * Records that a beneficiary reached `event.stage`, with any facts of that stage (`set`). With
 * `keepFirst`, a fact already stored is kept (two runs of one step at once converge on the first).
 */
export async function recordStage(
  event: JourneyEvent,
  set: Record<string, unknown> = {},
  keepFirst = false,
): Promise<void> {
  await putJourneyEvent(event);
  const names: Record<string, string> = { '#stage': 'stage' };
  const values: Record<string, unknown> = { ':stage': event.stage };
  const assignments = ['#stage = :stage'];
  Object.entries(set).forEach(([field, value], index) => {
    names[`#f${index}`] = field;
    values[`:f${index}`] = value;
    assignments.push(
      keepFirst ? `#f${index} = if_not_exists(#f${index}, :f${index})` : `#f${index} = :f${index}`,
    );
  });
  await dynamo.send(
    new UpdateCommand({
      TableName: tableName('beneficiaries'),
      Key: { beneficiaryId: event.beneficiaryId },
      UpdateExpression: `SET ${assignments.join(', ')} REMOVE lateSince`,
      ConditionExpression: 'attribute_exists(beneficiaryId)',
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    }),
  );
}

/** Marks the journey late (a task escalated); cleared by the next stage recorded. */
export async function markLate(beneficiaryId: string, since: Date, taskType: string): Promise<void> {
  await dynamo.send(
    new UpdateCommand({
      TableName: tableName('beneficiaries'),
      Key: { beneficiaryId },
      UpdateExpression: 'SET lateSince = if_not_exists(lateSince, :since), lateTask = :task',
      ConditionExpression: 'attribute_exists(beneficiaryId)',
      ExpressionAttributeValues: { ':since': since.toISOString(), ':task': taskType },
    }),
  );
}
