/**
 * `npm run bench` (`-- --quick` for a short run): how fast, how far, how cheap. Five measures, each
 * a ratio against a baseline measured in the same run (this machine is shared and noisy; absolute
 * times are beside them for context): intake against raw PutItem, a cohort's journeys (550, and
 * 5,500 to show growth), dashboard reads with 500 and 100,000 beneficiaries' aggregates against
 * one GetItem, handlers' bundles and cold imports, and the cost of a journey on AWS. Prints a
 * table and writes it as JSON to bench-results/ (git-ignored). Measures only; tests check
 * behaviour. Flags: --quick, --time-scale N, --cohorts 550,5500, --only intake,journeys,…
 *
 * Intake and dashboard share one platform in this process; each cohort (cost, journeys) runs on a
 * fresh platform in a child process of its own (this file forked with the hidden --cohort-child):
 * the handlers are loaded once per process and keep their SDK clients and settings pointing at the
 * first platform's endpoints, so a second platform in the same process answers 500.
 */
// First: before any module loads the X-Ray SDK (see tracing-off.ts).
import '../../infra/local/tracing-off';
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { constants, cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { SingleBar, Presets } from 'cli-progress';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { startPlatform, type Platform } from '../../infra/local/platform';
import { freePort } from '../../infra/local/free-port';
import type { FunctionId } from '../../infra/app-description';
import { followUpDueAt } from '../../functions/domain/placement';
import { intakeWorker, signIn } from '../support/platform';
import { measureIntake } from './intake';
import { roomForCohort, runCohort, type CohortFigures } from './journeys';
import { aggregatesOf, loadAggregates, measureReads, type ReadFigures } from './dashboard';

/** The dashboard's data routes, measured with 500 and 100,000 beneficiaries' counters. */
const dashboardRoutes = ['/api/dashboard/indicators', '/api/dashboard/summary'];
import { measureColdStarts, type BundleFigures } from './cold-start';
import { costOf, countTransitions, synthesizedFacts, type CostFigures } from './cost';
import { prices } from './prices';
import {
  countDynamoCalls,
  cpuProfile,
  cpuSpan,
  type CpuProfileSummary,
  load,
  progressOn,
  progressTo,
  replay,
  round,
  type CpuSpan,
  type DynamoCounts,
  type Progress,
  type ProgressEvent,
} from './support';

const { values: flags } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    'time-scale': { type: 'string' },
    'task-time-scale': { type: 'string' },
    'dynamodb-heap': { type: 'string' },
    cohorts: { type: 'string' },
    only: { type: 'string' },
    'no-progress': { type: 'boolean', default: false },
    /** Hidden: this process is a cohort's child; the cohort to run, as JSON (see cohortInChild). */
    'cohort-child': { type: 'string' },
  },
});
const quick = flags.quick ?? false;
const only = new Set((flags.only ?? 'coldstart,dashboard,intake,cost,journeys').split(','));
/** A year of the platform's clock in about 32 s (the follow-ups' waits set a journey's floor: see journeyFloorSeconds). */
const timeScale = Number(flags['time-scale'] ?? 1_000_000);
/**
 * Task time-outs on a slower clock (a week in 10 minutes): coaches answer at once, and at the
 * journeys' clock a task's two weeks would be a second, less than a busy platform takes to hand an
 * answer on; its reminders would be no coach's delay but the clock outrunning the platform.
 */
const taskTimeScale = Number(flags['task-time-scale'] ?? 1_000);
const cohorts = (flags.cohorts ?? (quick ? '55,550' : '550,5500')).split(',').map(Number);
/**
 * DynamoDB Local's heap, in MB: the platforms' 512 MB make its collector run hundreds of times a
 * minute under a cohort (a cost of that setting, not of the store); the machine has room.
 */
const dynamoHeapMb = Number(flags['dynamodb-heap'] ?? 2048);

interface Row {
  measure: string;
  figure: string;
  baseline: string;
  ratio: string;
  target: string;
  met: boolean | null;
}

interface Profile {
  cpu: CpuSpan;
  /** This process's CPU by what the code is (a sampling profile), when the run was profiled. */
  cpuProfile?: CpuProfileSummary;
  eventLoopUtilization: number;
  /** Handler time by function (ms in all), invocations. */
  functions: Record<string, { count: number; ms: number }>;
  dynamo: DynamoCounts;
}

async function platformAt(scale: number, taskScale = scale): Promise<Platform> {
  // The bench measures the platform, not a client's allowance (the rate limiter's setting).
  process.env.KAFAAT_RATE_LIMIT = '0';
  process.env.POWERTOOLS_LOG_LEVEL = 'ERROR';
  process.env.POWERTOOLS_METRICS_DISABLED = 'true';
  return startPlatform({
    ports: { http: 0, dynamodb: await freePort(), stepFunctions: 0, ses: 0 },
    linkSigningSecret: randomBytes(32).toString('base64url'),
    timeScale: scale,
    taskTimeScale: taskScale,
    dynamoHeapMb,
    // The bench listens to each email as it is sent: the emulator need not hold 27,500 of them.
    inboxInMemory: 1000,
    log: () => undefined,
  });
}

function clientsOf(platform: Platform) {
  const dynamo = new DynamoDBClient({
    endpoint: platform.urls.dynamodb,
    region: 'eu-west-3',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  return { dynamo, documents: DynamoDBDocumentClient.from(dynamo) };
}

interface CohortOptions {
  capacity: boolean;
  coachClients?: number;
  intakeClients?: number;
  profileTo?: string;
}

interface CohortRun {
  cohort: CohortFigures;
  profile: Profile;
  transitions: number;
  invocations: Map<FunctionId, { count: number; ms: number }>;
}

/** The platform a cohort's child runs, for its signal handlers to stop. */
let cohortPlatform: Platform | undefined;

/** Runs a cohort on a fresh platform, with where its time went (in a cohort's child: see cohortInChild). */
async function cohortOn(size: number, progress: Progress, options: CohortOptions): Promise<CohortRun> {
  progress.phase(`starting a platform for ${size}`, 1);
  const platform = await platformAt(timeScale, taskTimeScale);
  cohortPlatform = platform;
  try {
    const { dynamo, documents } = clientsOf(platform);
    await roomForCohort(documents, platform.tableNames.reference, size);
    dynamo.destroy();
    const invocations = new Map<FunctionId, { count: number; ms: number }>();
    const stopObserving = platform.functions.observe(({ id, ms }) => {
      const entry = invocations.get(id) ?? { count: 0, ms: 0 };
      entry.count += 1;
      entry.ms += ms;
      invocations.set(id, entry);
    });
    const stopCounting = countDynamoCalls({ capacity: options.capacity });
    const stopProfile = options.profileTo ? await cpuProfile() : undefined;
    const cpu = cpuSpan();
    const elu = performance.eventLoopUtilization();
    const headers = {
      TTA: await intakeWorker(platform, 'TTA'),
    };
    const cohort = await runCohort({
      platform,
      headers: headers.TTA,
      size,
      // About 0.8 CPU-seconds a journey on 2 cores (README), and room: 11 minutes for 550, 110 for 5,500.
      maxMs: Math.max(4 * 60_000, size * 1_200),
      progress,
      ...(options.coachClients ? { coachClients: options.coachClients } : {}),
      ...(options.intakeClients ? { intakeClients: options.intakeClients } : {}),
    });
    const profile: Profile = {
      cpu: cpu(),
      ...(stopProfile ? { cpuProfile: await stopProfile(options.profileTo) } : {}),
      eventLoopUtilization: round(performance.eventLoopUtilization(elu).utilization),
      functions: Object.fromEntries(
        [...invocations].map(([id, v]) => [id, { count: v.count, ms: Math.round(v.ms) }]),
      ),
      dynamo: stopCounting(),
    };
    stopObserving();
    const { beneficiaryIds, ...figures } = cohort;
    let transitions = 0;
    if (options.capacity) {
      const journeyArn = platform.workflowArns.journey.replace(':stateMachine:', ':execution:');
      const followUpArn = platform.workflowArns.followUp.replace(':stateMachine:', ':execution:');
      transitions = await countTransitions(
        platform.engine,
        beneficiaryIds.flatMap((id) => [
          `${journeyArn}:${id}`,
          ...[3, 6, 12].map((m) => `${followUpArn}:${id}_j1_m${m}`),
        ]),
      );
    }
    return { cohort: figures, profile, transitions, invocations };
  } finally {
    await platform.stop();
  }
}

/** What a cohort's child sends its parent (advanced serialization: the Map and NaN cross as they are). */
type FromChild =
  | { kind: 'progress'; event: ProgressEvent }
  | { kind: 'result'; run: CohortRun }
  | { kind: 'error'; message: string };

/** The cohort's child running now, for the parent's signal handlers to stop. */
let cohortChild: ChildProcess | undefined;

/** Runs `cohortOn` in a child process of its own (this file again), its progress on this bar. */
function cohortInChild(size: number, progress: Progress, options: CohortOptions): Promise<CohortRun> {
  return new Promise((resolve, reject) => {
    const child = fork(
      __filename,
      [...process.argv.slice(2), '--cohort-child', JSON.stringify({ size, options })],
      // tsx's loader is in execArgv: the child loads .ts as this process does.
      { execArgv: process.execArgv, stdio: ['ignore', 'inherit', 'pipe', 'ipc'], serialization: 'advanced' },
    );
    cohortChild = child;
    let outcome: { run: CohortRun } | { error: string } | undefined;
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      process.stderr.write(chunk);
      stderr = (stderr + chunk.toString()).slice(-4000);
    });
    child.on('message', (message: FromChild) => {
      if (message.kind === 'progress') replay(progress, message.event);
      else if (message.kind === 'result') outcome = { run: message.run };
      else outcome = { error: message.message };
    });
    let settled = false;
    let lateClose: NodeJS.Timeout | undefined;
    const settle = (code: number | null, signal: NodeJS.Signals | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(lateClose);
      if (cohortChild === child) cohortChild = undefined;
      if (outcome && 'run' in outcome) return resolve(outcome.run);
      const why =
        outcome?.error ??
        `the cohort's process (pid ${child.pid}) ended with ${signal ? `signal ${signal}` : `code ${code}`} and no result`;
      // The AWS SDK's notice on Node 20 says nothing about this failure.
      const tail = stderr
        .replace(/\(node:\d+\) Warning: NodeVersionSupportWarning[\s\S]*?--trace-warnings[^\n]*/g, '')
        .split('\n')
        .filter((line) => line.trim())
        .slice(-5);
      reject(new Error(tail.length > 0 ? `${why} (stderr: ${tail.join(' / ')})` : why));
    };
    child.on('error', (error) => {
      outcome ??= { error: `the cohort's process did not start: ${error.message}` };
      if (child.exitCode === null && child.signalCode === null) settle(null, null);
    });
    // 'close' comes after the last message and stderr; 'exit' bounds the wait if a pipe stays open.
    child.on('close', settle);
    child.on('exit', (code, signal) => {
      lateClose = setTimeout(() => settle(code, signal), 5000);
    });
  });
}

/** A cohort's child: runs the cohort, sends its progress and its result; stops its platform on a signal. */
async function runAsCohortChild(request: string): Promise<void> {
  const { size, options } = JSON.parse(request) as { size: number; options: CohortOptions };
  const send = (message: FromChild) =>
    new Promise<void>((resolve) => {
      if (!process.connected) return resolve();
      process.send?.(message, undefined, {}, () => resolve());
    });
  let leaving = false;
  const leave = (code: number) => {
    if (leaving) return;
    leaving = true;
    const stopped = cohortPlatform?.stop().catch(() => undefined) ?? Promise.resolve();
    // DynamoDB Local's guard stops the JVM when this process's end of its stdin closes, even unstopped.
    void Promise.race([stopped, new Promise((r) => setTimeout(r, 8000))]).then(() => process.exit(code));
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => leave(128 + constants.signals[signal]));
  }
  // The parent is gone (killed): nobody waits for the figures.
  process.on('disconnect', () => leave(1));
  try {
    const run = await cohortOn(
      size,
      progressTo((event) => void send({ kind: 'progress', event })),
      options,
    );
    if (leaving) return;
    await send({ kind: 'result', run });
    process.exit(0);
  } catch (error) {
    if (leaving) return;
    await send({ kind: 'error', message: (error as Error).message });
    process.exit(1);
  }
}

/**
 * The clock's own share of a journey, in real seconds: each follow-up waits from the previous
 * answer until 3, 6, then 12 months after the placement's start. The local handlers date things
 * on the real calendar (only durations are scaled), so the placement's start stays today and the
 * waits add up to 3 + 6 + 12 = 21 months, not 12.
 */
function journeyFloorSeconds(now: Date): number {
  const today = now.toISOString().slice(0, 10);
  return [3, 6, 12].reduce(
    (sum, months) => sum + (Date.parse(followUpDueAt(today, months)) - now.getTime()) / 1000 / timeScale,
    0,
  );
}

const ms = (v: number) => `${v.toFixed(1)} ms`;
const ratio = (a: number, b: number) => (b > 0 ? round(a / b, 2) : NaN);

const resultsDir = join(__dirname, '..', '..', 'bench-results');
const startedAt = new Date();
const stamp = startedAt.toISOString().replace(/[:.]/g, '-');

async function main(): Promise<void> {
  mkdirSync(resultsDir, { recursive: true });
  const bar =
    flags['no-progress'] || !process.stderr.isTTY
      ? undefined
      : new SingleBar(
          {
            format: ' {phase} |{bar}| {value}/{total} {duration_formatted}',
            hideCursor: true,
            clearOnComplete: true,
          },
          Presets.shades_classic,
        );
  bar?.start(1, 0, { phase: 'starting' });
  const progress = progressOn(bar);
  // Ctrl-C, SIGTERM: a cohort's child stops its platform (and DynamoDB Local) before this process ends.
  let leaving = false;
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      if (leaving) return;
      leaving = true;
      bar?.stop();
      const exit = () => process.exit(128 + constants.signals[signal]);
      const child = cohortChild;
      if (!child || child.exitCode !== null || child.signalCode !== null) return exit();
      child.once('exit', exit);
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
    });
  }
  const rows: Row[] = [];
  const results: Record<string, unknown> = {};
  const loadBefore = load();

  const errors: string[] = [];
  results.errors = errors;
  // A phase that fails (a platform that did not start on a loaded machine) is reported; the others still run.
  const phase = async (name: string, body: () => Promise<void>) => {
    if (!only.has(name)) return;
    try {
      await body();
    } catch (error) {
      errors.push(`${name}: ${(error as Error).message}`);
      rows.push({
        measure: name,
        figure: `failed: ${(error as Error).message}`.slice(0, 120),
        baseline: '—',
        ratio: '—',
        target: '—',
        met: false,
      });
    }
  };
  try {
    // 4. Cold start: no platform needed.
    await phase('coldstart', async () => {
      const cold = await measureColdStarts({
        // Under .kafaat/ (ignored by git, eslint and prettier): bundles are build output.
        outDir: join(__dirname, '..', '..', '.kafaat', 'bench-bundles'),
        times: quick ? 1 : 3,
        progress,
      });
      results.coldStart = cold;
      const largest = cold.bundles.reduce((a, b) => (b.kb > a.kb ? b : a));
      const slowest = cold.bundles.reduce((a, b) => (b.importMs > a.importMs ? b : a));
      const over = (list: BundleFigures[], test: (b: BundleFigures) => boolean) =>
        list.filter(test).map((b) => b.id);
      const heavy = over(cold.bundles, (b) => b.kb >= 300);
      const slow = over(cold.bundles, (b) => b.importMs >= 150);
      rows.push({
        measure: 'Cold start: largest bundle',
        figure: `${largest.id} ${largest.kb} KB`,
        baseline: `${cold.baseline.kb} KB (DynamoDB clients alone)`,
        ratio: `${ratio(largest.kb, cold.baseline.kb)}×`,
        target: '< 300 KB each',
        met: heavy.length === 0,
      });
      rows.push({
        measure: 'Cold start: slowest import',
        figure: `${slowest.id} ${ms(slowest.importMs)}`,
        baseline: `${ms(cold.baseline.importMs)} (DynamoDB clients alone)`,
        ratio: `${ratio(slowest.importMs, cold.baseline.importMs)}×`,
        target: '< 150 ms each',
        met: slow.length === 0,
      });
      results.coldStartOver = { over300KB: heavy, over150ms: slow };
    });

    await phase(only.has('dashboard') ? 'dashboard' : 'intake', async () => {
      progress.phase('starting a platform', 1);
      const platform = await platformAt(1);
      try {
        const { dynamo, documents } = clientsOf(platform);
        // A read of a kept view (or of the route floor) costs a few ms: enough of them for a p95
        // that is not the second-worst of thirty. A computed one costs about a hundred: fewer.
        const sampling = {
          kept: quick ? { rounds: 5, perRound: 40 } : { rounds: 10, perRound: 50 },
          computed: quick ? { rounds: 3, perRound: 10 } : { rounds: 5, perRound: 20 },
        };
        // 3. Dashboard reads: 500, then 100,000 beneficiaries' aggregates.
        if (only.has('dashboard')) {
          const governance = (await signIn(platform, 'governance', 'national')).bearer;
          const reads: Record<string, { counters: number; figures: ReadFigures[] }> = {};
          for (const people of [500, 100_000]) {
            progress.phase(`aggregates of ${people}`, 1);
            const counters = aggregatesOf(people);
            const loaded = await loadAggregates(
              documents,
              platform.tableNames.aggregates,
              counters,
              progress,
            );
            const readsOf = (views: ReadFigures['views']) =>
              sampling[views].rounds * sampling[views].perRound;
            progress.phase(
              `dashboard reads (${people})`,
              (readsOf('kept') + readsOf('computed')) * dashboardRoutes.length,
            );
            const figures: ReadFigures[] = [];
            for (const views of ['kept', 'computed'] as const) {
              for (const route of dashboardRoutes) {
                figures.push(
                  await measureReads(
                    `${platform.urls.app}${route}`,
                    governance,
                    documents,
                    platform.tableNames.aggregates,
                    sampling[views].rounds,
                    sampling[views].perRound,
                    progress,
                    views,
                  ),
                );
              }
            }
            reads[people] = { counters: loaded, figures };
          }
          // The floor of any route here: GET /health (public, no session, no table) through the
          // same gateway and Lambda emulation, against the same GetItem.
          progress.phase('route floor (/health)', sampling.kept.rounds * sampling.kept.perRound);
          const floor = await measureReads(
            `${platform.urls.app}/health`,
            {},
            documents,
            platform.tableNames.aggregates,
            sampling.kept.rounds,
            sampling.kept.perRound,
            progress,
          );
          results.dashboard = { ...reads, routeFloor: floor };
          rows.push({
            measure: 'HTTP route floor: GET /health p95 vs one GetItem',
            figure: `p50 ${ms(floor.p50)} p95 ${ms(floor.p95)}`,
            baseline: `GetItem p95 ${ms(floor.getP95)}`,
            ratio: `${ratio(floor.p95, floor.getP95)}×`,
            target: '—',
            met: null,
          });
          const readRows = (views: ReadFigures['views'], label: string) => {
            for (const route of dashboardRoutes) {
              const find = (people: number) =>
                reads[people]?.figures.find((f) => f.views === views && f.route.endsWith(route));
              const small = find(500);
              const large = find(100_000);
              if (!small || !large) continue;
              const name = `Dashboard ${route.split('/').pop()} (${label})`;
              rows.push({
                measure: `${name}: p95 100,000 vs 500`,
                figure: `p50 ${ms(large.p50)} p95 ${ms(large.p95)} (${reads[100_000]?.counters} counters)`,
                baseline: `p50 ${ms(small.p50)} p95 ${ms(small.p95)} (${reads[500]?.counters} counters)`,
                ratio: `${ratio(large.p95, small.p95)}×`,
                target: '≤ 1.3×',
                met: large.p95 / small.p95 <= 1.3,
              });
              rows.push({
                measure: `${name}: p95 vs one GetItem`,
                figure: `p95 ${ms(large.p95)}`,
                baseline: `GetItem p95 ${ms(large.getP95)}`,
                ratio: `${ratio(large.p95, large.getP95)}×`,
                target: '≤ 3×',
                met: large.p95 / large.getP95 <= 3,
              });
            }
          };
          readRows('kept', 'counters unchanged');
          readRows('computed', 'first read after a count');
        }
        // 1. Intake against raw PutItem.
        if (only.has('intake')) {
          await roomForCohort(documents, platform.tableNames.reference, 100_000);
          const intake = await measureIntake({
            app: platform.urls.app,
            headers: await intakeWorker(platform, 'TTA'),
            dynamo,
            documents,
            clients: [1, 8, 32],
            rounds: quick ? 2 : 3,
            roundMs: quick ? 2500 : 5000,
            progress,
          });
          results.intake = intake;
          const one = intake.find((f) => f.clients === 1);
          if (one) {
            rows.push({
              measure: 'Intake p50, 1 client',
              figure: ms(one.intakeP50),
              baseline: `PutItem p50 ${ms(one.putP50)}`,
              ratio: `${ratio(one.intakeP50, one.putP50)}×`,
              target: '≤ 10×',
              met: one.intakeP50 / one.putP50 <= 10,
            });
          }
          for (const f of intake) {
            rows.push({
              measure: `Intake rate, ${f.clients} client${f.clients > 1 ? 's' : ''}`,
              figure: `${f.intakesPerSecond}/s (p50 ${ms(f.intakeP50)})`,
              baseline: `PutItem ${f.putsPerSecond}/s (p50 ${ms(f.putP50)})`,
              ratio: `${round((100 * f.intakesPerSecond) / f.putsPerSecond, 1)} %`,
              target: f.clients === 32 ? '≥ 25 %' : '—',
              met: f.clients === 32 ? f.intakesPerSecond / f.putsPerSecond >= 0.25 : null,
            });
          }
        }
        dynamo.destroy();
      } finally {
        await platform.stop();
      }
    });

    // 5. Cost of a journey: a small cohort counted in full, at a low concurrency (durations).
    await phase('cost', async () => {
      const size = quick ? 5 : 10;
      const counted = await cohortInChild(size, progress, {
        capacity: true,
        coachClients: 2,
        intakeClients: 1,
      });
      progress.phase('synthesizing the stack', 1);
      const facts = synthesizedFacts();
      const cost: CostFigures = costOf(
        {
          journeys: counted.cohort.ended,
          transitions: counted.transitions,
          invocations: counted.invocations,
          dynamo: counted.profile.dynamo,
          emails: counted.cohort.emails,
          httpRequests: counted.cohort.httpRequests,
        },
        facts,
      );
      results.cost = { ...cost, cohort: counted.cohort, prices };
      const share = Object.entries(cost.shares)
        .map(([k, v]) => `${k} ${v}%`)
        .join(', ');
      rows.push({
        measure: 'Cost of a journey on AWS',
        figure: `$${cost.perJourney.toFixed(5)} (${share})`,
        baseline: `naive design $0.004`,
        ratio: `${ratio(cost.perJourney, 0.004)}×`,
        target: '< $0.003',
        met: cost.perJourney < 0.003,
      });
      rows.push({
        measure: 'Cost a year',
        figure: `10,000: $${cost.perYear10k.toFixed(0)}; 1,000,000: $${cost.perYear1m.toFixed(0)}`,
        baseline: `counted on ${counted.cohort.ended} journeys`,
        ratio: '—',
        target: '—',
        met: null,
      });
    });

    // 2. Journeys: cohorts on fresh platforms, each in a child process of its own.
    await phase('journeys', async () => {
      const runs: { cohort: CohortFigures; profile: Profile }[] = [];
      for (const size of cohorts) {
        // The 550 cohort (else the first) is profiled: where its time goes.
        const profiled = size === 550 || (!cohorts.includes(550) && size === cohorts[0]);
        const { cohort, profile } = await cohortInChild(size, progress, {
          capacity: false,
          ...(profiled ? { profileTo: join(resultsDir, `cohort-${size}-${stamp}.cpuprofile`) } : {}),
        });
        runs.push({ cohort, profile });
      }
      const floorSeconds = round(journeyFloorSeconds(new Date()), 1);
      results.journeys = { timeScale, taskTimeScale, floorSeconds, runs };
      const [small, large] = runs;
      if (small) {
        rows.push({
          measure: `Journeys: cohort of ${small.cohort.journeys}`,
          figure: `${small.cohort.wallSeconds} s (${small.cohort.ended} ended, ${small.cohort.tasksAnswered} tasks)`,
          baseline: `the follow-ups' waits alone: ${floorSeconds} s`,
          ratio: `${ratio(small.cohort.wallSeconds, floorSeconds)}×`,
          target: small.cohort.journeys === 550 ? '< 60 s' : '—',
          met:
            small.cohort.journeys === 550
              ? small.cohort.wallSeconds < 60 && small.cohort.ended === 550
              : null,
        });
      }
      if (small && large) {
        const growth = large.cohort.journeys / small.cohort.journeys;
        rows.push({
          measure: `Journeys: cohort of ${large.cohort.journeys}`,
          figure: `${large.cohort.wallSeconds} s (${large.cohort.ended} ended, ${large.cohort.tasksAnswered} tasks)`,
          baseline: `cohort of ${small.cohort.journeys}: ${small.cohort.wallSeconds} s`,
          ratio: `${ratio(large.cohort.wallSeconds, small.cohort.wallSeconds)}×`,
          target: `≤ ${round(growth * 1.1, 1)}× (linear)`,
          met:
            large.cohort.wallSeconds <= small.cohort.wallSeconds * growth * 1.1 &&
            large.cohort.ended === large.cohort.journeys,
        });
        if (large.cohort.journeys === 550) {
          rows.push({
            measure: 'Journeys: 550 under a minute',
            figure: `${large.cohort.wallSeconds} s`,
            baseline: '—',
            ratio: '—',
            target: '< 60 s',
            met: large.cohort.wallSeconds < 60 && large.cohort.ended === 550,
          });
        }
      }
    });
  } finally {
    bar?.stop();
  }

  const machine = {
    node: process.version,
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGb: round(totalmem() / 2 ** 30, 1),
    loadBefore,
    loadAfter: load(),
  };
  const report = {
    date: startedAt.toISOString(),
    quick,
    timeScale,
    taskTimeScale,
    dynamoHeapMb,
    machine,
    seconds: round((Date.now() - startedAt.getTime()) / 1000, 1),
    rows,
    results,
  };
  const file = join(resultsDir, `bench-${stamp}.json`);
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(join(resultsDir, 'latest.json'), `${JSON.stringify(report, null, 2)}\n`);
  console.log(formatTable(rows));
  const journeys = results.journeys as { runs: { cohort: CohortFigures; profile: Profile }[] } | undefined;
  for (const { cohort, profile } of journeys?.runs ?? []) console.log(whereTimeGoes(cohort, profile));
  console.log(
    `\n${startedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC, Node ${machine.node}, ${machine.cores} × ${machine.cpu}, load ${machine.loadBefore.join(' ')} → ${machine.loadAfter.join(' ')}${quick ? ', --quick' : ''}; written to ${file}`,
  );
}

/** Where a cohort's time went: the journey's steps, the CPU by process and by code, the calls. */
function whereTimeGoes(cohort: CohortFigures, profile: Profile): string {
  const day = 86_400 / timeScale;
  const lines = [
    `\nWhere the time of the cohort of ${cohort.journeys} went (${cohort.wallSeconds} s wall, ${cohort.ended} ended; ${cohort.reminders} reminders, ${cohort.unexpectedPages} unexpected pages):`,
    `  steps (median s): intake→interview email ${cohort.lags.intakeToInterviewEmail}; interview answer→placement email ${cohort.lags.interviewToPlacementEmail}; ` +
      `placement→3-month email ${cohort.lags.placementToFollowUp3Email} (clock ≈ ${(91 * day).toFixed(1)}); 3→6 ${cohort.lags.followUp3ToFollowUp6Email} (≈ ${(182 * day).toFixed(1)}); ` +
      `6→12 ${cohort.lags.followUp6ToFollowUp12Email} (≈ ${(365 * day).toFixed(1)}); last answer→end ${cohort.lags.lastAnswerToEnd}; email→answer accepted ${cohort.lags.emailToAnswer}`,
    `  CPU: the cohort's Node process ${profile.cpu.nodeSeconds} s (event loop busy ${Math.round(profile.eventLoopUtilization * 100)} %), DynamoDB Local (Java) ${profile.cpu.javaSeconds} s, over ${profile.cpu.wallSeconds} s wall`,
  ];
  if (profile.cpuProfile) {
    lines.push(
      `  Node CPU by code: ${profile.cpuProfile.byCategory
        .slice(0, 10)
        .map(([k, v]) => `${k} ${Math.round((100 * v) / Math.max(1, profile.cpuProfile?.totalMs ?? 1))} %`)
        .join('; ')}`,
    );
  }
  const calls = Object.entries(profile.dynamo.calls).sort((a, b) => b[1] - a[1]);
  const platformCalls = profile.dynamo.calls.platform ?? 0;
  const handlerCalls = calls.filter(([k]) => k !== 'platform').reduce((a, [, v]) => a + v, 0);
  const handlerMs = Object.entries(profile.dynamo.ms)
    .filter(([k]) => k !== 'platform')
    .reduce((a, [, v]) => a + v, 0);
  lines.push(
    `  DynamoDB calls: handlers ${handlerCalls} (${Math.round(handlerMs / 1000)} s waited in all), ` +
      `the local engine and pollers ${platformCalls} (${Math.round((profile.dynamo.ms.platform ?? 0) / 1000)} s in all)`,
  );
  const perJourney = (n: number) => (cohort.ended > 0 ? (n / cohort.ended).toFixed(1) : '—');
  for (const side of ['handlers', 'platform']) {
    const ops = Object.entries(profile.dynamo.operations ?? {})
      .filter(([k]) => k.startsWith(`${side} `))
      .sort((a, b) => b[1] - a[1]);
    lines.push(
      `  ${side === 'platform' ? 'engine and pollers' : 'handlers'}, calls per journey: ${ops
        .map(([k, v]) => `${k.slice(side.length + 1)} ${perJourney(v)}`)
        .join('; ')}`,
    );
  }
  const fns = Object.entries(profile.functions).sort((a, b) => b[1].ms - a[1].ms);
  lines.push(
    `  Lambda handlers (invocations, s in all): ${fns
      .slice(0, 8)
      .map(([id, v]) => `${id} ${v.count} ${(v.ms / 1000).toFixed(0)}`)
      .join('; ')}`,
  );
  lines.push(
    `  HTTP (bench as intake worker and coaches): ${cohort.httpRequests} requests, ${cohort.httpSeconds} s in all`,
  );
  return lines.join('\n');
}

export function formatTable(rows: Row[]): string {
  const header = ['measure', 'figure', 'baseline (same run)', 'ratio', 'target', 'met'];
  const lines = rows.map((r) => [
    r.measure,
    r.figure,
    r.baseline,
    r.ratio,
    r.target,
    r.met === null ? '—' : r.met ? 'yes' : 'NO',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] ?? '').length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  return [line(header), `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`, ...lines.map(line)].join('\n');
}

if (flags['cohort-child'] !== undefined) {
  void runAsCohortChild(flags['cohort-child']);
} else {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
