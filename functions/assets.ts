/**
 * GET /assets/echarts.min.js and GET /assets/dashboard.js: the dashboard's chart library and its
 * page script (views/dashboard-script.ts), served by the platform itself (no CDN). Public: they
 * hold code, no data.
 *
 * ECharts is read once per container from `echarts/dist/echarts.min.js` as Node resolves it — in
 * node_modules locally, and on Lambda in the copy that bundling puts beside the code at the same
 * path (`filesBesideCode` in infra/cdk/function-with-log-group.ts). Asked with the current version
 * (`?v=`, as the page asks), an asset may be cached for a year and never revalidated; with another
 * version or none, it must be revalidated (its ETag answers 304). Gzipped for clients that accept
 * it: API Gateway's HTTP API does not compress.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { header, json, type HttpResult } from './commons/http';
import { instrumented } from './commons/instrumented';
import {
  DASHBOARD_SCRIPT,
  DASHBOARD_SCRIPT_PATH,
  DASHBOARD_SCRIPT_VERSION,
  ECHARTS_FILE,
  ECHARTS_PATH,
  ECHARTS_VERSION,
} from './views/dashboard-script';

export const IMMUTABLE = 'public, max-age=31536000, immutable';

interface AssetSource {
  version: string;
  text: () => string;
}

const sources: Record<string, AssetSource> = {
  [ECHARTS_PATH]: {
    version: ECHARTS_VERSION,
    // `createRequire`: Node's own resolution at run time (esbuild leaves it alone).
    text: () => readFileSync(createRequire(__filename).resolve(ECHARTS_FILE), 'utf8'),
  },
  [DASHBOARD_SCRIPT_PATH]: { version: DASHBOARD_SCRIPT_VERSION, text: () => DASHBOARD_SCRIPT },
};

interface LoadedAsset {
  plain: Buffer;
  gzipped: Buffer;
  etag: string;
}

const loaded = new Map<string, LoadedAsset>();

function asset(path: string): LoadedAsset | undefined {
  const source = Object.hasOwn(sources, path) ? sources[path] : undefined;
  if (!source) return undefined;
  let found = loaded.get(path);
  if (!found) {
    const plain = Buffer.from(source.text(), 'utf8');
    const hash = createHash('sha256').update(plain).digest('base64url').slice(0, 22);
    found = { plain, gzipped: gzipSync(plain, { level: 9 }), etag: `W/"${hash}"` };
    loaded.set(path, found);
  }
  return found;
}

/** Whether the client takes gzip (named with a q above 0, or `*`). */
export function acceptsGzip(acceptEncoding: string | undefined): boolean {
  return (acceptEncoding ?? '').split(',').some((part) => {
    const [coding = '', ...params] = part.split(';').map((p) => p.trim().toLowerCase());
    const q = Number(params.find((p) => p.startsWith('q='))?.slice(2) ?? '1');
    return (coding === 'gzip' || coding === '*') && Number.isFinite(q) && q > 0;
  });
}

export const handler = instrumented(
  async (event: APIGatewayProxyEventV2, _context: Context): Promise<HttpResult> => {
    const path = event.rawPath;
    const found = asset(path);
    if (!found) return json(404, { message: 'Not Found' });
    const current = event.queryStringParameters?.v === sources[path]?.version;
    const headers: Record<string, string> = {
      'content-type': 'text/javascript; charset=utf-8',
      'cache-control': current ? IMMUTABLE : 'no-cache',
      etag: found.etag,
      vary: 'accept-encoding',
      'x-content-type-options': 'nosniff',
      'cross-origin-resource-policy': 'same-origin',
    };
    const known = (header(event, 'if-none-match') ?? '').split(',').map((tag) => tag.trim());
    if (known.includes(found.etag) || known.includes('*')) return { statusCode: 304, headers, body: '' };
    if (acceptsGzip(header(event, 'accept-encoding'))) {
      return {
        statusCode: 200,
        headers: { ...headers, 'content-encoding': 'gzip' },
        body: found.gzipped.toString('base64'),
        isBase64Encoded: true,
      };
    }
    return { statusCode: 200, headers, body: found.plain.toString('utf8') };
  },
);
