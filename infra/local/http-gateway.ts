/**
 * The local API Gateway: turns HTTP requests into API Gateway HTTP API (payload 2.0) events for the
 * routes of the app description, and the handlers' results back into HTTP responses. Routes with
 * the JWT authorizer get it here too, as on AWS: no valid bearer token from the user pool, 401
 * before any handler runs; a valid one, its claims in `requestContext.authorizer.jwt`. The public
 * routes are rate limited as the stage's route settings do on AWS (infra/rate-limits.ts), but per
 * client address: past the limit, 429 with `Retry-After` before anything runs.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';
import { LRUCache } from 'lru-cache';
import { routes, type FunctionId, type RouteSpec } from '../app-description';
import { rateLimitGroupOf } from '../rate-limits';
import { html, json, prefersHtml } from '../../functions/commons/http';
import { languageOf } from '../../functions/commons/i18n';
import { tooManyRequestsPage } from '../../functions/views/too-many-requests';
import { LOCAL_ACCOUNT } from './functions';
import { TokenBuckets, type RateLimiterSettings } from './rate-limiter';

/** API Gateway's own limit on a request's payload. */
const MAX_PAYLOAD_BYTES = 10 * 1024 * 1024;

interface CompiledRoute {
  route: RouteSpec;
  pattern: RegExp;
  names: string[];
  /** `ANY` or a greedy `{name+}` path: tried after every specific route, as API Gateway does. */
  fallback: boolean;
}

function compile(route: RouteSpec): CompiledRoute {
  const names: string[] = [];
  let greedy = false;
  const source = route.path
    .replace(/[.*+?^$()|[\]\\]/g, '\\$&')
    .replace(/\{(\w+)\\\+\}/g, (_m, name: string) => {
      names.push(name);
      greedy = true;
      return '(.+)';
    })
    .replace(/\{(\w+)\}/g, (_m, name: string) => {
      names.push(name);
      return '([^/]+)';
    });
  return { route, pattern: new RegExp(`^${source}$`), names, fallback: greedy || route.method === 'ANY' };
}

export function matchRoute(method: string, path: string, table = routes.map(compile)) {
  const ordered = [...table.filter((c) => !c.fallback), ...table.filter((c) => c.fallback)];
  for (const compiled of ordered) {
    if (compiled.route.method !== method && compiled.route.method !== 'ANY') continue;
    const match = compiled.pattern.exec(path);
    if (!match) continue;
    try {
      const pathParameters = Object.fromEntries(
        compiled.names.map((name, i) => [name, decodeURIComponent(match[i + 1] ?? '')]),
      );
      return { route: compiled.route, pathParameters };
    } catch {
      return undefined; // a broken percent-escape matches no route: 404, as API Gateway answers
    }
  }
  return undefined;
}

const textTypes = /^(text\/|application\/(json|x-www-form-urlencoded|xml|javascript))/i;

export function toApiGatewayEvent(
  request: IncomingMessage,
  body: Buffer,
  route: RouteSpec,
  pathParameters: Record<string, string>,
): APIGatewayProxyEventV2 {
  // The gateway refuses a target that is no path before it gets here.
  const url = requestUrl(request.url) ?? new URL('http://localhost/');
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined && name !== 'cookie')
      headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  const query: Record<string, string> = {};
  for (const [name, value] of url.searchParams)
    query[name] = Object.hasOwn(query, name) ? `${query[name]},${value}` : value;
  const isText = textTypes.test(headers['content-type'] ?? 'text/plain');
  const now = new Date();
  return {
    version: '2.0',
    routeKey: `${route.method} ${route.path}`,
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    ...(request.headers.cookie ? { cookies: request.headers.cookie.split(/;\s*/) } : {}),
    headers,
    ...(Object.keys(query).length > 0 ? { queryStringParameters: query } : {}),
    ...(Object.keys(pathParameters).length > 0 ? { pathParameters } : {}),
    requestContext: {
      accountId: LOCAL_ACCOUNT,
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: (headers.host ?? 'localhost').split('.')[0] ?? 'localhost',
      http: {
        method: request.method ?? route.method,
        path: url.pathname,
        protocol: `HTTP/${request.httpVersion}`,
        sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey: `${route.method} ${route.path}`,
      stage: '$default',
      time: now.toISOString(),
      timeEpoch: now.getTime(),
    },
    ...(body.length > 0 ? { body: isText ? body.toString('utf8') : body.toString('base64') } : {}),
    isBase64Encoded: body.length > 0 && !isText,
  };
}

async function readBody(request: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_PAYLOAD_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export interface GatewayOptions {
  port: number;
  host?: string;
  invoke: (id: FunctionId, event: APIGatewayProxyEventV2) => Promise<unknown>;
  log: (message: string) => void;
  /** The JWT authorizer's issuer and audience (known once the user pool has started). */
  jwtAuthorizer: () => { issuer: string; audience: string } | undefined;
  /** The public routes' limit per client address and route group; none: no limit. */
  rateLimit?: RateLimiterSettings;
}

/**
 * API Gateway's answer to a throttled request (`{"message":"Too Many Requests"}`) for API clients,
 * the page in the reader's language for browsers; with `Retry-After`, which AWS does not send.
 */
export function tooManyRequests(
  event: APIGatewayProxyEventV2,
  retryAfterSeconds: number,
): APIGatewayProxyStructuredResultV2 {
  const result = prefersHtml(event)
    ? html(429, tooManyRequestsPage(languageOf(event), retryAfterSeconds), { referrerPolicy: 'no-referrer' })
    : json(429, { message: 'Too Many Requests' });
  return { ...result, headers: { ...result.headers, 'retry-after': String(retryAfterSeconds) } };
}

/**
 * API Gateway's JWT authorizer: the bearer token's signature, issuer, audience and times. A token
 * accepted is kept until it expires (API Gateway's own cost is not the functions'; here it is this
 * process's, so it is not paid again on each of a client's requests).
 */
function jwtAuthorizer(settings: GatewayOptions['jwtAuthorizer']) {
  let keys: { issuer: string; set: ReturnType<typeof createRemoteJWKSet> } | undefined;
  const accepted = new LRUCache<string, JWTPayload>({ max: 1000 });
  return async (authorization: string | undefined): Promise<JWTPayload | undefined> => {
    const known = settings();
    const token = authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
    if (!known || !token) return undefined;
    if (keys?.issuer !== known.issuer) {
      keys = {
        issuer: known.issuer,
        set: createRemoteJWKSet(new URL(`${known.issuer}/.well-known/jwks.json`)),
      };
      accepted.clear();
    }
    const cacheKey = `${known.audience} ${token}`;
    const kept = accepted.get(cacheKey);
    if (kept && (kept.exp ?? 0) * 1000 > Date.now()) return kept;
    try {
      const { payload } = await jwtVerify(token, keys.set, { issuer: known.issuer });
      // An ID token names the app client in `aud`, an access token in `client_id`.
      const audience = Array.isArray(payload.aud) ? payload.aud : [payload.aud ?? payload.client_id];
      if (!audience.includes(known.audience)) return undefined;
      if (typeof payload.exp === 'number') accepted.set(cacheKey, payload);
      return payload;
    } catch {
      return undefined;
    }
  };
}

/**
 * The request target as a URL, or undefined when it is none. A target is a path (origin form), so
 * it is read against the host rather than resolved as a URL reference: `//a b/x` is a path on
 * API Gateway, where `new URL('//a b/x', base)` would take `a b` for a host and throw.
 */
export function requestUrl(target: string | undefined): URL | undefined {
  const raw = target ?? '/';
  try {
    return raw.startsWith('/') ? new URL(`http://localhost${raw}`) : new URL(raw);
  } catch {
    return undefined;
  }
}

export async function startHttpGateway(options: GatewayOptions): Promise<{ server: Server; url: string }> {
  const table = routes.map(compile);
  const authorize = jwtAuthorizer(options.jwtAuthorizer);
  const buckets = options.rateLimit && new TokenBuckets(options.rateLimit);
  const server = createServer((request, response) => {
    const send = (status: number, headers: Record<string, string>, body: string | Buffer) => {
      response.writeHead(status, headers);
      response.end(body);
    };
    void (async () => {
      const url = requestUrl(request.url);
      if (!url) {
        request.resume();
        send(
          400,
          { 'content-type': 'application/json' },
          JSON.stringify({ message: 'Bad Request: the request target is not a valid path.' }),
        );
        return;
      }
      const matched = matchRoute(request.method ?? 'GET', url.pathname, table);
      if (!matched) {
        send(404, { 'content-type': 'application/json' }, JSON.stringify({ message: 'Not Found' }));
        return;
      }
      const group = buckets && rateLimitGroupOf(matched.route);
      const admission = group && buckets.take(`${group} ${request.socket.remoteAddress ?? ''}`);
      if (admission && !admission.allowed) {
        request.resume(); // the body is not read, nor anything run: a refused intake writes nothing
        const refused = tooManyRequests(
          toApiGatewayEvent(request, Buffer.alloc(0), matched.route, matched.pathParameters),
          admission.retryAfterSeconds,
        );
        send(429, refused.headers as Record<string, string>, String(refused.body));
        return;
      }
      const body = await readBody(request);
      if (body === undefined) {
        send(
          413,
          { 'content-type': 'application/json' },
          JSON.stringify({ message: 'Request Entity Too Large' }),
        );
        return;
      }
      try {
        const event = toApiGatewayEvent(request, body, matched.route, matched.pathParameters);
        if (matched.route.authorizer === 'jwt') {
          const claims = await authorize(request.headers.authorization);
          if (!claims) {
            send(
              401,
              { 'content-type': 'application/json', 'www-authenticate': 'Bearer' },
              JSON.stringify({ message: 'Unauthorized' }),
            );
            return;
          }
          const context = event.requestContext as typeof event.requestContext & {
            authorizer?: { jwt: { claims: JWTPayload; scopes: null } };
          };
          context.authorizer = { jwt: { claims, scopes: null } };
        }
        const result = (await options.invoke(
          matched.route.function,
          event,
        )) as APIGatewayProxyStructuredResultV2 | null;
        const headers = Object.fromEntries(
          Object.entries(result?.headers ?? {}).map(([k, v]) => [k, String(v)]),
        );
        const payload = result?.isBase64Encoded
          ? Buffer.from(result.body ?? '', 'base64')
          : (result?.body ?? '');
        if (result?.cookies?.length) response.setHeader('set-cookie', result.cookies);
        send(result?.statusCode ?? 200, headers, payload);
      } catch (error) {
        // As API Gateway does: the client learns nothing of the failure; the console does.
        options.log(`${request.method} ${url.pathname} failed: ${(error as Error).stack ?? String(error)}`);
        send(
          500,
          { 'content-type': 'application/json' },
          JSON.stringify({ message: 'Internal Server Error' }),
        );
      }
    })();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', resolve);
  });
  const address = server.address() as AddressInfo;
  return { server, url: `http://localhost:${address.port}` };
}
