/**
 * The assets function as Lambda gets it: bundled by the stack's own construct (esbuild, then the
 * files it reads copied beside the code), then run from the bundle alone, outside the repository,
 * so nothing can come from the repository's node_modules.
 */
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { App, Stack } from 'aws-cdk-lib';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { FunctionWithLogGroup, filesBesideCode, repoRoot } from '../../infra/cdk/function-with-log-group';
import { createHash } from 'node:crypto';
import {
  DASHBOARD_SCRIPT,
  DASHBOARD_SCRIPT_VERSION,
  ECHARTS_INTEGRITY,
  ECHARTS_VERSION,
} from '../../functions/views/dashboard-script';

type Handler = (
  event: APIGatewayProxyEventV2,
  context: Context,
) => Promise<APIGatewayProxyStructuredResultV2>;

let out: string;
let copy: string;

beforeAll(() => {
  // Prepare: the function bundled for real, and its asset copied where no node_modules is above it.
  out = mkdtempSync(join(tmpdir(), 'kafaat-assets-out-'));
  copy = mkdtempSync(join(tmpdir(), 'kafaat-assets-lambda-'));
  const app = new App({ outdir: out });
  const stack = new Stack(app, 'Assets');
  new FunctionWithLogGroup(stack, 'AssetsFunction', {
    entry: 'functions/assets.ts',
    serviceName: 'kafaat',
    metricsNamespace: 'Kafaat',
  });
  app.synth();
  const asset = readdirSync(out).find(
    (name) => name.startsWith('asset.') && existsSync(join(out, name, 'index.js')),
  );
  if (!asset) throw new Error(`No bundled asset in ${out}`);
  cpSync(join(out, asset), copy, { recursive: true });
}, 120_000);

afterAll(() => {
  rmSync(out, { recursive: true, force: true });
  rmSync(copy, { recursive: true, force: true });
});

const event = (path: string, headers: Record<string, string> = {}, version = ECHARTS_VERSION) =>
  ({
    rawPath: path,
    headers,
    queryStringParameters: { v: version },
    requestContext: { http: { method: 'GET', path } },
  }) as unknown as APIGatewayProxyEventV2;

const loadHandler = (): Handler =>
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  (require(join(copy, 'index.js')) as { handler: Handler }).handler;

test('the page pins the ECharts that package.json pins, with the integrity of its file', () => {
  // Prepare
  const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
    dependencies: Record<string, string>;
  };
  const installed = JSON.parse(
    readFileSync(join(repoRoot, 'node_modules', 'echarts', 'package.json'), 'utf8'),
  ) as { version: string };
  const file = readFileSync(join(repoRoot, 'node_modules', 'echarts', 'dist', 'echarts.min.js'));

  // Assess: an exact version everywhere, and the hash the page's <script integrity> carries.
  expect(pkg.dependencies.echarts).toBe(ECHARTS_VERSION);
  expect(installed.version).toBe(ECHARTS_VERSION);
  expect(`sha384-${createHash('sha384').update(file).digest('base64')}`).toBe(ECHARTS_INTEGRITY);
});

test('the bundle holds the ECharts file at the path Node resolves, and the bundled handler serves it', async () => {
  // Prepare
  const echarts = readFileSync(join(repoRoot, 'node_modules', 'echarts', 'dist', 'echarts.min.js'));
  expect(filesBesideCode['functions/assets.ts']).toContain('node_modules/echarts/dist/echarts.min.js');
  expect(readFileSync(join(copy, 'node_modules', 'echarts', 'dist', 'echarts.min.js')).equals(echarts)).toBe(
    true,
  );
  const handler = loadHandler();

  // Act
  const plain = await handler(event('/assets/echarts.min.js'), {} as Context);
  const gzipped = await handler(
    event('/assets/echarts.min.js', { 'accept-encoding': 'gzip, br' }),
    {} as Context,
  );

  // Assess
  expect(plain.statusCode).toBe(200);
  expect(plain.headers?.['cache-control']).toBe('public, max-age=31536000, immutable');
  expect(Buffer.from(plain.body ?? '', 'utf8').equals(echarts)).toBe(true);
  expect(gzipped.headers?.['content-encoding']).toBe('gzip');
  expect(gunzipSync(Buffer.from(gzipped.body ?? '', 'base64')).equals(echarts)).toBe(true);
});

test('an old or missing version is revalidated, an unchanged asset answers 304, the page script is served', async () => {
  // Prepare
  const handler = loadHandler();
  const first = await handler(event('/assets/dashboard.js', {}, DASHBOARD_SCRIPT_VERSION), {} as Context);

  // Act
  const old = await handler(event('/assets/echarts.min.js', {}, '5.0.0'), {} as Context);
  const again = await handler(
    event('/assets/dashboard.js', { 'if-none-match': String(first.headers?.etag) }, DASHBOARD_SCRIPT_VERSION),
    {} as Context,
  );
  const unknown = await handler(event('/assets/other.js'), {} as Context);

  // Assess
  expect(first.body).toBe(DASHBOARD_SCRIPT);
  expect(first.headers?.['content-type']).toBe('text/javascript; charset=utf-8');
  expect(first.headers?.['cache-control']).toBe('public, max-age=31536000, immutable');
  expect(old.statusCode).toBe(200);
  expect(old.headers?.['cache-control']).toBe('no-cache');
  expect(again.statusCode).toBe(304);
  expect(again.body).toBe('');
  expect(unknown.statusCode).toBe(404);
});
