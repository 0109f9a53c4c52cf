/**
 * The local Step Functions endpoint: the AWS JSON 1.0 protocol (`X-Amz-Target: AWSStepFunctions.*`)
 * that the AWS SDK's SFNClient and `aws stepfunctions … --endpoint-url` speak, served from the local
 * engine: the executions API, the callbacks, and what one reads to debug a stuck journey (state
 * machines, execution lists and histories, paged as on AWS).
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  LocalStepFunctions,
  StepFunctionsError,
  nameOf,
  roleArnOf,
  type ExecutionRecord,
  type ExecutionStatus,
  type ExecutionSummary,
  type LocalWorkflow,
  type StoredEvent,
} from './engine';

type Body = Record<string, unknown>;
type Operation = (body: Body) => Promise<unknown>;

const STATUSES: ExecutionStatus[] = ['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED'];
const STATE_MACHINE_ARN = /^arn:aws[a-z-]*:states:[a-z0-9-]+:\d{12}:stateMachine:[^:\s]{1,80}$/;
const EXECUTION_ARN = /^arn:aws[a-z-]*:states:[a-z0-9-]+:\d{12}:execution:[^:\s]{1,80}:[^:\s]{1,80}$/;

/** Dates travel as epoch seconds in the JSON protocol. */
const seconds = (ms: number) => ms / 1000;

// ---------------------------------------------------------------- reading requests

function text(body: Body, field: string): string {
  const value = body[field];
  if (typeof value !== 'string') throw new StepFunctionsError('ValidationException', `${field} is required`);
  return value;
}

function optionalText(body: Body, field: string): string | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string')
    throw new StepFunctionsError('ValidationException', `${field} must be a string`);
  return value;
}

function arn(body: Body, field: string, pattern: RegExp): string {
  const value = text(body, field);
  if (!pattern.test(value)) throw new StepFunctionsError('InvalidArn', `Invalid Arn: '${value}'`);
  return value;
}

/** AWS: 0 or absent is the default page size (100); at most 1000. */
function maxResults(body: Body): number {
  const value = body.maxResults ?? 0;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 1000) {
    throw new StepFunctionsError('ValidationException', 'maxResults must be between 0 and 1000');
  }
  return value === 0 ? 100 : value;
}

function statusFilter(body: Body): ExecutionStatus | undefined {
  const value = optionalText(body, 'statusFilter');
  if (value === undefined) return undefined;
  if (!STATUSES.includes(value as ExecutionStatus)) {
    throw new StepFunctionsError('ValidationException', `Invalid statusFilter: '${value}'`);
  }
  return value as ExecutionStatus;
}

// ---------------------------------------------------------------- paging tokens

/** An opaque nextToken: what the page was of, and where the next one starts. */
interface Cursor {
  of: string;
  at: string | number;
}

function encodeToken(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

/** The position a nextToken holds, if it was issued for the same listing; InvalidToken otherwise. */
function decodeToken(body: Body, of: string): string | number | undefined {
  const token = optionalText(body, 'nextToken');
  if (token === undefined) return undefined;
  try {
    const cursor = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as Partial<Cursor>;
    if (cursor.of === of && (typeof cursor.at === 'string' || typeof cursor.at === 'number'))
      return cursor.at;
  } catch {
    // falls through to the error below
  }
  throw new StepFunctionsError('InvalidToken', 'Invalid nextToken');
}

// ---------------------------------------------------------------- AWS shapes

function executionItem(summary: ExecutionSummary) {
  return {
    executionArn: summary.executionArn,
    stateMachineArn: summary.stateMachineArn,
    name: summary.name,
    status: summary.status,
    startDate: seconds(summary.startDate),
    ...(summary.stopDate === undefined ? {} : { stopDate: seconds(summary.stopDate) }),
  };
}

function describeExecution(record: ExecutionRecord) {
  return {
    ...executionItem(record),
    input: record.input,
    inputDetails: { included: true },
    ...(record.output === undefined ? {} : { output: record.output, outputDetails: { included: true } }),
    ...(record.error === undefined ? {} : { error: record.error }),
    ...(record.cause === undefined ? {} : { cause: record.cause }),
    redriveCount: 0,
  };
}

function describeStateMachine(workflow: LocalWorkflow, creationDate: number) {
  return {
    stateMachineArn: workflow.stateMachineArn,
    name: nameOf(workflow.stateMachineArn),
    status: 'ACTIVE',
    definition: workflow.source,
    roleArn: roleArnOf(workflow.stateMachineArn),
    type: 'STANDARD',
    creationDate: seconds(creationDate),
    loggingConfiguration: { level: 'OFF', includeExecutionData: false },
    tracingConfiguration: { enabled: false },
  };
}

/** With includeExecutionData false, AWS leaves out the events' input and output. */
function withoutData(event: StoredEvent): StoredEvent {
  const shown: StoredEvent = { ...event };
  for (const [field, value] of Object.entries(event)) {
    if (!field.endsWith('EventDetails') || value === null || typeof value !== 'object') continue;
    const details = { ...(value as Record<string, unknown>) };
    for (const hidden of ['input', 'inputDetails', 'output', 'outputDetails']) delete details[hidden];
    shown[field] = details;
  }
  return shown;
}

// ---------------------------------------------------------------- operations

export function stepFunctionsOperations(engine: LocalStepFunctions): Record<string, Operation> {
  return {
    StartExecution: async (b) => {
      const started = await engine.startExecution(
        arn(b, 'stateMachineArn', STATE_MACHINE_ARN),
        optionalText(b, 'name'),
        optionalText(b, 'input'),
      );
      return { executionArn: started.executionArn, startDate: seconds(started.startDate) };
    },
    DescribeExecution: async (b) =>
      describeExecution(await engine.describeExecution(arn(b, 'executionArn', EXECUTION_ARN))),
    ListExecutions: async (b) => {
      const stateMachineArn = arn(b, 'stateMachineArn', STATE_MACHINE_ARN);
      const status = statusFilter(b);
      const of = `executions:${stateMachineArn}:${status ?? ''}`;
      const after = decodeToken(b, of);
      const page = await engine.listExecutions(stateMachineArn, {
        limit: maxResults(b),
        ...(status ? { status } : {}),
        ...(after === undefined ? {} : { after: String(after) }),
      });
      return {
        executions: page.items.map(executionItem),
        ...(page.after === undefined ? {} : { nextToken: encodeToken({ of, at: page.after }) }),
      };
    },
    GetExecutionHistory: async (b) => {
      const executionArn = arn(b, 'executionArn', EXECUTION_ARN);
      const reverse = b.reverseOrder === true;
      const of = `history:${executionArn}:${reverse}`;
      const after = decodeToken(b, of);
      const page = await engine.getExecutionHistory(executionArn, {
        limit: maxResults(b),
        reverse,
        ...(after === undefined ? {} : { afterId: Number(after) }),
      });
      const shown = b.includeExecutionData === false ? page.events.map(withoutData) : page.events;
      const last = page.events[page.events.length - 1];
      return {
        events: shown.map((e) => ({ ...e, timestamp: seconds(e.timestamp) })),
        ...(page.more && last ? { nextToken: encodeToken({ of, at: last.id }) } : {}),
      };
    },
    ListStateMachines: async (b) => {
      const all = await engine.listStateMachines();
      const from = Number(decodeToken(b, 'statemachines') ?? 0);
      const limit = maxResults(b);
      const page = all.slice(from, from + limit);
      return {
        stateMachines: page.map(({ workflow, creationDate }) => ({
          stateMachineArn: workflow.stateMachineArn,
          name: nameOf(workflow.stateMachineArn),
          type: 'STANDARD',
          creationDate: seconds(creationDate),
        })),
        ...(from + limit < all.length
          ? { nextToken: encodeToken({ of: 'statemachines', at: from + limit }) }
          : {}),
      };
    },
    DescribeStateMachine: async (b) => {
      const { workflow, creationDate } = await engine.describeStateMachine(
        arn(b, 'stateMachineArn', STATE_MACHINE_ARN),
      );
      return describeStateMachine(workflow, creationDate);
    },
    DescribeStateMachineForExecution: async (b) => {
      const execution = await engine.describeExecution(arn(b, 'executionArn', EXECUTION_ARN));
      const { workflow, creationDate } = await engine.describeStateMachine(execution.stateMachineArn);
      const { stateMachineArn, name, definition, roleArn, loggingConfiguration, tracingConfiguration } =
        describeStateMachine(workflow, creationDate);
      return {
        stateMachineArn,
        name,
        definition,
        roleArn,
        updateDate: seconds(creationDate),
        loggingConfiguration,
        tracingConfiguration,
      };
    },
    StopExecution: async (b) => ({
      stopDate: seconds(
        await engine.stopExecution(
          arn(b, 'executionArn', EXECUTION_ARN),
          optionalText(b, 'error'),
          optionalText(b, 'cause'),
        ),
      ),
    }),
    SendTaskSuccess: async (b) => {
      await engine.sendTaskSuccess(text(b, 'taskToken'), text(b, 'output'));
      return {};
    },
    SendTaskFailure: async (b) => {
      await engine.sendTaskFailure(text(b, 'taskToken'), optionalText(b, 'error'), optionalText(b, 'cause'));
      return {};
    },
    SendTaskHeartbeat: async (b) => {
      await engine.sendTaskHeartbeat(text(b, 'taskToken'));
      return {};
    },
  };
}

// ---------------------------------------------------------------- the HTTP server

async function readJson(request: IncomingMessage): Promise<Body> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > 1024 * 1024) throw new StepFunctionsError('ValidationException', 'Request too large');
    chunks.push(chunk as Buffer);
  }
  const raw = Buffer.concat(chunks).toString('utf8') || '{}';
  try {
    const body = JSON.parse(raw) as unknown;
    if (body !== null && typeof body === 'object' && !Array.isArray(body)) return body as Body;
  } catch {
    // falls through to the error below
  }
  throw new StepFunctionsError('SerializationException', 'Body is not a JSON object');
}

/** The error body the SDK parses: it keeps what follows `#` in `__type` as the exception's name. */
function errorBody(name: string, message: string) {
  const namespace =
    name === 'UnknownOperationException' ? 'com.amazon.coral.service' : 'com.amazonaws.swf.service.v2.model';
  return { __type: `${namespace}#${name}`, message };
}

export async function startStepFunctionsEndpoint(
  engine: LocalStepFunctions,
  port: number,
  host = '127.0.0.1',
): Promise<{ server: Server; endpoint: string }> {
  const operations = stepFunctionsOperations(engine);
  const server = createServer((request, response) => {
    const reply = (status: number, body: unknown) => {
      response.writeHead(status, { 'content-type': 'application/x-amz-json-1.0' });
      response.end(JSON.stringify(body));
    };
    void (async () => {
      const target = String(request.headers['x-amz-target'] ?? '');
      const operation = target.startsWith('AWSStepFunctions.')
        ? operations[target.slice('AWSStepFunctions.'.length)]
        : undefined;
      if (request.method !== 'POST' || !operation) {
        request.resume();
        reply(400, errorBody('UnknownOperationException', `Unknown operation ${target}`));
        return;
      }
      try {
        reply(200, await operation(await readJson(request)));
      } catch (error) {
        if (error instanceof StepFunctionsError) {
          reply(400, errorBody(error.name, error.message));
        } else {
          reply(500, { __type: 'InternalFailure', message: 'The local engine failed; see its console.' });
          console.error('[step-functions]', error);
        }
      }
    })();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const address = server.address() as AddressInfo;
  return { server, endpoint: `http://${host}:${address.port}` };
}
