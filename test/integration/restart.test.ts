/**
 * `npm start` as a person runs it (the same entry point, as a child process): a journey waiting on a
 * coach survives a SIGKILL of the whole platform and completes, after a restart, from the link
 * that was emailed before the kill. Ctrl-C (SIGINT) then stops everything cleanly.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { connect } from 'node:net';
import { freePort } from '../../infra/local/free-port';
import { eventually, postForm, postJson, validIntake } from '../support/platform';

const root = resolve(__dirname, '..', '..');
let dataDir: string;
let ports: Record<'PORT' | 'KAFAAT_DYNAMODB_PORT' | 'KAFAAT_STEPFUNCTIONS_PORT' | 'KAFAAT_SES_PORT', string>;
let child: ChildProcess | undefined;

interface Started {
  process: ChildProcess;
  output: () => string;
}

async function startPlatform(): Promise<Started> {
  let output = '';
  const started = spawn(process.execPath, ['--import', 'tsx', 'infra/local/start.ts'], {
    cwd: root,
    env: {
      ...process.env,
      ...ports,
      KAFAAT_DATA_DIR: dataDir,
      POWERTOOLS_LOG_LEVEL: 'ERROR',
      POWERTOOLS_METRICS_DISABLED: 'true',
    },
    detached: true, // its own process group, so the test can kill the whole tree at once
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child = started;
  started.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  started.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await eventually(
    'npm start to say it is running',
    async () => (output.includes('Kafaat is running locally.') ? true : undefined),
    {
      timeoutMs: 45_000,
      failFast: async () =>
        started.exitCode !== null ? `it exited with ${started.exitCode}: ${output}` : undefined,
    },
  );
  return { process: started, output: () => output };
}

function portOpen(port: string): Promise<boolean> {
  return new Promise((resolvePort) => {
    const socket = connect(Number(port), '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolvePort(true);
    });
    socket.once('error', () => resolvePort(false));
  });
}

async function latestLink(to: string, subject: string): Promise<string> {
  return eventually(`an email "${subject}" to ${to}`, async () => {
    const store = (await fetch(`http://127.0.0.1:${ports.KAFAAT_SES_PORT}/store`).then((r) => r.json())) as {
      emails: { destination: { to: string[] }; subject: string; body: { text?: string } }[];
    };
    const email = store.emails
      .filter((e) => e.destination.to.includes(to) && e.subject.includes(subject))
      .pop();
    return /http:\/\/localhost:\d+\/tasks\/\S+/.exec(email?.body.text ?? '')?.[0];
  });
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'kafaat-restart-'));
  ports = {
    PORT: String(await freePort()),
    KAFAAT_DYNAMODB_PORT: String(await freePort()),
    KAFAAT_STEPFUNCTIONS_PORT: String(await freePort()),
    KAFAAT_SES_PORT: String(await freePort()),
  };
});

afterAll(() => {
  if (child?.pid && child.exitCode === null) process.kill(-child.pid, 'SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

test('a journey waiting on a coach survives a kill and completes from the link sent before it', async () => {
  const app = `http://localhost:${ports.PORT}`;
  const coach = 'samira.benali@coaches.kafaat.example';

  // Prepare: a journey waiting on the first interview, its link in the coach's inbox.
  const first = await startPlatform();
  const intake = await postJson(`${app}/api/intake`, validIntake);
  expect(intake.status).toBe(201);
  const interviewLink = await latestLink(coach, 'Amina');

  // Act: kill the whole platform (no clean-up runs), then start it again on the same data.
  process.kill(-(first.process.pid ?? 0), 'SIGKILL');
  await eventually('the killed platform to free its ports', async () => {
    const open = await Promise.all(Object.values(ports).map(portOpen));
    return open.every((o) => !o) ? true : undefined;
  });
  const second = await startPlatform();
  expect(second.output()).toContain('Resumed 1 journey(s)');

  // Assess: the old link still opens the task, completes it, and the journey goes on.
  expect((await fetch(interviewLink)).status).toBe(200);
  const done = await postForm(interviewLink, {
    interviewDate: '2026-11-20',
    attended: 'yes',
    trainingNeeded: 'yes',
  });
  expect(done.status).toBe(200);
  const placementLink = await latestLink(coach, 'insertion');
  expect(
    (await postForm(placementLink, { outcome: 'employment', startDate: '2026-12-01', sector: 'logistics' }))
      .status,
  ).toBe(200);
  await eventually('the placement on the dashboard', async () => {
    const summary = (await fetch(`${app}/api/dashboard/summary`).then((r) => r.json())) as {
      totals: { stages: Record<string, number>; outcomes: Record<string, number> };
    };
    return summary.totals.outcomes.employment === 1 && summary.totals.stages.placed === 1 ? true : undefined;
  });

  // Ctrl-C stops the platform and everything it started.
  second.process.kill('SIGINT');
  const code = await new Promise<number | null>((resolveExit) => second.process.once('exit', resolveExit));
  expect(code).toBe(0);
  const open = await Promise.all(Object.values(ports).map(portOpen));
  expect(open).toEqual([false, false, false, false]);
});
