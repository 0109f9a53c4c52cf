/**
 * The tasks store: what a coach's link points to. The task token stays here, never in a link.
 * One function per business write, each a single conditional write, so any of them can be redone
 * after a crash and converges (see functions/domain/task-protocol.ts for the life cycle).
 */
import {
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { dynamo } from './clients';
import { tableName } from './settings';
import type { TaskType } from '../domain/coach-task';
import type { TaskStatus } from '../domain/task-protocol';
import type { Dimensions } from '../domain/profile';

export interface CoachTask {
  taskId: string;
  taskType: TaskType;
  beneficiaryId: string;
  /** Which task of its kind in the journey (absent on tasks from before: 1); a follow-up's month. */
  step?: number;
  coachId: string;
  coachName: string;
  dimensions: Dimensions;
  /** The workflow's current token for this task; a reminder brings a new one. */
  taskToken: string;
  status: TaskStatus;
  /** When the task was first sent. */
  createdAt: string;
  lastSentAt: string;
  /** Time-outs so far: the first MAX_REMINDERS each sent a reminder, the next one escalated. */
  reminders: number;
  /** The reminder count whose email went out (0: the first): a retry does not email twice. */
  emailedFor?: number;
  /** Epoch seconds: the link's expiry, signed into it. */
  expiresAt: number;
  /** Epoch seconds: when DynamoDB may delete the record (TTL). */
  purgeAt: number;
  answers?: Record<string, unknown>;
  answeredAt?: string;
  /** Present only while an answer waits to reach the workflow: the key of the sweep's index. */
  pendingDelivery?: 'answered';
  deliveredAt?: string;
  escalatedAt?: string;
  /** Set when the supervisor's email went out, so a retry does not send it twice. */
  escalationEmailed?: boolean;
  closedAt?: string;
  closedReason?: string;
  /** When the coach should have answered (the current send's time-out, on the platform's clock). */
  dueAt?: string;
  /** The beneficiary's association (whose supervisor sees the task when it is overdue). */
  association?: string;
  /**
   * One more each time the task moves to another coach (absent: 0). Links are signed for one
   * generation: those of an older one say the task was reassigned and take no answer.
   */
  linkGeneration?: number;
  /** The link generation whose email went out (absent: 0), so a retried move emails once. */
  emailedGeneration?: number;
  /** When the task last moved to another coach. */
  movedAt?: string;
  /**
   * The beneficiary's region, on a training choice only while it is open (the key of the sparse
   * index of those waiting for a training: a new offer is announced to their coaches).
   */
  awaitingTrainingIn?: string;
  /**
   * The beneficiary's region while the task is open (the key of the sparse index the dashboard
   * counts overdue tasks from, with `dueAt`); removed when it is answered or closed.
   */
  openIn?: string;
}

/** The sparse index the sweep reads: tasks answered whose answer has not reached the workflow. */
export const PENDING_DELIVERY_INDEX = 'pending-delivery';
/** The sparse index of open training choices, by region: who waits for a training. */
export const AWAITING_TRAINING_INDEX = 'awaiting-training';
/** The sparse index of open tasks, by region and due time: the dashboard's overdue tasks. */
export const OPEN_BY_REGION_INDEX = 'open-by-region';

const table = () => tableName('tasks');

function conditionFailed(error: unknown): boolean {
  return (error as Error).name === 'ConditionalCheckFailedException';
}

/** Runs a conditional write; false when its condition did not hold (nothing was changed). */
async function conditional(write: () => Promise<unknown>): Promise<boolean> {
  try {
    await write();
    return true;
  } catch (error) {
    if (conditionFailed(error)) return false;
    throw error;
  }
}

export async function getTask(taskId: string): Promise<CoachTask | undefined> {
  const { Item } = await dynamo.send(
    new GetCommand({ TableName: table(), Key: { taskId }, ConsistentRead: true }),
  );
  return Item as CoachTask | undefined;
}

/** Records a new task; false if it exists already (a concurrent or earlier send made it). */
export function createTask(task: CoachTask): Promise<boolean> {
  return conditional(() =>
    dynamo.send(
      new PutCommand({ TableName: table(), Item: task, ConditionExpression: 'attribute_not_exists(taskId)' }),
    ),
  );
}

/** The condition "the task's link generation is this one" (a task that never moved is at 0). */
function generationIs(generation: number): string {
  return generation === 0
    ? '(attribute_not_exists(linkGeneration) OR linkGeneration = :generation)'
    : 'linkGeneration = :generation';
}

/**
 * Swaps in the workflow's new token (after a time-out); the link and any answer stay. The new
 * send's time-out is the task's new due date; `association` fills it in on a task made before
 * tasks carried it.
 */
export function renewToken(
  taskId: string,
  fromToken: string,
  toToken: string,
  reminders: number,
  now: Date,
  dueAt: string,
  association?: string,
): Promise<boolean> {
  return conditional(() =>
    dynamo.send(
      new UpdateCommand({
        TableName: table(),
        Key: { taskId },
        UpdateExpression: `SET taskToken = :to, reminders = :reminders, lastSentAt = :now, dueAt = :dueAt${
          association === undefined ? '' : ', association = if_not_exists(association, :association)'
        }`,
        ConditionExpression: 'taskToken = :from AND #status IN (:open, :answered)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':from': fromToken,
          ':to': toToken,
          ':reminders': reminders,
          ':now': now.toISOString(),
          ':dueAt': dueAt,
          ':open': 'open',
          ':answered': 'answered',
          ...(association === undefined ? {} : { ':association': association }),
        },
      }),
    ),
  );
}

/**
 * Moves an open task to another coach: the coach, their name and the next link generation, in one
 * write conditional on the task being still open, still with `from`'s coach and generation. False
 * when it was answered, closed or moved meanwhile (nothing changed): an answer given in the
 * instant before the move wins.
 *
 * With `whileCoachOf`, the move is a transaction that also checks the beneficiary still has `to`
 * as their coach: two reassignments racing each other cannot leave the task with the coach the
 * beneficiary no longer has.
 */
export async function moveTask(
  from: Pick<CoachTask, 'taskId' | 'coachId' | 'linkGeneration'>,
  to: { code: string; displayName: string },
  now: Date,
  whileCoachOf?: string,
): Promise<boolean> {
  const generation = from.linkGeneration ?? 0;
  const update = {
    TableName: table(),
    Key: { taskId: from.taskId },
    UpdateExpression: 'SET coachId = :to, coachName = :name, linkGeneration = :next, movedAt = :now',
    ConditionExpression: `#status = :open AND coachId = :from AND ${generationIs(generation)}`,
    ExpressionAttributeNames: { '#status': 'status' },
    ExpressionAttributeValues: {
      ':open': 'open',
      ':from': from.coachId,
      ':to': to.code,
      ':name': to.displayName,
      ':generation': generation,
      ':next': generation + 1,
      ':now': now.toISOString(),
    },
  };
  if (whileCoachOf === undefined) return conditional(() => dynamo.send(new UpdateCommand(update)));
  try {
    await dynamo.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            ConditionCheck: {
              TableName: tableName('beneficiaries'),
              Key: { beneficiaryId: whileCoachOf },
              ConditionExpression: 'coachId = :to',
              ExpressionAttributeValues: { ':to': to.code },
            },
          },
          { Update: update },
        ],
      }),
    );
    return true;
  } catch (error) {
    if ((error as Error).name === 'TransactionCanceledException') {
      const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
      if (reasons.some((r) => r.Code === 'ConditionalCheckFailed')) return false;
    }
    throw error;
  }
}

/** The email of this link generation went out (never moves the mark back to an older one). */
export function markGenerationEmailed(taskId: string, generation: number): Promise<boolean> {
  return conditional(() =>
    dynamo.send(
      new UpdateCommand({
        TableName: table(),
        Key: { taskId },
        UpdateExpression: 'SET emailedGeneration = :generation',
        ConditionExpression:
          'attribute_exists(taskId) AND (attribute_not_exists(emailedGeneration) OR emailedGeneration < :generation)',
        ExpressionAttributeValues: { ':generation': generation },
      }),
    ),
  );
}

export function markEmailed(taskId: string, reminders: number): Promise<boolean> {
  return conditional(() =>
    dynamo.send(
      new UpdateCommand({
        TableName: table(),
        Key: { taskId },
        UpdateExpression: 'SET emailedFor = :reminders',
        ConditionExpression: 'attribute_exists(taskId)',
        ExpressionAttributeValues: { ':reminders': reminders },
      }),
    ),
  );
}

/**
 * The coach's answer: `open` → `answered`, with the answers, in one conditional write — only
 * through a link of the task's current generation (a task moved to another coach meanwhile takes
 * nothing from the old link). This write is the commitment the 200 stands for; delivering it to
 * the workflow follows from it.
 */
export function answerTask(
  taskId: string,
  answers: Record<string, unknown>,
  now: Date,
  generation = 0,
): Promise<boolean> {
  return conditional(() =>
    dynamo.send(
      new UpdateCommand({
        TableName: table(),
        Key: { taskId },
        UpdateExpression:
          'SET #status = :answered, answers = :answers, answeredAt = :now, pendingDelivery = :answered REMOVE awaitingTrainingIn, openIn',
        ConditionExpression: `#status = :open AND ${generationIs(generation)}`,
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':answered': 'answered',
          ':open': 'open',
          ':answers': answers,
          ':now': now.toISOString(),
          ':generation': generation,
        },
      }),
    ),
  );
}

/** The workflow took the answer and recorded its stage: `answered` → `delivered`. */
export function markDelivered(taskId: string, now: Date): Promise<boolean> {
  return conditional(() =>
    dynamo.send(
      new UpdateCommand({
        TableName: table(),
        Key: { taskId },
        UpdateExpression: 'SET #status = :delivered, deliveredAt = :now REMOVE pendingDelivery',
        ConditionExpression: '#status = :answered',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':delivered': 'delivered',
          ':answered': 'answered',
          ':now': now.toISOString(),
        },
      }),
    ),
  );
}

/**
 * The journey ended without this task (its answer, if any, is kept in the record). `onlyIfOpen`
 * leaves an answered task alone, for a journey that may still take its answer.
 */
export function closeTask(
  taskId: string,
  reason: string,
  now: Date,
  which: 'openOrAnswered' | 'onlyIfOpen' = 'openOrAnswered',
): Promise<boolean> {
  return conditional(() =>
    dynamo.send(
      new UpdateCommand({
        TableName: table(),
        Key: { taskId },
        UpdateExpression:
          'SET #status = :closed, closedAt = :now, closedReason = :reason REMOVE pendingDelivery, awaitingTrainingIn, openIn',
        ConditionExpression: which === 'onlyIfOpen' ? '#status = :open' : '#status IN (:open, :answered)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':closed': 'closed',
          ':open': 'open',
          ...(which === 'onlyIfOpen' ? {} : { ':answered': 'answered' }),
          ':reason': reason,
          ':now': now.toISOString(),
        },
      }),
    ),
  );
}

/** Marks the task escalated (once); true the first time. */
export function markEscalated(taskId: string, now: Date): Promise<boolean> {
  return conditional(() =>
    dynamo.send(
      new UpdateCommand({
        TableName: table(),
        Key: { taskId },
        UpdateExpression: 'SET escalatedAt = :now',
        ConditionExpression: 'attribute_exists(taskId) AND attribute_not_exists(escalatedAt)',
        ExpressionAttributeValues: { ':now': now.toISOString() },
      }),
    ),
  );
}

export function markEscalationEmailed(taskId: string): Promise<boolean> {
  return conditional(() =>
    dynamo.send(
      new UpdateCommand({
        TableName: table(),
        Key: { taskId },
        UpdateExpression: 'SET escalationEmailed = :yes',
        ConditionExpression: 'attribute_exists(taskId)',
        ExpressionAttributeValues: { ':yes': true },
      }),
    ),
  );
}

/** Every task of an index's key condition, through every page. */
async function tasksOfIndex(
  indexName: string,
  keyCondition: string,
  values: Record<string, unknown>,
): Promise<CoachTask[]> {
  const tasks: CoachTask[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await dynamo.send(
      new QueryCommand({
        TableName: table(),
        IndexName: indexName,
        KeyConditionExpression: keyCondition,
        ExpressionAttributeValues: values,
        ExclusiveStartKey: startKey,
      }),
    );
    tasks.push(...((page.Items ?? []) as CoachTask[]));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return tasks;
}

/** Tasks answered at or before `answeredBefore` whose answer has not reached the workflow yet. */
export function pendingDeliveries(answeredBefore: Date): Promise<CoachTask[]> {
  return tasksOfIndex(PENDING_DELIVERY_INDEX, 'pendingDelivery = :answered AND answeredAt <= :before', {
    ':answered': 'answered',
    ':before': answeredBefore.toISOString(),
  });
}

/**
 * The open training choices of a region: the beneficiaries waiting for a training, oldest first.
 * A sparse index: only open choices carry its key, so this reads those and nothing else.
 */
export async function tasksAwaitingTraining(region: string): Promise<CoachTask[]> {
  const tasks = await tasksOfIndex(AWAITING_TRAINING_INDEX, 'awaitingTrainingIn = :region', {
    ':region': region,
  });
  // An index is read eventually consistent: a choice answered a moment ago may still be listed.
  return tasks.filter((task) => task.status === 'open');
}
