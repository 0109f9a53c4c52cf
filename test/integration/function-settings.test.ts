/**
 * Each function's module loads with only what the app description grants it, as on Lambda and
 * under `npm start`: a module that reads a setting at load (EMAIL_FROM, a table's name) through an
 * import the function was not granted fails here, in a fresh Node process per function. (In-process
 * test platforms share modules loaded by other functions, so they cannot see this.)
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { functions, type FunctionId } from '../../infra/app-description';
import { functionEnvironment } from '../../infra/local/platform';
import { localTableNames } from '../../infra/local/tables';
import { testSettings } from '../support/function-settings';

const root = resolve(__dirname, '..', '..');
const settings = testSettings;

/** What the Lambda runtime gives every function, and nothing of the app's. */
const runtime = {
  PATH: process.env.PATH ?? '',
  HOME: process.env.HOME ?? '',
  AWS_REGION: 'eu-west-3',
  AWS_ACCESS_KEY_ID: 'local',
  AWS_SECRET_ACCESS_KEY: 'local',
  POWERTOOLS_SERVICE_NAME: 'kafaat',
  POWERTOOLS_METRICS_NAMESPACE: 'Kafaat',
};

/** Loads the function's entry in a fresh process with exactly that environment; its stderr if it fails. */
function load(id: FunctionId): Promise<{ id: FunctionId; code: number | null; stderr: string }> {
  const env = { ...runtime, ...functionEnvironment(id, localTableNames('kafaat-'), settings) };
  const child = spawn(
    process.execPath,
    [
      '--require',
      require.resolve('tsx/cjs'),
      '-e',
      'require(process.argv[1])',
      resolve(root, functions[id].entry),
    ],
    { env, cwd: root, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((done) => child.on('close', (code) => done({ id, code, stderr })));
}

test('every function module loads with only the settings, tables and workflows it is granted', async () => {
  // Prepare
  const ids = Object.keys(functions) as FunctionId[];
  const results: Awaited<ReturnType<typeof load>>[] = [];

  // Act: two at a time (this machine has two cores).
  const queue = [...ids];
  await Promise.all(
    [0, 1].map(async () => {
      for (let id = queue.shift(); id !== undefined; id = queue.shift()) results.push(await load(id));
    }),
  );

  // Assess
  const failed = results
    .filter((r) => r.code !== 0)
    .map((r) => ({
      id: r.id,
      error: /Missing environment variable \w+|Error: .*/.exec(r.stderr)?.[0] ?? r.stderr.slice(-300),
    }));
  expect(results).toHaveLength(ids.length);
  expect(failed).toEqual([]);
}, 180_000);
