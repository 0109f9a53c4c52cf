/** Coaches and their caseloads (reference data): who may take a beneficiary, and taking them. */
import { QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from './clients';
import { tableName } from './settings';
import type { CoachLoad } from '../domain/coach-assignment';

export async function coachesWithLoad(): Promise<CoachLoad[]> {
  const { Items = [] } = await dynamo.send(
    new QueryCommand({
      TableName: tableName('reference'),
      KeyConditionExpression: 'kind = :coach',
      ExpressionAttributeValues: { ':coach': 'coach' },
      ConsistentRead: true,
    }),
  );
  return Items as CoachLoad[];
}

/**
 * Gives the beneficiary this coach and counts them in the coach's caseload, together: the
 * condition (no coach yet) makes a retried step count nothing twice. False if a coach was
 * already assigned (by an earlier try).
 */
export async function assignCoachOnce(beneficiaryId: string, coachCode: string): Promise<boolean> {
  try {
    await dynamo.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: tableName('beneficiaries'),
              Key: { beneficiaryId },
              UpdateExpression: 'SET coachId = :coach',
              ConditionExpression: 'attribute_exists(beneficiaryId) AND attribute_not_exists(coachId)',
              ExpressionAttributeValues: { ':coach': coachCode },
            },
          },
          {
            Update: {
              TableName: tableName('reference'),
              Key: { kind: 'coach', code: coachCode },
              UpdateExpression: 'ADD activeBeneficiaries :one',
              ExpressionAttributeValues: { ':one': 1 },
            },
          },
        ],
      }),
    );
    return true;
  } catch (error) {
    const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
    if (
      (error as Error).name === 'TransactionCanceledException' &&
      reasons[0]?.Code === 'ConditionalCheckFailed'
    ) {
      return false;
    }
    throw error;
  }
}
