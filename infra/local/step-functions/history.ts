/**
 * An execution's history as AWS writes it (the event types and details GetExecutionHistory
 * returns), and the one writer of each execution's history: events get consecutive ids, and each
 * is written in the same DynamoDB transaction as the change of state it records, so a restart
 * neither loses nor repeats one.
 */
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Json } from './asl';
import { Aborted } from './timers';
import {
  keys,
  listingItem,
  type EngineRecords,
  type ExecutionRecord,
  type ExecutionStatus,
  type StoredEvent,
} from './records';

/** An event before it has an id. */
export interface NewEvent {
  type: string;
  timestamp: number;
  [details: string]: unknown;
}

/** What a Task state runs, as its history events name it. */
export interface TaskResource {
  /** `lambda` for Lambda integrations; `function` for a bare Lambda ARN (LambdaFunction* events). */
  resourceType: string;
  resource: string;
  region: string;
}

const data = (field: 'input' | 'output', value: string) => ({
  [field]: value,
  [`${field}Details`]: { truncated: false },
});

const event = (type: string, details?: Record<string, unknown>): NewEvent => {
  if (!details) return { type, timestamp: Date.now() };
  const field = `${type.charAt(0).toLowerCase()}${type.slice(1)}EventDetails`;
  return { type, timestamp: Date.now(), [field]: details };
};

/** The details field of `*StateEntered`/`*StateExited` events is shared by every state type. */
const stateEvent = (type: string, field: string, details: Record<string, unknown>, timestamp: number) => ({
  type,
  timestamp,
  [field]: details,
});

export const events = {
  executionStarted: (input: string, roleArn: string) =>
    event('ExecutionStarted', { ...data('input', input), roleArn }),
  executionSucceeded: (output: string) => event('ExecutionSucceeded', data('output', output)),
  executionFailed: (error: string, cause: string) => event('ExecutionFailed', { error, cause }),
  executionAborted: (error?: string, cause?: string) =>
    event('ExecutionAborted', {
      ...(error === undefined ? {} : { error }),
      ...(cause === undefined ? {} : { cause }),
    }),
  executionTimedOut: () =>
    event('ExecutionTimedOut', {
      error: 'States.Timeout',
      cause: 'The execution ran longer than its TimeoutSeconds.',
    }),
  stateEntered: (stateType: string, name: string, input: Json, timestamp: number) =>
    stateEvent(
      `${stateType}StateEntered`,
      'stateEnteredEventDetails',
      { name, ...data('input', JSON.stringify(input ?? null)) },
      timestamp,
    ),
  stateExited: (stateType: string, name: string, output: Json, timestamp: number) =>
    stateEvent(
      `${stateType}StateExited`,
      'stateExitedEventDetails',
      { name, ...data('output', JSON.stringify(output ?? null)) },
      timestamp,
    ),
  taskScheduled: (
    task: TaskResource,
    parameters: Json,
    timeoutSeconds?: number,
    heartbeatSeconds?: number,
  ) =>
    task.resourceType === 'function'
      ? event('LambdaFunctionScheduled', {
          resource: task.resource,
          ...data('input', JSON.stringify(parameters)),
          ...(timeoutSeconds === undefined ? {} : { timeoutInSeconds: timeoutSeconds }),
        })
      : event('TaskScheduled', {
          resourceType: task.resourceType,
          resource: task.resource,
          region: task.region,
          parameters: JSON.stringify(parameters),
          ...(timeoutSeconds === undefined ? {} : { timeoutInSeconds: timeoutSeconds }),
          ...(heartbeatSeconds === undefined ? {} : { heartbeatInSeconds: heartbeatSeconds }),
        }),
  taskStarted: (task: TaskResource) =>
    task.resourceType === 'function'
      ? event('LambdaFunctionStarted')
      : event('TaskStarted', { resourceType: task.resourceType, resource: task.resource }),
  taskSubmitted: (task: TaskResource, output: string) =>
    event('TaskSubmitted', {
      resourceType: task.resourceType,
      resource: task.resource,
      ...data('output', output),
    }),
  taskSucceeded: (task: TaskResource, output: string) =>
    task.resourceType === 'function'
      ? event('LambdaFunctionSucceeded', data('output', output))
      : event('TaskSucceeded', {
          resourceType: task.resourceType,
          resource: task.resource,
          ...data('output', output),
        }),
  taskFailed: (task: TaskResource, error: string, cause: string) =>
    task.resourceType === 'function'
      ? event('LambdaFunctionFailed', { error, cause })
      : event('TaskFailed', { resourceType: task.resourceType, resource: task.resource, error, cause }),
  taskTimedOut: (task: TaskResource, cause: string) =>
    task.resourceType === 'function'
      ? event('LambdaFunctionTimedOut', { error: 'States.Timeout', cause })
      : event('TaskTimedOut', {
          resourceType: task.resourceType,
          resource: task.resource,
          error: 'States.Timeout',
          cause,
        }),
};

/** How AWS names a Task's resource in its history, from the ARN in the state machine. */
export function taskResource(resourceArn: string, stateMachineArn: string): TaskResource {
  const region = stateMachineArn.split(':')[3] ?? '';
  const integration = /^arn:aws[a-z-]*:states:[^:]*:[^:]*:([^:]+):(.+)$/.exec(resourceArn);
  if (integration) return { resourceType: integration[1] ?? '', resource: integration[2] ?? '', region };
  if (/^arn:aws[a-z-]*:lambda:/.test(resourceArn))
    return { resourceType: 'function', resource: resourceArn, region };
  return { resourceType: 'unknown', resource: resourceArn, region };
}

export type TransactItem = NonNullable<
  ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']
>[number];

/** What an append changes besides adding events. */
export interface ExecutionChange {
  /** Fields of the execution item to set, and to remove. */
  set?: Partial<ExecutionRecord>;
  remove?: (keyof ExecutionRecord)[];
  /** The execution ends: its status, its listing line and the removal of its resumption data. */
  finish?: { status: Exclude<ExecutionStatus, 'RUNNING'>; output?: string; error?: string; cause?: string };
  /** Other writes of the same transaction, each with its own condition (a token's). */
  items?: TransactItem[];
}

/**
 * written: done. ended: the execution is no longer running (nothing written). conflict: the
 * condition of one of `items` failed (nothing written).
 */
export type AppendResult = 'written' | 'ended' | 'conflict';

/**
 * The single writer of one execution's history and state, in this process: appends run one at a
 * time, each a transaction that moves `lastEventId` on from the value it read.
 */
export class ExecutionLog {
  private chain: Promise<unknown> = Promise.resolve();
  private record: ExecutionRecord | undefined;

  constructor(
    private readonly records: EngineRecords,
    readonly arn: string,
    /** False once the engine closes: DynamoDB may be stopping, and the run resumes next start. */
    private readonly canWrite: () => boolean,
    /** Told once the execution's end is written (its status), by this writer. */
    private readonly onFinish: (status: Exclude<ExecutionStatus, 'RUNNING'>) => void = () => undefined,
  ) {}

  append(newEvents: NewEvent[], change: ExecutionChange = {}): Promise<AppendResult> {
    const next = this.chain.then(() => this.write(newEvents, change));
    this.chain = next.catch(() => undefined);
    return next;
  }

  private async write(
    newEvents: NewEvent[],
    change: ExecutionChange,
    retried = false,
  ): Promise<AppendResult> {
    if (!this.canWrite()) throw new Aborted();
    const record = this.record ?? (await this.records.execution(this.arn));
    if (!record || record.status !== 'RUNNING') return 'ended';
    const { table } = this.records;
    const lastEventId = record.lastEventId + newEvents.length;
    const stored: StoredEvent[] = newEvents.map((e, i) => ({
      ...e,
      id: record.lastEventId + i + 1,
      previousEventId: record.lastEventId + i,
    }));
    const after: ExecutionRecord = { ...record, ...change.set, lastEventId };
    for (const field of change.remove ?? []) delete after[field];
    if (change.finish) {
      const { status, ...outcome } = change.finish;
      Object.assign(after, { status, stopDate: Date.now(), ...outcome });
      for (const field of ['currentInput', 'pendingToken', 'waitDeadline'] as const) delete after[field];
    }
    const items: TransactItem[] = [
      {
        Put: {
          TableName: table,
          Item: { ...keys.execution(this.arn), ...definedOnly(after) },
          ConditionExpression: '#status = :running AND lastEventId = :last',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':running': 'RUNNING', ':last': record.lastEventId },
        },
      },
      ...stored.map((e) => ({ Put: { TableName: table, Item: { ...keys.event(this.arn, e.id), ...e } } })),
      ...(change.finish ? [{ Put: { TableName: table, Item: listingItem(after) } }] : []),
      ...(change.items ?? []),
    ];
    try {
      await this.records.dynamo.send(new TransactWriteCommand({ TransactItems: items }));
    } catch (error) {
      const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons;
      if ((error as Error).name !== 'TransactionCanceledException' || !reasons) throw error;
      this.record = undefined;
      if (reasons[0]?.Code === 'ConditionalCheckFailed') {
        // Another writer moved the execution on (a stop, a second process): read it again, once.
        if (retried) {
          throw new Error(`History of ${this.arn} is being written from elsewhere`, { cause: error });
        }
        return this.write(newEvents, change, true);
      }
      if (reasons.some((r) => r.Code === 'ConditionalCheckFailed')) return 'conflict';
      throw error;
    }
    this.record = after;
    if (change.finish) this.onFinish(change.finish.status);
    return 'written';
  }
}

/** The fields that have a value (the document client refuses `undefined` unless told otherwise). */
function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
