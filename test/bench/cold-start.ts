/**
 * Measure 4: each handler's bundle built as the CDK stack builds it (esbuild with the options of
 * NodejsFunction as FunctionWithLogGroup sets them, `bundlingChoices`: bundled, CJS, node24,
 * minified, source maps apart without sources, nothing external, ES module builds first), its size, and the time its module takes to load in a
 * fresh Node process with Lambda's NODE_OPTIONS (`--enable-source-maps`). Baseline: a bundle of
 * the DynamoDB clients alone, the least any handler of the store loads.
 */
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { functions, type FunctionId, type SharedSetting } from '../../infra/app-description';
import { bundlingChoices } from '../../infra/cdk/function-with-log-group';
import { functionEnvironment } from '../../infra/local/platform';
import { localTableNames } from '../../infra/local/tables';
import { percentile, round, type Progress } from './support';

export interface BundleFigures {
  id: string;
  kb: number;
  importMs: number;
}

const root = join(__dirname, '..', '..');

async function bundle(entry: string, outdir: string): Promise<string> {
  mkdirSync(outdir, { recursive: true });
  const outfile = join(outdir, 'index.js');
  await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    target: bundlingChoices.target,
    format: 'cjs',
    minify: bundlingChoices.minify,
    sourcemap: bundlingChoices.sourceMap,
    sourcesContent: bundlingChoices.sourcesContent,
    external: [...bundlingChoices.externalModules],
    mainFields: [...bundlingChoices.mainFields],
    outfile,
    logLevel: 'silent',
  });
  return outfile;
}

/** Milliseconds to `require` the bundle in a fresh process, the median of `times` processes. */
function importMs(file: string, environment: Record<string, string>, times: number): number {
  const script = `const t=process.hrtime.bigint();require(${JSON.stringify(file)});process.stdout.write(String(Number(process.hrtime.bigint()-t)/1e6))`;
  const runs: number[] = [];
  for (let i = 0; i < times; i += 1) {
    const out = execFileSync(process.execPath, ['--enable-source-maps', '-e', script], {
      env: { PATH: process.env.PATH ?? '', AWS_REGION: 'eu-west-3', ...environment },
      encoding: 'utf8',
    });
    runs.push(Number(out));
  }
  return percentile(runs, 50);
}

export async function measureColdStarts(options: {
  outDir: string;
  times: number;
  progress: Progress;
}): Promise<{ baseline: BundleFigures; bundles: BundleFigures[] }> {
  // The deployed functions (local-only ones, such as the dev sign-in, are left out of the stack).
  const ids = (Object.keys(functions) as FunctionId[]).filter((id) => !functions[id].localOnly);
  options.progress.phase('bundles and imports', ids.length + 1);
  const baselineEntry = join(options.outDir, 'baseline.ts');
  mkdirSync(options.outDir, { recursive: true });
  writeFileSync(
    baselineEntry,
    [
      `import { DynamoDBClient } from '@aws-sdk/client-dynamodb';`,
      `import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';`,
      `const db = DynamoDBDocumentClient.from(new DynamoDBClient({}));`,
      `export const handler = async () => db.send(new GetCommand({ TableName: 't', Key: { id: '1' } }));`,
    ].join('\n'),
  );
  const baselineFile = await bundle(baselineEntry, join(options.outDir, 'baseline'));
  const baseline = {
    id: 'baseline (DynamoDB clients only)',
    kb: round(statSync(baselineFile).size / 1024, 1),
    importMs: round(importMs(baselineFile, {}, options.times), 1),
  };
  options.progress.tick();
  const names = localTableNames('kafaat-');
  // Placeholders: a bundle only reads its settings at load; any setting not named here reads '1'.
  const named: Record<string, string> = {
    PUBLIC_BASE_URL: 'https://kafaat.example',
    EMAIL_FROM: 'Kafaat <no-reply@kafaat.example>',
    LINK_SIGNING_SECRET_NAME: 'kafaat/link-signing',
    TIME_SCALE: '1',
    IDENTITY_ISSUER: 'https://cognito-idp.eu-west-3.amazonaws.com/pool',
    IDENTITY_CLIENT_ID: 'client',
    IDENTITY_USER_POOL_ID: 'pool',
  };
  const settings = new Proxy(named, { get: (target, key: string) => target[key] ?? '1' }) as Record<
    SharedSetting,
    string
  >;
  const bundles: BundleFigures[] = [];
  for (const id of ids) {
    const file = await bundle(join(root, functions[id].entry), join(options.outDir, id));
    const environment = {
      ...functionEnvironment(id, names, settings),
      POWERTOOLS_SERVICE_NAME: 'kafaat',
      POWERTOOLS_METRICS_NAMESPACE: 'Kafaat',
    };
    bundles.push({
      id,
      kb: round(statSync(file).size / 1024, 1),
      importMs: round(importMs(file, environment, options.times), 1),
    });
    options.progress.tick();
  }
  return { baseline, bundles };
}
