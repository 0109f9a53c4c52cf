/**
 * The local Step Functions engine: runs the workflows' ASL with aws-local-stepfunctions, and
 * keeps every execution in DynamoDB (state reached, its input, open task tokens, pending waits,
 * its history event by event) so that a killed `npm start` resumes each journey where it stood,
 * and a link sent before still works.
 *
 * What it adds to the interpreter: real task tokens per `.waitForTaskToken` state, the callback
 * API (SendTaskSuccess/Failure/Heartbeat), task, Wait and execution time-outs on a scaled clock
 * and of any length, StopExecution, AWS's history events, and resumption at the top-level state
 * an execution had reached.
 */
import './polyfills';
import { randomBytes, randomUUID } from 'node:crypto';
import { StateMachine, type StateMachineDefinition } from 'aws-local-stepfunctions';
import { PutCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  LOCAL_CONTINUE_ERROR,
  readPath,
  replaceString,
  type Json,
  type PreparedWorkflow,
  type StateTiming,
} from './asl';
import {
  EngineRecords,
  keys,
  listingItem,
  type ExecutionRecord,
  type ExecutionStatus,
  type ExecutionSummary,
  type Page,
  type StoredEvent,
  type TokenRecord,
  type TokenStatus,
} from './records';
import {
  ExecutionLog,
  events,
  taskResource,
  type AppendResult,
  type NewEvent,
  type TaskResource,
  type TransactItem,
} from './history';
import { Aborted, DeadlinePassed, pause, sleepUntil, within } from './timers';

export type { ExecutionRecord, ExecutionStatus, ExecutionSummary, Page, StoredEvent };

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
  /**
   * Task time-outs and heartbeats on a clock of their own (default: `timeScale`). The bench slows
   * them: at a year in 32 s a task's two weeks are a second, less than a busy platform takes to
   * hand a coach's answer on, and the reminders it would send are no coach's delay.
   */
  taskTimeScale?: number;
  log: (message: string) => void;
}

const TOKEN_MARKER = '__kafaat_local_task_token__';
const WAIT_FOR_TOKEN = 'arn:aws:states:::lambda:invoke.waitForTaskToken';
const LAMBDA_INVOKE = 'arn:aws:states:::lambda:invoke';
/** The tokens this engine mints: 48 random bytes, base64url. */
const TOKEN_FORMAT = /^[A-Za-z0-9_-]{64}$/;
/** How long `close()` waits for runs to wind down; what is left resumes at the next start. */
const CLOSE_GRACE_MS = 1500;
const PAYLOAD_LIMIT = 256 * 1024;

/**
 * An error the state machine sees: Retry and Catch match it by name. The interpreter reads the two
 * flags (its own error classes are not exported).
 */
class StateError extends Error {
  constructor(
    name: string,
    message: string,
    readonly isRetryable = true,
    readonly isCatchable = true,
  ) {
    super(message);
    this.name = name;
  }
}

/** The run was stopped: nothing in the state machine may retry or catch that. */
const stopped = () =>
  new StateError('Kafaat.Local.Stopped', 'The local engine stopped this run', false, false);
/**
 * As on AWS, a task's time-out is caught, not retried by a States.TaskFailed retrier (the
 * interpreter would match it: it only exempts its own time-out class).
 */
const timedOut = () => new StateError('States.Timeout', 'The task timed out.', false);

type InterpreterRun = ReturnType<StateMachine['run']>;
type InterpreterEvent = InterpreterRun['eventLogs'] extends AsyncGenerator<infer E> ? E : never;
type TaskHandler = (input: Json) => Promise<Json>;

/** What a task or Wait attempt still waiting hands on to its next attempt (see LOCAL_CONTINUE_ERROR). */
type Carried = { token: string } | { deadline: number };

interface Run {
  readonly arn: string;
  readonly name: string;
  readonly workflow: LocalWorkflow;
  readonly log: ExecutionLog;
  readonly resumeAt: string | undefined;
  /** Only the first task attempt of a resumed run picks up what its state left (token, deadline). */
  resumePending: boolean;
  readonly progress: Progress;
  /** Ends every wait of this run at once. */
  readonly controller: AbortController;
  abortInterpreter: () => void;
  /** Why the run is ending early; unset while it runs. */
  ending?: 'ended' | 'stopped' | 'timed-out' | 'closing' | 'suspended';
  readonly carried: Map<string, Carried[]>;
  /** The longest one attempt may wait before it hands on (half the interpreter's own time-out). */
  readonly holdMs: number;
}

export class LocalStepFunctions {
  private readonly records: EngineRecords;
  private readonly machines = new Map<string, StateMachine>();
  private readonly runs = new Map<string, Run>();
  private readonly logs = new Map<string, ExecutionLog>();
  private readonly settled = new Set<Promise<void>>();
  /** Who waits on a token: woken when an answer, a heartbeat or a stop changes it. */
  private readonly listeners = new Map<string, Set<() => void>>();
  /** Who is told of each execution's end, as this engine writes it (the bench). */
  private readonly endObservers = new Set<(executionArn: string, status: ExecutionStatus) => void>();
  private closing = false;

  constructor(private readonly options: EngineOptions) {
    this.records = new EngineRecords(options.dynamo, options.table);
  }

  // ---------------------------------------------------------------- the API the endpoint serves

  async startExecution(stateMachineArn: string, name: string | undefined, input: string | undefined) {
    const workflow = this.workflow(stateMachineArn);
    const executionName = name ?? randomUUID();
    if (!/^[A-Za-z0-9_-]{1,80}$/.test(executionName)) {
      throw new StepFunctionsError('InvalidName', `Invalid execution name: ${executionName}`);
    }
    const inputText = input ?? '{}';
    if (Buffer.byteLength(inputText) > PAYLOAD_LIMIT) {
      throw new StepFunctionsError('InvalidExecutionInput', 'Input is larger than 256 KB.');
    }
    try {
      JSON.parse(inputText);
    } catch {
      throw new StepFunctionsError('InvalidExecutionInput', 'Input is not valid JSON.');
    }
    const executionArn = stateMachineArn.replace(':stateMachine:', ':execution:') + `:${executionName}`;
    const record: ExecutionRecord = {
      executionArn,
      stateMachineArn,
      name: executionName,
      status: 'RUNNING',
      input: inputText,
      startDate: Date.now(),
      lastEventId: 1,
    };
    if (!(await this.createExecution(record))) {
      const existing = await this.existingExecution(executionArn);
      // As on AWS: the same name and input while it runs is the same execution.
      if (existing.status === 'RUNNING' && existing.input === inputText) {
        return { executionArn, startDate: existing.startDate };
      }
      throw new StepFunctionsError('ExecutionAlreadyExists', `Execution already exists: '${executionArn}'`);
    }
    // Stored but not run while the engine stops: it resumes at the next start.
    if (!this.closing) this.launch(workflow, record, undefined);
    return { executionArn, startDate: record.startDate };
  }

  async describeExecution(executionArn: string): Promise<ExecutionRecord> {
    return this.existingExecution(executionArn);
  }

  /** A page of a state machine's executions, newest first; `after` is the previous page's. */
  async listExecutions(
    stateMachineArn: string,
    options: { status?: ExecutionStatus; limit?: number; after?: string } = {},
  ): Promise<Page<ExecutionSummary>> {
    this.workflow(stateMachineArn);
    return this.records.listExecutions(stateMachineArn, {
      limit: options.limit ?? 100,
      ...(options.status ? { status: options.status } : {}),
      ...(options.after === undefined ? {} : { after: options.after }),
    });
  }

  /** A page of an execution's history; `afterId` is the last event id of the previous page. */
  async getExecutionHistory(
    executionArn: string,
    options: { limit?: number; afterId?: number; reverse?: boolean } = {},
  ): Promise<{ events: StoredEvent[]; more: boolean }> {
    await this.existingExecution(executionArn);
    return this.records.history(executionArn, {
      limit: options.limit ?? 100,
      reverse: options.reverse ?? false,
      ...(options.afterId === undefined ? {} : { afterId: options.afterId }),
    });
  }

  /** The state machines this engine runs, with the date each was first seen. */
  async listStateMachines(): Promise<{ workflow: LocalWorkflow; creationDate: number }[]> {
    return Promise.all(this.options.workflows.map((workflow) => this.stateMachine(workflow.stateMachineArn)));
  }

  async describeStateMachine(
    stateMachineArn: string,
  ): Promise<{ workflow: LocalWorkflow; creationDate: number }> {
    return this.stateMachine(stateMachineArn);
  }

  async stopExecution(executionArn: string, error?: string, cause?: string): Promise<number> {
    const record = await this.existingExecution(executionArn);
    if (record.status !== 'RUNNING') return record.stopDate ?? Date.now();
    const run = this.runs.get(executionArn);
    if (run && !run.ending) {
      run.ending = 'stopped';
      run.abortInterpreter();
    }
    await this.logOf(executionArn).append([events.executionAborted(error, cause)], {
      finish: {
        status: 'ABORTED',
        ...(error === undefined ? {} : { error }),
        ...(cause === undefined ? {} : { cause }),
      },
    });
    run?.controller.abort();
    await this.closePendingToken(record);
    return (await this.records.execution(executionArn))?.stopDate ?? Date.now();
  }

  async sendTaskSuccess(token: string, output: string): Promise<void> {
    if (Buffer.byteLength(output) > PAYLOAD_LIMIT) {
      throw new StepFunctionsError('InvalidOutput', 'Output is larger than 256 KB.');
    }
    try {
      JSON.parse(output);
    } catch {
      throw new StepFunctionsError('InvalidOutput', 'Output is not valid JSON.');
    }
    await this.answer(token, { status: 'SUCCEEDED', output });
  }

  async sendTaskFailure(token: string, error?: string, cause?: string): Promise<void> {
    await this.answer(token, { status: 'FAILED', error: error ?? 'States.TaskFailed', cause: cause ?? '' });
  }

  async sendTaskHeartbeat(token: string): Promise<void> {
    await this.answer(token, { lastHeartbeat: Date.now() });
  }

  /**
   * Tells `observer` of every execution's end this engine writes from now on (the bench waits on
   * it rather than describing executions); returns how to stop.
   */
  observeEnds(observer: (executionArn: string, status: ExecutionStatus) => void): () => void {
    this.endObservers.add(observer);
    return () => this.endObservers.delete(observer);
  }

  // ---------------------------------------------------------------- life cycle

  /** Resumes every execution that was running when the platform last stopped. */
  async resumeAll(): Promise<number> {
    let resumed = 0;
    for (const workflow of this.options.workflows) {
      for (const summary of await this.records.runningExecutions(workflow.stateMachineArn)) {
        const record = await this.records.execution(summary.executionArn);
        if (!record || this.runs.has(record.executionArn) || this.closing) continue;
        if (record.status !== 'RUNNING') {
          // The listing line lags behind (an old write lost): bring it in line.
          await this.records.dynamo.send(
            new PutCommand({ TableName: this.records.table, Item: listingItem(record) }),
          );
          continue;
        }
        this.options.log(`Resuming ${record.name} at "${record.currentState ?? 'start'}"`);
        this.launch(workflow, record, record.currentState);
        resumed += 1;
      }
    }
    return resumed;
  }

  /**
   * Stops running executions in memory only: they stay RUNNING in the table and resume next start.
   * Returns within CLOSE_GRACE_MS whatever a function being invoked does; nothing is written after.
   */
  async close(): Promise<void> {
    this.closing = true;
    for (const run of this.runs.values()) this.abortRun(run, 'closing');
    await Promise.race([Promise.allSettled([...this.settled]), pause(CLOSE_GRACE_MS)]);
  }

  // ---------------------------------------------------------------- running an execution

  private launch(workflow: LocalWorkflow, record: ExecutionRecord, resumeAt: string | undefined): void {
    const run: Run = {
      arn: record.executionArn,
      name: record.name,
      workflow,
      log: this.logOf(record.executionArn),
      resumeAt,
      resumePending: resumeAt !== undefined,
      progress: new Progress(),
      controller: new AbortController(),
      abortInterpreter: () => undefined,
      carried: new Map(),
      holdMs: (workflow.interpreterTaskTimeoutSeconds * 1000) / 2,
    };
    this.runs.set(run.arn, run);
    const done = this.run(run, record).catch((error: unknown) => this.suspend(run, error));
    this.settled.add(done);
    void done.finally(() => this.settled.delete(done));
  }

  private async run(run: Run, record: ExecutionRecord): Promise<void> {
    const { workflow } = run;
    const startAt = run.resumeAt ?? String(workflow.definition.StartAt);
    const input = JSON.parse(
      run.resumeAt !== undefined && record.currentInput !== undefined ? record.currentInput : record.input,
    ) as Json;
    try {
      if (!workflow.topLevelStates.has(startAt)) {
        await this.failUnresumable(run, startAt);
        return;
      }
      const execution = this.machine(workflow, startAt).run(input, {
        overrides: { taskResourceLocalHandlers: this.handlers(run) },
        context: {
          Execution: {
            Id: run.arn,
            Name: run.name,
            StartTime: new Date(record.startDate).toISOString(),
            RoleArn: roleArnOf(workflow.stateMachineArn),
          },
          StateMachine: { Id: workflow.stateMachineArn, Name: nameOf(workflow.stateMachineArn) },
          Task: { Token: TOKEN_MARKER },
        },
      });
      run.abortInterpreter = execution.abort;
      if (run.ending) execution.abort();
      this.watchExecutionTimeout(run, record);
      // How the execution ends is written from its event log, and the run stops once the log is no
      // longer read (the end written, or the execution ended elsewhere); the result adds nothing.
      const logging = this.persistEvents(run, execution.eventLogs).then(
        () => this.abortRun(run, 'ended'),
        (error: unknown) => this.suspend(run, error),
      );
      await Promise.all([execution.result.catch(() => undefined), logging]);
    } finally {
      run.controller.abort();
      this.runs.delete(run.arn);
      this.logs.delete(run.arn);
    }
  }

  /** The workflow file changed while the execution was stopped, and lost the state it had reached. */
  private async failUnresumable(run: Run, stateName: string): Promise<void> {
    const cause = `The workflow no longer has the state "${stateName}" this execution had reached.`;
    this.options.log(`Execution ${run.name} cannot resume: ${cause}`);
    await run.log.append([events.executionFailed('States.Runtime', cause)], {
      finish: { status: 'FAILED', error: 'States.Runtime', cause },
    });
  }

  /** Writes the history from the interpreter's events, and where a restart resumes. */
  private async persistEvents(run: Run, eventLogs: AsyncGenerator<InterpreterEvent>): Promise<void> {
    let resumedEntry = run.resumeAt;
    // A top-level state's exit is written with what follows it at once: the next state's entry or
    // the end of the execution, so that a restart never sees a state exited but not left.
    let exited: NewEvent | undefined;
    const withExit = (event: NewEvent): NewEvent[] => (exited ? [exited, event] : [event]);
    for await (const event of eventLogs) {
      if (run.ending) return;
      let result: AppendResult = 'written';
      if (event.type === 'StateEntered') {
        const { name, input } = event.state;
        if (resumedEntry === name) {
          // The resumed state's entry is already in the history (the resume is only logged).
          resumedEntry = undefined;
          run.progress.entered(name);
          continue;
        }
        resumedEntry = undefined;
        const entered = events.stateEntered(
          this.stateType(run, event.state),
          name,
          input as Json,
          event.timestamp,
        );
        const topLevel = run.workflow.topLevelStates.has(name);
        result = await run.log.append(
          withExit(entered),
          topLevel
            ? {
                set: { currentState: name, currentInput: JSON.stringify(input ?? null) },
                remove: ['pendingToken', 'waitDeadline'],
              }
            : {},
        );
        exited = undefined;
        if (result === 'written') run.progress.entered(name);
      } else if (event.type === 'StateRetried') {
        run.progress.entered(event.state.name);
      } else if (event.type === 'StateExited') {
        const { name, output } = event.state;
        const exit = events.stateExited(
          this.stateType(run, event.state),
          name,
          (output ?? null) as Json,
          event.timestamp,
        );
        if (run.workflow.topLevelStates.has(name)) exited = exit;
        else result = await run.log.append([exit]);
      } else if (event.type === 'ExecutionSucceeded') {
        const output = JSON.stringify(event.output ?? null);
        await run.log.append(withExit(events.executionSucceeded(output)), {
          finish: { status: 'SUCCEEDED', output },
        });
        return;
      } else if (event.type === 'ExecutionFailed') {
        const cause = typeof event.Cause === 'string' ? event.Cause : JSON.stringify(event.Cause ?? '');
        await run.log.append([events.executionFailed(event.Error, cause)], {
          finish: { status: 'FAILED', error: event.Error, cause },
        });
        return;
      }
      // Ended meanwhile (stopped, timed out): StopExecution or the time-out wrote the end.
      if (result !== 'written') return;
    }
  }

  private stateType(run: Run, state: { name: string; type: string }): string {
    return run.workflow.timings.get(state.name)?.type ?? state.type;
  }

  private handlers(run: Run): Record<string, TaskHandler> {
    const handlers: Record<string, TaskHandler> = {};
    for (const [stateName, timing] of run.workflow.timings) {
      if (timing.type === 'Task' || timing.type === 'Wait') {
        handlers[stateName] = (input) => this.attempt(run, stateName, timing, input);
      }
    }
    return handlers;
  }

  /** One attempt of a Task or Wait state, as the interpreter calls it. */
  private async attempt(run: Run, stateName: string, timing: StateTiming, input: Json): Promise<Json> {
    try {
      if (run.ending) throw stopped();
      // A task waits for its own entry (or retry) to be written before any side effect, so a
      // restart never skips a step it did not finish.
      await within(run.progress.persisted(stateName), run.controller.signal);
      const resuming = run.resumePending && stateName === run.resumeAt;
      run.resumePending = false;
      const carried = this.takeCarried(run, stateName, input);
      if (timing.type === 'Wait') return await this.wait(run, stateName, timing, input, resuming, carried);
      return await this.task(run, stateName, timing, input, resuming, carried);
    } catch (error) {
      if (error instanceof StateError) throw error;
      // Not the task's failure but the engine's (DynamoDB, a bug): the run stops here, still
      // RUNNING in the table, and resumes at the next start.
      if (!(error instanceof Aborted) && !run.ending) this.suspend(run, error);
      throw stopped();
    }
  }

  private async wait(
    run: Run,
    stateName: string,
    timing: StateTiming,
    input: Json,
    resuming: boolean,
    carried: Carried | undefined,
  ): Promise<Json> {
    let deadline = carried && 'deadline' in carried ? carried.deadline : undefined;
    if (deadline === undefined && resuming) deadline = (await this.records.execution(run.arn))?.waitDeadline;
    if (deadline === undefined) {
      deadline = Date.now() + this.waitMilliseconds(timing, input);
      if (run.workflow.topLevelStates.has(stateName)) {
        expectWritten(await run.log.append([], { set: { waitDeadline: deadline } }));
      }
    }
    const holdUntil = Date.now() + run.holdMs;
    if (deadline > holdUntil) {
      await sleepUntil(holdUntil, run.controller.signal);
      throw this.carry(run, stateName, input, { deadline });
    }
    await sleepUntil(deadline, run.controller.signal);
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
        throw new StateError(
          'States.Runtime',
          `SecondsPath ${wait.secondsPath} is not a number of seconds.`,
          false,
          false,
        );
      }
      return (seconds * 1000) / scale;
    }
    if (wait.timestampPath !== undefined) {
      const timestamp = readPath(input, wait.timestampPath);
      if (typeof timestamp !== 'string' || Number.isNaN(Date.parse(timestamp))) {
        throw new StateError(
          'States.Runtime',
          `TimestampPath ${wait.timestampPath} is not a timestamp.`,
          false,
          false,
        );
      }
      return until(timestamp);
    }
    return 0;
  }

  private async task(
    run: Run,
    stateName: string,
    timing: StateTiming,
    input: Json,
    resuming: boolean,
    carried: Carried | undefined,
  ): Promise<Json> {
    const resourceArn = timing.resource ?? '';
    const task = taskResource(resourceArn, run.workflow.stateMachineArn);
    if (resourceArn === WAIT_FOR_TOKEN) {
      const token = carried && 'token' in carried ? carried.token : undefined;
      return this.waitForTaskToken(run, stateName, timing, task, input, resuming, token);
    }
    if (resourceArn === LAMBDA_INVOKE || task.resourceType === 'function') {
      return this.invokeTask(run, timing, task, input);
    }
    const message = `Resource ${resourceArn} is not available on the local engine.`;
    expectWritten(
      await run.log.append([
        events.taskScheduled(task, input),
        events.taskFailed(task, 'States.TaskFailed', message),
      ]),
    );
    throw new StateError('States.TaskFailed', message);
  }

  /** A Lambda function run for its result (a bare function ARN, or `lambda:invoke`). */
  private async invokeTask(run: Run, timing: StateTiming, task: TaskResource, input: Json): Promise<Json> {
    const integration = task.resourceType !== 'function';
    const params = asObject(input);
    const functionArn = integration ? String(params.FunctionName) : task.resource;
    const payload = integration ? (params.Payload ?? null) : input;
    // Scheduled and started are written with the outcome, in one transaction: a call cut short
    // by a stop leaves nothing, and its state calls again on resume (as it did when they were
    // written first; a third of the engine's writes for a Lambda task were these).
    const began = [
      events.taskScheduled(task, input, timing.timeoutSeconds, timing.heartbeatSeconds),
      events.taskStarted(task),
    ];
    const deadline =
      timing.timeoutSeconds === undefined ? Infinity : Date.now() + this.taskScaled(timing.timeoutSeconds);
    let output: Json;
    try {
      const result = await within(this.invoke(functionArn, payload), run.controller.signal, deadline);
      output = integration ? { ExecutedVersion: '$LATEST', Payload: result, StatusCode: 200 } : result;
    } catch (error) {
      if (error instanceof Aborted) throw error;
      if (error instanceof DeadlinePassed) {
        expectWritten(await run.log.append([...began, events.taskTimedOut(task, 'The task timed out.')]));
        throw timedOut();
      }
      const failure = taskFailure(error);
      expectWritten(await run.log.append([...began, events.taskFailed(task, failure.name, failure.message)]));
      throw new StateError(failure.name, failure.message);
    }
    expectWritten(await run.log.append([...began, events.taskSucceeded(task, JSON.stringify(output))]));
    return output;
  }

  private async waitForTaskToken(
    run: Run,
    stateName: string,
    timing: StateTiming,
    task: TaskResource,
    input: Json,
    resuming: boolean,
    carriedToken: string | undefined,
  ): Promise<Json> {
    let record: TokenRecord | undefined;
    if (carriedToken !== undefined) record = await this.records.token(carriedToken);
    else if (resuming) record = await this.resumedToken(run, stateName);
    record ??= await this.newToken(run, stateName, timing, task, input);
    if (record.status === 'WAITING' && !record.invoked) await this.invokeWithToken(run, task, record, input);
    return this.outcome(run, stateName, input, task, record.token);
  }

  /**
   * The token a resumed state left, to go on with; none (so a fresh one) if it was closed (old
   * data, or the invoke failed) or belongs to another state.
   */
  private async resumedToken(run: Run, stateName: string): Promise<TokenRecord | undefined> {
    const token = (await this.records.execution(run.arn))?.pendingToken;
    const record = token === undefined ? undefined : await this.records.token(token);
    if (!record || record.stateName !== stateName || record.status === 'CLOSED') return undefined;
    return record;
  }

  /** Mints a token, written with TaskScheduled and TaskStarted in one transaction. */
  private async newToken(
    run: Run,
    stateName: string,
    timing: StateTiming,
    task: TaskResource,
    input: Json,
  ): Promise<TokenRecord> {
    const token = randomBytes(48).toString('base64url');
    const now = Date.now();
    const record: TokenRecord = {
      token,
      executionArn: run.arn,
      stateName,
      status: 'WAITING',
      invoked: false,
      resourceType: task.resourceType,
      resource: task.resource,
      createdAt: now,
      ...(timing.timeoutSeconds === undefined
        ? {}
        : { deadline: now + this.taskScaled(timing.timeoutSeconds) }),
      ...(timing.heartbeatSeconds === undefined ? {} : { heartbeatSeconds: timing.heartbeatSeconds }),
    };
    const scheduled = events.taskScheduled(
      task,
      replaceString(input, TOKEN_MARKER, token),
      timing.timeoutSeconds,
      timing.heartbeatSeconds,
    );
    // Stamped with the time the deadline counts from, so the history shows the whole time-out.
    const started = [scheduled, events.taskStarted(task)].map((event) => ({ ...event, timestamp: now }));
    expectWritten(
      await run.log.append(started, {
        // Only a top-level state resumes after a restart: only its token is kept for that.
        ...(run.workflow.topLevelStates.has(stateName) ? { set: { pendingToken: token } } : {}),
        items: [{ Put: { TableName: this.records.table, Item: { ...keys.token(token), ...record } } }],
      }),
    );
    return record;
  }

  /** Gives the token to the task's function; TaskSubmitted once it has it. */
  private async invokeWithToken(
    run: Run,
    task: TaskResource,
    record: TokenRecord,
    input: Json,
  ): Promise<void> {
    const params = asObject(input);
    const payload = replaceString(params.Payload ?? null, TOKEN_MARKER, record.token);
    let response: Json;
    try {
      response = await within(this.invoke(String(params.FunctionName), payload), run.controller.signal);
    } catch (error) {
      // The engine stopping is no failure of the task: the token stays open and not invoked, and
      // the same token is invoked again on resume (the function is idempotent per token).
      if (error instanceof Aborted || run.ending) throw new Aborted();
      const failure = taskFailure(error);
      const result = await run.log.append([events.taskFailed(task, failure.name, failure.message)], {
        items: [this.tokenChange(record.token, { status: 'CLOSED', reported: true }, 'WAITING')],
      });
      // A conflict: the token was answered while its function failed; the answer stands.
      if (result === 'conflict') return;
      expectWritten(result);
      throw new StateError(failure.name, failure.message);
    }
    const output = JSON.stringify({ ExecutedVersion: '$LATEST', Payload: response ?? null, StatusCode: 200 });
    expectWritten(
      await run.log.append([events.taskSubmitted(task, output)], {
        items: [this.tokenChange(record.token, { invoked: true })],
      }),
    );
  }

  /**
   * Waits for the token's answer or its time-out, at most `holdMs` per attempt; writes how the
   * task ended (once), and returns or throws it.
   */
  private async outcome(
    run: Run,
    stateName: string,
    input: Json,
    task: TaskResource,
    token: string,
  ): Promise<Json> {
    const holdUntil = Date.now() + run.holdMs;
    for (;;) {
      // Listening before reading: an answer between the read and the wait is not missed.
      const wake = this.listen(token);
      try {
        const record = await this.existingToken(token);
        if (record.status !== 'WAITING') return await this.report(run, task, record);
        const deadline = tokenDeadline(record, this.taskTimeScale);
        if (deadline <= Date.now()) {
          const result = await run.log.append([events.taskTimedOut(task, 'The task timed out.')], {
            items: [this.tokenChange(token, { status: 'TIMED_OUT', reported: true }, 'WAITING')],
          });
          if (result === 'ended') throw stopped();
          continue; // read again: timed out now, or answered just before
        }
        if (Date.now() >= holdUntil) throw this.carry(run, stateName, input, { token });
        await within(wake.promise, run.controller.signal, Math.min(deadline, holdUntil)).catch(
          (error: unknown) => {
            if (!(error instanceof DeadlinePassed)) throw error;
          },
        );
      } finally {
        wake.dispose();
      }
    }
  }

  /** How a token ended, written to the history if it is not yet, as the task's result. */
  private async report(run: Run, task: TaskResource, record: TokenRecord): Promise<Json> {
    if (record.status === 'CLOSED') {
      // Closed by StopExecution or the execution's time-out: the run is ending. Otherwise fail
      // loudly rather than wait on a token nothing will answer.
      if (run.ending) throw stopped();
      throw new StateError('States.Runtime', 'The task token was closed.', false, false);
    }
    if (!record.reported) {
      const ended =
        record.status === 'SUCCEEDED'
          ? events.taskSucceeded(task, record.output ?? 'null')
          : record.status === 'FAILED'
            ? events.taskFailed(task, record.error ?? 'States.TaskFailed', record.cause ?? '')
            : events.taskTimedOut(task, 'The task timed out.');
      const reported: TransactItem = {
        Update: {
          TableName: this.records.table,
          Key: keys.token(record.token),
          UpdateExpression: 'SET reported = :yes',
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(reported)',
          ExpressionAttributeValues: { ':yes': true },
        },
      };
      const result = await run.log.append([ended], { items: [reported] });
      if (result === 'ended') throw stopped();
    }
    if (record.status === 'SUCCEEDED') return JSON.parse(record.output ?? 'null') as Json;
    if (record.status === 'FAILED')
      throw new StateError(record.error ?? 'States.TaskFailed', record.cause ?? '');
    throw timedOut();
  }

  private carry(run: Run, stateName: string, input: Json, carried: Carried): StateError {
    const key = carriedKey(stateName, input);
    run.carried.set(key, [...(run.carried.get(key) ?? []), carried]);
    return new StateError(LOCAL_CONTINUE_ERROR, 'Still waiting: the next attempt goes on', true, false);
  }

  private takeCarried(run: Run, stateName: string, input: Json): Carried | undefined {
    const key = carriedKey(stateName, input);
    const [first, ...rest] = run.carried.get(key) ?? [];
    if (rest.length > 0) run.carried.set(key, rest);
    else run.carried.delete(key);
    return first;
  }

  /** The execution's own TimeoutSeconds, counted from its start on the scaled clock. */
  private watchExecutionTimeout(run: Run, record: ExecutionRecord): void {
    const seconds = run.workflow.executionTimeoutSeconds;
    if (seconds === undefined) return;
    const deadline = record.startDate + this.scaled(seconds);
    void sleepUntil(deadline, run.controller.signal).then(
      () => this.timeOutExecution(run).catch((error: unknown) => this.suspend(run, error)),
      () => undefined,
    );
  }

  private async timeOutExecution(run: Run): Promise<void> {
    if (run.ending) return;
    run.ending = 'timed-out';
    run.abortInterpreter();
    const record = await this.records.execution(run.arn);
    await run.log.append([events.executionTimedOut()], {
      finish: { status: 'TIMED_OUT', error: 'States.Timeout', cause: 'The execution timed out.' },
    });
    run.controller.abort();
    if (record) await this.closePendingToken(record);
  }

  private abortRun(run: Run, reason: NonNullable<Run['ending']>): void {
    run.ending ??= reason;
    // The interpreter first: it closes its event log, so nothing the aborted waits cause is written.
    run.abortInterpreter();
    run.controller.abort();
  }

  private suspend(run: Run, error: unknown): void {
    if (!this.closing) {
      this.options.log(
        `Execution ${run.name} stopped on an engine error (it resumes at the next start): ${String(error)}`,
      );
    }
    this.abortRun(run, 'suspended');
  }

  // ---------------------------------------------------------------- tokens

  /** Records an answer (or a heartbeat) on a waiting token, and wakes whoever waits on it. */
  private async answer(token: string, fields: Partial<TokenRecord>): Promise<void> {
    const record = await this.existingToken(token);
    const closed = new StepFunctionsError('TaskTimedOut', 'Task Timed Out');
    if (record.status !== 'WAITING') throw closed;
    const execution = await this.records.execution(record.executionArn);
    if (execution?.status !== 'RUNNING') {
      // A token its execution left open (a state inside Parallel or Map when it stopped).
      await this.records.updateWaitingToken(token, { status: 'CLOSED' });
      throw closed;
    }
    if (!(await this.records.updateWaitingToken(token, fields))) throw closed;
    this.notify(token);
  }

  private async closePendingToken(record: ExecutionRecord): Promise<void> {
    if (record.pendingToken === undefined) return;
    await this.records.updateWaitingToken(record.pendingToken, { status: 'CLOSED' });
    this.notify(record.pendingToken);
  }

  /** A token change for a log append's transaction, on a token that exists (and has `status`). */
  private tokenChange(token: string, fields: Partial<TokenRecord>, status?: TokenStatus): TransactItem {
    const names = Object.keys(fields);
    return {
      Update: {
        TableName: this.records.table,
        Key: keys.token(token),
        UpdateExpression: `SET ${names.map((_, i) => `#f${i} = :v${i}`).join(', ')}`,
        ConditionExpression: status === undefined ? 'attribute_exists(pk)' : '#status = :from',
        ExpressionAttributeNames: {
          ...Object.fromEntries(names.map((name, i) => [`#f${i}`, name])),
          ...(status === undefined ? {} : { '#status': 'status' }),
        },
        ExpressionAttributeValues: {
          ...Object.fromEntries(names.map((name, i) => [`:v${i}`, fields[name as keyof TokenRecord]])),
          ...(status === undefined ? {} : { ':from': status }),
        },
      },
    };
  }

  private listen(token: string): { promise: Promise<void>; dispose: () => void } {
    let wake: () => void = () => undefined;
    const promise = new Promise<void>((resolve) => (wake = resolve));
    const waiting = this.listeners.get(token) ?? new Set<() => void>();
    waiting.add(wake);
    this.listeners.set(token, waiting);
    const dispose = () => {
      waiting.delete(wake);
      if (waiting.size === 0 && this.listeners.get(token) === waiting) this.listeners.delete(token);
    };
    return { promise, dispose };
  }

  private notify(token: string): void {
    for (const wake of this.listeners.get(token) ?? []) wake();
  }

  // ---------------------------------------------------------------- records

  /** Writes a new execution, its listing line and ExecutionStarted at once; false if the name is taken. */
  private async createExecution(record: ExecutionRecord): Promise<boolean> {
    const { table } = this.records;
    const started = {
      ...events.executionStarted(record.input, roleArnOf(record.stateMachineArn)),
      timestamp: record.startDate,
      id: 1,
      previousEventId: 0,
    };
    try {
      await this.records.dynamo.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: table,
                Item: { ...keys.execution(record.executionArn), ...record },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            { Put: { TableName: table, Item: listingItem(record) } },
            { Put: { TableName: table, Item: { ...keys.event(record.executionArn, 1), ...started } } },
          ],
        }),
      );
      return true;
    } catch (error) {
      const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons;
      if (reasons?.[0]?.Code === 'ConditionalCheckFailed') return false;
      throw error;
    }
  }

  private async existingExecution(executionArn: string): Promise<ExecutionRecord> {
    const record = await this.records.execution(executionArn);
    if (!record) {
      throw new StepFunctionsError('ExecutionDoesNotExist', `Execution does not exist: '${executionArn}'`);
    }
    return record;
  }

  private async existingToken(token: string): Promise<TokenRecord> {
    if (typeof token !== 'string' || !TOKEN_FORMAT.test(token)) {
      throw new StepFunctionsError('InvalidToken', 'Invalid token');
    }
    const record = await this.records.token(token);
    if (!record) throw new StepFunctionsError('TaskDoesNotExist', 'Task does not exist');
    return record;
  }

  private logOf(arn: string): ExecutionLog {
    let log = this.logs.get(arn);
    if (!log) {
      log = new ExecutionLog(
        this.records,
        arn,
        () => !this.closing,
        (status) => {
          for (const observer of this.endObservers) {
            try {
              observer(arn, status);
            } catch {
              // An observer's failure is its own: the end is written.
            }
          }
        },
      );
      this.logs.set(arn, log);
    }
    return log;
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

  private async stateMachine(
    stateMachineArn: string,
  ): Promise<{ workflow: LocalWorkflow; creationDate: number }> {
    const workflow = this.workflow(stateMachineArn);
    return { workflow, creationDate: await this.records.stateMachineCreated(stateMachineArn) };
  }

  /** One validated interpreter per workflow and starting state, built once. */
  private machine(workflow: LocalWorkflow, startAt: string): StateMachine {
    const key = `${workflow.stateMachineArn}#${startAt}`;
    let machine = this.machines.get(key);
    if (!machine) {
      // The file as written is validated; a resumed copy starts elsewhere and leaves states
      // before it unreachable, which the validator would refuse.
      const asWritten = startAt === workflow.definition.StartAt;
      const definition = { ...workflow.definition, StartAt: startAt } as unknown as StateMachineDefinition;
      machine = new StateMachine(definition, {
        validationOptions: asWritten ? { checkArn: false, checkPaths: true } : { noValidate: true },
      });
      this.machines.set(key, machine);
    }
    return machine;
  }

  private invoke(functionArn: string, payload: Json): Promise<Json> {
    // A function that throws at once fails the task like one that rejects.
    return Promise.resolve().then(() => this.options.invoke(functionArn, payload));
  }

  /** Seconds on the scaled clock, in real milliseconds. */
  private scaled(seconds: number): number {
    return (seconds * 1000) / this.options.timeScale;
  }

  private get taskTimeScale(): number {
    return this.options.taskTimeScale ?? this.options.timeScale;
  }

  /** A task's time-out, on the tasks' clock, in real milliseconds. */
  private taskScaled(seconds: number): number {
    return (seconds * 1000) / this.taskTimeScale;
  }
}

/** When a waiting token times out: its deadline, or its heartbeat's, whichever comes first. */
function tokenDeadline(record: TokenRecord, timeScale: number): number {
  const limits = [record.deadline ?? Infinity];
  if (record.heartbeatSeconds !== undefined) {
    const since = record.lastHeartbeat ?? record.createdAt;
    limits.push(since + (record.heartbeatSeconds * 1000) / timeScale);
  }
  return Math.min(...limits);
}

/** A function's failure as the state machine sees it: its error name and message. */
function taskFailure(error: unknown): { name: string; message: string } {
  if (error instanceof Error) return { name: error.name || 'Error', message: error.message };
  return { name: 'Error', message: String(error) };
}

/** An append the task cannot go on without: the execution ended meanwhile (stopped, timed out). */
function expectWritten(result: AppendResult): void {
  if (result !== 'written') throw stopped();
}

function asObject(value: Json): { [key: string]: Json } {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? value : {};
}

function carriedKey(stateName: string, input: Json): string {
  return `${stateName}\u0000${JSON.stringify(input)}`;
}

/** The role the local engine pretends to run as (ExecutionStarted, DescribeStateMachine). */
export function roleArnOf(stateMachineArn: string): string {
  const account = stateMachineArn.split(':')[4] ?? '000000000000';
  return `arn:aws:iam::${account}:role/kafaat-local-step-functions`;
}

export function nameOf(arn: string): string {
  return arn.split(':').pop() ?? '';
}

/**
 * Which state entries are safely written: a task waits for its own entry (or retry) to be in the
 * table before any side effect, so a restart never skips a step it did not finish.
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
