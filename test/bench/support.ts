/** What the bench's measures share: statistics, timed loops, DynamoDB counting, CPU by process. */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { SingleBar } from 'cli-progress';
import { runningFunction } from '../../infra/local/functions';

export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

export const round = (value: number, digits = 2) => Number(value.toFixed(digits));

export const load = () => loadavg().map((v) => round(v));

/** The progress bar, shared by the phases: each sets its own total and name. */
export interface Progress {
  phase: (name: string, total: number) => void;
  tick: (by?: number) => void;
  note: (text: string) => void;
}

export function progressOn(bar: SingleBar | undefined): Progress {
  let done = 0;
  return {
    phase: (name, total) => {
      done = 0;
      if (bar) {
        bar.setTotal(Math.max(1, total));
        bar.update(0, { phase: name.padEnd(28).slice(0, 28) });
      } else process.stderr.write(`${name}…\n`);
    },
    tick: (by = 1) => {
      done += by;
      bar?.update(done);
    },
    note: (text) => {
      if (bar) bar.update(done, { phase: text.padEnd(28).slice(0, 28) });
    },
  };
}

/** A progress call as a child process sends it to the parent, which replays it on its own bar. */
export type ProgressEvent =
  { op: 'phase'; name: string; total: number } | { op: 'tick'; by: number } | { op: 'note'; text: string };

/** A Progress that sends its calls on; ticks are gathered (every 100 ms) not to flood the channel. */
export function progressTo(send: (event: ProgressEvent) => void): Progress {
  let ticks = 0;
  let timer: NodeJS.Timeout | undefined;
  const flush = () => {
    clearTimeout(timer);
    timer = undefined;
    if (ticks > 0) send({ op: 'tick', by: ticks });
    ticks = 0;
  };
  return {
    phase: (name, total) => {
      flush();
      send({ op: 'phase', name, total });
    },
    tick: (by = 1) => {
      ticks += by;
      timer ??= setTimeout(flush, 100).unref();
    },
    note: (text) => {
      flush();
      send({ op: 'note', text });
    },
  };
}

export function replay(progress: Progress, event: ProgressEvent): void {
  if (event.op === 'phase') progress.phase(event.name, event.total);
  else if (event.op === 'tick') progress.tick(event.by);
  else progress.note(event.text);
}

/** `clients` workers run `job` until `ms` have passed; the latencies and the rate they reached. */
export async function timedLoop(
  clients: number,
  ms: number,
  job: (n: number) => Promise<void>,
  onDone?: () => void,
): Promise<{ ops: number; seconds: number; latencies: number[] }> {
  const latencies: number[] = [];
  const started = performance.now();
  const until = started + ms;
  let n = 0;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() < until) {
        const index = n++;
        const t = performance.now();
        await job(index);
        latencies.push(performance.now() - t);
        onDone?.();
      }
    }),
  );
  return { ops: latencies.length, seconds: (performance.now() - started) / 1000, latencies };
}

// ------------------------------------------------------------------------------------------------
// DynamoDB calls, counted where the SDK sends them: the handlers' (what AWS would bill) apart from
// the local engine's and stream pollers' own (on AWS those are Step Functions' and Lambda's).

const DATA_COMMANDS = new Set([
  'GetItem',
  'PutItem',
  'UpdateItem',
  'DeleteItem',
  'Query',
  'Scan',
  'BatchGetItem',
  'BatchWriteItem',
  'TransactWriteItems',
  'TransactGetItems',
  'Get',
  'Put',
  'Update',
  'Delete',
  'BatchGet',
  'BatchWrite',
  'TransactWrite',
  'TransactGet',
]);
const READS = new Set([
  'GetItem',
  'Query',
  'Scan',
  'BatchGetItem',
  'TransactGetItems',
  'Get',
  'BatchGet',
  'TransactGet',
]);

export interface DynamoCounts {
  /** By who sent them: a function's id, or `platform` (the local engine, pollers, the bench). */
  calls: Record<string, number>;
  ms: Record<string, number>;
  /** The handlers' request units as DynamoDB Local reports them (ReturnConsumedCapacity). */
  readUnits: number;
  writeUnits: number;
  /** The handlers' operations that reported no consumed capacity (counted as one unit each). */
  unreported: number;
  readOps: number;
  writeOps: number;
  /** Calls by operation, the handlers' apart from the local engine's and pollers' (`platform`). */
  operations: Record<string, number>;
}

export function emptyCounts(): DynamoCounts {
  return {
    calls: {},
    ms: {},
    readUnits: 0,
    writeUnits: 0,
    unreported: 0,
    readOps: 0,
    writeOps: 0,
    operations: {},
  };
}

let counting: { counts: DynamoCounts; capacity: boolean } | undefined;

type Send = (
  this: unknown,
  command: { input?: Record<string, unknown> },
  ...rest: unknown[]
) => Promise<unknown>;

/** Patches the SDK's DynamoDB clients (once) so that every call is timed and counted while `counting`. */
function patch(prototype: { send: Send }): void {
  const original = prototype.send;
  if ((original as { benchPatched?: boolean }).benchPatched) return;
  const patched: Send = async function (this: unknown, command, ...rest) {
    const state = counting;
    if (!state) return original.call(this, command, ...rest);
    const name = command.constructor.name.replace(/Command$/, '');
    const who = runningFunction() ?? 'platform';
    const data = DATA_COMMANDS.has(name);
    if (data && who !== 'platform' && state.capacity && command.input) {
      command.input.ReturnConsumedCapacity ??= 'TOTAL';
    }
    const started = performance.now();
    try {
      const output = (await original.call(this, command, ...rest)) as {
        ConsumedCapacity?:
          | { CapacityUnits?: number; ReadCapacityUnits?: number; WriteCapacityUnits?: number }
          | { CapacityUnits?: number }[];
      };
      if (data && who !== 'platform') {
        const read = READS.has(name);
        if (read) state.counts.readOps += 1;
        else state.counts.writeOps += 1;
        const consumed = output?.ConsumedCapacity;
        const units = Array.isArray(consumed)
          ? consumed.reduce((sum, c) => sum + (c.CapacityUnits ?? 0), 0)
          : (consumed?.CapacityUnits ?? undefined);
        if (units === undefined || units === 0) {
          state.counts.unreported += 1;
          if (read) state.counts.readUnits += 1;
          else state.counts.writeUnits += 1;
        } else if (read) state.counts.readUnits += units;
        else state.counts.writeUnits += units;
      }
      return output;
    } finally {
      state.counts.calls[who] = (state.counts.calls[who] ?? 0) + 1;
      const operation = `${who === 'platform' ? 'platform' : 'handlers'} ${name}`;
      state.counts.operations[operation] = (state.counts.operations[operation] ?? 0) + 1;
      state.counts.ms[who] = (state.counts.ms[who] ?? 0) + performance.now() - started;
    }
  };
  (patched as { benchPatched?: boolean }).benchPatched = true;
  prototype.send = patched;
}

/** Counts DynamoDB calls from now until the returned function is called (which returns the counts). */
export function countDynamoCalls(options: { capacity: boolean }): () => DynamoCounts {
  patch(DynamoDBClient.prototype as unknown as { send: Send });
  patch(DynamoDBDocumentClient.prototype as unknown as { send: Send });
  const state = { counts: emptyCounts(), capacity: options.capacity };
  counting = state;
  return () => {
    if (counting === state) counting = undefined;
    return state.counts;
  };
}

// ------------------------------------------------------------------------------------------------
// CPU time: this Node process (platform, handlers, engine, bench) apart from DynamoDB Local's Java.

const TICKS = 100; // USER_HZ on Linux

/** DynamoDB Local's Java processes started from this process (through a shell wrapper). */
function childJavaPids(): number[] {
  try {
    const out = execFileSync('ps', ['-e', '-o', 'pid=,ppid=,comm='], { encoding: 'utf8' });
    const rows = out
      .split('\n')
      .map((line) => line.trim().split(/\s+/))
      .map(([pid, ppid, comm]) => ({ pid: Number(pid), ppid: Number(ppid), comm }));
    const ours = new Set([process.pid]);
    for (let grew = true; grew;) {
      grew = false;
      for (const row of rows) {
        if (ours.has(row.ppid) && !ours.has(row.pid)) {
          ours.add(row.pid);
          grew = true;
        }
      }
    }
    return rows.filter((row) => row.comm === 'java' && ours.has(row.pid)).map((row) => row.pid);
  } catch {
    return [];
  }
}

function javaCpuSeconds(): number {
  let ticks = 0;
  for (const pid of childJavaPids()) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
      ticks += Number(fields[11]) + Number(fields[12]); // utime, stime
    } catch {
      // gone
    }
  }
  return ticks / TICKS;
}

export interface CpuSpan {
  nodeSeconds: number;
  javaSeconds: number;
  wallSeconds: number;
}

/** CPU seconds used from now until the returned function is called. */
export function cpuSpan(): () => CpuSpan {
  const node = process.cpuUsage();
  const java = javaCpuSeconds();
  const wall = performance.now();
  return () => {
    const used = process.cpuUsage(node);
    return {
      nodeSeconds: round((used.user + used.system) / 1e6),
      javaSeconds: round(javaCpuSeconds() - java),
      wallSeconds: round((performance.now() - wall) / 1000),
    };
  };
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

// ------------------------------------------------------------------------------------------------
// Where this process's CPU time goes: a sampling profile (the inspector's, as --cpu-prof takes it),
// its samples summed by what the code is — the engine, the AWS SDK, the handlers, HTTP, …

interface ProfileNode {
  id: number;
  callFrame: { url: string; functionName: string };
  hitCount?: number;
}

const categories: [string, RegExp][] = [
  [
    'local engine (infra/local/step-functions, aws-local-stepfunctions)',
    /infra\/local\/step-functions|aws-local-stepfunctions|jsonpath|asl-validator/,
  ],
  ['stream pollers (infra/local/streams.ts)', /infra\/local\/streams/],
  ['HTTP gateway (infra/local/http-gateway.ts)', /infra\/local\/http-gateway/],
  ['SES emulator', /aws-ses-v2-local|nodemailer|express|body-parser/],
  ['handlers (functions/)', /\/functions\//],
  [
    'AWS SDK clients (@aws-sdk, @smithy: marshalling, signing, HTTP)',
    /@aws-sdk|@smithy|@aws-crypto|fast-xml-parser|bowser/,
  ],
  ['Powertools', /@aws-lambda-powertools/],
  ['zod', /\/zod\//],
  ['i18next', /i18next/],
  ['jose (session tokens)', /\/jose\//],
  ['bench client (fetch: undici)', /undici|test\/bench/],
  ['local platform (other)', /infra\/local/],
  ['Node HTTP and streams', /node:_http|node:net|node:stream|node:internal\/(http|streams|net)/],
  ['tsx (loading .ts)', /tsx|esbuild/],
];

export interface CpuProfileSummary {
  totalMs: number;
  /** Milliseconds of samples by category, biggest first (idle time left out). */
  byCategory: [string, number][];
  file?: string;
}

export async function cpuProfile(): Promise<(file?: string) => Promise<CpuProfileSummary>> {
  const { Session } = await import('node:inspector');
  const session = new Session();
  session.connect();
  const post = (method: string, params?: object) =>
    new Promise<unknown>((resolve, reject) =>
      session.post(method, params ?? {}, (error, result) => (error ? reject(error) : resolve(result))),
    );
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: 1000 });
  await post('Profiler.start');
  return async (file) => {
    const { profile } = (await post('Profiler.stop')) as {
      profile: {
        nodes: ProfileNode[];
        samples: number[];
        timeDeltas: number[];
        startTime: number;
        endTime: number;
      };
    };
    session.disconnect();
    if (file) writeFileSync(file, JSON.stringify(profile));
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    const sums = new Map<string, number>();
    profile.samples.forEach((id, i) => {
      const node = byId.get(id);
      const url = node?.callFrame.url ?? '';
      const name = node?.callFrame.functionName ?? '';
      if (name === '(idle)') return;
      const category =
        name === '(garbage collector)'
          ? 'garbage collection'
          : name === '(program)'
            ? 'V8 and native (program)'
            : (categories.find(([, test]) => test.test(url))?.[0] ??
              (url ? 'other JavaScript' : 'native / builtins'));
      sums.set(category, (sums.get(category) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
    });
    const byCategory = [...sums]
      .map(([k, v]) => [k, Math.round(v)] as [string, number])
      .sort((a, b) => b[1] - a[1]);
    return { totalMs: byCategory.reduce((a, [, v]) => a + v, 0), byCategory, ...(file ? { file } : {}) };
  };
}
