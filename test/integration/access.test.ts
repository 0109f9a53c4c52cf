/**
 * Who may do what, tried on the running platform: every route of the app description with every
 * role the access table refuses (403, nothing changed), without a session (401 for the API, the
 * sign-in page for pages), with a role whose scope does not reach the record (403), and with
 * tokens that are not the user pool's (forged, expired, for another app, tampered).
 */
import { generateKeyPair, SignJWT, decodeJwt, decodeProtectedHeader } from 'jose';
import { routes, type RouteSpec } from '../../infra/app-description';
import { roles, rolesAllowed, type Role } from '../../functions/domain/access';
import {
  intakeWorker,
  postJson,
  scanAll,
  signIn,
  startTestPlatform,
  validIntake,
  type TestPlatform,
  type TestSession,
  waitForTaskLink,
} from '../support/platform';

let platform: TestPlatform;
let beneficiaryId: string;

/** A seeded person of each role: of TTA and its first association, or national. */
const regionOf: Record<Role, string> = {
  'intake-worker': 'TTA',
  coach: 'TTA',
  supervisor: 'TTA',
  governance: 'TTA',
  admin: 'national',
  'training-provider': 'TTA',
  employer: 'TTA',
};

beforeAll(async () => {
  platform = await startTestPlatform('access');
  const response = await postJson(
    `${platform.urls.app}/api/intake`,
    validIntake,
    await intakeWorker(platform),
  );
  expect(response.status).toBe(201);
  ({ beneficiaryId } = (await response.json()) as { beneficiaryId: string });
  // The journey then waits on its coach's interview: nothing changes by itself from here on.
  await waitForTaskLink(platform, 'samira.benali@coaches.kafaat.example', 'Amina');
});

afterAll(async () => {
  await platform?.stop();
});

const guarded = routes.filter((route): route is RouteSpec & { action: NonNullable<RouteSpec['action']> } =>
  Boolean(route.action),
);

function urlOf(route: RouteSpec): string {
  const path = route.path
    .replace('{beneficiaryId}', beneficiaryId)
    .replace('{personId}', 'COACH-TTA-1')
    .replace('{taskId}', 'AAAAAAAAAAAAAAAAAAAAAA');
  return `${platform.urls.app}${path}`;
}

/** A request to the route, with a body a handler could act on (refusal must come before it). */
function request(route: RouteSpec, headers: Record<string, string>): Promise<Response> {
  const isApi = route.path.startsWith('/api/');
  const body =
    route.method === 'GET'
      ? undefined
      : isApi
        ? JSON.stringify({ ...validIntake, coachId: 'COACH-TTA-2', text: 'Note', firstName: 'Changed' })
        : new URLSearchParams({ coachId: 'COACH-TTA-2', text: 'Note', firstName: 'Changed' }).toString();
  return fetch(urlOf(route), {
    method: route.method === 'ANY' ? 'GET' : route.method,
    headers: {
      ...(body ? { 'content-type': isApi ? 'application/json' : 'application/x-www-form-urlencoded' } : {}),
      ...headers,
    },
    ...(body ? { body } : {}),
    redirect: 'manual',
  });
}

/** Everything a refused request could have changed. */
async function snapshot(): Promise<string> {
  const tables = ['beneficiaries', 'tasks', 'people', 'reference'] as const;
  const contents = await Promise.all(tables.map((t) => scanAll(platform, platform.tableNames[t])));
  const caseFiles = await scanAll(platform, platform.tableNames.caseFiles);
  // Audit entries of refused reads must not exist either; notes neither.
  return JSON.stringify([contents, caseFiles.length]);
}

test('the access table names a role for every guarded route, and every role appears somewhere', () => {
  for (const route of guarded) expect(rolesAllowed(route.action).length).toBeGreaterThan(0);
  const used = new Set(guarded.flatMap((route) => rolesAllowed(route.action)));
  expect([...used].sort()).toEqual([...roles].sort());
});

test('without a session, API routes answer 401 and pages send the person to sign in; nothing changes', async () => {
  const before = await snapshot();
  for (const route of guarded) {
    const response = await request(route, {});
    if (route.path.startsWith('/api/')) {
      expect({ route: `${route.method} ${route.path}`, status: response.status }).toEqual({
        route: `${route.method} ${route.path}`,
        status: 401,
      });
      expect(response.headers.get('www-authenticate')).toBe('Bearer');
    } else {
      expect({ route: `${route.method} ${route.path}`, status: response.status }).toEqual({
        route: `${route.method} ${route.path}`,
        status: 303,
      });
      expect(response.headers.get('location')).toMatch(/^\/sign-in\?next=/);
    }
  }
  expect(await snapshot()).toBe(before);
});

test('every role the access table refuses gets 403 on every route, and nothing changes', async () => {
  const sessions = new Map<Role, TestSession>();
  for (const role of roles) sessions.set(role, await signIn(platform, role, regionOf[role]));
  const before = await snapshot();
  const tried: string[] = [];
  for (const route of guarded) {
    for (const role of roles.filter((r) => !rolesAllowed(route.action).includes(r))) {
      const session = sessions.get(role);
      if (!session) throw new Error(`no session for ${role}`);
      const headers = route.path.startsWith('/api/') ? session.bearer : session.cookie;
      const response = await request(route, headers);
      tried.push(`${role} ${route.method} ${route.path} → ${response.status}`);
      expect(`${role} ${route.method} ${route.path} → ${response.status}`).toBe(
        `${role} ${route.method} ${route.path} → 403`,
      );
    }
  }
  expect(tried.length).toBeGreaterThan(guarded.length);
  expect(await snapshot()).toBe(before);
});

test('a role that may read records, but not this one (another association, another coach), gets 403', async () => {
  const outsiders = [
    await signIn(platform, 'intake-worker', 'TTA', 'ASSO-TET-1'),
    await signIn(platform, 'supervisor', 'TTA', 'ASSO-TET-1'),
    await signIn(platform, 'coach', 'TTA', 'ASSO-TET-1'),
    await signIn(platform, 'supervisor', 'ORI'),
  ];
  const recordRoutes = guarded.filter((route) => route.path.includes('{beneficiaryId}'));
  expect(recordRoutes.length).toBeGreaterThan(5);
  const before = await snapshot();
  for (const outsider of outsiders) {
    for (const route of recordRoutes.filter((r) =>
      rolesAllowed(r.action).includes(outsider.person.role as Role),
    )) {
      const headers = route.path.startsWith('/api/') ? outsider.bearer : outsider.cookie;
      const response = await request(route, headers);
      expect(`${outsider.person.personId} ${route.method} ${route.path} → ${response.status}`).toBe(
        `${outsider.person.personId} ${route.method} ${route.path} → 403`,
      );
    }
  }
  expect(await snapshot()).toBe(before);
});

test("a browser's form post without a session (an expired one) goes to sign in, then back to the form page", async () => {
  const response = await fetch(`${platform.urls.app}/api/intake?lang=fr`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      referer: `${platform.urls.app}/intake?lang=fr`,
    },
    body: new URLSearchParams({ firstName: 'Amina' }).toString(),
    redirect: 'manual',
  });
  expect(response.status).toBe(303);
  expect(response.headers.get('location')).toBe(
    `/sign-in?next=${encodeURIComponent('/intake?lang=fr')}&lang=fr`,
  );
});

test('signing in or out from another site is refused (login forgery)', async () => {
  const crossSite = { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' };
  const signInFromElsewhere = await fetch(`${platform.urls.app}/api/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...crossSite },
    body: JSON.stringify({ userName: 'COACH-TTA-1', password: 'Kafaat-local-2026' }),
  });
  expect(signInFromElsewhere.status).toBe(403);
  expect(signInFromElsewhere.headers.get('set-cookie')).toBeNull();
  const asForm = await fetch(`${platform.urls.app}/api/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ userName: 'COACH-TTA-1', password: 'Kafaat-local-2026' }).toString(),
  });
  expect(asForm.status).toBe(400);
  const signOut = await fetch(`${platform.urls.app}/sign-out`, {
    method: 'POST',
    headers: crossSite,
    redirect: 'manual',
  });
  expect(signOut.status).toBe(403);
});

test('a person made inactive is refused at once, with the token they hold; active again, it works again', async () => {
  const worker = await signIn(platform, 'intake-worker', 'ORI', 'ASSO-NAD-1');
  const admin = await signIn(platform, 'admin', 'national');
  const list = () => fetch(`${platform.urls.app}/api/beneficiaries`, { headers: worker.bearer });
  expect((await list()).status).toBe(200);

  const off = await postJson(
    `${platform.urls.app}/api/people/INTAKE-ASSO-NAD-1`,
    { active: false },
    admin.bearer,
  );
  expect(off.status).toBe(200);
  expect((await list()).status).toBe(401);
  const page = await fetch(`${platform.urls.app}/beneficiaries`, {
    headers: worker.cookie,
    redirect: 'manual',
  });
  expect(page.status).toBe(303);

  const on = await postJson(
    `${platform.urls.app}/api/people/INTAKE-ASSO-NAD-1`,
    { active: true },
    admin.bearer,
  );
  expect(on.status).toBe(200);
  expect((await list()).status).toBe(200);
});

test('public routes need no session: health, reference codes, signing in, and a 404 for the rest', async () => {
  expect((await fetch(`${platform.urls.app}/health`)).status).toBe(200);
  expect((await fetch(`${platform.urls.app}/api/reference`)).status).toBe(200);
  expect((await fetch(`${platform.urls.app}/sign-in`)).status).toBe(200);
  expect((await fetch(`${platform.urls.app}/nowhere`)).status).toBe(404);
  // A task link is its own authority: a tampered one is refused for what it is, not for a session.
  expect((await fetch(`${platform.urls.app}/tasks/AAAAAAAAAAAAAAAAAAAAAA?exp=1&sig=x`)).status).toBe(403);
});

test('the dashboard data, whose counters are read beside the session check, is refused at once to a person made inactive', async () => {
  const board = await signIn(platform, 'governance', 'ORI');
  const coach = await signIn(platform, 'coach', 'ORI');
  const admin = await signIn(platform, 'admin', 'national');
  const summary = (session: { bearer: Record<string, string> }) =>
    fetch(`${platform.urls.app}/api/dashboard/summary`, { headers: session.bearer });
  const indicators = () =>
    fetch(`${platform.urls.app}/api/dashboard/indicators?sex=F`, { headers: board.bearer });
  const setActive = async (personId: string, active: boolean) =>
    expect(
      (await postJson(`${platform.urls.app}/api/people/${personId}`, { active }, admin.bearer)).status,
    ).toBe(200);
  expect((await summary(board)).status).toBe(200);
  expect((await indicators()).status).toBe(200);
  expect((await summary(coach)).status).toBe(403);

  // Act: both made inactive, their tokens still within their hour.
  await setActive(board.person.personId, false);
  await setActive(coach.person.personId, false);

  // A view kept from a moment ago is not given: the person is asked to sign in, as on any route.
  const refused = await summary(board);
  expect(refused.status).toBe(401);
  expect(refused.headers.get('www-authenticate')).toBe('Bearer');
  expect(await refused.text()).not.toContain('totals');
  expect((await indicators()).status).toBe(401);
  // A role the route refuses anyway is told to sign in too, not refused the role: as `authorize`.
  expect((await summary(coach)).status).toBe(401);

  await setActive(board.person.personId, true);
  await setActive(coach.person.personId, true);
  expect((await summary(board)).status).toBe(200);
  expect((await summary(coach)).status).toBe(403);
});

test('routes behind the JWT authorizer take a bearer token, not the page cookie, as API Gateway on AWS', async () => {
  const board = await signIn(platform, 'governance', 'national');
  const summary = `${platform.urls.app}/api/dashboard/summary`;
  expect((await fetch(summary, { headers: board.cookie })).status).toBe(401);
  expect((await fetch(summary, { headers: board.bearer })).status).toBe(200);
  // The page of the same figures takes the cookie: browsers carry no bearer token.
  expect((await fetch(`${platform.urls.app}/dashboard`, { headers: board.cookie })).status).toBe(200);
});

describe('tokens that are not the user pool’s are no session', () => {
  const summary = () => `${platform.urls.app}/api/dashboard/summary`;
  const bearer = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });

  async function forged(claims: Record<string, unknown>, options: { expiresIn?: number; kid?: string } = {}) {
    const real = await signIn(platform, 'governance', 'national');
    const realClaims = decodeJwt(real.token);
    const { privateKey } = await generateKeyPair('RS256');
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ ...realClaims, ...claims })
      .setProtectedHeader({ alg: 'RS256', kid: options.kid ?? decodeProtectedHeader(real.token).kid ?? 'x' })
      .setExpirationTime(now + (options.expiresIn ?? 600))
      .sign(privateKey);
  }

  test('a token signed with another key, even with the right key id and claims, gets 401', async () => {
    const response = await fetch(summary(), bearer(await forged({})));
    expect(response.status).toBe(401);
  });

  test('a real token whose group claim was edited (role raised) gets 401', async () => {
    const real = await signIn(platform, 'coach', 'TTA');
    const [header, payload, signature] = real.token.split('.');
    const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString('utf8')) as Record<
      string,
      unknown
    >;
    const raised = Buffer.from(
      JSON.stringify({ ...claims, 'cognito:groups': ['governance:national'] }),
    ).toString('base64url');
    const response = await fetch(summary(), bearer(`${header}.${raised}.${signature}`));
    expect(response.status).toBe(401);
  });

  test('a token that is not a JWT, or sent in the cookie of another name, gets 401', async () => {
    expect((await fetch(summary(), bearer('not-a-token'))).status).toBe(401);
    const real = await signIn(platform, 'governance', 'national');
    const response = await fetch(summary(), { headers: { cookie: `session=${real.token}` } });
    expect(response.status).toBe(401);
  });

  test('a real token accepted before (and kept as verified) is no session once it has expired', async () => {
    // A page checks the session cookie itself; an API route has the gateway's authorizer before it.
    const board = await signIn(platform, 'governance', 'national');
    const page = () => fetch(`${platform.urls.app}/dashboard`, { headers: board.cookie, redirect: 'manual' });
    const api = () => fetch(summary(), { headers: board.bearer });
    expect((await page()).status).toBe(200);
    expect((await api()).status).toBe(200);
    const { exp } = decodeJwt(board.token);
    // The clock (Date only: the platform's timers run on) a second past the token's expiry.
    jest.useFakeTimers({
      now: ((exp ?? 0) + 1) * 1000,
      doNotFake: [
        'nextTick',
        'setImmediate',
        'setTimeout',
        'setInterval',
        'clearTimeout',
        'clearInterval',
        'clearImmediate',
        'queueMicrotask',
        'hrtime',
        'performance',
      ],
    });
    try {
      const expired = await page();
      expect(expired.status).toBe(303);
      expect(expired.headers.get('location')).toMatch(/^\/sign-in\?next=/);
      expect((await api()).status).toBe(401);
    } finally {
      jest.useRealTimers();
    }
    expect((await page()).status).toBe(200);
    expect((await api()).status).toBe(200);
  });

  test('the real token of a governance board is a session: 200, and its region only', async () => {
    const board = await signIn(platform, 'governance', 'ORI');
    const response = await fetch(summary(), { headers: board.bearer });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { byRegion: { region: string }[] };
    expect(body.byRegion.map((r) => r.region)).toEqual(['ORI']);
  });
});
