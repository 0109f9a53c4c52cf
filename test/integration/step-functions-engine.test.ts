/**
 * The local Step Functions engine through its real JSON API (SFNClient): task tokens, callbacks,
 * Wait states and task time-outs on a scaled clock, StopExecution and the API's errors; then what
 * a kill and restart does to an execution (the engine closed, a new one on the same table), time-outs
 * longer than a Node timer holds, a prompt close(), and intrinsic functions in a Choice loop. The
 * fixtures' task function records the tokens it is given, as a Lambda would.
 */
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import {
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  SendTaskFailureCommand,
  SendTaskHeartbeatCommand,
  SendTaskSuccessCommand,
  SFNClient,
  StartExecutionCommand,
  StopExecutionCommand,
  type HistoryEvent,
} from '@aws-sdk/client-sfn';
import { LocalStepFunctions } from '../../infra/local/step-functions/engine';
import { loadWorkflow, type Json } from '../../infra/local/step-functions/asl';
import { keys, type TokenRecord } from '../../infra/local/step-functions/records';
import { startStepFunctionsEndpoint } from '../../infra/local/step-functions/api-server';
import { ensureTables, localEngineTableName, localTableNames } from '../../infra/local/tables';
import { eventually } from '../support/platform';

// Waits here end on events, each with its own deadline; the test's own limit only has to be above them.
jest.setTimeout(120_000);

const region = 'eu-west-3';
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
const taskFunctionArn = 'arn:aws:lambda:eu-west-3:000000000000:function:record-token';
const arnOf = (machine: string) => `arn:aws:states:${region}:000000000000:stateMachine:${machine}`;
/** One simulated day passes in 100 ms: the fixture's 30-day time-out in 3 s, time enough to answer first. */
const fastScale = 86400 / 0.1;

/** What the task function does on its n-th call for a case (by default: takes the token, answers null). */
type Behaviour = (call: number, payload: { taskToken: string; [field: string]: Json }) => Promise<Json>;
const given = new Map<string, string[]>();
const behaviours = new Map<string, Behaviour>();

async function taskFunction(arn: string, payload: Json): Promise<Json> {
  if (arn !== taskFunctionArn) throw new Error(`unexpected function ${arn}`);
  const call = payload as { taskToken: string; case: string; [field: string]: Json };
  const tokens = [...(given.get(call.case) ?? []), call.taskToken];
  given.set(call.case, tokens);
  return (await behaviours.get(call.case)?.(tokens.length, call)) ?? null;
}

const failing = (name: string, message: string) => Object.assign(new Error(message), { name });

/** A call that hangs until the test settles it (a function still running when the platform stops). */
function hanging() {
  let settle: { resolve: (value: Json) => void; reject: (error: Error) => void } | undefined;
  const promise = new Promise<Json>((resolve, reject) => (settle = { resolve, reject }));
  return {
    promise,
    resolve: (value: Json) => settle?.resolve(value),
    reject: (error: Error) => settle?.reject(error),
  };
}

interface Opened {
  engine: LocalStepFunctions;
  sfn: SFNClient;
  close: () => Promise<void>;
}

let dynamo: DynamoDBClient;
let documents: DynamoDBDocumentClient;
let table: string;
const opened = new Set<Opened>();

/** An engine and its endpoint on the test table, running the fixtures given (file → machine name). */
async function openEngine(
  machines: Record<string, string>,
  options: {
    timeScale?: number;
    taskTimeScale?: number;
    interpreterTaskTimeoutSeconds?: number;
    dynamo?: DynamoDBClient;
  } = {},
): Promise<Opened> {
  const workflows = Object.entries(machines).map(([machine, fixture]) => ({
    ...loadWorkflow(
      join(__dirname, '..', 'fixtures', `${fixture}.asl.json`),
      { CreateCoachTaskFunctionArn: taskFunctionArn },
      options.interpreterTaskTimeoutSeconds === undefined
        ? {}
        : { interpreterTaskTimeoutSeconds: options.interpreterTaskTimeoutSeconds },
    ),
    stateMachineArn: arnOf(machine),
  }));
  const engine = new LocalStepFunctions({
    dynamo: DynamoDBDocumentClient.from(options.dynamo ?? dynamo),
    table,
    workflows,
    invoke: taskFunction,
    timeScale: options.timeScale ?? 1,
    ...(options.taskTimeScale === undefined ? {} : { taskTimeScale: options.taskTimeScale }),
    log: () => undefined,
  });
  const server = await startStepFunctionsEndpoint(engine, 0);
  const sfn = new SFNClient({ endpoint: server.endpoint, region, credentials });
  const handle: Opened = {
    engine,
    sfn,
    close: async () => {
      opened.delete(handle);
      await engine.close();
      // The client first, so that no connection is left for the server to wait on.
      sfn.destroy();
      await new Promise<void>((resolve) => {
        server.server.close(() => resolve());
        server.server.closeAllConnections();
      });
    },
  };
  opened.add(handle);
  return handle;
}

let main: Opened;

beforeAll(async () => {
  const endpoint = process.env.KAFAAT_TEST_DYNAMODB_ENDPOINT;
  if (!endpoint) throw new Error('DynamoDB Local is not running: run the tests with `npm test`.');
  dynamo = new DynamoDBClient({ endpoint, region, credentials });
  documents = DynamoDBDocumentClient.from(dynamo);
  const prefix = `t-engine-${randomBytes(4).toString('hex')}-`;
  table = localEngineTableName(prefix);
  await ensureTables(dynamo, localTableNames(prefix), table);
  main = await openEngine({ timing: 'timing' }, { timeScale: fastScale });
});

afterAll(async () => {
  for (const handle of [...opened]) await handle.close();
  dynamo?.destroy();
});

async function start(sfn: SFNClient, machine: string, name: string, input: Record<string, Json> = {}) {
  const { executionArn } = await sfn.send(
    new StartExecutionCommand({
      stateMachineArn: arnOf(machine),
      name,
      input: JSON.stringify({ case: name, ...input }),
    }),
  );
  return executionArn ?? '';
}

const tokenOf = (name: string, call = 1) =>
  eventually(`call ${call} of the task function for ${name}`, async () => given.get(name)?.[call - 1]);

async function tokenRecord(token: string): Promise<TokenRecord> {
  const { Item } = await documents.send(new GetCommand({ TableName: table, Key: keys.token(token) }));
  return Item as TokenRecord;
}

/** The function has the token (TaskSubmitted is written): a restart need not call it again. */
const invoked = (token: string) =>
  eventually(`the token to be handed over`, async () =>
    (await tokenRecord(token)).invoked ? true : undefined,
  );

async function finished(sfn: SFNClient, executionArn: string, timeoutMs = 15_000) {
  return eventually(
    `${executionArn} to finish`,
    async () => {
      const execution = await sfn.send(new DescribeExecutionCommand({ executionArn }));
      return execution.status === 'RUNNING' ? undefined : execution;
    },
    { timeoutMs },
  );
}

async function history(sfn: SFNClient, executionArn: string): Promise<HistoryEvent[]> {
  const { events } = await sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000 }));
  return events ?? [];
}

const typesOf = (events: HistoryEvent[]) => events.map((e) => e.type);

const success = (token: string, output: Json = { ok: true }) =>
  new SendTaskSuccessCommand({ taskToken: token, output: JSON.stringify(output) });

describe('one engine', () => {
  test('a Wait state passes on the scaled clock, and a callback with the token completes the task', async () => {
    const ends: [string, string][] = [];
    const stopObserving = main.engine.observeEnds((arn, status) => ends.push([arn, status]));
    const executionArn = await start(main.sfn, 'timing', 'success');
    const token = await tokenOf('success');
    expect(token.length).toBeGreaterThan(40);
    await main.sfn.send(new SendTaskHeartbeatCommand({ taskToken: token }));
    await main.sfn.send(success(token));
    const execution = await finished(main.sfn, executionArn);
    stopObserving();
    expect(execution.status).toBe('SUCCEEDED');
    // The end is told as it is written (the bench waits on it), once.
    expect(ends.filter(([arn]) => arn === executionArn)).toEqual([[executionArn, 'SUCCEEDED']]);
    expect(JSON.parse(execution.output ?? '{}')).toEqual({ case: 'success', answer: { ok: true } });
    expect(typesOf(await history(main.sfn, executionArn))).toEqual(
      expect.arrayContaining([
        'WaitStateEntered',
        'TaskStateEntered',
        'SucceedStateEntered',
        'ExecutionSucceeded',
      ]),
    );
  });

  test('a task nobody answers times out after its TimeoutSeconds (scaled) and takes the Catch path', async () => {
    const executionArn = await start(main.sfn, 'timing', 'timeout');
    const token = await tokenOf('timeout');
    const execution = await finished(main.sfn, executionArn);
    expect(execution.status).toBe('FAILED');
    expect(execution.error).toBe('CoachDidNotAnswer');
    // A late answer is refused as on AWS.
    await expect(main.sfn.send(success(token))).rejects.toMatchObject({ name: 'TaskTimedOut' });
  });

  test('task time-outs may run on a slower clock of their own: the Wait keeps the fast one', async () => {
    const slowTasks = await openEngine(
      { 'slow-tasks': 'timing' },
      { timeScale: fastScale, taskTimeScale: 1 },
    );
    try {
      // The one-day Wait passes in 100 ms (the test would time out at real time): the task is reached.
      const executionArn = await start(slowTasks.sfn, 'slow-tasks', 'slow-tasks');
      const token = await tokenOf('slow-tasks');
      const record = await tokenRecord(token);
      // Its 30 days count in real time (3 s on the main engine's clock, below).
      expect((record.deadline ?? 0) - record.createdAt).toBe(2_592_000 * 1000);
      await slowTasks.sfn.send(success(token));
      expect((await finished(slowTasks.sfn, executionArn)).status).toBe('SUCCEEDED');

      await start(main.sfn, 'timing', 'same-clock');
      const fast = await tokenRecord(await tokenOf('same-clock'));
      expect((fast.deadline ?? 0) - fast.createdAt).toBe((2_592_000 * 1000) / fastScale);
    } finally {
      await slowTasks.close();
    }
  });

  test('SendTaskFailure fails the task with the error and cause given', async () => {
    const executionArn = await start(main.sfn, 'timing', 'failure');
    const token = await tokenOf('failure');
    await main.sfn.send(
      new SendTaskFailureCommand({ taskToken: token, error: 'CoachRefused', cause: 'Not my region' }),
    );
    const execution = await finished(main.sfn, executionArn);
    expect(execution).toMatchObject({ status: 'FAILED', error: 'CoachRefused', cause: 'Not my region' });
  });

  test('StopExecution aborts a waiting execution, and its token is no longer accepted', async () => {
    const executionArn = await start(main.sfn, 'timing', 'stopped');
    const token = await tokenOf('stopped');
    await main.sfn.send(
      new StopExecutionCommand({ executionArn, error: 'Withdrawn', cause: 'The beneficiary left' }),
    );
    const execution = await main.sfn.send(new DescribeExecutionCommand({ executionArn }));
    expect(execution).toMatchObject({ status: 'ABORTED', error: 'Withdrawn' });
    await expect(main.sfn.send(success(token))).rejects.toMatchObject({ name: 'TaskTimedOut' });
    expect((await main.sfn.send(new DescribeExecutionCommand({ executionArn }))).status).toBe('ABORTED');
  });

  test('the API answers with the errors the SDK knows', async () => {
    await start(main.sfn, 'timing', 'duplicate');
    await expect(
      main.sfn.send(
        new StartExecutionCommand({
          stateMachineArn: arnOf('timing'),
          name: 'duplicate',
          input: '{"case":"x"}',
        }),
      ),
    ).rejects.toMatchObject({ name: 'ExecutionAlreadyExists' });
    await expect(
      main.sfn.send(new StartExecutionCommand({ stateMachineArn: `${arnOf('timing')}-nope`, name: 'x' })),
    ).rejects.toMatchObject({ name: 'StateMachineDoesNotExist' });
    await expect(
      main.sfn.send(
        new StartExecutionCommand({ stateMachineArn: arnOf('timing'), name: 'bad', input: '{not json' }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidExecutionInput' });
    await expect(
      main.sfn.send(new SendTaskSuccessCommand({ taskToken: 'not-a-token', output: '{}' })),
    ).rejects.toMatchObject({ name: 'InvalidToken' });
    const token = await tokenOf('duplicate');
    await expect(
      main.sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{oops' })),
    ).rejects.toMatchObject({
      name: 'InvalidOutput',
    });
    await expect(
      main.sfn.send(
        new DescribeExecutionCommand({
          executionArn: `${arnOf('timing').replace('stateMachine', 'execution')}:nope`,
        }),
      ),
    ).rejects.toMatchObject({ name: 'ExecutionDoesNotExist' });
  });
});

describe('a restart (the engine closed, a new one on the same table)', () => {
  test('a call cut short by the stop leaves its token waiting and not invoked; the next engine calls the same token', async () => {
    const call = hanging();
    behaviours.set('cut-short', (n) => (n === 1 ? call.promise : Promise.resolve(null)));
    const first = await openEngine({ 'cut-short': 'coach-task' });
    const executionArn = await start(first.sfn, 'cut-short', 'cut-short');
    const token = await tokenOf('cut-short');

    await first.close();
    call.reject(new Error('The platform is stopping'));

    expect(await tokenRecord(token)).toMatchObject({ status: 'WAITING', invoked: false });
    const second = await openEngine({ 'cut-short': 'coach-task' });
    expect(await second.engine.resumeAll()).toBe(1);
    expect(await tokenOf('cut-short', 2)).toBe(token);
    await invoked(token);
    await second.sfn.send(success(token));
    expect((await finished(second.sfn, executionArn)).status).toBe('SUCCEEDED');
    const types = typesOf(await history(second.sfn, executionArn));
    expect(types.filter((t) => t === 'TaskScheduled')).toHaveLength(1);
    expect(types.filter((t) => t === 'TaskSubmitted')).toHaveLength(1);
    await second.close();
  });

  test("when the resumed task's call fails, the Retry calls again with a new token, not the closed one", async () => {
    const call = hanging();
    behaviours.set('retried', (n) =>
      n === 1
        ? call.promise
        : n === 2
          ? Promise.reject(failing('Lambda.ServiceException', 'The function is unavailable'))
          : Promise.resolve(null),
    );
    const first = await openEngine({ retried: 'coach-task' });
    const executionArn = await start(first.sfn, 'retried', 'retried');
    const token = await tokenOf('retried');
    await first.close();
    call.reject(new Error('The platform is stopping'));

    const second = await openEngine({ retried: 'coach-task' });
    await second.engine.resumeAll();
    expect(await tokenOf('retried', 2)).toBe(token);
    const fresh = await tokenOf('retried', 3);
    expect(fresh).not.toBe(token);
    await invoked(fresh);
    await second.sfn.send(success(fresh));

    const execution = await finished(second.sfn, executionArn);
    expect(execution.status).toBe('SUCCEEDED');
    await expect(second.sfn.send(success(token))).rejects.toMatchObject({ name: 'TaskTimedOut' });
    const types = typesOf(await history(second.sfn, executionArn));
    expect(types.filter((t) => t === 'TaskScheduled')).toHaveLength(2);
    expect(types).toContain('TaskFailed');
    await second.close();
  });

  test('a pending token found closed (old data) gets a new token and a new call on resume', async () => {
    const first = await openEngine({ 'closed-token': 'coach-task' });
    const executionArn = await start(first.sfn, 'closed-token', 'closed-token');
    const token = await tokenOf('closed-token');
    await invoked(token);
    await first.close();
    await documents.send(
      new UpdateCommand({
        TableName: table,
        Key: keys.token(token),
        UpdateExpression: 'SET #status = :closed',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':closed': 'CLOSED' },
      }),
    );

    const second = await openEngine({ 'closed-token': 'coach-task' });
    await second.engine.resumeAll();
    const fresh = await tokenOf('closed-token', 2);
    expect(fresh).not.toBe(token);
    await invoked(fresh);
    await second.sfn.send(success(fresh));
    expect((await finished(second.sfn, executionArn)).status).toBe('SUCCEEDED');
    await second.close();
  });

  test('a resumed token whose deadline passed while the platform was down times out at once', async () => {
    const first = await openEngine({ 'late-token': 'coach-task' });
    const executionArn = await start(first.sfn, 'late-token', 'late-token');
    const token = await tokenOf('late-token');
    await invoked(token);
    await first.close();
    await documents.send(
      new UpdateCommand({
        TableName: table,
        Key: keys.token(token),
        UpdateExpression: 'SET deadline = :past',
        ExpressionAttributeValues: { ':past': Date.now() - 1000 },
      }),
    );

    // At real time: the 30-day time-out is met only because its deadline has passed.
    const second = await openEngine({ 'late-token': 'coach-task' });
    await second.engine.resumeAll();
    const execution = await finished(second.sfn, executionArn);
    expect(execution).toMatchObject({ status: 'FAILED', error: 'CoachDidNotAnswer' });
    expect(typesOf(await history(second.sfn, executionArn))).toContain('TaskTimedOut');
    expect(given.get('late-token')).toHaveLength(1);
    await expect(second.sfn.send(success(token))).rejects.toMatchObject({ name: 'TaskTimedOut' });
    await second.close();
  });

  test('an execution whose state reached is gone from the changed workflow file fails with States.Runtime', async () => {
    const first = await openEngine({ 'gone-state': 'coach-task' });
    const executionArn = await start(first.sfn, 'gone-state', 'gone-state');
    await invoked(await tokenOf('gone-state'));
    await first.close();
    await documents.send(
      new UpdateCommand({
        TableName: table,
        Key: keys.execution(executionArn),
        UpdateExpression: 'SET currentState = :gone',
        ExpressionAttributeValues: { ':gone': 'Renamed Since' },
      }),
    );

    const second = await openEngine({ 'gone-state': 'coach-task' });
    await second.engine.resumeAll();

    const execution = await finished(second.sfn, executionArn);
    expect(execution).toMatchObject({ status: 'FAILED', error: 'States.Runtime' });
    expect(execution.cause).toContain('"Renamed Since"');
    await second.close();
  });

  test('close() returns promptly with executions waiting on a token, a Wait and a call, leaves them RUNNING and rejects nothing unhandled', async () => {
    const call = hanging();
    behaviours.set('closing-call', (n) => (n === 1 ? call.promise : Promise.resolve(null)));
    const machines = { 'closing-coach': 'coach-task', 'closing-wait': 'long-timeout' };
    // Its own DynamoDB client, destroyed right after close(), as the platform's is when it stops.
    const ownClient = new DynamoDBClient({
      endpoint: process.env.KAFAAT_TEST_DYNAMODB_ENDPOINT,
      region,
      credentials,
    });
    const first = await openEngine(machines, { dynamo: ownClient });
    const waiting = await start(first.sfn, 'closing-coach', 'closing-token');
    await invoked(await tokenOf('closing-token'));
    const calling = await start(first.sfn, 'closing-coach', 'closing-call');
    const callToken = await tokenOf('closing-call');
    const sleeping = await start(first.sfn, 'closing-wait', 'closing-wait');
    await eventually('the Wait state to be entered', async () =>
      typesOf(await history(first.sfn, sleeping)).includes('WaitStateEntered') ? true : undefined,
    );
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      let deadline: NodeJS.Timeout | undefined;
      const closed = await Promise.race([
        first.close().then(() => 'closed'),
        new Promise((resolve) => (deadline = setTimeout(() => resolve('still closing'), 20_000))),
      ]);
      clearTimeout(deadline);
      expect(closed).toBe('closed');
      ownClient.destroy();
      call.resolve(null); // the call ends after the stop: its answer is dropped, not written
      for (let turn = 0; turn < 20; turn += 1) await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
    expect(unhandled).toEqual([]);

    const second = await openEngine(machines);
    for (const executionArn of [waiting, calling, sleeping]) {
      expect((await second.sfn.send(new DescribeExecutionCommand({ executionArn }))).status).toBe('RUNNING');
    }
    expect(await second.engine.resumeAll()).toBe(3);
    expect(await tokenOf('closing-call', 2)).toBe(callToken);
    await invoked(callToken);
    for (const token of [given.get('closing-token')?.[0] ?? '', callToken])
      await second.sfn.send(success(token));
    expect((await finished(second.sfn, waiting)).status).toBe('SUCCEEDED');
    expect((await finished(second.sfn, calling)).status).toBe('SUCCEEDED');
    await second.sfn.send(new StopExecutionCommand({ executionArn: sleeping }));
    await second.close();
  });
});

test('a Wait and a task time-out longer than a Node timer holds end at their scaled time, not at the interpreter’s own time-out', async () => {
  // A day in 40 ms: the 30-day Wait takes 1.2 s and the 45-day time-out 1.8 s; the interpreter
  // is told to time a task attempt out after 1 s, so both outlast it (as 45 days outlast the
  // interpreter's 23 days at real time).
  const dayMs = 40;
  const engine = await openEngine(
    { 'long-timeout': 'long-timeout' },
    { timeScale: 86_400_000 / dayMs, interpreterTaskTimeoutSeconds: 1 },
  );
  const executionArn = await start(engine.sfn, 'long-timeout', 'long');

  const execution = await finished(engine.sfn, executionArn, 60_000);

  expect(execution).toMatchObject({ status: 'FAILED', error: 'CoachDidNotAnswer' });
  const events = await history(engine.sfn, executionArn);
  const at = (type: string) => events.find((e) => e.type === type)?.timestamp?.getTime() ?? NaN;
  expect(at('WaitStateExited') - at('WaitStateEntered')).toBeGreaterThanOrEqual(30 * dayMs);
  expect(at('TaskTimedOut') - at('TaskStarted')).toBeGreaterThanOrEqual(45 * dayMs);
  expect(typesOf(events).filter((t) => t === 'TaskScheduled')).toHaveLength(1);
  expect(typesOf(events)).not.toContain('TaskFailed');
  expect(given.get('long')).toHaveLength(1);
  await engine.close();
});

test('a Choice loop counted by States.MathAdd and labelled by States.Format runs, and resumes mid-loop after a restart', async () => {
  const labels: Json[] = [];
  behaviours.set('count', async (_n, payload) => {
    labels.push(payload.label ?? null);
    return null;
  });
  const first = await openEngine({ counter: 'counter' });
  const executionArn = await start(first.sfn, 'counter', 'count', { limit: 3 });
  for (const round of [1, 2]) {
    const token = await tokenOf('count', round);
    await invoked(token);
    await first.sfn.send(success(token));
  }
  const third = await tokenOf('count', 3);
  await invoked(third);
  await first.close();

  const second = await openEngine({ counter: 'counter' });
  expect(await second.engine.resumeAll()).toBe(1);
  await second.sfn.send(success(third));

  const execution = await finished(second.sfn, executionArn);
  expect(execution.status).toBe('SUCCEEDED');
  expect(JSON.parse(execution.output ?? '{}')).toEqual({ count: 3, limit: 3, case: 'count' });
  expect(labels).toEqual(['Round 1 of 3', 'Round 2 of 3', 'Round 3 of 3']);
  const entered = (await history(second.sfn, executionArn)).flatMap((e) =>
    e.stateEnteredEventDetails ? [`${e.type}:${e.stateEnteredEventDetails.name}`] : [],
  );
  expect(entered.filter((e) => e === 'PassStateEntered:Count')).toHaveLength(3);
  expect(entered.filter((e) => e === 'ChoiceStateEntered:Done?')).toHaveLength(3);
  expect(entered.filter((e) => e === 'TaskStateEntered:Checkpoint')).toHaveLength(3);
  await second.close();
});
