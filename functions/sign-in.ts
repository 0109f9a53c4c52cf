/**
 * Signing in and out. `GET /sign-in` shows the page; `POST /sign-in` (the page's form) and
 * `POST /api/sign-in` (JSON, for scripts and outside clients) check the user name and password with
 * the user pool and open a session: an HttpOnly cookie, and for the API the token in the body too.
 * `POST /sign-out` ends the session in this browser.
 */
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import * as z from 'zod';
import { checkSameOrigin, html, json, readBody, redirect, type HttpResult } from './commons/http';
import { homePathOf } from './commons/html';
import { languageOf } from './commons/i18n';
import { instrumented } from './commons/instrumented';
import { logger } from './commons/powertools';
import { setting } from './commons/settings';
import { clearedSessionCookie, sessionCookie, verifySessionToken } from './commons/sessions';
import { signInWithPassword } from './commons/sign-in';
import { signInPage } from './views/sign-in-page';
import { fieldErrorsOf } from './domain/errors';
import type { Principal } from './domain/access';

const secureCookies = setting('PUBLIC_BASE_URL').startsWith('https://');

const credentials = z.strictObject({
  userName: z.string().trim().min(1, 'Give the user name.').max(64, 'At most 64 characters.'),
  password: z.string().min(1, 'Give the password.').max(256, 'At most 256 characters.'),
});

/** Only a path of this site: never `//elsewhere` or a full URL (an open redirect). */
export function safeNext(value: unknown): string | undefined {
  return typeof value === 'string' && /^\/(?![/\\])[^\s\\]*$/.test(value) && value.length <= 512
    ? value
    : undefined;
}

export const handler = instrumented(
  async (event: APIGatewayProxyEventV2, _context: Context): Promise<HttpResult> => {
    const lang = languageOf(event);
    const route = `${event.requestContext.http.method} ${event.rawPath}`;
    switch (route) {
      case 'GET /sign-in':
        return html(200, signInPage({ lang, next: safeNext(event.queryStringParameters?.next) }));
      case 'POST /sign-out':
        // Another site may not sign people out either.
        if (!checkSameOrigin(event).ok) return html(403, signInPage({ lang }));
        return { ...redirect(`/sign-in?lang=${lang}`), cookies: [clearedSessionCookie(secureCookies)] };
      case 'POST /sign-in':
        return signInFromPage(event, lang);
      default:
        return signInFromApi(event);
    }
  },
);

async function signInFromPage(event: APIGatewayProxyEventV2, lang: ReturnType<typeof languageOf>) {
  if (!checkSameOrigin(event).ok) return html(403, signInPage({ lang, error: 'badCredentials' }));
  const body = readBody(event, 4096);
  const values = body.ok && body.kind === 'form' ? (body.value as Record<string, unknown>) : {};
  const next = safeNext(values.next);
  const parsed = credentials.safeParse({ userName: values.userName, password: values.password });
  const userName = typeof values.userName === 'string' ? values.userName.slice(0, 64) : '';
  if (!parsed.success) return html(400, signInPage({ lang, next, userName, error: 'badCredentials' }));
  const session = await openSession(parsed.data.userName, parsed.data.password);
  if (!session.ok) {
    const error = session.reason === 'refused' ? 'badCredentials' : 'signInUnavailable';
    return html(session.reason === 'refused' ? 401 : 503, signInPage({ lang, next, userName, error }));
  }
  const home = `${homePathOf[session.principal.role]}?lang=${lang}`;
  return { ...redirect(next ?? home), cookies: [sessionCookie(session.token, secureCookies)] };
}

async function signInFromApi(event: APIGatewayProxyEventV2): Promise<HttpResult> {
  // Another site may not sign a browser in (login forgery): a browser's cross-site post is refused,
  // and this route takes JSON only (a form is the sign-in page's, with its own check).
  const origin = checkSameOrigin(event);
  if (!origin.ok)
    return json(403, { errors: [{ field: origin.error.field, message: origin.error.message }] });
  const body = readBody(event, 4096);
  if (!body.ok)
    return json(body.status, { errors: [{ field: body.error.field, message: body.error.message }] });
  if (body.kind !== 'json')
    return json(400, { errors: [{ field: 'body', message: 'Send the body as application/json.' }] });
  const parsed = credentials.safeParse(body.value);
  if (!parsed.success) return json(400, { errors: fieldErrorsOf(parsed.error) });
  const session = await openSession(parsed.data.userName, parsed.data.password);
  if (!session.ok) {
    return session.reason === 'refused'
      ? json(401, { message: 'Wrong user name or password, or the account is disabled.' })
      : {
          ...json(503, { message: 'Signing in is unavailable for a moment.' }),
          headers: { 'retry-after': '5' },
        };
  }
  return sessionResponse(session, secureCookies);
}

/** A session opened for an API client: the token in the body, and the cookie for pages. */
export function sessionResponse(
  session: { token: string; expiresIn: number; principal: Principal },
  secure: boolean,
): HttpResult {
  return {
    ...json(200, {
      token: session.token,
      tokenType: 'Bearer',
      expiresIn: session.expiresIn,
      person: session.principal,
    }),
    cookies: [sessionCookie(session.token, secure)],
  };
}

type Session =
  | { ok: true; token: string; expiresIn: number; principal: Principal }
  | { ok: false; reason: 'refused' | 'unavailable' };

/** Signs in, and reads back who the token says the person is (the same check every route makes). */
export async function openSession(userName: string, password: string): Promise<Session> {
  let outcome;
  try {
    outcome = await signInWithPassword(userName, password);
  } catch (error) {
    logger.error('The user pool did not answer', { error: (error as Error).name });
    return { ok: false, reason: 'unavailable' };
  }
  if (!outcome.ok) return outcome;
  const principal = await verifySessionToken(outcome.token);
  if (!principal) return { ok: false, reason: 'refused' };
  return { ok: true, token: outcome.token, expiresIn: outcome.expiresIn, principal };
}
