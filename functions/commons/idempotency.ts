/**
 * The intake's idempotency key: the client's `Idempotency-Key` header, else the form's hidden
 * `idempotencyKey` (made when the form page was drawn), else the intake's own content on that day
 * — so a retried, resubmitted or doubled intake is one beneficiary and one journey. Ids are keyed
 * with the server's secret: nobody can work out a beneficiary id from someone's details.
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { header } from './http';
import type { FieldError } from '../domain/errors';

const KEY_PATTERN = /^[A-Za-z0-9_.:-]{8,128}$/;
export const FORM_KEY_FIELD = 'idempotencyKey';

/** A fresh key for a form page: each page drawn is one intake. */
export function newFormKey(): string {
  return randomBytes(18).toString('base64url');
}

/** Takes one field out of the submitted values (a record with no prototype), so the schema sees the rest. */
export function takeFormField(value: unknown, field: string): { value?: unknown; rest: unknown } {
  if (typeof value !== 'object' || value === null || !Object.hasOwn(value, field)) return { rest: value };
  const rest: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  let taken: unknown;
  for (const [name, item] of Object.entries(value)) {
    if (name === field) taken = item;
    else rest[name] = item;
  }
  return { value: taken, rest };
}

/** Takes the form's key out of the submitted values, so the intake schema sees only the intake. */
export function takeFormKey(value: unknown): { key?: unknown; rest: unknown } {
  const { value: key, rest } = takeFormField(value, FORM_KEY_FIELD);
  return { key, rest };
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export type KeyResult = { ok: true; value: string } | { ok: false; error: FieldError };

export function idempotencyKeyOf(
  event: APIGatewayProxyEventV2,
  formKey: unknown,
  form: object,
  now: Date,
): KeyResult {
  const given = header(event, 'idempotency-key');
  const field = given !== undefined ? 'Idempotency-Key' : FORM_KEY_FIELD;
  const explicit = given ?? formKey;
  if (explicit !== undefined) {
    if (typeof explicit !== 'string' || !KEY_PATTERN.test(explicit)) {
      return {
        ok: false,
        error: { field, message: 'Must be 8 to 128 characters: letters, digits, and _ . : - only.' },
      };
    }
    return { ok: true, value: `key:${explicit}` };
  }
  return { ok: true, value: `content:${now.toISOString().slice(0, 10)}:${canonical(form)}` };
}

/** A UUID-shaped id derived from the key (version 4 and variant bits set, as a random one). */
export function beneficiaryIdFor(secret: string, key: string): string {
  const bytes = createHmac('sha256', secret).update(`beneficiary/${key}`).digest().subarray(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Tells a replay of the same intake from another intake sent with a reused key. */
export function contentHash(secret: string, form: object): string {
  return createHmac('sha256', secret)
    .update(`intake/${canonical(form)}`)
    .digest('base64url');
}
