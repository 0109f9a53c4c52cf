/**
 * The local Step Functions engine: runs the workflows' ASL with aws-local-stepfunctions, and
 * keeps every execution in DynamoDB (state reached, its input, open task tokens, pending waits) so
 * that a killed `npm start` resumes each journey where it stood, and a link sent before still works.
 *
 * What it adds to the interpreter: real task tokens per `.waitForTaskToken` state, the callback
 * API (SendTaskSuccess/Failure/Heartbeat), task time-outs and Wait states on a scaled clock,
 * StopExecution, and resumption at the top-level state an execution had reached.
 */
import './polyfills';
import { randomBytes, randomUUID } from 'node:crypto';
import { StateMachine, ExecutionAbortedError, ExecutionError } from 'aws-local-stepfunctions';
import {
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  ScanCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import {
  LOCAL_WAIT_RESOURCE,
  readPath,
  replaceString,
  type Json,
  type PreparedWorkflow,
  type StateTiming,
} from './asl';

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

export interface HistoryEvent {
  timestamp: number;
  type: string;
  name?: string;
  error?: string;
}

export interface ExecutionRecord {
  pk: string;
  executionArn: string;
  stateMachineArn: string;
  name: string;
  status: ExecutionStatus;
  input: string;
  output?: string;
  error?: string;
  cause?: string;
  startDate: number;
  stopDate?: number;
  currentState?: string;
  currentInput?: string;
  pendingToken?: string;
  waitDeadline?: number;
  history: HistoryEvent[];
}

type TokenStatus = 'WAITING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'CLOSED';

interface TokenRecord {
  pk: string;
  token: string;
  executionArn: string;
  stateName: string;
  status: TokenStatus;
  invoked: boolean;
  deadline?: number;
  heartbeatSeconds?: number;
  lastHeartbeat?: number;
  output?: string;
  error?: string;
  cause?: string;
}

/** An error of the Step Functions API, named as the SDK names its exceptions. */
export class StepFunctionsError extends Error {
  constructor(
    override readonly name: string,
    message: string,
  ) {
    super(message);
  }
}

export interface LocalWorkflow extends PreparedWorkflow {
  stateMachineArn: string;
}

export interface EngineOptions {
  dynamo: DynamoDBDocumentClient;
  /** The engine's own table (created by the local runtime, not part of the application). */
  table: string;
  workflows: LocalWorkflow[];
  /** Runs a bound function, as Lambda would; the result is JSON. */
  invoke: (functionArn: string, payload: Json) => Promise<Json>;
  /** How many times faster than real time Wait states and task time-outs run (1 = real time). */
  timeScale: number;
  log: (message: string) => void;
}

const TOKEN_MARKER = '__kafaat_local_task_token__';

interface Waiter {
  resolve: (output: Json) => void;
  reject: (error: Error) => void;
  rearm: () => void;
}

interface Running {
  abort: () => void;
  /** Set when StopExecution asked for the abort (the execution ends ABORTED, not resumed). */
  stopped: boolean;
}

function namedError(name: string, message: string): Error {
  const error = new Error(message);
  error.name = name;
  // As on AWS, a task's time-out is caught, not retried by a States.TaskFailed retrier: the
  // interpreter reads this flag (its own time-out class is not exported).
  if (name === 'States.Timeout') Object.assign(error, { isRetryable: false });
  return error;
}

export class LocalStepFunctions {
  private readonly machines = new Map<string, StateMachine>();
  private readonly running = new Map<string, Running>();
  private readonly waiters = new Map<string, Waiter>();
  private readonly settled = new Set<Promise<void>>();
  /** Ends what an execution waits on (sleeps, callbacks) when the engine closes. */
  private readonly cancels = new Set<() => void>();
  private closing = false;

  constructor(private readonly options: EngineOptions) {}

  // ---------------------------------------------------------------- the API the endpoint serves

  async startExecution(stateMachineArn: string, name: string | undefined, input: string | undefined) {
    const workflow = this.workflow(stateMachineArn);
    const executionName = name ?? randomUUID();
    if (!/^[A-Za-z0-9_-]{1,80}$/.test(executionName)) {
      throw new StepFunctionsError('InvalidName', `Invalid execution name: ${executionName}`);
    }
    const inputText = input ?? '{}';
    if (Buffer.byteLength(inputText) > 256 * 1024) {
      throw new StepFunctionsError('InvalidExecutionInput', 'Input is larger than 256 KB.');
    }
    try {
      JSON.parse(inputText);
    } catch {
      throw new StepFunctionsError('InvalidExecutionInput', 'Input is not valid JSON.');
    }
    const executionArn = stateMachineArn.replace(':stateMachine:', ':execution:') + `:${executionName}`;
    const now = Date.now();
    const record: ExecutionRecord = {
      pk: `execution#${executionArn}`,
      executionArn,
      stateMachineArn: workflow.stateMachineArn,
      name: executionName,
      status: 'RUNNING',
      input: inputText,
      startDate: now,
      history: [{ timestamp: now, type: 'ExecutionStarted' }],
    };
    try {
      await this.options.dynamo.send(
        new PutCommand({
          TableName: this.options.table,
          Item: record,
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
      const existing = await this.execution(executionArn);
      // As on AWS: the same name and input while it runs is the same execution.
      if (existing.status === 'RUNNING' && existing.input === inputText) {
        return { executionArn, startDate: existing.startDate };
      }
      throw new StepFunctionsError('ExecutionAlreadyExists', `Execution already exists: '${executionArn}'`);
    }
    this.launch(workflow, record, undefined);
    return { executionArn, startDate: now };
  }

  async describeExecution(executionArn: string): Promise<ExecutionRecord> {
    return this.execution(executionArn);
  }

  async listExecutions(stateMachineArn: string): Promise<ExecutionRecord[]> {
    this.workflow(stateMachineArn);
    return (await this.allExecutions()).filter((e) => e.stateMachineArn === stateMachineArn);
  }

  async stopExecution(executionArn: string, error?: string, cause?: string): Promise<number> {
    const record = await this.execution(executionArn);
    const stopDate = Date.now();
    if (record.status !== 'RUNNING') return record.stopDate ?? stopDate;
    const running = this.running.get(executionArn);
    if (running) {
      running.stopped = true;
      running.abort();
    }
    if (record.pendingToken) {
      await this.closeToken(record.pendingToken, 'CLOSED', { error: error ?? 'States.Aborted' }).catch(
        () => undefined,
      );
      this.waiters.get(record.pendingToken)?.reject(namedError('States.Aborted', 'Execution stopped'));
    }
    await this.finish(executionArn, 'ABORTED', { error, cause }, 'ExecutionAborted');
    return stopDate;
  }

  async sendTaskSuccess(token: string, output: string): Promise<void> {
    let parsed: Json;
    try {
      parsed = JSON.parse(output) as Json;
    } catch {
      throw new StepFunctionsError('InvalidOutput', 'Output is not valid JSON.');
    }
    await this.closeToken(token, 'SUCCEEDED', { output });
    this.waiters.get(token)?.resolve(parsed);
  }

  async sendTaskFailure(token: string, error?: string, cause?: string): Promise<void> {
    await this.closeToken(token, 'FAILED', { error: error ?? 'States.TaskFailed', cause: cause ?? '' });
    this.waiters.get(token)?.reject(namedError(error ?? 'States.TaskFailed', cause ?? ''));
  }

  async sendTaskHeartbeat(token: string): Promise<void> {
    const record = await this.token(token);
    if (record.status !== 'WAITING') throw new StepFunctionsError('TaskTimedOut', 'Task Timed Out');
    await this.options.dynamo.send(
      new UpdateCommand({
        TableName: this.options.table,
        Key: { pk: record.pk },
        UpdateExpression: 'SET lastHeartbeat = :now',
        ExpressionAttributeValues: { ':now': Date.now() },
      }),
    );
    this.waiters.get(token)?.rearm();
  }

  // ---------------------------------------------------------------- life cycle

  /** Resumes every execution that was running when the platform last stopped. */
  async resumeAll(): Promise<number> {
    const open = (await this.allExecutions()).filter((e) => e.status === 'RUNNING');
    for (const record of open) {
      const workflow = this.workflow(record.stateMachineArn);
      this.options.log(`Resuming ${record.name} at "${record.currentState ?? 'start'}"`);
      this.launch(workflow, record, record.currentState);
    }
    return open.length;
  }

  /** Stops running executions in memory only: they stay RUNNING in the table and resume next start. */
  async close(): Promise<void> {
    this.closing = true;
    for (const running of this.running.values()) running.abort();
    for (const cancel of [...this.cancels]) cancel();
    for (const waiter of [...this.waiters.values()])
      waiter.reject(namedError('States.Aborted', 'The engine stopped'));
    await Promise.allSettled([...this.settled]);
  }

  // ---------------------------------------------------------------- running an execution

  private launch(workflow: LocalWorkflow, record: ExecutionRecord, resumeAt: string | undefined): void {
    const done = this.run(workflow, record, resumeAt).catch((error: unknown) => {
      this.options.log(`Execution ${record.name} stopped on an engine error: ${String(error)}`);
    });
    this.settled.add(done);
    void done.finally(() => this.settled.delete(done));
  }

  private async run(
    workflow: LocalWorkflow,
    record: ExecutionRecord,
    resumeAt: string | undefined,
  ): Promise<void> {
    const arn = record.executionArn;
    const startAt = resumeAt ?? String(workflow.definition.StartAt);
    const input = (
      resumeAt && record.currentInput ? JSON.parse(record.currentInput) : JSON.parse(record.input)
    ) as Json;
    const machine = this.machine(workflow, startAt);
    const progress = new Progress();
    const handlers: Record<string, (input: Json) => Promise<Json>> = {};
    for (const [stateName, timing] of workflow.timings) {
      if (timing.type === 'Task' || timing.type === 'Wait') {
        handlers[stateName] = (taskInput) =>
          this.runTask(workflow, arn, stateName, timing, taskInput, progress, stateName === resumeAt);
      }
    }
    const execution = machine.run(input as never, {
      overrides: { taskResourceLocalHandlers: handlers as never },
      context: {
        Execution: { Id: arn, Name: record.name, StartTime: new Date(record.startDate).toISOString() },
        StateMachine: { Id: workflow.stateMachineArn },
        Task: { Token: TOKEN_MARKER },
      },
    });
    const running: Running = { abort: execution.abort, stopped: false };
    this.running.set(arn, running);
    const logging = this.persistEvents(workflow, arn, execution.eventLogs, progress, resumeAt);
    try {
      const output = (await execution.result) as Json;
      await logging;
      await this.finish(arn, 'SUCCEEDED', { output: JSON.stringify(output ?? null) }, 'ExecutionSucceeded');
    } catch (error) {
      await logging.catch(() => undefined);
      if (error instanceof ExecutionAbortedError || this.closing || running.stopped) return;
      if (error instanceof ExecutionError) {
        const cause = (error as Error & { cause?: unknown }).cause as Error | undefined;
        await this.finish(
          arn,
          'FAILED',
          { error: cause?.name ?? 'States.Runtime', cause: cause?.message ?? String(error) },
          'ExecutionFailed',
        );
        return;
      }
      throw error;
    } finally {
      this.running.delete(arn);
    }
  }

  /** Writes each top-level state the execution enters, with its input: where a restart resumes. */
  private async persistEvents(
    workflow: LocalWorkflow,
    arn: string,
    events: AsyncGenerator<{
      type: string;
      timestamp: number;
      state?: { name: string; type: string; input: unknown };
    }>,
    progress: Progress,
    resumeAt: string | undefined,
  ): Promise<void> {
    let skipResumed = resumeAt !== undefined;
    for await (const event of events) {
      const state = event.state;
      if (!state || !workflow.topLevelStates.has(state.name)) continue;
      const type = workflow.timings.get(state.name)?.type ?? state.type;
      if (event.type === 'StateEntered') {
        if (skipResumed && state.name === resumeAt) {
          skipResumed = false;
          await this.appendHistory(arn, {
            timestamp: event.timestamp,
            type: 'ExecutionResumed',
            name: state.name,
          });
        } else {
          await this.options.dynamo.send(
            new UpdateCommand({
              TableName: this.options.table,
              Key: { pk: `execution#${arn}` },
              UpdateExpression:
                'SET currentState = :name, currentInput = :input, history = list_append(history, :event) REMOVE pendingToken, waitDeadline',
              ConditionExpression: '#status = :running',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: {
                ':name': state.name,
                ':input': JSON.stringify(state.input ?? null),
                ':event': [{ timestamp: event.timestamp, type: `${type}StateEntered`, name: state.name }],
                ':running': 'RUNNING',
              },
            }),
          );
        }
        progress.entered(state.name);
      } else if (event.type === 'StateRetried') {
        progress.entered(state.name);
      } else if (event.type === 'StateExited') {
        await this.appendHistory(arn, {
          timestamp: event.timestamp,
          type: `${type}StateExited`,
          name: state.name,
        });
      }
    }
  }

  private async runTask(
    workflow: LocalWorkflow,
    arn: string,
    stateName: string,
    timing: StateTiming,
    input: Json,
    progress: Progress,
    resuming: boolean,
  ): Promise<Json> {
    if (workflow.topLevelStates.has(stateName)) await progress.persisted(stateName);
    if (timing.type === 'Wait') return this.wait(arn, timing, input, resuming);
    const resource = timing.resource ?? '';
    if (resource === 'arn:aws:states:::lambda:invoke.waitForTaskToken') {
      return this.waitForTaskToken(arn, stateName, timing, input, resuming);
    }
    if (resource === 'arn:aws:states:::lambda:invoke') {
      const params = input as { FunctionName: string; Payload?: Json };
      const payload = await this.options.invoke(params.FunctionName, params.Payload ?? null);
      return { Payload: payload, StatusCode: 200, ExecutedVersion: '$LATEST' };
    }
    if (resource.startsWith('arn:aws:lambda:') || resource === LOCAL_WAIT_RESOURCE) {
      return this.options.invoke(resource, input);
    }
    throw namedError('States.TaskFailed', `Resource ${resource} is not available on the local engine.`);
  }

  private async wait(arn: string, timing: StateTiming, input: Json, resuming: boolean): Promise<Json> {
    const record = resuming ? await this.execution(arn) : undefined;
    let deadline = record?.waitDeadline;
    if (deadline === undefined) {
      deadline = Date.now() + this.waitMilliseconds(timing, input);
      await this.options.dynamo.send(
        new UpdateCommand({
          TableName: this.options.table,
          Key: { pk: `execution#${arn}` },
          UpdateExpression: 'SET waitDeadline = :deadline',
          ExpressionAttributeValues: { ':deadline': deadline },
        }),
      );
    }
    await this.sleepUntil(deadline);
    return input;
  }

  /** A Wait state's duration on the scaled clock, in real milliseconds. */
  private waitMilliseconds(timing: StateTiming, input: Json): number {
    const wait = timing.wait ?? {};
    const scale = this.options.timeScale;
    const until = (timestamp: string) => Math.max(0, (Date.parse(timestamp) - Date.now()) / scale);
    if (wait.seconds !== undefined) return (wait.seconds * 1000) / scale;
    if (wait.timestamp !== undefined) return until(wait.timestamp);
    if (wait.secondsPath !== undefined) {
      const seconds = readPath(input, wait.secondsPath);
      if (typeof seconds !== 'number' || seconds < 0) {
        throw namedError('States.Runtime', `SecondsPath ${wait.secondsPath} is not a number of seconds.`);
      }
      return (seconds * 1000) / scale;
    }
    if (wait.timestampPath !== undefined) {
      const timestamp = readPath(input, wait.timestampPath);
      if (typeof timestamp !== 'string' || Number.isNaN(Date.parse(timestamp))) {
        throw namedError('States.Runtime', `TimestampPath ${wait.timestampPath} is not a timestamp.`);
      }
      return until(timestamp);
    }
    return 0;
  }

  private async sleepUntil(deadline: number): Promise<void> {
    // Node timers hold at most about 24.8 days: long waits sleep in steps.
    while (Date.now() < deadline) {
      const step = Math.min(deadline - Date.now(), 2_000_000_000);
      await new Promise<void>((resolve, reject) => {
        const cancel = () => {
          clearTimeout(timer);
          reject(namedError('States.Aborted', 'The engine stopped'));
        };
        const timer = setTimeout(() => {
          this.cancels.delete(cancel);
          resolve();
        }, step);
        this.cancels.add(cancel);
      });
    }
  }

  private async waitForTaskToken(
    arn: string,
    stateName: string,
    timing: StateTiming,
    input: Json,
    resuming: boolean,
  ): Promise<Json> {
    const params = input as { FunctionName: string; Payload?: Json };
    let record: TokenRecord | undefined;
    if (resuming) {
      const execution = await this.execution(arn);
      if (execution.pendingToken) {
        const existing = await this.token(execution.pendingToken);
        if (existing.stateName === stateName) record = existing;
      }
    }
    if (!record) {
      const token = randomBytes(48).toString('base64url');
      const timeout = timing.timeoutSeconds;
      record = {
        pk: `token#${token}`,
        token,
        executionArn: arn,
        stateName,
        status: 'WAITING',
        invoked: false,
        ...(timeout === undefined
          ? {}
          : { deadline: Date.now() + (timeout * 1000) / this.options.timeScale }),
        ...(timing.heartbeatSeconds === undefined ? {} : { heartbeatSeconds: timing.heartbeatSeconds }),
      };
      await this.options.dynamo.send(new PutCommand({ TableName: this.options.table, Item: record }));
      await this.options.dynamo.send(
        new UpdateCommand({
          TableName: this.options.table,
          Key: { pk: `execution#${arn}` },
          UpdateExpression: 'SET pendingToken = :token',
          ExpressionAttributeValues: { ':token': token },
        }),
      );
    }
    if (!record.invoked && record.status === 'WAITING') {
      try {
        await this.options.invoke(
          params.FunctionName,
          replaceString(params.Payload ?? null, TOKEN_MARKER, record.token),
        );
      } catch (error) {
        await this.closeToken(record.token, 'CLOSED', {}).catch(() => undefined);
        throw error;
      }
      await this.options.dynamo.send(
        new UpdateCommand({
          TableName: this.options.table,
          Key: { pk: record.pk },
          UpdateExpression: 'SET invoked = :yes',
          ExpressionAttributeValues: { ':yes': true },
        }),
      );
    }
    return this.callback(record);
  }

  /** Waits for SendTaskSuccess/Failure on a token, or its time-out on the scaled clock. */
  private callback(record: TokenRecord): Promise<Json> {
    const { token } = record;
    return new Promise<Json>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const settle = (fn: () => void) => {
        if (timer) clearTimeout(timer);
        this.waiters.delete(token);
        fn();
      };
      const arm = (current: TokenRecord) => {
        if (timer) clearTimeout(timer);
        const limits = [current.deadline ?? Infinity];
        if (current.heartbeatSeconds !== undefined) {
          const since = current.lastHeartbeat ?? Date.now();
          limits.push(since + (current.heartbeatSeconds * 1000) / this.options.timeScale);
        }
        const deadline = Math.min(...limits);
        if (deadline === Infinity) return;
        timer = setTimeout(
          () => (Date.now() < deadline ? arm(current) : void this.timeOut(token)),
          Math.max(0, Math.min(deadline - Date.now(), 2_000_000_000)),
        );
        timer.unref();
      };
      this.waiters.set(token, {
        resolve: (output) => settle(() => resolve(output)),
        reject: (error) => settle(() => reject(error)),
        rearm: () => void this.token(token).then(arm),
      });
      // The callback may have come while nothing was listening (before a restart): read it back.
      void this.token(token).then(
        (current) => {
          if (current.status === 'SUCCEEDED')
            settle(() => resolve(JSON.parse(current.output ?? 'null') as Json));
          else if (current.status === 'FAILED')
            settle(() => reject(namedError(current.error ?? 'States.TaskFailed', current.cause ?? '')));
          else if (current.status === 'TIMED_OUT')
            settle(() => reject(namedError('States.Timeout', 'Task timed out')));
          else arm(current);
        },
        (error: Error) => settle(() => reject(error)),
      );
    });
  }

  private async timeOut(token: string): Promise<void> {
    try {
      await this.closeToken(token, 'TIMED_OUT', {});
      this.waiters.get(token)?.reject(namedError('States.Timeout', 'Task timed out'));
    } catch (error) {
      // Completed in the meantime: its own callback settles the waiter.
      if (!(error instanceof StepFunctionsError))
        this.options.log(`Time-out of a task failed: ${String(error)}`);
    }
  }

  // ---------------------------------------------------------------- records

  private async closeToken(
    token: string,
    status: Exclude<TokenStatus, 'WAITING'>,
    fields: { output?: string; error?: string; cause?: string },
  ): Promise<void> {
    const record = await this.token(token);
    const closed = await this.settle(record.pk, 'WAITING', status, fields);
    if (!closed) throw new StepFunctionsError('TaskTimedOut', 'Task Timed Out');
  }

  private async finish(
    arn: string,
    status: Exclude<ExecutionStatus, 'RUNNING'>,
    fields: { output?: string; error?: string; cause?: string },
    eventType: string,
  ): Promise<void> {
    const now = Date.now();
    await this.settle(`execution#${arn}`, 'RUNNING', status, fields, {
      expression: 'stopDate = :now, history = list_append(history, :event)',
      values: {
        ':now': now,
        ':event': [{ timestamp: now, type: eventType, ...(fields.error ? { error: fields.error } : {}) }],
      },
    });
  }

  /**
   * Moves an execution or a token from its open status to a final one, once: false when it had
   * already left that status (a late callback, a second stop).
   */
  private async settle(
    pk: string,
    from: string,
    to: string,
    fields: { output?: string; error?: string; cause?: string },
    extra?: { expression: string; values: Record<string, unknown> },
  ): Promise<boolean> {
    try {
      await this.options.dynamo.send(
        new UpdateCommand({
          TableName: this.options.table,
          Key: { pk },
          UpdateExpression: `SET #status = :to, #output = :output, #error = :error, #cause = :cause${extra ? `, ${extra.expression}` : ''}`,
          ConditionExpression: '#status = :from',
          ExpressionAttributeNames: {
            '#status': 'status',
            '#output': 'output',
            '#error': 'error',
            '#cause': 'cause',
          },
          ExpressionAttributeValues: {
            ':from': from,
            ':to': to,
            ':output': fields.output ?? null,
            ':error': fields.error ?? null,
            ':cause': fields.cause ?? null,
            ...extra?.values,
          },
        }),
      );
      return true;
    } catch (error) {
      if ((error as Error).name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  }

  private async appendHistory(arn: string, event: HistoryEvent): Promise<void> {
    await this.options.dynamo.send(
      new UpdateCommand({
        TableName: this.options.table,
        Key: { pk: `execution#${arn}` },
        UpdateExpression: 'SET history = list_append(history, :event)',
        ExpressionAttributeValues: { ':event': [event] },
      }),
    );
  }

  private async execution(executionArn: string): Promise<ExecutionRecord> {
    const { Item } = await this.options.dynamo.send(
      new GetCommand({
        TableName: this.options.table,
        Key: { pk: `execution#${executionArn}` },
        ConsistentRead: true,
      }),
    );
    if (!Item)
      throw new StepFunctionsError('ExecutionDoesNotExist', `Execution does not exist: '${executionArn}'`);
    return Item as ExecutionRecord;
  }

  private async token(token: string): Promise<TokenRecord> {
    if (typeof token !== 'string' || token.length === 0 || token.length > 1024) {
      throw new StepFunctionsError('InvalidToken', 'Invalid token');
    }
    const { Item } = await this.options.dynamo.send(
      new GetCommand({ TableName: this.options.table, Key: { pk: `token#${token}` }, ConsistentRead: true }),
    );
    if (!Item) throw new StepFunctionsError('InvalidToken', 'Invalid token');
    return Item as TokenRecord;
  }

  private async allExecutions(): Promise<ExecutionRecord[]> {
    const records: ExecutionRecord[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.options.dynamo.send(
        new ScanCommand({
          TableName: this.options.table,
          FilterExpression: 'begins_with(pk, :prefix)',
          ExpressionAttributeValues: { ':prefix': 'execution#' },
          ExclusiveStartKey: startKey,
          ConsistentRead: true,
        }),
      );
      records.push(...((page.Items ?? []) as ExecutionRecord[]));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return records;
  }

  private workflow(stateMachineArn: string): LocalWorkflow {
    const workflow = this.options.workflows.find((w) => w.stateMachineArn === stateMachineArn);
    if (!workflow) {
      throw new StepFunctionsError(
        'StateMachineDoesNotExist',
        `State machine does not exist: '${stateMachineArn}'`,
      );
    }
    return workflow;
  }

  /** One validated interpreter per workflow and starting state, built once. */
  private machine(workflow: LocalWorkflow, startAt: string): StateMachine {
    const key = `${workflow.stateMachineArn}#${startAt}`;
    let machine = this.machines.get(key);
    if (!machine) {
      // The file as written is validated; a resumed copy starts elsewhere and leaves states
      // before it unreachable, which the validator would refuse.
      const asWritten = startAt === workflow.definition.StartAt;
      machine = new StateMachine({ ...workflow.definition, StartAt: startAt } as never, {
        validationOptions: asWritten ? { checkArn: false, checkPaths: true } : { noValidate: true },
      });
      this.machines.set(key, machine);
    }
    return machine;
  }
}

/**
 * Which top-level state entries are safely written: a task waits for its own entry (or retry) to
 * be in the table before any side effect, so a restart never skips a step it did not finish.
 */
class Progress {
  private readonly written = new Map<string, number>();
  private readonly asked = new Map<string, number>();
  private readonly pending: { name: string; count: number; resolve: () => void }[] = [];

  /** The consumer of the event log wrote one more entry (or retry) of this state. */
  entered(name: string): void {
    this.written.set(name, (this.written.get(name) ?? 0) + 1);
    for (const waiter of this.pending.splice(0)) {
      if ((this.written.get(waiter.name) ?? 0) >= waiter.count) waiter.resolve();
      else this.pending.push(waiter);
    }
  }

  /** A task of this state starts: resolves once its entry is written. */
  persisted(name: string): Promise<void> {
    const count = (this.asked.get(name) ?? 0) + 1;
    this.asked.set(name, count);
    if ((this.written.get(name) ?? 0) >= count) return Promise.resolve();
    return new Promise((resolve) => this.pending.push({ name, count, resolve }));
  }
}
