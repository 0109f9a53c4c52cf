/**
 * The local Step Functions endpoint as a developer debugging a stuck journey reads it, with the AWS
 * SDK's own SFNClient (what `aws stepfunctions … --endpoint-url` sends): state machines, executions
 * paged newest first, histories with AWS's event types and details, paged and reversed, and AWS's
 * errors. The engine runs at real time here; the fixtures' time-outs are of a second or two.
 */
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  DescribeExecutionCommand,
  DescribeStateMachineCommand,
  DescribeStateMachineForExecutionCommand,
  GetExecutionHistoryCommand,
  ListActivitiesCommand,
  ListExecutionsCommand,
  ListStateMachinesCommand,
  SendTaskSuccessCommand,
  SFNClient,
  StartExecutionCommand,
  StopExecutionCommand,
  type ExecutionStatus,
  type HistoryEvent,
} from '@aws-sdk/client-sfn';
import { LocalStepFunctions } from '../../infra/local/step-functions/engine';
import { loadWorkflow, substitute, type Json } from '../../infra/local/step-functions/asl';
import { startStepFunctionsEndpoint } from '../../infra/local/step-functions/api-server';
import { ensureTables, localEngineTableName, localTableNames } from '../../infra/local/tables';
import { eventually } from '../support/platform';

// Waits here end on events, each with its own deadline; the test's own limit only has to be above them.
jest.setTimeout(120_000);

const region = 'eu-west-3';
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
const coachFunctionArn = 'arn:aws:lambda:eu-west-3:000000000000:function:record-token';
const shoutFunctionArn = 'arn:aws:lambda:eu-west-3:000000000000:function:shout';
const values = { CreateCoachTaskFunctionArn: coachFunctionArn, ShoutFunctionArn: shoutFunctionArn };
const fixture = (name: string) => join(__dirname, '..', 'fixtures', `${name}.asl.json`);
const arnOf = (machine: string) => `arn:aws:states:${region}:000000000000:stateMachine:${machine}`;
const machines = {
  'api-greeting': 'greeting',
  'api-coach': 'coach-task',
  'api-task-timeout': 'task-timeout',
  'api-execution-timeout': 'execution-timeout',
};
const executionArnOf = (machine: string, name: string) =>
  `${arnOf(machine).replace(':stateMachine:', ':execution:')}:${name}`;

const tokens = new Map<string, string>();
let engine: LocalStepFunctions;
let sfn: SFNClient;
let endpoint: string;
let closeServer: () => Promise<void>;
let dynamo: DynamoDBClient;
/** Each run its own execution names (the table is new each run, but names read better unique). */
const run = randomBytes(3).toString('hex');

async function functions(arn: string, payload: Json): Promise<Json> {
  const call = payload as { taskToken?: string; case?: string; text?: string };
  if (arn === shoutFunctionArn) return String(call.text).toUpperCase();
  if (arn === coachFunctionArn && call.taskToken && call.case) {
    tokens.set(call.case, call.taskToken);
    return { sent: true };
  }
  throw new Error(`unexpected call of ${arn}`);
}

beforeAll(async () => {
  const dynamoEndpoint = process.env.KAFAAT_TEST_DYNAMODB_ENDPOINT;
  if (!dynamoEndpoint) throw new Error('DynamoDB Local is not running: run the tests with `npm test`.');
  dynamo = new DynamoDBClient({ endpoint: dynamoEndpoint, region, credentials });
  const prefix = `t-sfn-api-${randomBytes(4).toString('hex')}-`;
  const table = localEngineTableName(prefix);
  await ensureTables(dynamo, localTableNames(prefix), table);
  engine = new LocalStepFunctions({
    dynamo: DynamoDBDocumentClient.from(dynamo),
    table,
    workflows: Object.entries(machines).map(([machine, file]) => ({
      ...loadWorkflow(fixture(file), values),
      stateMachineArn: arnOf(machine),
    })),
    invoke: functions,
    timeScale: 1,
    log: () => undefined,
  });
  const server = await startStepFunctionsEndpoint(engine, 0);
  endpoint = server.endpoint;
  closeServer = () =>
    new Promise((resolve) => {
      server.server.close(() => resolve());
      server.server.closeAllConnections();
    });
  sfn = new SFNClient({ endpoint, region, credentials });
});

afterAll(async () => {
  await engine?.close();
  // Clients first, so that no connection is left for the server to wait on.
  sfn?.destroy();
  await closeServer?.();
  dynamo?.destroy();
});

async function start(machine: string, name: string, input: Record<string, Json>): Promise<string> {
  const { executionArn } = await sfn.send(
    new StartExecutionCommand({ stateMachineArn: arnOf(machine), name, input: JSON.stringify(input) }),
  );
  return executionArn ?? '';
}

async function finished(executionArn: string) {
  return eventually(`${executionArn} to finish`, async () => {
    const execution = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    return execution.status === 'RUNNING' ? undefined : execution;
  });
}

async function fullHistory(executionArn: string): Promise<HistoryEvent[]> {
  return (await sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000 }))).events ?? [];
}

const typesOf = (events: HistoryEvent[]) => events.map((e) => e.type);
const tokenOf = (name: string) => eventually(`the task token of ${name}`, async () => tokens.get(name));

/** Every page of a paged call, following nextToken to the end. */
async function allPages<T>(page: (nextToken?: string) => Promise<{ items: T[]; nextToken?: string }>) {
  const pages: T[][] = [];
  let nextToken: string | undefined;
  do {
    const result = await page(nextToken);
    pages.push(result.items);
    nextToken = result.nextToken;
  } while (nextToken !== undefined);
  return pages;
}

const greetings = ['1', '2', '3', '4', '5'].map((n) => `greeting-${run}-${n}`);

beforeAll(async () => {
  // Five executions started one after the other; the last one greets nobody and fails.
  for (const [index, name] of greetings.entries()) {
    await start('api-greeting', name, { who: index === 4 ? 'nobody' : `Amina ${index}` });
  }
  for (const name of greetings) await finished(executionArnOf('api-greeting', name));
});

describe('state machines', () => {
  test('ListStateMachines pages through the bound workflows', async () => {
    const pages = await allPages(async (nextToken) => {
      const page = await sfn.send(new ListStateMachinesCommand({ maxResults: 2, nextToken }));
      return { items: page.stateMachines ?? [], nextToken: page.nextToken };
    });

    expect(pages.map((p) => p.length)).toEqual([2, 2]);
    const listed = pages.flat();
    expect(listed.map((m) => m.stateMachineArn).sort()).toEqual(Object.keys(machines).map(arnOf).sort());
    expect(listed[0]).toMatchObject({ type: 'STANDARD', creationDate: expect.any(Date) });
  });

  test('DescribeStateMachine shows the ASL as bound locally, a role, and a stable creation date', async () => {
    const described = await sfn.send(
      new DescribeStateMachineCommand({ stateMachineArn: arnOf('api-coach') }),
    );
    const again = await sfn.send(new DescribeStateMachineCommand({ stateMachineArn: arnOf('api-coach') }));

    expect(described).toMatchObject({
      stateMachineArn: arnOf('api-coach'),
      name: 'api-coach',
      status: 'ACTIVE',
      type: 'STANDARD',
      roleArn: expect.stringMatching(/^arn:aws:iam::000000000000:role\/.+/),
      creationDate: expect.any(Date),
    });
    expect(JSON.parse(described.definition ?? '')).toEqual(
      JSON.parse(substitute(readFileSync(fixture('coach-task'), 'utf8'), values)),
    );
    expect(again.creationDate).toEqual(described.creationDate);
  });

  test('DescribeStateMachineForExecution names the state machine an execution runs', async () => {
    const executionArn = executionArnOf('api-greeting', greetings[0] ?? '');

    const described = await sfn.send(new DescribeStateMachineForExecutionCommand({ executionArn }));

    expect(described).toMatchObject({
      stateMachineArn: arnOf('api-greeting'),
      name: 'api-greeting',
      roleArn: expect.stringMatching(/^arn:aws:iam::/),
      updateDate: expect.any(Date),
    });
    expect(JSON.parse(described.definition ?? '').StartAt).toBe('Greet');
  });

  test('an unknown or malformed state machine ARN gets the error AWS gives', async () => {
    await expect(
      sfn.send(new DescribeStateMachineCommand({ stateMachineArn: arnOf('nothing-here') })),
    ).rejects.toMatchObject({ name: 'StateMachineDoesNotExist' });
    await expect(
      sfn.send(new DescribeStateMachineCommand({ stateMachineArn: 'not-an-arn' })),
    ).rejects.toMatchObject({ name: 'InvalidArn' });
  });
});

describe('executions', () => {
  test('ListExecutions pages newest first with maxResults and nextToken, without duplicates', async () => {
    const pages = await allPages(async (nextToken) => {
      const page = await sfn.send(
        new ListExecutionsCommand({ stateMachineArn: arnOf('api-greeting'), maxResults: 2, nextToken }),
      );
      return { items: page.executions ?? [], nextToken: page.nextToken };
    });

    expect(pages.map((p) => p.length)).toEqual([2, 2, 1]);
    expect(pages.flat().map((e) => e.name)).toEqual([...greetings].reverse());
    expect(pages.flat()[0]).toMatchObject({
      stateMachineArn: arnOf('api-greeting'),
      status: 'FAILED',
      startDate: expect.any(Date),
      stopDate: expect.any(Date),
    });
  });

  test('ListExecutions filters by status, and pages what it filters', async () => {
    const names = async (statusFilter: ExecutionStatus, maxResults?: number) =>
      (
        await allPages(async (nextToken) => {
          const page = await sfn.send(
            new ListExecutionsCommand({
              stateMachineArn: arnOf('api-greeting'),
              statusFilter,
              maxResults,
              nextToken,
            }),
          );
          return { items: page.executions ?? [], nextToken: page.nextToken };
        })
      ).map((page) => page.map((e) => e.name));

    expect(await names('FAILED')).toEqual([[greetings[4]]]);
    expect(await names('SUCCEEDED', 3)).toEqual([greetings.slice(1, 4).reverse(), [greetings[0]]]);
    expect(await names('RUNNING')).toEqual([[]]);
  });

  test('ListExecutions refuses a bad nextToken, page size or status filter as AWS does', async () => {
    const stateMachineArn = arnOf('api-greeting');
    await expect(
      sfn.send(new ListExecutionsCommand({ stateMachineArn, nextToken: 'bm90IGEgdG9rZW4' })),
    ).rejects.toMatchObject({ name: 'InvalidToken' });
    await expect(
      sfn.send(new ListExecutionsCommand({ stateMachineArn, maxResults: 1001 })),
    ).rejects.toMatchObject({
      name: 'ValidationException',
    });
    await expect(
      sfn.send(new ListExecutionsCommand({ stateMachineArn, statusFilter: 'NOPE' as ExecutionStatus })),
    ).rejects.toMatchObject({ name: 'ValidationException' });
  });

  test('DescribeExecution answers in the shape of AWS', async () => {
    const executionArn = executionArnOf('api-greeting', greetings[0] ?? '');

    const described = await sfn.send(new DescribeExecutionCommand({ executionArn }));

    expect(described).toMatchObject({
      executionArn,
      stateMachineArn: arnOf('api-greeting'),
      name: greetings[0],
      status: 'SUCCEEDED',
      startDate: expect.any(Date),
      stopDate: expect.any(Date),
      input: JSON.stringify({ who: 'Amina 0' }),
      inputDetails: { included: true },
      outputDetails: { included: true },
    });
    expect(JSON.parse(described.output ?? '')).toEqual({
      who: 'Amina 0',
      greeting: 'Hello Amina 0',
      shouted: 'HELLO AMINA 0',
    });
    await expect(
      sfn.send(
        new DescribeExecutionCommand({ executionArn: executionArnOf('api-greeting', 'nobody-ran-this') }),
      ),
    ).rejects.toMatchObject({ name: 'ExecutionDoesNotExist' });
    await expect(sfn.send(new DescribeExecutionCommand({ executionArn: 'arn:nope' }))).rejects.toMatchObject({
      name: 'InvalidArn',
    });
  });
});

describe('execution history', () => {
  test('a Pass, a Lambda task and a Choice write the events AWS writes, with consecutive ids', async () => {
    const events = await fullHistory(executionArnOf('api-greeting', greetings[0] ?? ''));

    expect(typesOf(events)).toEqual([
      'ExecutionStarted',
      'PassStateEntered',
      'PassStateExited',
      'TaskStateEntered',
      'LambdaFunctionScheduled',
      'LambdaFunctionStarted',
      'LambdaFunctionSucceeded',
      'TaskStateExited',
      'ChoiceStateEntered',
      'ChoiceStateExited',
      'SucceedStateEntered',
      'SucceedStateExited',
      'ExecutionSucceeded',
    ]);
    expect(events.map((e) => [e.id, e.previousEventId])).toEqual(events.map((_, i) => [i + 1, i]));
    expect(events[0]?.executionStartedEventDetails).toMatchObject({
      input: JSON.stringify({ who: 'Amina 0' }),
      roleArn: expect.stringMatching(/^arn:aws:iam::/),
    });
    expect(events[2]?.stateExitedEventDetails).toEqual({
      name: 'Greet',
      output: JSON.stringify({ greeting: 'Hello Amina 0', who: 'Amina 0' }),
      outputDetails: { truncated: false },
    });
    expect(events[4]?.lambdaFunctionScheduledEventDetails).toMatchObject({
      resource: shoutFunctionArn,
      input: JSON.stringify({ text: 'Hello Amina 0' }),
      timeoutInSeconds: 60,
    });
    expect(events[6]?.lambdaFunctionSucceededEventDetails?.output).toBe('"HELLO AMINA 0"');
  });

  test('a Fail state ends the history with FailStateEntered and ExecutionFailed', async () => {
    const events = await fullHistory(executionArnOf('api-greeting', greetings[4] ?? ''));

    expect(typesOf(events).slice(-2)).toEqual(['FailStateEntered', 'ExecutionFailed']);
    expect(events[events.length - 1]?.executionFailedEventDetails).toEqual({
      error: 'NobodyThere',
      cause: 'There was nobody to greet.',
    });
  });

  test('GetExecutionHistory pages with maxResults and nextToken, in reverse order, and without data', async () => {
    const executionArn = executionArnOf('api-greeting', greetings[0] ?? '');
    const pagesOf = (reverseOrder: boolean, maxResults: number) =>
      allPages(async (nextToken) => {
        const page = await sfn.send(
          new GetExecutionHistoryCommand({ executionArn, reverseOrder, maxResults, nextToken }),
        );
        return { items: page.events ?? [], nextToken: page.nextToken };
      });

    const forward = await pagesOf(false, 4);
    const backward = await pagesOf(true, 5);
    const bare = await sfn.send(
      new GetExecutionHistoryCommand({ executionArn, includeExecutionData: false }),
    );

    expect(forward.map((p) => p.length)).toEqual([4, 4, 4, 1]);
    expect(forward.flat().map((e) => e.id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]);
    expect(backward.map((p) => p.length)).toEqual([5, 5, 3]);
    expect(backward.flat().map((e) => e.id)).toEqual([13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
    const details = (bare.events ?? []).flatMap((e) =>
      Object.entries(e).flatMap(([field, value]) =>
        field.endsWith('EventDetails') ? [value as object] : [],
      ),
    );
    expect(details.length).toBeGreaterThan(0);
    for (const detail of details) {
      expect(Object.keys(detail)).not.toEqual(expect.arrayContaining(['input']));
      expect(Object.keys(detail)).not.toEqual(expect.arrayContaining(['output']));
    }
    expect(bare.events?.[1]?.stateEnteredEventDetails?.name).toBe('Greet');
    await expect(
      sfn.send(new GetExecutionHistoryCommand({ executionArn, nextToken: 'garbage' })),
    ).rejects.toMatchObject({ name: 'InvalidToken' });
  });

  test('a coach task shows TaskScheduled then TaskSubmitted while it waits, and TaskSucceeded once answered', async () => {
    const name = `coach-${run}`;
    const executionArn = await start('api-coach', name, { case: name });
    const token = await tokenOf(name);

    const waiting = await eventually('the task to be submitted', async () => {
      const events = await fullHistory(executionArn);
      return typesOf(events).includes('TaskSubmitted') ? events : undefined;
    });
    expect(typesOf(waiting)).toEqual([
      'ExecutionStarted',
      'TaskStateEntered',
      'TaskScheduled',
      'TaskStarted',
      'TaskSubmitted',
    ]);
    const scheduled = waiting[2]?.taskScheduledEventDetails;
    expect(scheduled).toMatchObject({
      resourceType: 'lambda',
      resource: 'invoke.waitForTaskToken',
      region,
      timeoutInSeconds: 2592000,
    });
    expect(JSON.parse(scheduled?.parameters ?? '')).toEqual({
      FunctionName: coachFunctionArn,
      Payload: { taskToken: token, case: name },
    });
    expect(JSON.parse(waiting[4]?.taskSubmittedEventDetails?.output ?? '')).toMatchObject({
      Payload: { sent: true },
      StatusCode: 200,
    });

    await sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: JSON.stringify({ met: true }) }));
    expect((await finished(executionArn)).status).toBe('SUCCEEDED');

    const events = await fullHistory(executionArn);
    expect(typesOf(events).slice(5)).toEqual([
      'TaskSucceeded',
      'TaskStateExited',
      'SucceedStateEntered',
      'SucceedStateExited',
      'ExecutionSucceeded',
    ]);
    expect(events[5]?.taskSucceededEventDetails).toMatchObject({
      resourceType: 'lambda',
      resource: 'invoke.waitForTaskToken',
      output: JSON.stringify({ met: true }),
    });
    expect(events.map((e) => e.id)).toEqual(events.map((_, i) => i + 1));
    // A second answer to a closed token is refused as on AWS.
    await expect(
      sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{}' })),
    ).rejects.toMatchObject({ name: 'TaskTimedOut' });
  });

  test('a task past its TimeoutSeconds shows TaskTimedOut, with the error the Catch takes', async () => {
    const name = `task-timeout-${run}`;
    const executionArn = await start('api-task-timeout', name, { case: name });

    const execution = await finished(executionArn);

    expect(execution).toMatchObject({ status: 'FAILED', error: 'CoachDidNotAnswer' });
    const events = await fullHistory(executionArn);
    expect(typesOf(events)).toEqual([
      'ExecutionStarted',
      'TaskStateEntered',
      'TaskScheduled',
      'TaskStarted',
      'TaskSubmitted',
      'TaskTimedOut',
      'TaskStateExited',
      'FailStateEntered',
      'ExecutionFailed',
    ]);
    expect(events[5]?.taskTimedOutEventDetails).toMatchObject({
      resourceType: 'lambda',
      resource: 'invoke.waitForTaskToken',
      error: 'States.Timeout',
    });
    expect(JSON.parse(events[6]?.stateExitedEventDetails?.output ?? '')).toMatchObject({
      timeout: { Error: 'States.Timeout' },
    });
  });

  test('an execution past its own TimeoutSeconds ends TIMED_OUT with ExecutionTimedOut', async () => {
    const name = `execution-timeout-${run}`;
    const executionArn = await start('api-execution-timeout', name, {});

    const execution = await finished(executionArn);

    expect(execution).toMatchObject({ status: 'TIMED_OUT', error: 'States.Timeout' });
    const events = await fullHistory(executionArn);
    // On a busy machine the second may pass before the Wait is even entered: only the ends are sure.
    const types = typesOf(events);
    expect(types[0]).toBe('ExecutionStarted');
    expect(types.slice(1, -1)).toEqual(types.length > 2 ? ['WaitStateEntered'] : []);
    expect(events[events.length - 1]).toMatchObject({
      type: 'ExecutionTimedOut',
      executionTimedOutEventDetails: { error: 'States.Timeout' },
    });
  });

  test('StopExecution ends the history with ExecutionAborted, its error and cause', async () => {
    const name = `stop-${run}`;
    const executionArn = await start('api-coach', name, { case: name });
    await tokenOf(name);

    await sfn.send(
      new StopExecutionCommand({ executionArn, error: 'Withdrawn', cause: 'The beneficiary left' }),
    );

    const events = await fullHistory(executionArn);
    expect(events[events.length - 1]).toMatchObject({
      type: 'ExecutionAborted',
      executionAbortedEventDetails: { error: 'Withdrawn', cause: 'The beneficiary left' },
    });
    expect((await sfn.send(new DescribeExecutionCommand({ executionArn }))).status).toBe('ABORTED');
  });
});

describe('errors', () => {
  test('an operation the endpoint does not serve is an UnknownOperationException, as on AWS', async () => {
    await expect(sfn.send(new ListActivitiesCommand({}))).rejects.toMatchObject({
      name: 'UnknownOperationException',
    });
    const response = await fetch(endpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': 'AWSStepFunctions.Nope',
        connection: 'close',
      },
      body: '{}',
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { __type: string }).__type).toMatch(/#UnknownOperationException$/);
  });

  test('a token of the wrong form is an InvalidToken; one of the right form that no task has, TaskDoesNotExist', async () => {
    await expect(
      sfn.send(new SendTaskSuccessCommand({ taskToken: 'not-a-token', output: '{}' })),
    ).rejects.toMatchObject({ name: 'InvalidToken' });
    await expect(
      sfn.send(
        new SendTaskSuccessCommand({ taskToken: randomBytes(48).toString('base64url'), output: '{}' }),
      ),
    ).rejects.toMatchObject({ name: 'TaskDoesNotExist' });
  });
});
