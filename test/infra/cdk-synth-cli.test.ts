/**
 * `npx cdk synth` as a person runs it: no AWS credentials, no network, esbuild from node_modules
 * (never Docker), cdk-nag's AwsSolutions checks on (a finding makes synth exit 1).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { functionIdsOnAws } from '../../infra/cdk/kafaat-stack';

const root = resolve(__dirname, '..', '..');

test('cdk synth succeeds without credentials and bundles one asset per function', () => {
  const out = mkdtempSync(join(tmpdir(), 'kafaat-cdk-out-'));
  try {
    const environment = Object.fromEntries(
      Object.entries(process.env).filter(([name]) => !/^AWS_|^CDK_DEFAULT_/.test(name)),
    );
    const run = spawnSync(join(root, 'node_modules', '.bin', 'cdk'), ['synth', '-q', '-o', out], {
      cwd: root,
      env: { ...environment, AWS_EC2_METADATA_DISABLED: 'true' },
      encoding: 'utf8',
      // Bundling 38 functions takes about a minute on a quiet machine, and minutes on a busy one.
      timeout: 840_000,
    });
    expect({
      status: run.status,
      stderr: run.status === 0 ? '' : run.stderr,
      error: run.error?.message ?? '',
    }).toEqual({ status: 0, stderr: '', error: '' });

    const template = JSON.parse(readFileSync(join(out, 'Kafaat.template.json'), 'utf8')) as {
      Resources: Record<string, { Type: string; Metadata?: Record<string, string> }>;
    };
    const lambdas = Object.values(template.Resources).filter((r) => r.Type === 'AWS::Lambda::Function');
    const bundled = lambdas
      .map((r) => r.Metadata?.['aws:asset:path'])
      .filter((path): path is string => path !== undefined && existsSync(join(out, path, 'index.js')));
    // Every function but the local-only ones (the development sign-in), which AWS never gets.
    expect(bundled.length).toBeGreaterThanOrEqual(functionIdsOnAws().length);
    expect(readdirSync(out).some((f) => f.endsWith('.asl.json') || f.startsWith('asset.'))).toBe(true);
  } finally {
    // A synth stopped at its time-out may leave esbuild writing for a moment: retry the removal.
    rmSync(out, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
  }
}, 900_000);
