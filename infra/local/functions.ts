/**
 * The application's functions, run in this process as Lambda would run them: the same handler
 * modules, a Lambda context, JSON in and out, an error that carries the handler's error name, and
 * as on Lambda:
 * - each function loads its own copy of the project's modules and sees only the environment its
 *   description grants (its tables, workflows and settings) — when it loads and whenever it reads
 *   `process.env` during an invocation — so a handler that reads what it was not given fails here
 *   as it would on AWS;
 * - its time-out is enforced (the caller gets `Sandbox.Timedout`);
 * - invocations in flight are tracked, so a stop can wait for them before DynamoDB goes away.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
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

/** The environment of the function whose code is running, carried through its async calls. */
const functionEnvironment = new AsyncLocalStorage<Record<string, string>>();
/** Which function's invocation the running code belongs to (the bench counts its AWS calls). */
const invocation = new AsyncLocalStorage<FunctionId>();

/** The function whose invocation is running here, if any (not the engine's or the pollers' own code). */
export function runningFunction(): FunctionId | undefined {
  return invocation.getStore();
}

/** What an observer of invocations is told of each one, once it ended. */
export interface InvocationRecord {
  id: FunctionId;
  /** Wall time of the handler's run in this process (with the event's copy in and out). */
  ms: number;
  failed: boolean;
}

/**
 * Makes `process.env` read the running function's own environment inside an invocation (and
 * the process's outside any). Installed once per process.
 */
function scopeProcessEnv(): void {
  const marker = Symbol.for('kafaat.scopedEnv');
  const current = process.env as NodeJS.ProcessEnv & { [marker]?: true };
  if (current[marker]) return;
  const scope = (target: NodeJS.ProcessEnv): Record<string, string | undefined> =>
    functionEnvironment.getStore() ?? target;
  process.env = new Proxy(current, {
    get: (target, key) =>
      key === marker ? true : typeof key === 'string' ? scope(target)[key] : Reflect.get(target, key),
    set: (target, key, value) => {
      if (typeof key !== 'string') return Reflect.set(target, key, value);
      scope(target)[key] = String(value);
      return true;
    },
    has: (target, key) => (typeof key === 'string' ? key in scope(target) : Reflect.has(target, key)),
    deleteProperty: (target, key) => (typeof key === 'string' ? delete scope(target)[key] : true),
    ownKeys: (target) => Reflect.ownKeys(scope(target)),
    getOwnPropertyDescriptor: (target, key) =>
      typeof key === 'string' && key in scope(target)
        ? { value: scope(target)[key], writable: true, enumerable: true, configurable: true }
        : undefined,
  });
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
  /** Its time-out, in seconds (default: the description's, else the stack's 10 s). */
  timeoutOf?: (id: FunctionId) => number;
}

export class LocalFunctions {
  private readonly handlers = new Map<FunctionId, Handler>();
  private readonly inFlight = new Set<Promise<unknown>>();
  private closed = false;

  private readonly environments = new Map<FunctionId, Record<string, string>>();
  private readonly observers = new Set<(record: InvocationRecord) => void>();

  constructor(private readonly options: LocalFunctionsOptions) {
    scopeProcessEnv();
  }

  private environment(id: FunctionId): Record<string, string> {
    let environment = this.environments.get(id);
    if (!environment) {
      environment = { ...this.options.commonEnvironment(), ...this.options.environmentOf(id) };
      this.environments.set(id, environment);
    }
    return environment;
  }

  /** Loads a handler on first use (a cold start), in its own environment. */
  private handler(id: FunctionId): Handler {
    let handler = this.handlers.get(id);
    if (handler) return handler;
    const before = new Set(Object.keys(require.cache));
    try {
      const loaded = functionEnvironment.run(
        this.environment(id),
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        () => require(join(this.options.root, functions[id].entry)) as { handler?: Handler },
      );
      if (typeof loaded.handler !== 'function') throw new Error(`${functions[id].entry} exports no handler`);
      handler = loaded.handler;
    } finally {
      // Like a Lambda container, each function keeps its own copy of the project's modules (its
      // own logger, clients and settings): what it loaded is taken out of the cache for the next.
      for (const key of Object.keys(require.cache)) {
        if (!before.has(key) && !key.includes(`${sep}node_modules${sep}`)) delete require.cache[key];
      }
    }
    this.handlers.set(id, handler);
    return handler;
  }

  /** Tells `observer` of every invocation from now on (the bench's counts); returns how to stop. */
  observe(observer: (record: InvocationRecord) => void): () => void {
    this.observers.add(observer);
    return () => this.observers.delete(observer);
  }

  async invoke(id: FunctionId, event: unknown): Promise<unknown> {
    if (this.closed) throw lambdaError('Lambda.ServiceException', 'The local platform is stopping');
    const started = performance.now();
    let failed = true;
    const run = invocation.run(id, () => this.run(id, event));
    this.inFlight.add(run);
    try {
      const result = await run;
      failed = false;
      return result;
    } finally {
      this.inFlight.delete(run);
      if (this.observers.size > 0) {
        const record = { id, ms: performance.now() - started, failed };
        for (const observer of this.observers) observer(record);
      }
    }
  }

  private async run(id: FunctionId, event: unknown): Promise<unknown> {
    const payload = JSON.parse(JSON.stringify(event ?? null)) as unknown;
    // As the CDK stack sets it (FunctionWithLogGroup: 10 s unless the description says otherwise).
    const timeoutSeconds = this.options.timeoutOf?.(id) ?? functions[id].timeoutSeconds ?? 10;
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
      const running = functionEnvironment.run(this.environment(id), () =>
        handler(payload, lambdaContext(id, timeoutSeconds)),
      );
      const result = await Promise.race([running, timedOut]);
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
