/** API Gateway HTTP API (payload v2) helpers: reading bodies and shaping responses. */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

export type HttpResult = APIGatewayProxyStructuredResultV2;

export interface FieldError {
  field: string;
  message: string;
}

const securityHeaders = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};

export function json(statusCode: number, body: unknown): HttpResult {
  return {
    statusCode,
    headers: { 'content-type': 'application/json; charset=utf-8', ...securityHeaders },
    body: JSON.stringify(body),
  };
}

export function html(statusCode: number, body: string): HttpResult {
  return {
    statusCode,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': "default-src 'self'; style-src 'unsafe-inline'; form-action 'self'",
      ...securityHeaders,
    },
    body,
  };
}

export function redirect(location: string): HttpResult {
  return { statusCode: 303, headers: { location, ...securityHeaders }, body: '' };
}

export function badRequest(errors: FieldError[]): HttpResult {
  return json(400, { errors });
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
  { ok: true; kind: BodyKind; value: unknown } | { ok: false; status: number; error: FieldError };

/**
 * Reads a JSON or form-encoded body, refusing anything larger than `maxBytes` or of another type.
 * Form values arrive as strings (repeated names as arrays); the schema that follows coerces them.
 */
export function readBody(event: APIGatewayProxyEventV2, maxBytes: number): ReadBody {
  const raw = event.body ?? '';
  const text = event.isBase64Encoded ? Buffer.from(raw, 'base64').toString('utf8') : raw;
  if (Buffer.byteLength(text, 'utf8') > maxBytes) {
    return {
      ok: false,
      status: 400,
      error: { field: 'body', message: `The body is larger than ${maxBytes} bytes.` },
    };
  }
  const contentType = (header(event, 'content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (contentType === 'application/json') {
    try {
      return { ok: true, kind: 'json', value: JSON.parse(text) as unknown };
    } catch {
      return { ok: false, status: 400, error: { field: 'body', message: 'The body is not valid JSON.' } };
    }
  }
  if (contentType === 'application/x-www-form-urlencoded') {
    const value: Record<string, string | string[]> = Object.create(null) as Record<string, string | string[]>;
    for (const [key, item] of new URLSearchParams(text)) {
      const previous = Object.hasOwn(value, key) ? value[key] : undefined;
      value[key] =
        previous === undefined ? item : [...(Array.isArray(previous) ? previous : [previous]), item];
    }
    return { ok: true, kind: 'form', value };
  }
  return {
    ok: false,
    status: 400,
    error: {
      field: 'body',
      message: 'Send the body as application/json or application/x-www-form-urlencoded.',
    },
  };
}
