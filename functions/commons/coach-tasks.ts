/** Task records: what a coach's link points to. The task token stays here, never in a link. */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from './clients';
import { tableName } from './tables';
import type { TaskStatus, TaskType } from '../domain/coach-task';
import type { Dimensions } from '../domain/profile';

export interface CoachTask {
  taskId: string;
  taskType: TaskType;
  beneficiaryId: string;
  coachId: string;
  coachName: string;
  dimensions: Dimensions;
  taskToken: string;
  status: TaskStatus;
  createdAt: string;
  /** Epoch seconds: the link's expiry, signed into it. */
  expiresAt: number;
  /** Epoch seconds: when DynamoDB may delete the record (TTL). */
  purgeAt: number;
  completedAt?: string;
  answers?: Record<string, unknown>;
}

export async function getTask(taskId: string): Promise<CoachTask | undefined> {
  const { Item } = await dynamo.send(
    new GetCommand({ TableName: tableName('tasks'), Key: { taskId }, ConsistentRead: true }),
  );
  return Item as CoachTask | undefined;
}
