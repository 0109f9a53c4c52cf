/**
 * Reading an ASL file the way the local engine needs it: placeholders bound, and every Task and
 * Wait state's timing taken out of the interpreter's hands so the engine can scale time, persist
 * deadlines and resume after a restart. The files in workflows/ are never changed.
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
 * What the interpreter itself may wait on a Task before it times it out: longer than any local
 * run lasts, and under the 24.8 days a Node timer can hold. The engine applies the real timeouts.
 */
const INTERPRETER_TASK_TIMEOUT_SECONDS = 2_000_000;

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
  definition: JsonObject;
  timings: Map<string, StateTiming>;
  topLevelStates: Set<string>;
}

export function loadWorkflow(file: string, values: Record<string, string>): PreparedWorkflow {
  const definition = JSON.parse(substitute(readFileSync(file, 'utf8'), values)) as JsonObject;
  const timings = new Map<string, StateTiming>();
  prepareStates(definition, timings);
  const states = definition.States as JsonObject;
  return { definition, timings, topLevelStates: new Set(Object.keys(states)) };
}

function prepareStates(machine: JsonObject, timings: Map<string, StateTiming>): void {
  const states = machine.States as Record<string, JsonObject>;
  for (const [name, state] of Object.entries(states)) {
    const type = String(state.Type);
    if (type === 'Task') {
      for (const field of ['TimeoutSecondsPath', 'HeartbeatSecondsPath']) {
        if (field in state)
          throw new Error(`State "${name}": ${field} is not supported by the local engine yet.`);
      }
      timings.set(name, {
        type,
        resource: String(state.Resource),
        ...(typeof state.TimeoutSeconds === 'number' ? { timeoutSeconds: state.TimeoutSeconds } : {}),
        ...(typeof state.HeartbeatSeconds === 'number' ? { heartbeatSeconds: state.HeartbeatSeconds } : {}),
      });
      delete state.HeartbeatSeconds;
      state.TimeoutSeconds = INTERPRETER_TASK_TIMEOUT_SECONDS;
    } else if (type === 'Wait') {
      timings.set(name, {
        type,
        wait: {
          ...(typeof state.Seconds === 'number' ? { seconds: state.Seconds } : {}),
          ...(typeof state.SecondsPath === 'string' ? { secondsPath: state.SecondsPath } : {}),
          ...(typeof state.Timestamp === 'string' ? { timestamp: state.Timestamp } : {}),
          ...(typeof state.TimestampPath === 'string' ? { timestampPath: state.TimestampPath } : {}),
        },
      });
      // A Task with no Parameters and whose result is its input behaves as the Wait did.
      for (const field of ['Seconds', 'SecondsPath', 'Timestamp', 'TimestampPath']) delete state[field];
      state.Type = 'Task';
      state.Resource = LOCAL_WAIT_RESOURCE;
      state.TimeoutSeconds = INTERPRETER_TASK_TIMEOUT_SECONDS;
    } else {
      timings.set(name, { type });
    }
    if (type === 'Parallel') {
      for (const branch of state.Branches as JsonObject[]) prepareStates(branch, timings);
    }
    if (type === 'Map') {
      const processor = (state.ItemProcessor ?? state.Iterator) as JsonObject;
      prepareStates(processor, timings);
    }
  }
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
