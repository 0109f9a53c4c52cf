/** Reading coach tasks by beneficiary (a case file's timeline) and by coach (a caseload). */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from './clients';
import { tableName } from './settings';
import type { CoachTask } from './coach-tasks';

async function tasksBy(
  index: 'by-beneficiary' | 'by-coach',
  key: string,
  value: string,
): Promise<CoachTask[]> {
  const tasks: CoachTask[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await dynamo.send(
      new QueryCommand({
        TableName: tableName('tasks'),
        IndexName: index,
        KeyConditionExpression: '#key = :value',
        ExpressionAttributeNames: { '#key': key },
        ExpressionAttributeValues: { ':value': value },
        ExclusiveStartKey: start,
      }),
    );
    tasks.push(...((page.Items ?? []) as CoachTask[]));
    start = page.LastEvaluatedKey;
  } while (start);
  return tasks;
}

/** Every task of one beneficiary's journey, oldest first (the index is eventually consistent). */
export function tasksOfBeneficiary(beneficiaryId: string): Promise<CoachTask[]> {
  return tasksBy('by-beneficiary', 'beneficiaryId', beneficiaryId);
}

/** Every task a coach holds now, oldest first. */
export function tasksOfCoach(coachId: string): Promise<CoachTask[]> {
  return tasksBy('by-coach', 'coachId', coachId);
}
