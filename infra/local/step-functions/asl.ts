/**
 * Reading an ASL file the way the local engine needs it: placeholders bound, and every time-out
 * taken out of the interpreter's hands (Task and Wait timings, the execution's TimeoutSeconds) so
 * the engine can scale time, persist deadlines and resume after a restart. The files in workflows/
 * are never changed.
 */
import { readFileSync } from 'node:fs';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export interface StateTiming {
  /** The state's type as written in the file (Wait states run as Tasks locally). */
  type: string;
  resource?: string;
  timeoutSeconds?: number;
  heartbeatSeconds?: number;
  wait?: { seconds?: number; secondsPath?: string; timestamp?: string; timestampPath?: string };
}

export const LOCAL_WAIT_RESOURCE = 'arn:kafaat:local:wait';

/**
 * aws-local-stepfunctions times every Task attempt itself, with one `setTimeout` of the state's
 * TimeoutSeconds (60 s when absent), and a Node timer cannot hold more than about 24.8 days. So the
 * interpreter is given this time-out, and the engine never holds one attempt longer than half of
 * it: a task or Wait still waiting then fails the attempt with LOCAL_CONTINUE_ERROR, which the
 * retrier added first to every Task retries at once, forever. The engine keeps the real deadline.
 */
export const INTERPRETER_TASK_TIMEOUT_SECONDS = 2_000_000;
export const LOCAL_CONTINUE_ERROR = 'Kafaat.Local.Continue';
const CONTINUE_RETRIER: JsonObject = {
  ErrorEquals: [LOCAL_CONTINUE_ERROR],
  IntervalSeconds: 0,
  MaxAttempts: 99_999_999,
  BackoffRate: 1,
};

export function substitute(text: string, values: Record<string, string>): string {
  return text.replace(/\$\{([A-Za-z0-9_]+)\}/g, (whole, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`No value for placeholder ${whole}`);
    return value;
  });
}

export function placeholdersOf(text: string): string[] {
  return [...new Set([...text.matchAll(/\$\{([A-Za-z0-9_]+)\}/g)].map((m) => m[1] ?? ''))];
}

export interface PreparedWorkflow {
  /** The definition the interpreter runs (Waits as Tasks, time-outs taken out). */
  definition: JsonObject;
  /** The ASL as bound locally (placeholders filled), as DescribeStateMachine shows it. */
  source: string;
  timings: Map<string, StateTiming>;
  topLevelStates: Set<string>;
  /** The state machine's own TimeoutSeconds, which the engine applies. */
  executionTimeoutSeconds?: number;
  /** The time-out the interpreter was given for each Task attempt (see above). */
  interpreterTaskTimeoutSeconds: number;
}

export interface LoadOptions {
  /** Tests shorten it to see a long task outlive the interpreter's own time-out. */
  interpreterTaskTimeoutSeconds?: number;
}

export function loadWorkflow(
  file: string,
  values: Record<string, string>,
  options: LoadOptions = {},
): PreparedWorkflow {
  const source = substitute(readFileSync(file, 'utf8'), values);
  const definition = JSON.parse(source) as JsonObject;
  const interpreterTaskTimeoutSeconds =
    options.interpreterTaskTimeoutSeconds ?? INTERPRETER_TASK_TIMEOUT_SECONDS;
  const timings = new Map<string, StateTiming>();
  prepareStates(definition, timings, interpreterTaskTimeoutSeconds);
  const executionTimeoutSeconds = definition.TimeoutSeconds;
  // The interpreter would time the execution out on an unscaled timer, and forget it on restart.
  delete definition.TimeoutSeconds;
  const states = definition.States as JsonObject;
  return {
    definition,
    source,
    timings,
    topLevelStates: new Set(Object.keys(states)),
    ...(typeof executionTimeoutSeconds === 'number' ? { executionTimeoutSeconds } : {}),
    interpreterTaskTimeoutSeconds,
  };
}

function prepareStates(
  machine: JsonObject,
  timings: Map<string, StateTiming>,
  interpreterTimeout: number,
): void {
  const states = machine.States as Record<string, JsonObject>;
  for (const [name, state] of Object.entries(states)) {
    const type = String(state.Type);
    if (type === 'Task') {
      timings.set(name, taskTiming(name, state));
      delete state.HeartbeatSeconds;
    } else if (type === 'Wait') {
      timings.set(name, { type, wait: waitTiming(state) });
      // A Task with no Parameters and whose result is its input behaves as the Wait did.
      for (const field of ['Seconds', 'SecondsPath', 'Timestamp', 'TimestampPath']) delete state[field];
      state.Type = 'Task';
      state.Resource = LOCAL_WAIT_RESOURCE;
    } else {
      timings.set(name, { type });
    }
    if (state.Type === 'Task') {
      state.TimeoutSeconds = interpreterTimeout;
      const retriers = Array.isArray(state.Retry) ? state.Retry : [];
      state.Retry = [CONTINUE_RETRIER, ...retriers];
    }
    if (type === 'Parallel') {
      for (const branch of state.Branches as JsonObject[]) prepareStates(branch, timings, interpreterTimeout);
    }
    if (type === 'Map') {
      const processor = (state.ItemProcessor ?? state.Iterator) as JsonObject;
      prepareStates(processor, timings, interpreterTimeout);
    }
  }
}

function taskTiming(name: string, state: JsonObject): StateTiming {
  for (const field of ['TimeoutSecondsPath', 'HeartbeatSecondsPath']) {
    if (field in state)
      throw new Error(`State "${name}": ${field} is not supported by the local engine yet.`);
  }
  return {
    type: 'Task',
    resource: String(state.Resource),
    ...(typeof state.TimeoutSeconds === 'number' ? { timeoutSeconds: state.TimeoutSeconds } : {}),
    ...(typeof state.HeartbeatSeconds === 'number' ? { heartbeatSeconds: state.HeartbeatSeconds } : {}),
  };
}

function waitTiming(state: JsonObject): NonNullable<StateTiming['wait']> {
  return {
    ...(typeof state.Seconds === 'number' ? { seconds: state.Seconds } : {}),
    ...(typeof state.SecondsPath === 'string' ? { secondsPath: state.SecondsPath } : {}),
    ...(typeof state.Timestamp === 'string' ? { timestamp: state.Timestamp } : {}),
    ...(typeof state.TimestampPath === 'string' ? { timestampPath: state.TimestampPath } : {}),
  };
}

/** Reads a JSONPath of the simple kind Wait states use (`$.a.b`), against a state's input. */
export function readPath(input: Json, path: string): Json | undefined {
  if (path === '$') return input;
  if (!path.startsWith('$.')) return undefined;
  let current: Json | undefined = input;
  for (const part of path.slice(2).split('.')) {
    if (current === null || typeof current !== 'object' || Array.isArray(current)) return undefined;
    current = current[part];
  }
  return current;
}

/** Replaces every occurrence of `marker` in a JSON value by `replacement`. */
export function replaceString(value: Json, marker: string, replacement: string): Json {
  if (value === marker) return replacement;
  if (Array.isArray(value)) return value.map((v) => replaceString(v, marker, replacement));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, replaceString(v, marker, replacement)]),
    );
  }
  return value;
}
