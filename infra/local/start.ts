/**
 * `npm start`: the whole platform on this machine. Ctrl-C stops it cleanly; its data stays in
 * KAFAAT_DATA_DIR (default .kafaat/), so the next start resumes every journey where it stood.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import { startPlatform } from './platform';

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

async function main(): Promise<void> {
  const dataDir = resolve(process.env.KAFAAT_DATA_DIR ?? '.kafaat');
  mkdirSync(dataDir, { recursive: true });
  const platform = await startPlatform({
    dataDir,
    ports: {
      http: number('PORT', 3000),
      dynamodb: number('KAFAAT_DYNAMODB_PORT', 8000),
      stepFunctions: number('KAFAAT_STEPFUNCTIONS_PORT', 8083),
      ses: number('KAFAAT_SES_PORT', 8005),
    },
    timeScale: number('KAFAAT_TIME_SCALE', 1) || 1,
    linkSigningSecret: linkSigningSecret(dataDir),
  });
  console.log(
    [
      '',
      'Kafaat is running locally.',
      `  Intake form      ${platform.urls.intake}`,
      `  Coaches' inbox   ${platform.urls.inbox}`,
      `  Dashboard        ${platform.urls.dashboard}`,
      `  Health           ${platform.urls.app}/health`,
      `  Step Functions   ${platform.urls.stepFunctions}   DynamoDB ${platform.urls.dynamodb}`,
      `  Data             ${dataDir}`,
      'Press Ctrl-C to stop.',
      '',
    ].join('\n'),
  );
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping Kafaat...`);
    platform.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(`Kafaat could not start: ${(error as Error).message}`);
  process.exit(1);
});
