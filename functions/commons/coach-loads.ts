/**
 * Coaches and their caseloads (reference data): who may take a beneficiary, taking them, and
 * handing one to another coach.
 */
import { GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from './clients';
import { tableName } from './settings';
import type { CoachLoad } from '../domain/coach-assignment';
import { DEFAULT_COACH_CAPACITY } from '../domain/reference-data';
import type { AuditEntry } from '../domain/audit';
import type { CoachRecord } from '../domain/reassignment';

/** Every coach of the reference table with their load, read through every page. */
export async function coachesWithLoad(): Promise<CoachLoad[]> {
  return (await coachRecords()).map((coach) => ({
    ...coach,
    activeBeneficiaries: coach.activeBeneficiaries ?? 0,
  }));
}

/**
 * Gives the beneficiary this coach and counts them in the coach's caseload, together, only while
 * the coach has room (the condition on the count: two journeys never both take the last place)
 * and is active: `full` then. The condition on the beneficiary (no coach yet) makes a retried step
 * count nothing twice: `alreadyAssigned`.
 */
export async function assignCoachOnce(
  beneficiaryId: string,
  coachCode: string,
): Promise<'assigned' | 'alreadyAssigned' | 'full'> {
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
              // Room left (a record without a capacity has the default) and still active.
              ConditionExpression:
                '(attribute_not_exists(active) OR active = :true) AND ' +
                '(attribute_not_exists(activeBeneficiaries) OR ' +
                '(attribute_exists(#capacity) AND activeBeneficiaries < #capacity) OR ' +
                '(attribute_not_exists(#capacity) AND activeBeneficiaries < :defaultCapacity))',
              ExpressionAttributeNames: { '#capacity': 'capacity' },
              ExpressionAttributeValues: {
                ':one': 1,
                ':true': true,
                ':defaultCapacity': DEFAULT_COACH_CAPACITY,
              },
            },
          },
        ],
      }),
    );
    return 'assigned';
  } catch (error) {
    const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
    if ((error as Error).name !== 'TransactionCanceledException') throw error;
    if (reasons[0]?.Code === 'ConditionalCheckFailed') return 'alreadyAssigned';
    if (reasons[1]?.Code === 'ConditionalCheckFailed') return 'full';
    throw error;
  }
}

/**
 * The journey ended: its coach's caseload frees the place, once — the beneficiary is marked
 * released in the same transaction, so a retried step frees nothing twice.
 */
export async function releaseCoachOnce(beneficiaryId: string, now: Date): Promise<boolean> {
  const { Item } = await dynamo.send(
    new GetCommand({ TableName: tableName('beneficiaries'), Key: { beneficiaryId }, ConsistentRead: true }),
  );
  const coachId = typeof Item?.coachId === 'string' ? Item.coachId : undefined;
  if (!coachId || Item?.coachReleasedAt) return false;
  try {
    await dynamo.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: tableName('beneficiaries'),
              Key: { beneficiaryId },
              UpdateExpression: 'SET coachReleasedAt = :now',
              ConditionExpression: 'coachId = :coach AND attribute_not_exists(coachReleasedAt)',
              ExpressionAttributeValues: { ':now': now.toISOString(), ':coach': coachId },
            },
          },
          {
            Update: {
              TableName: tableName('reference'),
              Key: { kind: 'coach', code: coachId },
              UpdateExpression: 'ADD activeBeneficiaries :minusOne',
              ConditionExpression: 'activeBeneficiaries > :zero',
              ExpressionAttributeValues: { ':minusOne': -1, ':zero': 0 },
            },
          },
        ],
      }),
    );
    return true;
  } catch (error) {
    // Released already (a retry), or the count already at zero: nothing to free. Anything else
    // (a transaction conflicting with an assignment) is thrown, and the step retries.
    const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
    if (
      (error as Error).name === 'TransactionCanceledException' &&
      reasons.some((r) => r.Code === 'ConditionalCheckFailed')
    )
      return false;
    throw error;
  }
}

/** Every coach of the reference table, with their load (a record from before capacities has none). */
export async function coachRecords(): Promise<CoachRecord[]> {
  const coaches: CoachRecord[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await dynamo.send(
      new QueryCommand({
        TableName: tableName('reference'),
        KeyConditionExpression: 'kind = :coach',
        ExpressionAttributeValues: { ':coach': 'coach' },
        ConsistentRead: true,
        ExclusiveStartKey: start,
      }),
    );
    coaches.push(...((page.Items ?? []) as CoachRecord[]));
    start = page.LastEvaluatedKey;
  } while (start);
  return coaches;
}

export async function getCoachRecord(code: string): Promise<CoachRecord | undefined> {
  const { Item } = await dynamo.send(
    new GetCommand({ TableName: tableName('reference'), Key: { kind: 'coach', code }, ConsistentRead: true }),
  );
  return Item as CoachRecord | undefined;
}

/**
 * How many of the association's beneficiaries each coach holds, from their ids and coaches alone
 * (a projection: no name or contact is read).
 */
export async function coachesOfAssociation(association: string): Promise<Map<string, string[]>> {
  const held = new Map<string, string[]>();
  let start: Record<string, unknown> | undefined;
  do {
    const page = await dynamo.send(
      new QueryCommand({
        TableName: tableName('beneficiaries'),
        IndexName: 'by-association',
        KeyConditionExpression: 'association = :association',
        ProjectionExpression: 'beneficiaryId, coachId',
        ExpressionAttributeValues: { ':association': association },
        ExclusiveStartKey: start,
      }),
    );
    for (const item of page.Items ?? []) {
      const { beneficiaryId, coachId } = item as { beneficiaryId: string; coachId?: string };
      if (coachId) held.set(coachId, [...(held.get(coachId) ?? []), beneficiaryId]);
    }
    start = page.LastEvaluatedKey;
  } while (start);
  return held;
}

export type ReassignOutcome = 'reassigned' | 'beneficiaryChanged' | 'coachMissing';

/**
 * Hands a beneficiary from one coach to another, in one transaction: their coach `from` → `to`
 * (only if it is still `from`), the two caseloads −1/+1 (the new coach must exist), and the audit
 * entry that records it. All or nothing: a retry whose first try went through finds the
 * beneficiary with `to` already (`beneficiaryChanged`) and changes and counts nothing twice.
 */
export async function reassignBeneficiary(
  beneficiaryId: string,
  from: string,
  to: string,
  audit: AuditEntry,
): Promise<ReassignOutcome> {
  try {
    await dynamo.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: tableName('beneficiaries'),
              Key: { beneficiaryId },
              UpdateExpression: 'SET coachId = :to',
              ConditionExpression: 'coachId = :from',
              ExpressionAttributeValues: { ':from': from, ':to': to },
            },
          },
          {
            Update: {
              TableName: tableName('reference'),
              Key: { kind: 'coach', code: from },
              UpdateExpression: 'ADD activeBeneficiaries :minusOne',
              ExpressionAttributeValues: { ':minusOne': -1 },
            },
          },
          {
            Update: {
              TableName: tableName('reference'),
              Key: { kind: 'coach', code: to },
              UpdateExpression: 'ADD activeBeneficiaries :one',
              // Still there, and not made inactive meanwhile.
              ConditionExpression:
                'attribute_exists(code) AND (attribute_not_exists(active) OR active = :true)',
              ExpressionAttributeValues: { ':one': 1, ':true': true },
            },
          },
          { Put: { TableName: tableName('caseFiles'), Item: audit } },
        ],
      }),
    );
    return 'reassigned';
  } catch (error) {
    const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
    if ((error as Error).name !== 'TransactionCanceledException') throw error;
    if (reasons[0]?.Code === 'ConditionalCheckFailed') return 'beneficiaryChanged';
    if (reasons[2]?.Code === 'ConditionalCheckFailed') return 'coachMissing';
    throw error;
  }
}
