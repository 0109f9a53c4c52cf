/**
 * The local Step Functions engine through its real JSON API (SFNClient): task tokens, callbacks,
 * Wait states and task time-outs on a scaled clock, StopExecution and the API's errors. The fixture
 * workflow's task function records the tokens it is given, as a Lambda would.
 */
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  SendTaskFailureCommand,
  SendTaskHeartbeatCommand,
  SendTaskSuccessCommand,
  SFNClient,
  StartExecutionCommand,
  StopExecutionCommand,
} from '@aws-sdk/client-sfn';
import { LocalStepFunctions } from '../../infra/local/step-functions/engine';
import { loadWorkflow, type Json } from '../../infra/local/step-functions/asl';
import { startStepFunctionsEndpoint } from '../../infra/local/step-functions/api-server';
import { ensureTables, localEngineTableName, localTableNames } from '../../infra/local/tables';
import { eventually } from '../support/platform';

const stateMachineArn = 'arn:aws:states:eu-west-3:000000000000:stateMachine:timing';
const taskFunctionArn = 'arn:aws:lambda:eu-west-3:000000000000:function:record-token';
/** One simulated day passes in 100 ms: the fixture's 30-day time-out in 3 s, time enough to answer first. */
const timeScale = 86400 / 0.1;

const tokens = new Map<string, string>();
let engine: LocalStepFunctions;
let sfn: SFNClient;
let closeServer: () => Promise<void>;
let dynamo: DynamoDBClient;

beforeAll(async () => {
  const endpoint = process.env.KAFAAT_TEST_DYNAMODB_ENDPOINT;
  if (!endpoint) throw new Error('DynamoDB Local is not running: run the tests with `npm test`.');
  const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
  dynamo = new DynamoDBClient({ endpoint, region: 'eu-west-3', credentials });
  const prefix = `t-engine-${randomBytes(4).toString('hex')}-`;
  const table = localEngineTableName(prefix);
  await ensureTables(dynamo, localTableNames(prefix), table);
  const workflow = loadWorkflow(join(__dirname, '..', 'fixtures', 'timing.asl.json'), {
    CreateCoachTaskFunctionArn: taskFunctionArn,
  });
  engine = new LocalStepFunctions({
    dynamo: DynamoDBDocumentClient.from(dynamo),
    table,
    workflows: [{ ...workflow, stateMachineArn }],
    invoke: async (arn: string, payload: Json) => {
      if (arn !== taskFunctionArn) throw new Error(`unexpected function ${arn}`);
      const { taskToken, case: name } = payload as { taskToken: string; case: string };
      tokens.set(name, taskToken);
      return null;
    },
    timeScale,
    log: () => undefined,
  });
  const server = await startStepFunctionsEndpoint(engine, 0);
  closeServer = () => new Promise((resolve) => server.server.close(() => resolve()));
  sfn = new SFNClient({ endpoint: server.endpoint, region: 'eu-west-3', credentials });
});

afterAll(async () => {
  await engine?.close();
  await closeServer?.();
  sfn?.destroy();
  dynamo?.destroy();
});

async function start(name: string): Promise<string> {
  const { executionArn } = await sfn.send(
    new StartExecutionCommand({ stateMachineArn, name, input: JSON.stringify({ case: name }) }),
  );
  return executionArn ?? '';
}

const tokenOf = (name: string) => eventually(`the task token of ${name}`, async () => tokens.get(name));

async function finished(executionArn: string) {
  return eventually(`${executionArn} to finish`, async () => {
    const execution = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    return execution.status === 'RUNNING' ? undefined : execution;
  });
}

test('a Wait state passes on the scaled clock, and a callback with the token completes the task', async () => {
  const executionArn = await start('success');
  const token = await tokenOf('success');
  expect(token.length).toBeGreaterThan(40);
  await sfn.send(new SendTaskHeartbeatCommand({ taskToken: token }));
  await sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: JSON.stringify({ ok: true }) }));
  const execution = await finished(executionArn);
  expect(execution.status).toBe('SUCCEEDED');
  expect(JSON.parse(execution.output ?? '{}')).toEqual({ case: 'success', answer: { ok: true } });
  const history = await sfn.send(new GetExecutionHistoryCommand({ executionArn }));
  expect(history.events?.map((e) => e.type)).toEqual(
    expect.arrayContaining([
      'WaitStateEntered',
      'TaskStateEntered',
      'SucceedStateEntered',
      'ExecutionSucceeded',
    ]),
  );
});

test('a task nobody answers times out after its TimeoutSeconds (scaled) and takes the Catch path', async () => {
  const executionArn = await start('timeout');
  const token = await tokenOf('timeout');
  const execution = await finished(executionArn);
  expect(execution.status).toBe('FAILED');
  expect(execution.error).toBe('CoachDidNotAnswer');
  // A late answer is refused as on AWS.
  await expect(
    sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{}' })),
  ).rejects.toMatchObject({ name: 'TaskTimedOut' });
});

test('SendTaskFailure fails the task with the error and cause given', async () => {
  const executionArn = await start('failure');
  const token = await tokenOf('failure');
  await sfn.send(
    new SendTaskFailureCommand({ taskToken: token, error: 'CoachRefused', cause: 'Not my region' }),
  );
  const execution = await finished(executionArn);
  expect(execution).toMatchObject({ status: 'FAILED', error: 'CoachRefused', cause: 'Not my region' });
});

test('StopExecution aborts a waiting execution, and its token is no longer accepted', async () => {
  const executionArn = await start('stopped');
  const token = await tokenOf('stopped');
  await sfn.send(
    new StopExecutionCommand({ executionArn, error: 'Withdrawn', cause: 'The beneficiary left' }),
  );
  const execution = await sfn.send(new DescribeExecutionCommand({ executionArn }));
  expect(execution).toMatchObject({ status: 'ABORTED', error: 'Withdrawn' });
  await expect(
    sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{}' })),
  ).rejects.toMatchObject({
    name: 'TaskTimedOut',
  });
  expect((await sfn.send(new DescribeExecutionCommand({ executionArn }))).status).toBe('ABORTED');
});

test('the API answers with the errors the SDK knows', async () => {
  await start('duplicate');
  await expect(
    sfn.send(new StartExecutionCommand({ stateMachineArn, name: 'duplicate', input: '{"case":"other"}' })),
  ).rejects.toMatchObject({ name: 'ExecutionAlreadyExists' });
  await expect(
    sfn.send(new StartExecutionCommand({ stateMachineArn: `${stateMachineArn}-nope`, name: 'x' })),
  ).rejects.toMatchObject({ name: 'StateMachineDoesNotExist' });
  await expect(
    sfn.send(new StartExecutionCommand({ stateMachineArn, name: 'bad-input', input: '{not json' })),
  ).rejects.toMatchObject({ name: 'InvalidExecutionInput' });
  await expect(
    sfn.send(new SendTaskSuccessCommand({ taskToken: 'not-a-token', output: '{}' })),
  ).rejects.toMatchObject({ name: 'InvalidToken' });
  const token = await tokenOf('duplicate');
  await expect(
    sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{oops' })),
  ).rejects.toMatchObject({
    name: 'InvalidOutput',
  });
  await expect(
    sfn.send(
      new DescribeExecutionCommand({
        executionArn: `${stateMachineArn.replace('stateMachine', 'execution')}:nope`,
      }),
    ),
  ).rejects.toMatchObject({ name: 'ExecutionDoesNotExist' });
});
