/**
 * The application's functions, run in this process as Lambda would run them: the same handler
 * modules, a Lambda context, JSON in and out, an error that carries the handler's error name, and
 * as on Lambda:
 * - each function loads its own copy of the project's modules, with only the environment its
 *   description grants (its tables, workflows and settings), so a handler that reads what it was
 *   not given fails here as it would on AWS;
 * - its time-out is enforced (the caller gets `Sandbox.Timedout`);
 * - invocations in flight are tracked, so a stop can wait for them before DynamoDB goes away.
 */
import { randomUUID } from 'node:crypto';
import { join, sep } from 'node:path';
import type { Context } from 'aws-lambda';
import { functions, type FunctionId } from '../app-description';

export const LOCAL_REGION = 'eu-west-3';
export const LOCAL_ACCOUNT = '000000000000';

export function localFunctionArn(id: FunctionId): string {
  return `arn:aws:lambda:${LOCAL_REGION}:${LOCAL_ACCOUNT}:function:kafaat-${id}`;
}

type Handler = (event: unknown, context: Context) => Promise<unknown>;

function lambdaContext(id: FunctionId, timeoutSeconds: number): Context {
  const deadline = Date.now() + timeoutSeconds * 1000;
  const fail = () => {
    throw new Error('Callback-style handlers are not used in Kafaat');
  };
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: `kafaat-${id}`,
    functionVersion: '$LATEST',
    invokedFunctionArn: localFunctionArn(id),
    memoryLimitInMB: String(functions[id].memoryMb ?? 256),
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/kafaat-${id}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: fail,
    fail,
    succeed: fail,
  };
}

function lambdaError(name: string, message: string): Error {
  return Object.assign(new Error(message), { name });
}

export interface LocalFunctionsOptions {
  root: string;
  /** What every function's environment holds (region, endpoints, Powertools settings). */
  commonEnvironment: () => Record<string, string>;
  /** What one function's environment adds: its tables, workflows and settings. */
  environmentOf: (id: FunctionId) => Record<string, string>;
}

export class LocalFunctions {
  private readonly handlers = new Map<FunctionId, Handler>();
  private readonly inFlight = new Set<Promise<unknown>>();
  private closed = false;

  constructor(private readonly options: LocalFunctionsOptions) {}

  /**
   * Loads a handler on first use, in its own environment. Modules read their settings when they
   * load (as at a Lambda cold start), so the environment is swapped in for the synchronous
   * require and restored after.
   */
  private handler(id: FunctionId): Handler {
    let handler = this.handlers.get(id);
    if (handler) return handler;
    const saved = process.env;
    const before = new Set(Object.keys(require.cache));
    process.env = { ...this.options.commonEnvironment(), ...this.options.environmentOf(id) };
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const loaded = require(join(this.options.root, functions[id].entry)) as { handler?: Handler };
      if (typeof loaded.handler !== 'function') throw new Error(`${functions[id].entry} exports no handler`);
      handler = loaded.handler;
    } finally {
      process.env = saved;
      // Like a Lambda container, each function keeps its own copy of the project's modules (its
      // own logger, clients and settings): what it loaded is taken out of the cache for the next.
      for (const key of Object.keys(require.cache)) {
        if (!before.has(key) && !key.includes(`${sep}node_modules${sep}`)) delete require.cache[key];
      }
    }
    this.handlers.set(id, handler);
    return handler;
  }

  async invoke(id: FunctionId, event: unknown): Promise<unknown> {
    if (this.closed) throw lambdaError('Lambda.ServiceException', 'The local platform is stopping');
    const run = this.run(id, event);
    this.inFlight.add(run);
    try {
      return await run;
    } finally {
      this.inFlight.delete(run);
    }
  }

  private async run(id: FunctionId, event: unknown): Promise<unknown> {
    const payload = JSON.parse(JSON.stringify(event ?? null)) as unknown;
    const timeoutSeconds = functions[id].timeoutSeconds ?? 30;
    const handler = this.handler(id);
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(
        () =>
          reject(
            lambdaError('Sandbox.Timedout', `Task timed out after ${timeoutSeconds.toFixed(2)} seconds`),
          ),
        timeoutSeconds * 1000,
      );
    });
    try {
      const result = await Promise.race([handler(payload, lambdaContext(id, timeoutSeconds)), timedOut]);
      return result === undefined ? null : (JSON.parse(JSON.stringify(result)) as unknown);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Refuses new invocations from now on (the platform is stopping). */
  close(): void {
    this.closed = true;
  }

  /** Waits for the invocations in flight, at most `timeoutMs`; true if none is left. */
  async drain(timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (this.inFlight.size > 0 && Date.now() < deadline) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        Promise.allSettled([...this.inFlight]),
        new Promise((resolveWait) => (timer = setTimeout(resolveWait, Math.max(0, deadline - Date.now())))),
      ]);
      clearTimeout(timer);
    }
    return this.inFlight.size === 0;
  }

  idOfArn(arn: string): FunctionId | undefined {
    return (Object.keys(functions) as FunctionId[]).find((id) => localFunctionArn(id) === arn);
  }
}
