/**
 * The local Step Functions endpoint: the AWS JSON 1.0 protocol (`X-Amz-Target: AWSStepFunctions.*`)
 * that the AWS SDK's SFNClient speaks, served from the local engine.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LocalStepFunctions, StepFunctionsError, type ExecutionRecord } from './engine';

type Body = Record<string, unknown>;

const seconds = (ms: number | undefined) => (ms === undefined ? undefined : ms / 1000);

function describe(record: ExecutionRecord) {
  return {
    executionArn: record.executionArn,
    stateMachineArn: record.stateMachineArn,
    name: record.name,
    status: record.status,
    startDate: seconds(record.startDate),
    stopDate: seconds(record.stopDate),
    input: record.input,
    output: record.output ?? undefined,
    error: record.error ?? undefined,
    cause: record.cause ?? undefined,
  };
}

function text(body: Body, field: string): string {
  const value = body[field];
  if (typeof value !== 'string') throw new StepFunctionsError('ValidationException', `${field} is required`);
  return value;
}

function optionalText(body: Body, field: string): string | undefined {
  const value = body[field];
  return typeof value === 'string' ? value : undefined;
}

export function stepFunctionsOperations(
  engine: LocalStepFunctions,
): Record<string, (body: Body) => Promise<unknown>> {
  return {
    StartExecution: (b) =>
      engine
        .startExecution(text(b, 'stateMachineArn'), optionalText(b, 'name'), optionalText(b, 'input'))
        .then((r) => ({ executionArn: r.executionArn, startDate: seconds(r.startDate) })),
    DescribeExecution: async (b) => describe(await engine.describeExecution(text(b, 'executionArn'))),
    ListExecutions: async (b) => {
      const filter = optionalText(b, 'statusFilter');
      const all = await engine.listExecutions(text(b, 'stateMachineArn'));
      return {
        executions: all
          .filter((e) => !filter || e.status === filter)
          .map((e) => ({
            executionArn: e.executionArn,
            stateMachineArn: e.stateMachineArn,
            name: e.name,
            status: e.status,
            startDate: seconds(e.startDate),
            stopDate: seconds(e.stopDate),
          })),
      };
    },
    GetExecutionHistory: async (b) => {
      const record = await engine.describeExecution(text(b, 'executionArn'));
      const events = record.history.map((e, index) => ({
        id: index + 1,
        previousEventId: index,
        timestamp: seconds(e.timestamp),
        type: e.type,
        ...(e.type.endsWith('StateEntered') ? { stateEnteredEventDetails: { name: e.name } } : {}),
        ...(e.type.endsWith('StateExited') ? { stateExitedEventDetails: { name: e.name } } : {}),
        ...(e.type === 'ExecutionFailed' ? { executionFailedEventDetails: { error: e.error } } : {}),
      }));
      return { events: b.reverseOrder === true ? events.reverse() : events };
    },
    StopExecution: async (b) => ({
      stopDate: seconds(
        await engine.stopExecution(
          text(b, 'executionArn'),
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
    return JSON.parse(raw) as Body;
  } catch {
    throw new StepFunctionsError('SerializationException', 'Body is not JSON');
  }
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
      const operation = operations[target.replace(/^AWSStepFunctions\./, '')];
      if (request.method !== 'POST' || !operation) {
        reply(400, { __type: 'UnknownOperationException', message: `Unknown operation ${target}` });
        return;
      }
      try {
        reply(200, await operation(await readJson(request)));
      } catch (error) {
        if (error instanceof StepFunctionsError) {
          reply(400, { __type: `com.amazonaws.swf.service.v2.model#${error.name}`, message: error.message });
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
