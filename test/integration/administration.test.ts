/**
 * The administrators' pages on the local platform (its user pool on Cognito's protocol): people
 * listed with coaches' capacity and load, a person added who signs in with the password shown
 * once, made inactive (refused at sign-in) and active again, a role that changes at the next
 * sign-in, an add that stopped half-way finished by adding again, bad input, and every other role
 * refused. A training provider added for its partner organisation signs in and manages that
 * partner's offers only; a partner of another kind or region is refused; a change of partner or
 * role moves their sign-in group. A change loaded before another one is stale (409, nothing written); an add sent twice
 * with the same idempotency key adds one person and sets one password; a new password replaces
 * the old one. An association's name, supervisor and language changed from the reference page and
 * the API, on the reference item the escalation e-mails read.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  AdminGetUserCommand,
  CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { LOCAL_USER_POOL_ID } from '../../infra/local/identity-provider';
import { meetsPasswordPolicy } from '../../functions/domain/people-admin';
import { postForm, postJson, signIn, startTestPlatform, type TestPlatform } from '../support/platform';

let platform: TestPlatform;

beforeAll(async () => {
  platform = await startTestPlatform('admin');
});

afterAll(async () => {
  await platform?.stop();
});

const url = (path: string) => `${platform.urls.app}${path}`;
const admin = async () => signIn(platform, 'admin', 'national');
/** A new id each time, so tests do not depend on each other. */
const newId = (prefix: string) => `${prefix}-${randomBytes(3).toString('hex').toUpperCase()}`;

async function personItem(personId: string): Promise<Record<string, unknown> | undefined> {
  const { Item } = await platform.db.send(
    new GetCommand({ TableName: platform.tableNames.people, Key: { personId }, ConsistentRead: true }),
  );
  return Item;
}

async function associationItem(code: string): Promise<Record<string, unknown> | undefined> {
  const { Item } = await platform.db.send(
    new GetCommand({
      TableName: platform.tableNames.reference,
      Key: { kind: 'association', code },
      ConsistentRead: true,
    }),
  );
  return Item;
}

async function coachItem(code: string): Promise<Record<string, unknown> | undefined> {
  const { Item } = await platform.db.send(
    new GetCommand({
      TableName: platform.tableNames.reference,
      Key: { kind: 'coach', code },
      ConsistentRead: true,
    }),
  );
  return Item;
}

/** Whether the person's user is enabled in the (local) user pool, as AdminGetUser says. */
async function poolUserEnabled(personId: string): Promise<boolean | undefined> {
  const pool = new CognitoIdentityProviderClient({
    endpoint: platform.urls.identity,
    region: 'eu-west-3',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  try {
    const user = await pool.send(
      new AdminGetUserCommand({ UserPoolId: LOCAL_USER_POOL_ID, Username: personId }),
    );
    return user.Enabled;
  } finally {
    pool.destroy();
  }
}

async function signInWith(userName: string, password: string) {
  const response = await postJson(url('/api/sign-in'), { userName, password });
  const body = (await response.json()) as {
    token?: string;
    person?: { role: string; region: string; association?: string; partner?: string };
  };
  return { status: response.status, ...body };
}

interface Added {
  person: Record<string, unknown>;
  password: string;
  message?: string;
}

async function addPerson(
  fields: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: Added }> {
  const response = await postJson(url('/api/people'), fields, { ...(await admin()).bearer, ...headers });
  return { status: response.status, body: (await response.json()) as Added };
}

/** The password a page shows once (`data-password`), as text. */
const passwordOnPage = (page: string) =>
  /data-password>([^<]+)</.exec(page)?.[1]?.replace(/&amp;/g, '&').replace(/&lt;/g, '<') ?? '';

/** The part of the people page that is one person's forms (change and new password). */
async function formsOnPage(personId: string, lang = 'en'): Promise<string> {
  const page = await (
    await fetch(url(`/admin/people?lang=${lang}`), { headers: (await admin()).cookie })
  ).text();
  const start = page.indexOf(`<details id="person-${personId}"`);
  return page.slice(start, page.indexOf('</details>', start));
}

/** The version a person's change form carries (hidden). */
async function versionOnPage(personId: string): Promise<string> {
  return /<input type="hidden" name="version" value="(\d+)">/.exec(await formsOnPage(personId))?.[1] ?? '';
}

const newKey = () => randomBytes(18).toString('base64url');

const intakeWorkerOf = (personId: string) => ({
  personId,
  displayName: 'Ghizlane Amrani',
  email: `${personId.toLowerCase()}@oujda-insertion.kafaat.example`,
  role: 'intake-worker',
  region: 'ORI',
  association: 'ASSO-OUJ-1',
  preferredLanguage: 'fr',
});

/** A person's fields as their change form sends them (no id: it is in the path). */
const changeFormOf = (personId: string): Record<string, string> => {
  const fields: Partial<ReturnType<typeof intakeWorkerOf>> = intakeWorkerOf(personId);
  delete fields.personId;
  return fields as Record<string, string>;
};

test('only an administrator reaches the people and reference pages (403 for every other role, 401 without a session)', async () => {
  // Prepare
  const others = [
    await signIn(platform, 'intake-worker', 'TTA'),
    await signIn(platform, 'coach', 'TTA'),
    await signIn(platform, 'supervisor', 'TTA'),
    await signIn(platform, 'governance', 'TTA'),
    await signIn(platform, 'governance', 'national'),
  ];
  const id = newId('INTAKE-OUJ');

  // Act / Assess
  for (const session of others) {
    expect((await fetch(url('/api/people'), { headers: session.bearer })).status).toBe(403);
    expect((await postJson(url('/api/people'), intakeWorkerOf(id), session.bearer)).status).toBe(403);
    expect((await postJson(url('/api/people/COACH-TTA-1'), { capacity: 1 }, session.bearer)).status).toBe(
      403,
    );
    expect((await fetch(url('/admin/people'), { headers: session.cookie })).status).toBe(403);
    expect((await fetch(url('/admin/reference'), { headers: session.cookie })).status).toBe(403);
  }
  expect((await fetch(url('/api/people'))).status).toBe(401);
  expect(await personItem(id)).toBeUndefined();
  expect((await coachItem('COACH-TTA-1'))?.capacity).toBe(40);
});

test('lists everyone, with coaches’ capacity and load', async () => {
  const response = await fetch(url('/api/people'), { headers: (await admin()).bearer });

  expect(response.status).toBe(200);
  const { people } = (await response.json()) as { people: Record<string, unknown>[] };
  expect(people).toContainEqual({
    personId: 'COACH-TTA-1',
    displayName: 'Samira Benali',
    email: 'samira.benali@coaches.kafaat.example',
    role: 'coach',
    region: 'TTA',
    association: 'ASSO-TNG-1',
    preferredLanguage: 'fr',
    active: true,
    capacity: 40,
    activeBeneficiaries: 0,
    version: 0,
  });
  expect(people).toContainEqual(expect.objectContaining({ personId: 'ADMIN-NATIONAL', role: 'admin' }));
  expect(people.find((p) => p.personId === 'GOVERNANCE-TTA')).not.toHaveProperty('capacity');
});

test('a person added signs in with the password shown once; made inactive they cannot, active again they can', async () => {
  // Prepare
  const personId = newId('INTAKE-OUJ');

  // Act: add
  const added = await addPerson(intakeWorkerOf(personId.toLowerCase()));

  // Assess
  expect(added.status).toBe(201);
  expect(added.body.person).toMatchObject({ personId, role: 'intake-worker', active: true });
  expect(meetsPasswordPolicy(added.body.password)).toBe(true);
  expect(added.body).not.toHaveProperty('temporaryPassword');
  const item = await personItem(personId);
  expect(item).toMatchObject({ personId, association: 'ASSO-OUJ-1', active: true });
  expect(item).not.toHaveProperty('pendingSetup');
  expect(JSON.stringify(item)).not.toContain(added.body.password);
  const session = await signInWith(personId, added.body.password);
  expect(session.status).toBe(200);
  expect(session.person?.role).toBe('intake-worker');
  const list = await fetch(url('/api/beneficiaries'), {
    headers: { authorization: `Bearer ${session.token}` },
  });
  expect(list.status).toBe(200);

  // The same id again: 409, nothing changed (their password still works).
  const again = await addPerson({ ...intakeWorkerOf(personId), displayName: 'Someone Else' });
  expect(again.status).toBe(409);
  expect((await personItem(personId))?.displayName).toBe('Ghizlane Amrani');
  expect((await signInWith(personId, added.body.password)).status).toBe(200);

  // Act: made inactive
  const disabled = await postJson(url(`/api/people/${personId}`), { active: false }, (await admin()).bearer);

  // Assess
  expect(disabled.status).toBe(200);
  expect((await personItem(personId))?.active).toBe(false);
  expect(await poolUserEnabled(personId)).toBe(false);
  expect((await signInWith(personId, added.body.password)).status).toBe(401);

  // Act: active again
  const enabled = await postJson(url(`/api/people/${personId}`), { active: true }, (await admin()).bearer);

  // Assess
  expect(enabled.status).toBe(200);
  expect(await poolUserEnabled(personId)).toBe(true);
  expect((await signInWith(personId, added.body.password)).status).toBe(200);
});

test("a person's new role takes effect at their next sign-in", async () => {
  // Prepare
  const personId = newId('INTAKE-OUJ');
  const { body } = await addPerson(intakeWorkerOf(personId));
  const before = await signInWith(personId, body.password);

  // Act
  const changed = await postJson(
    url(`/api/people/${personId}`),
    { role: 'governance', association: null },
    (await admin()).bearer,
  );

  // Assess
  expect(changed.status).toBe(200);
  expect(await personItem(personId)).not.toHaveProperty('association');
  // The token of the old role is refused at once (functions/commons/sessions.ts): sign in again.
  const oldToken = { authorization: `Bearer ${before.token}` };
  expect((await fetch(url('/api/beneficiaries'), { headers: oldToken })).status).toBe(401);
  const after = await signInWith(personId, body.password);
  expect(after.person?.role).toBe('governance');
  const newToken = { authorization: `Bearer ${after.token}` };
  expect((await fetch(url('/api/beneficiaries'), { headers: newToken })).status).toBe(403);
  expect((await fetch(url('/api/dashboard/summary'), { headers: newToken })).status).toBe(200);
});

test('a coach added gets a reference item; their capacity and language follow a change', async () => {
  // Prepare
  const personId = newId('COACH-ORI');

  // Act
  const added = await addPerson({
    personId,
    displayName: 'Omar Berrada',
    email: 'omar.berrada@coaches.kafaat.example',
    role: 'coach',
    region: 'ORI',
    association: 'ASSO-NAD-1',
    preferredLanguage: 'ar',
    capacity: 15,
  });
  const changed = await postJson(
    url(`/api/people/${personId}`),
    { capacity: 12, preferredLanguage: 'en' },
    (await admin()).bearer,
  );

  // Assess
  expect(added.status).toBe(201);
  expect(changed.status).toBe(200);
  expect(await coachItem(personId)).toMatchObject({
    region: 'ORI',
    association: 'ASSO-NAD-1',
    displayName: 'Omar Berrada',
    email: 'omar.berrada@coaches.kafaat.example',
    preferredLanguage: 'en',
    capacity: 12,
    activeBeneficiaries: 0,
    active: true,
  });
  expect((await personItem(personId))?.preferredLanguage).toBe('en');
  expect((await signInWith(personId, added.body.password)).person?.role).toBe('coach');

  const outOfRange = await postJson(
    url(`/api/people/${personId}`),
    { capacity: 500 },
    (await admin()).bearer,
  );
  expect(outOfRange.status).toBe(400);
  expect((await coachItem(personId))?.capacity).toBe(12);
});

test('an add that stopped half-way is finished by adding again with the same details', async () => {
  // Prepare: the people item written, the process gone before the user pool heard of them.
  const personId = newId('INTAKE-OUJ');
  const fields = intakeWorkerOf(personId);
  await platform.db.send(
    new PutCommand({
      TableName: platform.tableNames.people,
      Item: { ...fields, active: true, pendingSetup: true },
    }),
  );
  const listed = (await (await fetch(url('/api/people'), { headers: (await admin()).bearer })).json()) as {
    people: Record<string, unknown>[];
  };
  expect(listed.people).toContainEqual(expect.objectContaining({ personId, pendingSetup: true }));

  // Act: other details → refused; the same → finished
  const other = await addPerson({ ...fields, email: 'not-the-same@example.ma' });
  const same = await addPerson(fields);

  // Assess
  expect(other.status).toBe(409);
  expect(same.status).toBe(201);
  expect(await personItem(personId)).not.toHaveProperty('pendingSetup');
  expect((await signInWith(personId, same.body.password)).status).toBe(200);
});

test('bad input is refused (400) naming each field, and nothing is written', async () => {
  // Prepare
  const personId = newId('SUPERVISOR-OUJ');

  // Act
  const response = await postJson(
    url('/api/people'),
    {
      personId,
      displayName: 'Nadia Filali',
      email: 'not an e-mail',
      role: 'supervisor',
      region: 'national',
      preferredLanguage: 'fr',
      capacity: 10,
    },
    (await admin()).bearer,
  );
  const unknown = await postJson(
    url('/api/people'),
    { ...intakeWorkerOf(personId), admin: true },
    (await admin()).bearer,
  );
  const self = await postJson(url('/api/people/ADMIN-NATIONAL'), { active: false }, (await admin()).bearer);

  // Assess
  expect(response.status).toBe(400);
  const { errors } = (await response.json()) as { errors: { field: string }[] };
  expect(errors.map((e) => e.field)).toEqual(['email']);
  expect(unknown.status).toBe(400);
  expect(((await unknown.json()) as { errors: { field: string }[] }).errors).toEqual([
    expect.objectContaining({ field: 'admin' }),
  ]);
  expect(await personItem(personId)).toBeUndefined();
  expect(self.status).toBe(400);
  expect((await personItem('ADMIN-NATIONAL'))?.active).toBe(true);

  // The rules of a person as a whole, once each field reads well.
  const scope = await postJson(
    url('/api/people'),
    { ...intakeWorkerOf(personId), role: 'supervisor', region: 'national', capacity: 10 },
    (await admin()).bearer,
  );
  expect(scope.status).toBe(400);
  const scopeErrors = ((await scope.json()) as { errors: { field: string }[] }).errors.map((e) => e.field);
  expect(scopeErrors.sort()).toEqual(['association', 'capacity', 'region']);
  expect(await personItem(personId)).toBeUndefined();
});

const providerOf = (personId: string, partner: string, region = 'TTA') => ({
  personId,
  displayName: 'Hind Tazi',
  email: `${personId.toLowerCase()}@partners.kafaat.example`,
  role: 'training-provider',
  region,
  partner,
  preferredLanguage: 'fr',
});

/** The offers of a partner in the catalogue file the platform loads (data/training-offers.json). */
function offersOfPartner(partner: string): string[] {
  const file = JSON.parse(
    readFileSync(join(__dirname, '..', '..', 'data', 'training-offers.json'), 'utf8'),
  ) as {
    offers: { offerId: string; providerId?: string }[];
  };
  return file.offers
    .filter((o) => o.providerId === partner)
    .map((o) => o.offerId)
    .sort();
}

/** The offers a provider's page lists (`data-offer`), with its status. */
async function offersPageOf(token: string | undefined): Promise<{ status: number; offers: string[] }> {
  const response = await fetch(url('/partner/offers?lang=en'), {
    headers: { cookie: `kafaat_session=${token ?? ''}` },
    redirect: 'manual',
  });
  const page = await response.text();
  const offers = [...page.matchAll(/data-offer="([^"]+)"/g)].map((m) => m[1] ?? '');
  return { status: response.status, offers: [...new Set(offers)].sort() };
}

test("a training provider added for their partner signs in and manages only that partner's offers", async () => {
  // Prepare
  const personId = newId('PROVIDER-TTA');
  const expected = offersOfPartner('PRV-TTA-OFPPT');
  expect(expected.length).toBeGreaterThan(0);

  // Act
  const added = await addPerson(providerOf(personId, 'PRV-TTA-OFPPT'));
  const session = await signInWith(personId, added.body.password);
  const page = await offersPageOf(session.token);

  // Assess
  expect(added.status).toBe(201);
  expect(added.body.person).toMatchObject({ personId, role: 'training-provider', partner: 'PRV-TTA-OFPPT' });
  expect(added.body.person).not.toHaveProperty('association');
  expect(added.body.person).not.toHaveProperty('capacity');
  const item = await personItem(personId);
  expect(item).toMatchObject({ role: 'training-provider', region: 'TTA', partner: 'PRV-TTA-OFPPT' });
  expect(item).not.toHaveProperty('association');
  expect(await coachItem(personId)).toBeUndefined();
  expect(session.status).toBe(200);
  expect(session.person).toMatchObject({
    role: 'training-provider',
    region: 'TTA',
    partner: 'PRV-TTA-OFPPT',
  });
  expect(page.status).toBe(200);
  expect(page.offers).toEqual(expected);
  // Another provider's offers of the same region (PRV-TTA-NOUR's) are not theirs.
  expect(page.offers).not.toContainEqual(offersOfPartner('PRV-TTA-NOUR')[0]);
  const listed = (await (await fetch(url('/api/people'), { headers: (await admin()).bearer })).json()) as {
    people: Record<string, unknown>[];
  };
  expect(listed.people).toContainEqual(
    expect.objectContaining({ personId, role: 'training-provider', partner: 'PRV-TTA-OFPPT' }),
  );
});

test('a training provider with an employer, or a partner of the other region, is refused (400 on partner) and nothing is stored', async () => {
  // Prepare
  const employerId = newId('PROVIDER-TTA');
  const otherRegionId = newId('PROVIDER-TTA');
  const withoutId = newId('PROVIDER-TTA');
  const coachId = newId('COACH-TTA');

  // Act
  const employer = await addPerson(providerOf(employerId, 'EMP-TTA-AUTOPARK'));
  const otherRegion = await addPerson(providerOf(otherRegionId, 'PRV-ORI-OFPPT'));
  const without = await addPerson({ ...providerOf(withoutId, ''), partner: undefined });
  const coach = await addPerson({
    ...providerOf(coachId, 'PRV-TTA-OFPPT'),
    role: 'coach',
    association: 'ASSO-TNG-1',
  });

  // Assess
  for (const refused of [employer, otherRegion, without, coach]) expect(refused.status).toBe(400);
  const errorsOf = (answer: { body: unknown }) =>
    (answer.body as { errors: { field: string; message: string }[] }).errors;
  expect(errorsOf(employer)).toEqual([
    {
      field: 'partner',
      message:
        'EMP-TTA-AUTOPARK is a partner of kind employer, not training-provider: choose one of PRV-TTA-OFPPT, PRV-TTA-NOUR.',
    },
  ]);
  expect(errorsOf(otherRegion)).toEqual([
    {
      field: 'partner',
      message:
        'PRV-ORI-OFPPT is a partner of region ORI, not TTA: choose one of PRV-TTA-OFPPT, PRV-TTA-NOUR.',
    },
  ]);
  expect(errorsOf(without)).toEqual([
    { field: 'partner', message: expect.stringContaining('(PRV-TTA-OFPPT, PRV-TTA-NOUR)') },
  ]);
  expect(errorsOf(coach)).toEqual([{ field: 'partner', message: expect.stringContaining('leave it empty') }]);
  for (const personId of [employerId, otherRegionId, withoutId, coachId]) {
    expect(await personItem(personId)).toBeUndefined();
    await expect(poolUserEnabled(personId)).rejects.toMatchObject({ name: 'UserNotFoundException' });
  }
  expect(await coachItem(coachId)).toBeUndefined();
});

test("a change of partner or role moves the person's sign-in group: the old token is refused, the new one reaches the new scope", async () => {
  // Prepare
  const session = await admin();
  const personId = newId('PROVIDER-TTA');
  const { body } = await addPerson(providerOf(personId, 'PRV-TTA-OFPPT'));
  const before = await signInWith(personId, body.password);
  expect((await offersPageOf(before.token)).offers).toEqual(offersOfPartner('PRV-TTA-OFPPT'));

  // Act: another provider of the region; then one of another region alone (refused)
  const moved = await postJson(url(`/api/people/${personId}`), { partner: 'PRV-TTA-NOUR' }, session.bearer);
  const region = await postJson(url(`/api/people/${personId}`), { region: 'ORI' }, session.bearer);

  // Assess
  expect(moved.status).toBe(200);
  expect(((await moved.json()) as Added).person).toMatchObject({ partner: 'PRV-TTA-NOUR', version: 1 });
  expect(region.status).toBe(400);
  expect(((await region.json()) as { errors: { field: string }[] }).errors.map((e) => e.field)).toEqual([
    'partner',
  ]);
  expect(await personItem(personId)).toMatchObject({ region: 'TTA', partner: 'PRV-TTA-NOUR', version: 1 });
  const stale = await offersPageOf(before.token);
  expect(stale.status).toBe(303);
  expect(stale.offers).toEqual([]);
  const after = await signInWith(personId, body.password);
  expect(after.person).toMatchObject({ role: 'training-provider', partner: 'PRV-TTA-NOUR' });
  expect((await offersPageOf(after.token)).offers).toEqual(offersOfPartner('PRV-TTA-NOUR'));

  // Act: made a coach (the partner taken out, an association and a capacity given)
  const coach = await postJson(
    url(`/api/people/${personId}`),
    { role: 'coach', partner: null, association: 'ASSO-TNG-1', capacity: 5 },
    session.bearer,
  );

  // Assess
  expect(coach.status).toBe(200);
  const item = await personItem(personId);
  expect(item).toMatchObject({ role: 'coach', association: 'ASSO-TNG-1', version: 2 });
  expect(item).not.toHaveProperty('partner');
  expect(await coachItem(personId)).toMatchObject({ association: 'ASSO-TNG-1', capacity: 5, active: true });
  expect((await offersPageOf(after.token)).status).toBe(303);
  const asCoach = await signInWith(personId, body.password);
  expect(asCoach.person).toMatchObject({ role: 'coach', association: 'ASSO-TNG-1' });
  expect(asCoach.person).not.toHaveProperty('partner');
  expect((await offersPageOf(asCoach.token)).status).toBe(403);
});

test('the people page offers the partner organisations, shows a partner’s name in the list, and ties a partner error to its field', async () => {
  // Prepare
  const session = await admin();
  const personId = newId('EMPLOYER-ORI');

  // Act
  const list = await (await fetch(url('/admin/people?lang=en'), { headers: session.cookie })).text();
  const refused = await postForm(
    url('/admin/people?lang=fr'),
    { ...providerOf(personId, 'PRV-ORI-OFPPT', 'ORI'), role: 'employer', association: '', capacity: '' },
    session.cookie,
  );
  const added = await postForm(
    url('/admin/people?lang=en'),
    { ...providerOf(personId, 'EMP-ORI-AGRO', 'ORI'), role: 'employer', association: '', capacity: '' },
    session.cookie,
  );

  // Assess: the list and the forms
  expect(list).toContain('<label for="new-partner">Partner organisation</label>');
  expect(list).toContain(
    '<optgroup label="Training providers — Tangier-Tetouan-Al Hoceima"><option value="PRV-TTA-OFPPT">OFPPT — Complexe de formation Tanger (PRV-TTA-OFPPT)</option>',
  );
  expect(list).toContain('<optgroup label="Employers — Oriental"><option value="EMP-ORI-AGRO">');
  const seededRow = /<tr data-person="PROVIDER-PRV-TTA-NOUR">.*?<\/tr>/.exec(list)?.[0] ?? '';
  expect(seededRow).toContain('<td>Institut privé Nour Tétouan</td>');
  const seededForm = list.slice(list.indexOf('<details id="person-PROVIDER-PRV-TTA-NOUR"'));
  expect(seededForm).toMatch(/<select id="person-PROVIDER-PRV-TTA-NOUR-partner" name="partner"[^>]*>/);
  expect(seededForm.slice(0, seededForm.indexOf('</details>'))).toContain(
    '<option value="PRV-TTA-NOUR" selected>',
  );
  // The refused form: the error under the field, tied to it, and linked from the summary.
  expect(refused.status).toBe(400);
  const page = await refused.text();
  expect(page).toContain(
    '<a href="#new-partner">Organisation partenaire — Cette organisation n’est pas du type de ce rôle',
  );
  expect(page).toContain('<div class="field-error" id="new-partner-error">');
  expect(page).toMatch(
    /<select id="new-partner" name="partner" aria-invalid="true" aria-describedby="new-partner-error new-partner-hint">/,
  );
  expect(page).toContain('<option value="PRV-ORI-OFPPT" selected>');
  // The employer added from the form.
  expect(added.status).toBe(201);
  expect(await personItem(personId)).toMatchObject({
    role: 'employer',
    region: 'ORI',
    partner: 'EMP-ORI-AGRO',
  });
  const employer = await signInWith(personId, passwordOnPage(await added.text()));
  expect(employer.person).toMatchObject({ role: 'employer', partner: 'EMP-ORI-AGRO' });
});

test('the pages: people with their forms, a person added shows the password once, a change goes back with a notice', async () => {
  // Prepare
  const session = await admin();
  const personId = newId('INTAKE-OUJ');

  // Act: the people page
  const list = await fetch(url('/admin/people?lang=en'), { headers: session.cookie });

  // Assess
  expect(list.status).toBe(200);
  const page = await list.text();
  expect(page).toContain('<div class="table-wrap" tabindex="0"><table>');
  expect(page).toContain('<form method="post" action="/admin/people/COACH-TTA-1?lang=en"');
  expect(page).toContain('<label for="person-COACH-TTA-1-capacity">');
  expect(page).toContain('<form method="post" action="/admin/people?lang=en"');
  expect(page).toContain('take effect at their next sign-in');

  // Act: add from the form
  const added = await postForm(
    url('/admin/people?lang=en'),
    { ...intakeWorkerOf(personId), capacity: '' },
    session.cookie,
  );

  // Assess
  expect(added.status).toBe(201);
  const addedPage = await added.text();
  const password = /data-password>([^<]+)</.exec(addedPage)?.[1]?.replace(/&amp;/g, '&') ?? '';
  expect((await signInWith(personId, password)).status).toBe(200);

  // Act: a change from the form (made inactive)
  const version = await versionOnPage(personId);
  expect(version).toBe('0');
  const change = await fetch(url(`/admin/people/${personId}?lang=en`), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...session.cookie },
    body: new URLSearchParams({ ...changeFormOf(personId), active: 'false', version }).toString(),
    redirect: 'manual',
  });

  // Assess
  expect(change.status).toBe(303);
  expect(change.headers.get('location')).toBe(`/admin/people?saved=${personId}&lang=en#person-${personId}`);
  expect((await signInWith(personId, password)).status).toBe(401);
  const bad = await postForm(
    url(`/admin/people/${personId}?lang=en`),
    { ...changeFormOf(personId), association: 'ASSO-TNG-1', active: 'true', version: '1' },
    session.cookie,
  );
  expect(bad.status).toBe(400);
  const badPage = await bad.text();
  expect(badPage).toContain(`id="person-${personId}-association-error"`);
  expect(badPage).toContain('<input type="hidden" name="version" value="1">');
  expect((await personItem(personId))?.association).toBe('ASSO-OUJ-1');
});

test('a form loaded before another change is stale: 409, nothing written, the person made inactive stays so and cannot sign in', async () => {
  // Prepare: a person; administrator B opens the people page (version 0 in the person's form)…
  const session = await admin();
  const personId = newId('INTAKE-OUJ');
  const { body } = await addPerson(intakeWorkerOf(personId));
  const loaded = await versionOnPage(personId);
  // …administrator A makes them inactive from a page loaded later.
  const deactivated = await postForm(
    url(`/admin/people/${personId}?lang=en`),
    { ...changeFormOf(personId), active: 'false', version: await versionOnPage(personId) },
    session.cookie,
  );
  expect(deactivated.status).toBe(200); // the redirect, followed
  expect(await personItem(personId)).toMatchObject({ active: false, version: 1 });

  // Act: B sends the form loaded earlier (still active) to fix the e-mail.
  const response = await postForm(
    url(`/admin/people/${personId}?lang=fr`),
    {
      ...changeFormOf(personId),
      email: 'fixed@oujda-insertion.kafaat.example',
      active: 'true',
      version: loaded,
    },
    session.cookie,
  );

  // Assess: 409, the page shows the person as they are now, with a notice; nothing written.
  expect(loaded).toBe('0');
  expect(response.status).toBe(409);
  const page = await response.text();
  expect(page).toContain('<p role="alert" class="late">');
  expect(page).toContain(`${personId} a été modifié(e) par quelqu’un d’autre`);
  expect(page).toContain(`<details id="person-${personId}" open>`);
  const form = page.slice(page.indexOf(`<details id="person-${personId}"`));
  expect(form).toContain('<input type="hidden" name="version" value="1">');
  expect(form).toContain('<option value="false" selected>');
  expect(form).toContain(`value="${personId.toLowerCase()}@oujda-insertion.kafaat.example"`);
  const item = await personItem(personId);
  expect(item).toMatchObject({ active: false, version: 1, email: intakeWorkerOf(personId).email });
  expect(await poolUserEnabled(personId)).toBe(false);
  expect((await signInWith(personId, body.password)).status).toBe(401);

  // A form without a version (drawn before versions) is stale too; in English and Arabic.
  const unversioned = await postForm(
    url(`/admin/people/${personId}?lang=en`),
    { ...changeFormOf(personId), active: 'true' },
    session.cookie,
  );
  expect(unversioned.status).toBe(409);
  expect(await unversioned.text()).toContain(
    `${personId} was changed by someone else since you opened this page`,
  );
  const arabic = await postForm(
    url(`/admin/people/${personId}?lang=ar`),
    { ...changeFormOf(personId), active: 'true', version: loaded },
    session.cookie,
  );
  expect(arabic.status).toBe(409);
  expect(await arabic.text()).toContain('منذ أن فتحت هذه الصفحة');
  expect(await personItem(personId)).toEqual(item);
  expect(await poolUserEnabled(personId)).toBe(false);
});

test('an API change with a stale version is refused (409); without a version it changes only what it sends', async () => {
  // Prepare
  const session = await admin();
  const personId = newId('INTAKE-OUJ');
  const { body } = await addPerson(intakeWorkerOf(personId));
  const listed = (await (await fetch(url('/api/people'), { headers: session.bearer })).json()) as {
    people: { personId: string; version: number }[];
  };
  expect(listed.people.find((p) => p.personId === personId)?.version).toBe(0);

  // Act
  const deactivated = await postJson(
    url(`/api/people/${personId}`),
    { active: false, version: 0 },
    session.bearer,
  );
  const stale = await postJson(
    url(`/api/people/${personId}`),
    { active: true, email: 'fixed@oujda-insertion.kafaat.example', version: 0 },
    session.bearer,
  );
  const unversioned = await postJson(
    url(`/api/people/${personId}`),
    { preferredLanguage: 'ar' },
    session.bearer,
  );
  const badVersion = await postJson(
    url(`/api/people/${personId}`),
    { displayName: 'X Y', version: 'one' },
    session.bearer,
  );

  // Assess
  expect(deactivated.status).toBe(200);
  expect(((await deactivated.json()) as Added).person).toMatchObject({ active: false, version: 1 });
  expect(stale.status).toBe(409);
  expect(await stale.json()).toEqual({
    errors: [{ field: 'version', message: expect.stringContaining('changed since version 0') }],
  });
  expect(unversioned.status).toBe(200);
  expect(((await unversioned.json()) as Added).person).toMatchObject({
    preferredLanguage: 'ar',
    active: false,
    version: 2,
  });
  expect(badVersion.status).toBe(400);
  expect(((await badVersion.json()) as { errors: { field: string }[] }).errors.map((e) => e.field)).toEqual([
    'version',
  ]);
  expect(await personItem(personId)).toMatchObject({
    active: false,
    email: intakeWorkerOf(personId).email,
    preferredLanguage: 'ar',
    displayName: 'Ghizlane Amrani',
    version: 2,
  });
  expect(await poolUserEnabled(personId)).toBe(false);
  expect((await signInWith(personId, body.password)).status).toBe(401);

  // The current version goes through; a change that changes nothing writes nothing.
  const enabled = await postJson(
    url(`/api/people/${personId}`),
    { active: true, version: 2 },
    session.bearer,
  );
  expect(enabled.status).toBe(200);
  expect(await poolUserEnabled(personId)).toBe(true);
  const same = await postJson(url(`/api/people/${personId}`), { active: true, version: 3 }, session.bearer);
  expect(((await same.json()) as Added).person).toMatchObject({ version: 3 });
  expect((await personItem(personId))?.version).toBe(3);
  expect((await signInWith(personId, body.password)).status).toBe(200);
});

test('two adds with the same idempotency key at once add one person; the password shown signs in', async () => {
  // Prepare
  const personId = newId('INTAKE-OUJ');
  const key = newKey();

  // Act
  const answers = await Promise.all([
    addPerson(intakeWorkerOf(personId), { 'idempotency-key': key }),
    addPerson(intakeWorkerOf(personId), { 'idempotency-key': key }),
  ]);

  // Assess
  const statuses = answers.map((a) => a.status).sort();
  expect(statuses).toEqual([200, 201]);
  const first = answers.find((a) => a.status === 201);
  const repeat = answers.find((a) => a.status === 200);
  expect(meetsPasswordPolicy(first?.body.password ?? '')).toBe(true);
  expect(repeat?.body).not.toHaveProperty('password');
  expect(repeat?.body.person).toMatchObject({ personId, active: true });
  expect(repeat?.body.message).toContain('newPassword');
  expect((await signInWith(personId, first?.body.password ?? '')).status).toBe(200);
  const item = await personItem(personId);
  expect(item).toMatchObject({ personId, addKey: key });
  expect(item).not.toHaveProperty('pendingSetup');
  expect(item).not.toHaveProperty('setupBy');

  // From the form, clicked twice: one page shows the password, the other says where it went.
  const session = await admin();
  const formId = newId('INTAKE-OUJ');
  const fields = { ...intakeWorkerOf(formId), capacity: '', idempotencyKey: newKey() };
  const pages = await Promise.all([
    postForm(url('/admin/people?lang=en'), fields, session.cookie),
    postForm(url('/admin/people?lang=en'), fields, session.cookie),
  ]);
  expect(pages.map((p) => p.status).sort()).toEqual([200, 201]);
  const textOf = async (status: number) => (await pages.find((p) => p.status === status)?.text()) ?? '';
  const [shown, notice] = [await textOf(201), await textOf(200)];
  expect(notice).toContain(`Ghizlane Amrani (${formId}) was already added by this same form, sent twice`);
  expect(notice).not.toContain('data-password');
  expect(notice).toContain('<input type="hidden" name="newPassword" value="true">');
  expect((await signInWith(formId, passwordOnPage(shown))).status).toBe(200);
});

test('an add repeated with the same key adds nobody and sets no password; another person with that id is still refused', async () => {
  // Prepare
  const personId = newId('INTAKE-OUJ');
  const key = newKey();
  const first = await addPerson(intakeWorkerOf(personId), { 'idempotency-key': key });

  // Act
  const again = await addPerson(intakeWorkerOf(personId), { 'idempotency-key': key });
  const other = await addPerson(
    { ...intakeWorkerOf(personId), displayName: 'Someone Else' },
    { 'idempotency-key': key },
  );
  const badKey = await addPerson(intakeWorkerOf(newId('INTAKE-OUJ')), { 'idempotency-key': 'no spaces' });

  // Assess
  expect(first.status).toBe(201);
  expect(again.status).toBe(200);
  expect(again.body).not.toHaveProperty('password');
  expect(again.body.message).toContain('password was shown in the answer to that request only');
  expect(other.status).toBe(409);
  expect(badKey.status).toBe(400);
  expect((await personItem(personId))?.displayName).toBe('Ghizlane Amrani');
  expect((await signInWith(personId, first.body.password)).status).toBe(200);
});

test('a new password replaces the old one (API and button); the same button twice sets one', async () => {
  // Prepare
  const session = await admin();
  const personId = newId('INTAKE-OUJ');
  const { body } = await addPerson(intakeWorkerOf(personId));

  // Act: the API
  const response = await postJson(url(`/api/people/${personId}`), { newPassword: true }, session.bearer);

  // Assess
  expect(response.status).toBe(200);
  const { password, person } = (await response.json()) as Added;
  expect(meetsPasswordPolicy(password)).toBe(true);
  expect(person).toMatchObject({ personId, version: 0 });
  expect((await signInWith(personId, password)).status).toBe(200);
  expect((await signInWith(personId, body.password)).status).toBe(401);
  expect(JSON.stringify(await personItem(personId))).not.toContain(password);

  // Act: the button on the person's form, sent twice
  const forms = await formsOnPage(personId);
  const buttonKey =
    /name="newPassword" value="true"><input type="hidden" name="idempotencyKey" value="([^"]+)">/.exec(
      forms,
    )?.[1] ?? '';
  expect(buttonKey).not.toBe('');
  const button = { newPassword: 'true', idempotencyKey: buttonKey };
  const shown = await postForm(url(`/admin/people/${personId}?lang=en`), button, session.cookie);
  const twice = await postForm(url(`/admin/people/${personId}?lang=en`), button, session.cookie);

  // Assess
  expect(shown.status).toBe(200);
  const fromButton = passwordOnPage(await shown.text());
  expect(meetsPasswordPolicy(fromButton)).toBe(true);
  expect(twice.status).toBe(200);
  const twicePage = await twice.text();
  expect(twicePage).not.toContain('data-password');
  expect(twicePage).toContain('This button already set a new password');
  expect((await signInWith(personId, fromButton)).status).toBe(200);
  expect((await signInWith(personId, password)).status).toBe(401);

  // With anything else it is refused, and an unknown person is 404.
  const mixed = await postJson(
    url(`/api/people/${personId}`),
    { newPassword: true, active: false },
    session.bearer,
  );
  expect(mixed.status).toBe(400);
  expect((await personItem(personId))?.active).toBe(true);
  expect((await postJson(url('/api/people/NOBODY-HERE'), { newPassword: true }, session.bearer)).status).toBe(
    404,
  );
});

test('a new password finishes the setup of a person added half-way', async () => {
  // Prepare: the people item written, the process gone before the user pool heard of them.
  const personId = newId('INTAKE-OUJ');
  await platform.db.send(
    new PutCommand({
      TableName: platform.tableNames.people,
      Item: { ...intakeWorkerOf(personId), active: true, pendingSetup: true },
    }),
  );

  // Act
  const response = await postJson(
    url(`/api/people/${personId}`),
    { newPassword: true },
    (await admin()).bearer,
  );

  // Assess
  expect(response.status).toBe(200);
  const { password } = (await response.json()) as Added;
  expect((await signInWith(personId, password)).status).toBe(200);
  expect(await personItem(personId)).not.toHaveProperty('pendingSetup');
});

test('the reference page shows associations with their supervisors and a form each, and says the rest changes with a release', async () => {
  const response = await fetch(url('/admin/reference?lang=fr'), { headers: (await admin()).cookie });

  expect(response.status).toBe(200);
  const page = await response.text();
  expect(page).toContain('Hassan Bennani');
  expect(page).toContain('supervision@tetouan-solidaire.kafaat.example');
  expect(page).toContain('Agent logistique portuaire');
  expect(page).toContain('functions/domain/reference-data.ts');
  expect(page).toContain('Créer ou retirer une association');
  // One form per association, pre-filled and labelled; none for the rest of the reference data.
  const forms = page.match(/<form method="post" action="\/admin\/[^"]*"/g) ?? [];
  expect(forms).toEqual(
    ['ASSO-NAD-1', 'ASSO-OUJ-1', 'ASSO-TET-1', 'ASSO-TNG-1'].map(
      (code) => `<form method="post" action="/admin/associations/${code}?lang=fr"`,
    ),
  );
  expect(page).toContain('<details id="association-ASSO-TET-1">');
  expect(page).toContain(
    '<label for="association-ASSO-TET-1-supervisorEmail">E-mail de la supervision</label>',
  );
  expect(page).toMatch(
    /<input id="association-ASSO-TET-1-supervisorEmail" name="supervisorEmail" type="email" value="supervision@tetouan-solidaire\.kafaat\.example"/,
  );
  expect(page).toContain('<option value="ar" selected>Arabe</option>');
  expect(page).toContain('Prend effet immédiatement');

  // In Arabic and English too.
  const arabic = await (
    await fetch(url('/admin/reference?lang=ar'), { headers: (await admin()).cookie })
  ).text();
  expect(arabic).toContain('<label for="association-ASSO-TET-1-name">اسم الجمعية</label>');
  expect(arabic).toContain('يسري فورًا');
  const english = await (
    await fetch(url('/admin/reference?lang=en'), { headers: (await admin()).cookie })
  ).text();
  expect(english).toContain('<label for="association-ASSO-TET-1-supervisorName">Supervisor’s name</label>');
  expect(english).toContain('Takes effect at once');
});

test("an administrator changes an association's supervisor e-mail through the API; a repeat changes nothing", async () => {
  // Prepare
  const session = await admin();
  const before = await associationItem('ASSO-TNG-1');
  const supervisorEmail = `${newId('nadia').toLowerCase()}@al-amal-tanger.kafaat.example`;

  // Act
  const response = await postJson(url('/api/associations/ASSO-TNG-1'), { supervisorEmail }, session.bearer);
  const again = await postJson(url('/api/associations/ASSO-TNG-1'), { supervisorEmail }, session.bearer);

  // Assess
  expect(response.status).toBe(200);
  expect(await response.json()).toEqual({
    association: {
      code: 'ASSO-TNG-1',
      region: 'TTA',
      name: before?.name,
      supervisorName: before?.supervisorName,
      supervisorEmail,
      preferredLanguage: before?.preferredLanguage,
    },
  });
  const after = await associationItem('ASSO-TNG-1');
  expect(after).toEqual({
    ...before,
    supervisorEmail,
    changedBy: 'ADMIN-NATIONAL',
    changedAt: expect.any(String),
  });
  expect(again.status).toBe(200);
  expect(await associationItem('ASSO-TNG-1')).toEqual(after);
});

test('an administrator changes an association from its form: back to the reference page, which shows the new values', async () => {
  // Prepare
  const session = await admin();
  const supervisorEmail = `${newId('samir').toLowerCase()}@al-amal-tanger.kafaat.example`;

  // Act
  const response = await fetch(url('/admin/associations/ASSO-TNG-1?lang=en'), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...session.cookie },
    body: new URLSearchParams({
      name: 'Association Al Amal  Tanger ',
      supervisorName: 'Samir Ouazzani',
      supervisorEmail,
      preferredLanguage: 'ar',
    }).toString(),
    redirect: 'manual',
  });

  // Assess
  expect(response.status).toBe(303);
  const location = response.headers.get('location') ?? '';
  expect(location).toBe('/admin/reference?saved=ASSO-TNG-1&lang=en#association-ASSO-TNG-1');
  expect(await associationItem('ASSO-TNG-1')).toMatchObject({
    name: 'Association Al Amal Tanger',
    supervisorName: 'Samir Ouazzani',
    supervisorEmail,
    preferredLanguage: 'ar',
    region: 'TTA',
  });
  const page = await (await fetch(url(location), { headers: session.cookie })).text();
  expect(page).toContain('<p role="status">ASSO-TNG-1: changes saved. They hold from now on');
  expect(page).toContain(`<td>${supervisorEmail}</td>`);
  expect(page).toContain('<td>Samir Ouazzani</td>');
  expect(page).toMatch(
    new RegExp(
      `id="association-ASSO-TNG-1-supervisorEmail" name="supervisorEmail" type="email" value="${supervisorEmail.replace(/\./g, '\\.')}"`,
    ),
  );
  expect(page).toContain(
    'id="association-ASSO-TNG-1-supervisorName" name="supervisorName" type="text" value="Samir Ouazzani"',
  );
});

test('a bad e-mail, an unknown field or an unknown association is refused, and nothing changes', async () => {
  // Prepare
  const session = await admin();
  const before = await associationItem('ASSO-TET-1');

  // Act
  const badEmail = await postJson(
    url('/api/associations/ASSO-TET-1'),
    { supervisorName: 'Someone Else', supervisorEmail: 'not an e-mail' },
    session.bearer,
  );
  const region = await postJson(
    url('/api/associations/ASSO-TET-1'),
    { supervisorName: 'Someone Else', region: 'ORI' },
    session.bearer,
  );
  const unknown = await postJson(
    url('/api/associations/ASSO-XYZ-9'),
    { supervisorEmail: 'someone@example.ma' },
    session.bearer,
  );
  const badForm = await postForm(
    url('/admin/associations/ASSO-TET-1?lang=fr'),
    {
      name: 'Association Tétouan Solidaire',
      supervisorName: 'Someone Else',
      supervisorEmail: 'nope',
      preferredLanguage: 'ar',
    },
    session.cookie,
  );
  const unknownForm = await postForm(
    url('/admin/associations/ASSO-XYZ-9?lang=fr'),
    { supervisorEmail: 'someone@example.ma' },
    session.cookie,
  );

  // Assess
  expect(badEmail.status).toBe(400);
  expect(((await badEmail.json()) as { errors: { field: string }[] }).errors).toEqual([
    { field: 'supervisorEmail', message: expect.any(String) },
  ]);
  expect(region.status).toBe(400);
  expect(((await region.json()) as { errors: { field: string }[] }).errors).toEqual([
    { field: 'region', message: expect.stringContaining('Unknown field') },
  ]);
  expect(unknown.status).toBe(404);
  expect(badForm.status).toBe(400);
  const page = await badForm.text();
  expect(page).toContain('<details id="association-ASSO-TET-1" open>');
  expect(page).toContain('id="association-ASSO-TET-1-supervisorEmail-error"');
  expect(page).toContain('value="nope"');
  expect(unknownForm.status).toBe(404);
  expect(await unknownForm.text()).toContain('Aucune association ne porte ce code');
  expect(await associationItem('ASSO-TET-1')).toEqual(before);
  expect(await associationItem('ASSO-XYZ-9')).toBeUndefined();
});

test('only an administrator changes an association (403 for every other role, 401 without a session), and nothing changes', async () => {
  // Prepare
  const before = await associationItem('ASSO-OUJ-1');
  const others = [
    await signIn(platform, 'supervisor', 'ORI'),
    await signIn(platform, 'intake-worker', 'ORI'),
    await signIn(platform, 'coach', 'ORI'),
    await signIn(platform, 'governance', 'ORI'),
    await signIn(platform, 'governance', 'national'),
  ];
  const change = { supervisorEmail: 'taken-over@example.ma' };

  // Act / Assess
  for (const session of others) {
    expect((await postJson(url('/api/associations/ASSO-OUJ-1'), change, session.bearer)).status).toBe(403);
    expect((await postForm(url('/admin/associations/ASSO-OUJ-1'), change, session.cookie)).status).toBe(403);
  }
  const anonymous = await postJson(url('/api/associations/ASSO-OUJ-1'), change);
  expect(anonymous.status).toBe(401);
  const anonymousForm = await fetch(url('/admin/associations/ASSO-OUJ-1'), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(change).toString(),
    redirect: 'manual',
  });
  expect(anonymousForm.status).toBe(303);
  expect(anonymousForm.headers.get('location')).toMatch(/^\/sign-in\?next=/);
  expect(await associationItem('ASSO-OUJ-1')).toEqual(before);
});

test('an association form sent from another site is refused', async () => {
  const before = await associationItem('ASSO-NAD-1');

  const response = await fetch(url('/admin/associations/ASSO-NAD-1?lang=en'), {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'sec-fetch-site': 'cross-site',
      ...(await admin()).cookie,
    },
    body: new URLSearchParams({ supervisorEmail: 'attacker@example.com' }).toString(),
  });

  expect(response.status).toBe(403);
  expect(await associationItem('ASSO-NAD-1')).toEqual(before);
});
