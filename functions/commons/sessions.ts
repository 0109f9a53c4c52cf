/**
 * Sessions: the person behind a request, from a token the user pool signed (Amazon Cognito on AWS,
 * the local issuer on one machine — the same ID-token shape, the same verification here).
 *
 * The token comes as `Authorization: Bearer …` (API clients) or in the session cookie (pages). It
 * is verified against the issuer's published keys (JWKS), its issuer, audience and expiry; the
 * role and scope come from its `cognito:groups` claim (see domain/access.ts `groupOf`).
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { GetCommandInput } from '@aws-sdk/lib-dynamodb';
import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';
import { LRUCache } from 'lru-cache';
import {
  decideAccess,
  groupOf,
  parseGroup,
  type AccessTarget,
  type Action,
  type Principal,
} from '../domain/access';
import { getPerson, getPersonBeside } from './people';
import { header, html, json, redirect, type HttpResult } from './http';
import { forbiddenPageHtml } from './html';
import { languageOf } from './i18n';
import { setting } from './settings';

export const SESSION_COOKIE = 'kafaat_session';
/** How long a session lasts: the ID token's own lifetime (Cognito's default, one hour). */
export const SESSION_SECONDS = 3600;

let verifier: { issuer: string; audience: string; keys: ReturnType<typeof createRemoteJWKSet> } | undefined;

function tokenVerifier() {
  const issuer = setting('IDENTITY_ISSUER').replace(/\/$/, '');
  const audience = setting('IDENTITY_CLIENT_ID');
  if (!verifier || verifier.issuer !== issuer || verifier.audience !== audience) {
    verifier = {
      issuer,
      audience,
      keys: createRemoteJWKSet(new URL(`${issuer}/.well-known/jwks.json`), { cooldownDuration: 30_000 }),
    };
  }
  return verifier;
}

/** The principal a verified ID token stands for, or undefined when its claims do not name one. */
export function principalOfClaims(claims: JWTPayload): Principal | undefined {
  const personId = claims['cognito:username'];
  const groups = claims['cognito:groups'];
  if (typeof personId !== 'string' || !Array.isArray(groups)) return undefined;
  const scope = groups
    .filter((g): g is string => typeof g === 'string')
    .map(parseGroup)
    .find((g) => g !== undefined);
  if (!scope) return undefined;
  const name = typeof claims.name === 'string' ? claims.name : personId;
  return { personId, displayName: name, ...scope };
}

/**
 * Tokens verified lately, until their expiry: a board's refreshes and a coach's clicks send the same
 * token again and again, and its signature, issuer and audience do not change (the people table is
 * still read on every request: `stillHolds`). Kept per issuer and audience, as the key set is.
 */
const verified = new LRUCache<string, { principal: Principal; expiresAt: number }>({ max: 1000 });

/** Verifies a token; undefined for a token that is not valid now (forged, expired, another pool). */
export async function verifySessionToken(token: string): Promise<Principal | undefined> {
  const { issuer, audience, keys } = tokenVerifier();
  const cacheKey = `${issuer} ${audience} ${token}`;
  const known = verified.get(cacheKey);
  if (known) {
    // A copy: no request's change to its principal reaches another's.
    if (known.expiresAt > Date.now()) return { ...known.principal };
    verified.delete(cacheKey);
  }
  try {
    const { payload } = await jwtVerify(token, keys, { issuer, audience, algorithms: ['RS256'] });
    if (payload.token_use !== 'id') return undefined;
    const principal = principalOfClaims(payload);
    // jwtVerify refuses a token without an expiry only when asked to; one without is not kept.
    if (principal && typeof payload.exp === 'number') {
      verified.set(cacheKey, { principal, expiresAt: payload.exp * 1000 });
    }
    return principal;
  } catch (error) {
    // A token that fails a check is no session; a key set that cannot be fetched or read is the
    // platform's fault, not the client's: it is not taken for "sign in first", it fails (a 5xx).
    const code = (error as { code?: unknown }).code;
    const refusal =
      typeof code === 'string' &&
      code.startsWith('ERR_J') &&
      code !== 'ERR_JWKS_TIMEOUT' &&
      code !== 'ERR_JWKS_INVALID';
    if (refusal) return undefined;
    throw error;
  }
}

export function cookieValue(event: APIGatewayProxyEventV2, name: string): string | undefined {
  // Payload v2 puts cookies in `cookies`; a Cookie header is read too (some clients, tests).
  const pairs = [...(event.cookies ?? []), ...(header(event, 'cookie') ?? '').split(';')];
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    if (at > 0 && pair.slice(0, at).trim() === name) return pair.slice(at + 1).trim();
  }
  return undefined;
}

/** The token a request carries: a bearer token first, else the session cookie. */
export function sessionTokenOf(event: APIGatewayProxyEventV2): string | undefined {
  const authorization = header(event, 'authorization');
  const bearer = authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
  return bearer ?? cookieValue(event, SESSION_COOKIE);
}

/** The principal a request's token names, verified, before the people table is asked. */
async function claimedPrincipal(event: APIGatewayProxyEventV2): Promise<Principal | undefined> {
  const token = sessionTokenOf(event);
  return token ? verifySessionToken(token) : undefined;
}

/** The person is still active, with the role and scope their token says. */
function stillHolds(principal: Principal, person: Awaited<ReturnType<typeof getPerson>>): boolean {
  return person?.active === true && groupOf(person) === groupOf(principal);
}

/**
 * The person behind the request: a valid token of a person who is still active and still has the
 * role and scope the token says. A token lives an hour; a person made inactive, or given another
 * role, is refused at once (one read of the people table per request).
 */
export async function sessionOf(event: APIGatewayProxyEventV2): Promise<Principal | undefined> {
  const principal = await claimedPrincipal(event);
  if (!principal) return undefined;
  return stillHolds(principal, await getPerson(principal.personId)) ? principal : undefined;
}

/** The cookie that holds a session: never readable by scripts, sent only to this site. */
export function sessionCookie(token: string, secure: boolean): string {
  return `${SESSION_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${SESSION_SECONDS}${secure ? '; Secure' : ''}`;
}

export function clearedSessionCookie(secure: boolean): string {
  return `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0${secure ? '; Secure' : ''}`;
}

/** API routes answer in JSON; every other path is a page for people. */
export function isApiPath(path: string): boolean {
  return path.startsWith('/api/');
}

/** A browser's form post (to an API route too, as the intake form does): answered with pages. */
function isFormPost(event: APIGatewayProxyEventV2): boolean {
  return (header(event, 'content-type') ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded');
}

function answersJson(event: APIGatewayProxyEventV2): boolean {
  return isApiPath(event.rawPath) && !isFormPost(event);
}

/** Where a form post came from, when it is a page of this site: the sign-in goes back there. */
function formPageOf(event: APIGatewayProxyEventV2): string | undefined {
  const referer = header(event, 'referer');
  const host = header(event, 'host');
  if (!referer || !host) return undefined;
  try {
    const url = new URL(referer);
    return url.host === host && !isApiPath(url.pathname) ? `${url.pathname}${url.search}` : undefined;
  } catch {
    return undefined;
  }
}

export type Authorized = { ok: true; principal: Principal } | { ok: false; result: HttpResult };

/** The longest page address the sign-in page sends someone back to (sign-in.ts's safeNext). */
const MAX_NEXT_LENGTH = 512;

/** Where a page sends someone without a session: the sign-in page, then back here. */
export function signInRedirect(event: APIGatewayProxyEventV2): HttpResult {
  const query = event.rawQueryString ? `?${event.rawQueryString}` : '';
  const page = isFormPost(event) ? (formPageOf(event) ?? '/') : `${event.rawPath}${query}`;
  // The sign-in page takes back at most 512 characters (safeNext); a longer address would only
  // swell the Location header (an 8 KB query made it 24 KB, past what clients and proxies take).
  const back =
    page.length <= MAX_NEXT_LENGTH ? page : event.rawPath.length <= MAX_NEXT_LENGTH ? event.rawPath : '/';
  const next = encodeURIComponent(back);
  const lang = event.queryStringParameters?.lang;
  const knownLang = lang !== undefined && /^[a-z]{2}$/.test(lang) ? lang : undefined;
  return redirect(`/sign-in?next=${next}${knownLang ? `&lang=${knownLang}` : ''}`);
}

/**
 * The session and the role's right to do this action (on this record, when a target is given).
 * No session: 401 for the API (with `WWW-Authenticate`), a redirect to the sign-in page for pages.
 * A role or scope that does not reach: 403, and nothing read or changed.
 */
export async function authorize(
  event: APIGatewayProxyEventV2,
  action: Action,
  target?: AccessTarget,
): Promise<Authorized> {
  const principal = await sessionOf(event);
  if (!principal) return { ok: false, result: noSession(event) };
  return checkAccess(event, principal, action, target);
}

/**
 * `authorize` for an action on no particular record, with one item of another table that needs no
 * principal read in the same request as the people table's check (one BatchGetItem) once the token
 * is good and its role reaches. A request refused (no session, a role that does not reach, a person
 * no longer active) is answered as `authorize` answers it, and the item is not given.
 */
export async function authorizeBeside(
  event: APIGatewayProxyEventV2,
  action: Action,
  other: GetCommandInput,
): Promise<
  | { ok: false; result: HttpResult }
  | { ok: true; principal: Principal; item: Record<string, unknown> | undefined }
> {
  const claimed = await claimedPrincipal(event);
  if (!claimed) return { ok: false, result: noSession(event) };
  if (!decideAccess(claimed, action)) {
    // As `authorize`: a person no longer active is asked to sign in, not refused the role.
    const person = await getPerson(claimed.personId);
    return { ok: false, result: stillHolds(claimed, person) ? refusal(event, claimed) : noSession(event) };
  }
  const { person, other: item } = await getPersonBeside(claimed.personId, other);
  if (!stillHolds(claimed, person)) return { ok: false, result: noSession(event) };
  return { ok: true, principal: claimed, item };
}

/** No session: 401 for the API (with `WWW-Authenticate`), a redirect to the sign-in page for pages. */
function noSession(event: APIGatewayProxyEventV2): HttpResult {
  if (!answersJson(event)) return signInRedirect(event);
  const result = json(401, {
    message: 'Sign in first: POST /api/sign-in, then send the token as a bearer token.',
  });
  result.headers = { ...result.headers, 'www-authenticate': 'Bearer' };
  return result;
}

/** The role and scope check alone, for a principal already known (a record read since). */
export function checkAccess(
  event: APIGatewayProxyEventV2,
  principal: Principal,
  action: Action,
  target?: AccessTarget,
): Authorized {
  if (decideAccess(principal, action, target)) return { ok: true, principal };
  return { ok: false, result: refusal(event, principal) };
}

/** A role or scope that does not reach: 403, in JSON for the API, a page for people. */
function refusal(event: APIGatewayProxyEventV2, principal: Principal): HttpResult {
  if (answersJson(event)) return json(403, { message: `The role ${principal.role} may not do this here.` });
  return html(403, forbiddenPageHtml(languageOf(event), principal, event.rawPath));
}
