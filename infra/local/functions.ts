/**
 * The application's functions, run in this process as Lambda would run them: the same handler
 * modules, a Lambda context, JSON in and out, and an error that carries the handler's error name.
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

export class LocalFunctions {
  private readonly handlers = new Map<FunctionId, Handler>();

  constructor(private readonly root: string) {}

  /** Loads a handler on first use, after the runtime has set the environment it reads at load. */
  private handler(id: FunctionId): Handler {
    let handler = this.handlers.get(id);
    if (!handler) {
      // Like a Lambda container, each function gets its own copy of the project's modules (its own
      // logger, clients and module state): what one loads is taken out of the cache for the next.
      const before = new Set(Object.keys(require.cache));
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const loaded = require(join(this.root, functions[id].entry)) as { handler?: Handler };
      for (const key of Object.keys(require.cache)) {
        if (!before.has(key) && !key.includes(`${sep}node_modules${sep}`)) delete require.cache[key];
      }
      if (typeof loaded.handler !== 'function') throw new Error(`${functions[id].entry} exports no handler`);
      handler = loaded.handler;
      this.handlers.set(id, handler);
    }
    return handler;
  }

  async invoke(id: FunctionId, event: unknown): Promise<unknown> {
    const payload = JSON.parse(JSON.stringify(event ?? null)) as unknown;
    const result = await this.handler(id)(payload, lambdaContext(id, functions[id].timeoutSeconds ?? 30));
    return result === undefined ? null : (JSON.parse(JSON.stringify(result)) as unknown);
  }

  idOfArn(arn: string): FunctionId | undefined {
    return (Object.keys(functions) as FunctionId[]).find((id) => localFunctionArn(id) === arn);
  }
}
