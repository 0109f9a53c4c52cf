/**
 * `npm start`: the whole platform on this machine. Ctrl-C stops it cleanly; its data stays in
 * KAFAAT_DATA_DIR (default .kafaat/), so the next start resumes every journey where it stood.
 */
// First: before any module loads the X-Ray SDK (see tracing-off.ts).
import './tracing-off';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import { startPlatform } from './platform';
import { rateLimiterSettingsFrom } from './rate-limiter';
import { PUBLIC_ROUTE_LIMIT } from '../rate-limits';
import { DEFAULT_RETENTION_DAYS } from '../../functions/domain/personal-data';

function number(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) {
    console.error(`${name} must be a number (got "${raw}")`);
    process.exit(2);
  }
  return value;
}

/** The key that signs coaches' links, made once and kept with the data so old links stay valid. */
function linkSigningSecret(dataDir: string): string {
  const file = join(dataDir, 'link-signing-secret');
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600 });
  return readFileSync(file, 'utf8').trim();
}

/** The public routes' limit (KAFAAT_RATE_LIMIT, KAFAAT_RATE_BURST): AWS's by default, 0 turns it off. */
function rateLimit() {
  try {
    return rateLimiterSettingsFrom(process.env, PUBLIC_ROUTE_LIMIT);
  } catch (error) {
    console.error((error as Error).message);
    return process.exit(2);
  }
}

async function main(): Promise<void> {
  const limit = rateLimit();
  const dataDir = resolve(process.env.KAFAAT_DATA_DIR ?? '.kafaat');
  mkdirSync(dataDir, { recursive: true });
  // A signal during start-up waits for the start to finish, then stops in order.
  let signalled: string | undefined;
  const early = (signal: string) => (signalled ??= signal);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, early);
  const platform = await startPlatform({
    dataDir,
    ports: {
      http: number('PORT', 3000),
      dynamodb: number('KAFAAT_DYNAMODB_PORT', 8000),
      stepFunctions: number('KAFAAT_STEPFUNCTIONS_PORT', 8083),
      ses: number('KAFAAT_SES_PORT', 8005),
      identity: number('KAFAAT_IDENTITY_PORT', 9229),
    },
    timeScale: number('KAFAAT_TIME_SCALE', 1) || 1,
    retentionDays: number('KAFAAT_RETENTION_DAYS', DEFAULT_RETENTION_DAYS) || DEFAULT_RETENTION_DAYS,
    linkSigningSecret: linkSigningSecret(dataDir),
    ...(limit ? { rateLimit: limit } : {}),
  });
  console.log(
    [
      '',
      'Kafaat is running locally.',
      `  Intake form      ${platform.urls.intake}`,
      `  Coaches' inbox   ${platform.urls.inbox}`,
      `  Dashboard        ${platform.urls.dashboard}`,
      `  Health           ${platform.urls.app}/health`,
      `  Sign in          ${platform.urls.app}/sign-in   (README "People, roles and signing in": seeded users, password)`,
      `  Step Functions   ${platform.urls.stepFunctions}   DynamoDB ${platform.urls.dynamodb}`,
      `  Data             ${dataDir}`,
      `  Rate limit       ${limit ? `${limit.ratePerSecond}/s, bursts of ${limit.burst}, per client on the public routes (KAFAAT_RATE_LIMIT=0: off)` : 'off'}`,
      'Press Ctrl-C to stop.',
      '',
    ].join('\n'),
  );
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping Kafaat...`);
    // Whatever is stuck, the process ends within 10 s; DynamoDB Local's own guard ends with it.
    setTimeout(() => {
      console.error(
        'Kafaat did not stop in order within 9.5 s: leaving now (journeys resume at the next start).',
      );
      process.exit(0);
    }, 9500).unref();
    platform.stop().then(
      () => {
        console.log('Kafaat stopped.');
        process.exit(0);
      },
      (error: unknown) => {
        console.error(`Kafaat did not stop cleanly: ${(error as Error).message}`);
        process.exit(1);
      },
    );
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.off(signal, early);
    process.on(signal, () => shutdown(signal));
  }
  if (signalled) shutdown(signalled);
}

// A failure nobody awaited must not take the platform down mid-way (and lose what is in flight):
// it is said loudly instead, and the test suite looks for this line.
process.on('unhandledRejection', (reason: unknown) => {
  console.error(
    `Unhandled rejection: ${reason instanceof Error ? (reason.stack ?? reason.message) : String(reason)}`,
  );
});

main().catch((error: unknown) => {
  console.error(`Kafaat could not start: ${(error as Error).message}`);
  process.exit(1);
});
