/** API Gateway HTTP API (payload v2) helpers: reading bodies and shaping responses. */
import { isUtf8 } from 'node:buffer';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { apiError, type FieldError } from '../domain/errors';
import { PAGE_SCRIPT_HASH } from './page-script';

export type HttpResult = APIGatewayProxyStructuredResultV2;
export type { FieldError } from '../domain/errors';

const securityHeaders = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};

/**
 * Pages load nothing from elsewhere, run only the one inline script of page-script.ts (by its
 * hash), post forms only here, and may not be framed (clickjacking). A page that loads the
 * platform's own script files (the dashboard's charts: GET /assets/…) also allows `'self'`.
 */
function contentSecurityPolicy(ownScripts: boolean): string {
  return [
    "default-src 'self'",
    `script-src ${PAGE_SCRIPT_HASH}${ownScripts ? " 'self'" : ''}`,
    "style-src 'unsafe-inline'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export const PAGE_CONTENT_SECURITY_POLICY = contentSecurityPolicy(false);

export function json(statusCode: number, body: unknown): HttpResult {
  return {
    statusCode,
    headers: { 'content-type': 'application/json; charset=utf-8', ...securityHeaders },
    body: JSON.stringify(body),
  };
}

const serialized = new WeakMap<object, string>();

/**
 * `json` for a body that is kept and given again as it is (a dashboard's view, never changed once
 * computed): serialized once, while it is kept.
 */
export function keptJson(statusCode: number, body: object): HttpResult {
  let text = serialized.get(body);
  if (text === undefined) {
    text = JSON.stringify(body);
    serialized.set(body, text);
  }
  return { ...json(statusCode, null), body: text };
}

export interface HtmlOptions {
  /**
   * `same-origin` (the default): never a Referer to another site, and browsers send our own forms'
   * posts with their real Origin. `no-referrer` for pages whose address is a secret (a coach's
   * signed task link): no Referer at all, not even to this site; browsers then post their forms
   * with `Origin: null`, which `checkSameOrigin` takes only with `Sec-Fetch-Site: same-origin`.
   */
  referrerPolicy?: 'same-origin' | 'no-referrer';
  /** The page loads the platform's own script files (`<script src="/assets/…">`). */
  ownScripts?: boolean;
}

export function html(statusCode: number, body: string, options: HtmlOptions = {}): HttpResult {
  return {
    statusCode,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': contentSecurityPolicy(options.ownScripts ?? false),
      'x-frame-options': 'DENY',
      ...securityHeaders,
      'referrer-policy': options.referrerPolicy ?? 'same-origin',
    },
    body,
  };
}

export function redirect(location: string): HttpResult {
  return { statusCode: 303, headers: { location, ...securityHeaders }, body: '' };
}

/** `400 {"errors": [{"field", "message"}]}`: the JSON API's errors, with nothing more in them. */
export function badRequest(errors: readonly FieldError[]): HttpResult {
  return json(400, { errors: errors.map(apiError) });
}

export function header(event: APIGatewayProxyEventV2, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(event.headers ?? {})) {
    if (key.toLowerCase() === wanted) return value;
  }
  return undefined;
}

export type BodyKind = 'json' | 'form';

export type ReadBody =
  | { ok: true; kind: BodyKind; value: unknown }
  | {
      ok: false;
      status: number;
      error: FieldError;
      /** The body's type, when it was JSON or a form (a form gets its page back). */
      kind?: BodyKind;
      /** A form's values as far as they could be read, to show them again. */
      value?: Record<string, string | string[]>;
    };

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

const isHexDigit = (byte: number | undefined) =>
  byte !== undefined &&
  ((byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x46) || (byte >= 0x61 && byte <= 0x66));

/**
 * One name or value of a form body, decoded as browsers encode it (`+` is a space, `%XX` a byte),
 * or undefined when its bytes are not UTF-8 (URLSearchParams would silently put U+FFFD instead).
 */
function decodeFormComponent(part: string): string | undefined {
  const bytes = Buffer.from(part.replace(/\+/g, ' '), 'utf8');
  const out = Buffer.alloc(bytes.length);
  let length = 0;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i] as number;
    if (byte === 0x25 && isHexDigit(bytes[i + 1]) && isHexDigit(bytes[i + 2])) {
      out[length++] = Number.parseInt(bytes.toString('latin1', i + 1, i + 3), 16);
      i += 2;
    } else {
      out[length++] = byte;
    }
  }
  try {
    return utf8.decode(out.subarray(0, length));
  } catch {
    return undefined;
  }
}

function readForm(text: string): { value: Record<string, string | string[]>; error?: FieldError } {
  // Null prototype: a field named toString, constructor or __proto__ is a field like any other.
  const value = Object.create(null) as Record<string, string | string[]>;
  let error: FieldError | undefined;
  for (const part of text.split('&')) {
    if (part === '') continue;
    const equals = part.indexOf('=');
    const key = decodeFormComponent(equals === -1 ? part : part.slice(0, equals));
    const item = decodeFormComponent(equals === -1 ? '' : part.slice(equals + 1));
    if (key === undefined || item === undefined) {
      error ??= {
        field: key ?? 'body',
        message:
          key === undefined
            ? 'The form holds a field name that is not valid UTF-8: send the form encoded in UTF-8.'
            : 'This value is not valid UTF-8 text: send the form encoded in UTF-8.',
        key: 'encoding',
      };
      continue;
    }
    const previous = Object.hasOwn(value, key) ? value[key] : undefined;
    value[key] = previous === undefined ? item : [...(Array.isArray(previous) ? previous : [previous]), item];
  }
  return error ? { value, error } : { value };
}

/**
 * Reads a JSON or form-encoded body, refusing anything larger than `maxBytes`, of another type,
 * or that is not UTF-8. Form values arrive as strings (repeated names as arrays), in a record with
 * no prototype; the schema that follows turns them into numbers and booleans where it must.
 */
export function readBody(event: APIGatewayProxyEventV2, maxBytes: number): ReadBody {
  const raw = event.body ?? '';
  const contentType = (header(event, 'content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  const kind: BodyKind | undefined =
    contentType === 'application/json'
      ? 'json'
      : contentType === 'application/x-www-form-urlencoded'
        ? 'form'
        : undefined;
  const refuse = (error: FieldError): ReadBody => ({
    ok: false,
    status: 400,
    error,
    ...(kind ? { kind } : {}),
  });
  const bytes = event.isBase64Encoded ? Buffer.from(raw, 'base64') : undefined;
  if ((bytes ? bytes.length : Buffer.byteLength(raw, 'utf8')) > maxBytes) {
    return refuse({
      field: 'body',
      message: `The body is larger than ${maxBytes} bytes.`,
      key: 'bodyTooLarge',
      params: { max: Math.floor(maxBytes / 1024) },
    });
  }
  // Bytes that are not UTF-8 become U+FFFD when decoded as text: refused, never stored.
  if ((bytes && !isUtf8(bytes)) || (!bytes && raw.includes('\uFFFD'))) {
    return refuse({
      field: 'body',
      message: 'The body is not valid UTF-8 text: send it encoded in UTF-8.',
      key: 'bodyEncoding',
    });
  }
  const text = bytes ? bytes.toString('utf8') : raw;
  if (kind === 'json') {
    try {
      return { ok: true, kind, value: JSON.parse(text) as unknown };
    } catch {
      return refuse({
        field: 'body',
        message: 'The body is not valid JSON: send a JSON object of the fields.',
        key: 'bodyJson',
      });
    }
  }
  if (kind === 'form') {
    const form = readForm(text);
    if (form.error) return { ok: false, status: 400, error: form.error, kind, value: form.value };
    return { ok: true, kind, value: form.value };
  }
  return refuse({
    field: 'body',
    message: 'Send the body as application/json or application/x-www-form-urlencoded.',
    key: 'bodyType',
  });
}

/**
 * The own fields of a parsed body, in a record with no prototype: looking up a field named
 * `toString` or `__proto__` finds that field or nothing, never a built-in. Anything else than an
 * object gives an empty record.
 */
export function formValues(value: unknown): Record<string, unknown> {
  const values = Object.create(null) as Record<string, unknown>;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return values;
  for (const key of Object.keys(value)) values[key] = (value as Record<string, unknown>)[key];
  return values;
}

export type OriginCheck = { ok: true } | { ok: false; error: FieldError };

/**
 * Refuses a POST that a browser sends from another site (cross-site request forgery):
 * - `Sec-Fetch-Site: cross-site` is refused; `same-origin` goes through, whatever `Origin` says:
 *   the browser vouches for it (pages cannot set Sec-Fetch-* headers), and a page of ours under a
 *   `no-referrer` policy (a coach's task page) sends its own posts with `Origin: null`.
 * - An opaque `Origin: null` goes through only with `Sec-Fetch-Site: same-origin`: without it
 *   (a sandboxed frame, a `data:` page, a browser without Sec-Fetch headers) it is refused.
 * - `Sec-Fetch-Site: none` (the user's own action: typed, bookmarked) goes through.
 * - Otherwise (`same-site`, or a browser without Sec-Fetch headers) `Origin`, when present, must
 *   be this host: another site is refused.
 * Clients that send neither header (curl, SDKs, servers posting JSON) go through: they carry no
 * one's browser session. GET, HEAD and OPTIONS are never refused. `allowedOrigins` adds origins
 * such as `https://kafaat.example.ma` when a proxy or CDN in front changes the Host header.
 */
export function checkSameOrigin(
  event: APIGatewayProxyEventV2,
  allowedOrigins: readonly string[] = [],
): OriginCheck {
  const method = (event.requestContext?.http?.method ?? 'POST').toUpperCase();
  if (method === 'GET' || method === 'HEAD' || method === 'OPTIONS') return { ok: true };
  const refused: OriginCheck = {
    ok: false,
    error: {
      field: 'origin',
      message:
        'Cross-site request refused: send the form from the Kafaat page itself (or call the API without a browser).',
      key: 'crossSite',
    },
  };
  const site = header(event, 'sec-fetch-site')?.trim().toLowerCase();
  if (site === 'cross-site') return refused;
  if (site === 'same-origin') return { ok: true };
  if (header(event, 'origin')?.trim().toLowerCase() === 'null') return refused;
  if (site === 'none') return { ok: true };
  const origin = header(event, 'origin')?.trim();
  if (origin === undefined) return { ok: true };
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return refused; // "null" (sandboxed frames, file:, some redirects) or garbage
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return refused;
  const defaultPort = url.protocol === 'https:' ? ':443' : ':80';
  const hostOf = (value: string | undefined) =>
    value
      ?.trim()
      .toLowerCase()
      .replace(new RegExp(`${defaultPort}$`), '');
  const own = [header(event, 'host'), event.requestContext?.domainName].map(hostOf);
  const allowed = allowedOrigins.flatMap((o) => {
    try {
      return [new URL(o).origin];
    } catch {
      return [];
    }
  });
  return own.includes(url.host.toLowerCase()) || allowed.includes(url.origin) ? { ok: true } : refused;
}

/**
 * Whether the client asks for a page rather than data: an HTML form post, or an Accept header that
 * prefers text/html to application/json (browsers' navigations). API clients get JSON.
 */
export function prefersHtml(event: APIGatewayProxyEventV2): boolean {
  const contentType = (header(event, 'content-type') ?? '').split(';')[0]?.trim().toLowerCase();
  if (contentType === 'application/x-www-form-urlencoded') return true;
  const accept = header(event, 'accept') ?? '';
  // text/html must be named (or text/*): `*/*` alone, as curl and fetch send, means data.
  const html = acceptQuality(accept, 'text/html', false);
  return html > 0 && html >= acceptQuality(accept, 'application/json', true);
}

/** The q value an Accept header gives `type`: that of the most specific range that matches it. */
function acceptQuality(accept: string, type: string, anyMatches: boolean): number {
  const major = type.split('/')[0] ?? '';
  let best = { specificity: -1, q: 0 };
  for (const part of accept.split(',')) {
    const [range = '', ...params] = part.split(';').map((p) => p.trim().toLowerCase());
    const specificity =
      range === type ? 2 : range === `${major}/*` ? 1 : range === '*/*' && anyMatches ? 0 : -1;
    if (specificity <= best.specificity) continue;
    const q = Number(params.find((p) => p.startsWith('q='))?.slice(2) ?? '1');
    best = { specificity, q: Number.isFinite(q) ? q : 0 };
  }
  return best.q;
}
