/** POST /api/intake: good input starts a journey; bad input gets a 400 naming the field and stores nothing. */
import {
  eventually,
  executionArnOf,
  postJson,
  scanAll,
  startTestPlatform,
  validIntake,
  signIn,
  type TestPlatform,
  type TestSession,
} from '../support/platform';
import { ListExecutionsCommand } from '@aws-sdk/client-sfn';
import { GetCommand } from '@aws-sdk/lib-dynamodb';

let platform: TestPlatform;
let worker: TestSession;

beforeAll(async () => {
  platform = await startTestPlatform('intake');
  worker = await signIn(platform, 'intake-worker', 'TTA');
});

/** A request as the intake worker's client sends it: with their session. */
const signedIn = (init: RequestInit): RequestInit => ({
  ...init,
  headers: { ...(init.headers as Record<string, string>), ...worker.bearer },
});

afterAll(async () => {
  await platform?.stop();
});

async function nothingStored(): Promise<void> {
  expect(await scanAll(platform, platform.tableNames.beneficiaries)).toHaveLength(0);
  const executions = await platform.sfn.send(
    new ListExecutionsCommand({ stateMachineArn: platform.workflowArns.journey }),
  );
  expect(executions.executions ?? []).toHaveLength(0);
}

type Case = [string, RequestInit, string];
const json = (body: unknown): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: typeof body === 'string' ? body : JSON.stringify(body),
});
const without = (field: string) =>
  Object.fromEntries(Object.entries(validIntake).filter(([k]) => k !== field));

const badInputs: Case[] = [
  ['a missing first name', json(without('firstName')), 'firstName'],
  ['a birth year given as text', json({ ...validIntake, birthYear: 'nineteen' }), 'birthYear'],
  ['a sex outside F/M', json({ ...validIntake, sex: 'X' }), 'sex'],
  ['a province of another region', json({ ...validIntake, province: 'OUJ' }), 'province'],
  [
    'an unknown education level',
    json({ ...validIntake, educationLevel: 'phd-in-progress' }),
    'educationLevel',
  ],
  ['no phone and no email', json(without('phone')), 'phone'],
  ['consent not given', json({ ...validIntake, consent: false }), 'consent'],
  ['an unknown field', json({ ...validIntake, nationalId: 'AB123456' }), 'nationalId'],
  ['a body that is not JSON', json('{"firstName": "Amina",'), 'body'],
  ['a JSON array', json([validIntake]), 'body'],
  [
    'a body of another type',
    { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'Amina Tazi' },
    'body',
  ],
  ['an oversized body', json({ ...validIntake, lastName: 'x'.repeat(20_000) }), 'body'],
  ['a birth year as a JSON string', json({ ...validIntake, birthYear: '1999' }), 'birthYear'],
  ['consent as the form\'s "on" in JSON', json({ ...validIntake, consent: 'on' }), 'consent'],
  ['consent as the string "true" in JSON', json({ ...validIntake, consent: 'true' }), 'consent'],
  [
    'a name of zero-width characters only',
    json({ ...validIntake, firstName: '\u200b\u200c\u200d' }),
    'firstName',
  ],
  ['a name with a right-to-left override', json({ ...validIntake, lastName: 'Tazi\u202e' }), 'lastName'],
  ['a name with a control character', json({ ...validIntake, firstName: 'Ami\u0000na' }), 'firstName'],
  ['a phone number that is not Moroccan', json({ ...validIntake, phone: '12345' }), 'phone'],
  [
    'a JSON body whose bytes are not UTF-8',
    {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: Buffer.concat([Buffer.from('{"firstName":"Am'), Buffer.from([0xff, 0xfe]), Buffer.from('ina"}')]),
    },
    'body',
  ],
  ['an unknown situation', json({ ...validIntake, situation: 'retired' }), 'situation'],
  [
    'vulnerability factors as one string in JSON',
    json({ ...validIntake, vulnerabilityFactors: 'disability' }),
    'vulnerabilityFactors',
  ],
  [
    'an unknown vulnerability factor',
    json({ ...validIntake, vulnerabilityFactors: ['disability', 'poverty'] }),
    'vulnerabilityFactors',
  ],
  [
    'a vulnerability factor given twice',
    json({ ...validIntake, vulnerabilityFactors: ['no-diploma', 'no-diploma'] }),
    'vulnerabilityFactors',
  ],
  ['an unknown aspiration', json({ ...validIntake, aspiration: 'astronaut' }), 'aspiration'],
  [
    'an unknown sector of interest',
    json({ ...validIntake, sectorOfInterest: 'fishing' }),
    'sectorOfInterest',
  ],
  ...['toString', 'constructor', '__proto__', 'valueOf', 'hasOwnProperty'].map((name): Case => [
    `a JSON field named ${name}`,
    json(JSON.stringify(validIntake).replace('{', `{"${name}":"x",`)),
    name,
  ]),
];

test.each(badInputs)('%s gets a 400 naming the field, and stores nothing', async (_name, init, field) => {
  const response = await fetch(`${platform.urls.app}/api/intake`, signedIn(init));
  expect(response.status).toBe(400);
  const body = (await response.json()) as { errors: { field: string; message: string }[] };
  expect(body.errors.map((e) => e.field)).toContain(field);
  expect(body.errors.every((e) => e.message.length > 0)).toBe(true);
  expect(JSON.stringify(body)).not.toMatch(/at .*\.ts:\d+/);
  await nothingStored();
});

test('the HTML form gets its page back in French with the errors, and nothing is stored', async () => {
  const response = await fetch(`${platform.urls.app}/api/intake`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...worker.cookie },
    body: new URLSearchParams({ firstName: 'Amina', lastName: '', sex: 'F', birthYear: '1999' }).toString(),
  });
  expect(response.status).toBe(400);
  const html = await response.text();
  expect(html).toContain('<html lang="fr" dir="ltr">');
  expect(html).toContain('id="lastName-error"');
  expect(html).toContain('value="Amina"');
  await nothingStored();
});

const validForm = {
  firstName: 'Hamza',
  lastName: 'Alaoui',
  sex: 'M',
  birthYear: '2001',
  region: 'TTA',
  province: 'TET',
  phone: '',
  email: 'hamza@example.org',
  educationLevel: 'vocational',
  consent: 'true',
};
const postForm = (body: string, headers: Record<string, string> = {}, lang = 'fr') =>
  fetch(`${platform.urls.app}/api/intake?lang=${lang}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...worker.cookie, ...headers },
    body,
    redirect: 'manual',
  });

test.each(['toString', 'constructor', '__proto__', 'valueOf', 'hasOwnProperty'])(
  'a form field named %s gets the page back with an error on it, never a 5xx, and nothing is stored',
  async (name) => {
    const response = await postForm(`${new URLSearchParams(validForm).toString()}&${name}=x`);
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain(`${name} — Ce champ ne fait pas partie du formulaire.`);
    expect(html).toContain('value="Hamza"');
    await nothingStored();
  },
);

test('a form value that is not UTF-8 gets a 400 naming its field, and nothing is stored', async () => {
  const response = await postForm(
    new URLSearchParams({ ...validForm, lastName: 'X' })
      .toString()
      .replace('lastName=X', 'lastName=Ala%FFoui'),
    {},
    'en',
  );
  expect(response.status).toBe(400);
  const html = await response.text();
  expect(html).toContain('id="lastName-error"');
  expect(html).toContain('Contains characters that could not be read');
  await nothingStored();
});

test("the form says, in the user's language, what each wrong field expects", async () => {
  const response = await postForm(
    new URLSearchParams({ ...validForm, birthYear: '1900', phone: '12', province: 'OUJ' }).toString(),
    {},
    'ar',
  );
  expect(response.status).toBe(400);
  const html = await response.text();
  expect(html).toContain('<html lang="ar" dir="rtl">');
  expect(html).toMatch(/أدخل\(ي\) سنة الازدياد بأربعة أرقام، بين \d{4} و\d{4}/);
  expect(html).toContain('أدخل(ي) رقم هاتف مغربيا');
  expect(html).toContain('اختر(ي) إقليما أو عمالة تابعة لجهة طنجة - تطوان - الحسيمة.');
  expect(html).toContain('<a href="#birthYear">');
  expect(html).toMatch(/<div class="errors" role="alert" tabindex="-1" autofocus/);
  await nothingStored();
});

test('a cross-site form post is refused with a page saying so, and nothing is stored', async () => {
  const fromElsewhere = await postForm(new URLSearchParams(validForm).toString(), {
    origin: 'https://evil.example',
  });
  const crossSite = await postForm(new URLSearchParams(validForm).toString(), {
    'sec-fetch-site': 'cross-site',
  });
  expect(fromElsewhere.status).toBe(403);
  expect(await fromElsewhere.text()).toContain('<h1>Envoi refusé</h1>');
  expect(crossSite.status).toBe(403);
  await nothingStored();
});

test("an intake worker takes in people of their association's region only: another region is a 400 on region", async () => {
  const response = await postJson(
    `${platform.urls.app}/api/intake`,
    { ...validIntake, region: 'ORI', province: 'OUJ' },
    worker.bearer,
  );
  expect(response.status).toBe(400);
  const body = (await response.json()) as { errors: { field: string; message: string }[] };
  expect(body.errors).toEqual([
    { field: 'region', message: expect.stringContaining('region TTA') as unknown },
  ]);
  await nothingStored();
});

test('a cross-site JSON post is refused with 403 and an error on "origin"; nothing is stored', async () => {
  const response = await fetch(`${platform.urls.app}/api/intake`, {
    method: 'POST',
    headers: {
      ...worker.bearer,
      'content-type': 'application/json',
      origin: 'https://evil.example',
      'sec-fetch-site': 'cross-site',
    },
    body: JSON.stringify(validIntake),
  });
  expect(response.status).toBe(403);
  const body = (await response.json()) as { errors: { field: string; message: string }[] };
  expect(body.errors).toEqual([
    { field: 'origin', message: expect.stringContaining('Cross-site') as unknown },
  ]);
  await nothingStored();
});

test('pages may not be framed, and run only the page script', async () => {
  const response = await fetch(`${platform.urls.app}/intake`, { headers: worker.cookie });
  const csp = response.headers.get('content-security-policy') ?? '';
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toMatch(/script-src 'sha256-[A-Za-z0-9+/]+=*'/);
  expect(response.headers.get('x-frame-options')).toBe('DENY');
});

test('a good intake stores the beneficiary and starts the journey named after them', async () => {
  const response = await postJson(`${platform.urls.app}/api/intake`, validIntake, worker.bearer);
  expect(response.status).toBe(201);
  const { beneficiaryId } = (await response.json()) as { beneficiaryId: string };
  expect(beneficiaryId).toMatch(/^[0-9a-f-]{36}$/);
  const stored = await scanAll(platform, platform.tableNames.beneficiaries);
  expect(stored).toEqual([expect.objectContaining({ beneficiaryId, firstName: 'Amina', consent: true })]);
  const executions = await platform.sfn.send(
    new ListExecutionsCommand({ stateMachineArn: platform.workflowArns.journey }),
  );
  expect(executions.executions?.map((e) => e.executionArn)).toEqual([
    executionArnOf(platform, beneficiaryId),
  ]);
});

/** The beneficiary's record once the journey's first step has profiled it. */
async function profiledRecord(beneficiaryId: string): Promise<Record<string, unknown>> {
  return eventually('the profile on the beneficiary record', async () => {
    const { Item } = await platform.db.send(
      new GetCommand({
        TableName: platform.tableNames.beneficiaries,
        Key: { beneficiaryId },
        ConsistentRead: true,
      }),
    );
    return Item?.profile ? Item : undefined;
  });
}

/** Aged 20 this year, whatever the year: the age band is 18-24 (+5). */
const agedTwenty = new Date().getUTCFullYear() - 20;

test('an intake with the first interview fields is stored with them, and profiled: score, reasons, track', async () => {
  // Prepare: unemployed (+10), single parent (+15), out of work for over a year (+15), a
  // baccalaureate (0), aged 20 (+5): 45, under 50, aiming for a cooperative → self-employment.
  const answers = {
    situation: 'unemployed',
    vulnerabilityFactors: ['long-term-unemployment', 'single-parent'],
    aspiration: 'cooperative',
    sectorOfInterest: 'agri-food',
  };

  // Act
  const response = await postJson(
    `${platform.urls.app}/api/intake`,
    {
      ...validIntake,
      firstName: 'Rachida',
      lastName: 'Bennis',
      birthYear: agedTwenty,
      phone: '06 70 11 22 33',
      ...answers,
    },
    worker.bearer,
  );

  // Assess
  expect(response.status).toBe(201);
  const { beneficiaryId } = (await response.json()) as { beneficiaryId: string };
  const record = await profiledRecord(beneficiaryId);
  expect(record).toMatchObject(answers);
  expect(record.profile).toEqual({
    score: 45,
    reasons: [
      { code: 'situation:unemployed', points: 10 },
      { code: 'vulnerabilityFactor:single-parent', points: 15 },
      { code: 'vulnerabilityFactor:long-term-unemployment', points: 15 },
      { code: 'ageBand:18-24', points: 5 },
    ],
    track: 'self-employment',
    rulesVersion: 1,
  });
  // The sector of interest is a dimension too (a code): boards weigh it against the training offer.
  expect(record.dimensions).toEqual({
    region: 'TTA',
    province: 'TNG',
    sex: 'F',
    ageBand: '18-24',
    educationLevel: 'baccalaureate',
    sector: 'agri-food',
  });
});

test('an intake without the first interview fields is taken as before, and profiled from what it gives', async () => {
  // Act
  const response = await postJson(
    `${platform.urls.app}/api/intake`,
    {
      ...validIntake,
      firstName: 'Ilham',
      lastName: 'Sqalli',
      birthYear: agedTwenty,
      educationLevel: 'primary',
      phone: '06 70 44 55 66',
    },
    worker.bearer,
  );

  // Assess: primary (+15), aged 20 (+5); nothing asked of the first interview is stored.
  expect(response.status).toBe(201);
  const { beneficiaryId } = (await response.json()) as { beneficiaryId: string };
  const record = await profiledRecord(beneficiaryId);
  for (const field of ['situation', 'vulnerabilityFactors', 'aspiration', 'sectorOfInterest']) {
    expect(record).not.toHaveProperty(field);
  }
  expect(record.profile).toEqual({
    score: 20,
    reasons: [
      { code: 'educationLevel:primary', points: 15 },
      { code: 'ageBand:18-24', points: 5 },
    ],
    track: 'direct-placement',
    rulesVersion: 1,
  });
});

test('the form asks the first interview fields in Arabic, optional, and stores two ticked factors as a list', async () => {
  // Act: the page, then the form sent with two boxes ticked and the other choices left empty.
  const page = await fetch(`${platform.urls.app}/intake?lang=ar`, { headers: worker.cookie }).then((r) =>
    r.text(),
  );
  const form = new URLSearchParams({
    ...validForm,
    firstName: 'Souad',
    email: 'souad@example.org',
    situation: 'neet',
    aspiration: '',
    sectorOfInterest: '',
  });
  form.append('vulnerabilityFactors', 'disability');
  form.append('vulnerabilityFactors', 'rural-isolation');
  const response = await postForm(form.toString(), {}, 'ar');

  // Assess: labelled choices in Arabic, the sensitive factor asked with consent, nothing required.
  expect(page).toContain('<h2 id="first-interview">من أجل المقابلة الأولى (اختياري)</h2>');
  expect(page).toContain(
    '<label for="situation">الوضعية الحالية</label><select id="situation" name="situation">',
  );
  expect(page).toContain('<legend>عوامل الهشاشة</legend>');
  expect(page).toContain(
    '<div class="choice"><input type="checkbox" id="vulnerabilityFactors-disability" name="vulnerabilityFactors" value="disability"><label for="vulnerabilityFactors-disability">وضعية إعاقة</label></div>',
  );
  expect(page).toContain('الإعاقة معطى حساس (القانون \u206609-08\u2069)');
  expect(page).toContain('<option value="create-tpe">إنشاء مقاولة صغيرة جدا</option>');
  expect(page).toContain('<option value="agri-food">الصناعة الغذائية</option>');
  expect(page).not.toMatch(/name="(situation|aspiration|sectorOfInterest)"[^>]*required/);
  expect(response.status).toBe(303);
  const ref = new URLSearchParams(response.headers.get('location')?.split('?')[1]).get('ref') ?? '';
  const record = await profiledRecord(ref);
  expect(record).toMatchObject({
    situation: 'neet',
    vulnerabilityFactors: ['disability', 'rural-isolation'],
  });
  expect(record).not.toHaveProperty('aspiration');
  expect(record).not.toHaveProperty('sectorOfInterest');
});

test('a wrong first interview answer in the form comes back in Arabic, saying what is expected', async () => {
  // Act
  const response = await postForm(
    new URLSearchParams({ ...validForm, firstName: 'Houda', situation: 'retired' }).toString(),
    {},
    'ar',
  );

  // Assess
  expect(response.status).toBe(400);
  const html = await response.text();
  expect(html).toContain(
    '<a href="#situation">الوضعية الحالية — اختر(ي) وضعية من القائمة، أو اترك(ي) الاختيار فارغا.</a>',
  );
  expect(html).toContain('id="situation-error"');
});

test('the form page posts to the intake route, from the HTML form, in Arabic right to left', async () => {
  const page = await fetch(`${platform.urls.app}/intake?lang=ar`, { headers: worker.cookie }).then((r) =>
    r.text(),
  );
  expect(page).toContain('<html lang="ar" dir="rtl">');
  expect(page).toContain('action="/api/intake?lang=ar"');
  const form = new URLSearchParams({
    firstName: 'Hamza',
    lastName: 'Alaoui',
    sex: 'M',
    birthYear: '2001',
    region: 'TTA',
    province: 'TET',
    phone: '',
    email: 'hamza@example.org',
    educationLevel: 'vocational',
    consent: 'true',
  });
  const response = await fetch(`${platform.urls.app}/api/intake?lang=ar`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...worker.cookie },
    body: form.toString(),
    redirect: 'manual',
  });
  // POST/redirect/GET: the confirmation is a page of its own, so a reload posts nothing again.
  expect(response.status).toBe(303);
  const location = response.headers.get('location') ?? '';
  expect(location).toMatch(/^\/intake\/done\?ref=[0-9a-f-]{36}&lang=ar$/);
  const done = await fetch(`${platform.urls.app}${location}`, { headers: worker.cookie });
  expect(done.status).toBe(200);
  expect(await done.text()).toContain('تم بدء المسار');
});

test('GET /health answers 200, and GET /api/reference lists the codes the intake accepts', async () => {
  const health = await fetch(`${platform.urls.app}/health`);
  expect(health.status).toBe(200);
  // The platform's clock (this one runs in real time); no task clock of its own.
  expect(await health.json()).toEqual({ status: 'ok', service: 'kafaat', timeScale: 1 });
  const reference = (await fetch(`${platform.urls.app}/api/reference`).then((r) => r.json())) as {
    regions: { code: string }[];
    provinces: { code: string; region: string }[];
    educationLevels: { code: string }[];
  };
  expect(reference.regions.map((r) => r.code)).toEqual(['TTA', 'ORI']);
  expect(reference.provinces.filter((p) => p.region === 'ORI').map((p) => p.code)).toContain('OUJ');
  expect(reference.educationLevels.length).toBeGreaterThan(3);
  const added = reference as unknown as Record<string, { code: string; name: Record<string, string> }[]>;
  expect(added.situations?.map((s) => s.code)).toContain('neet');
  expect(added.vulnerabilityFactors?.map((f) => f.code)).toContain('disability');
  expect(added.aspirations?.map((a) => a.code)).toEqual([
    'wage-job',
    'create-tpe',
    'cooperative',
    'auto-entrepreneur',
    'training-first',
  ]);
  expect(added.sectors?.find((s) => s.code === 'crafts')?.name).toEqual({
    fr: 'Artisanat',
    ar: 'الصناعة التقليدية',
    en: 'Crafts',
  });
  const thisYear = new Date().getUTCFullYear();
  expect((reference as { birthYears?: unknown }).birthYears).toEqual({
    min: thisYear - 80,
    max: thisYear - 15,
  });
});

test('a form posted by a browser from the page itself (Sec-Fetch-Site: same-origin) goes through', async () => {
  const response = await postForm(
    new URLSearchParams({ ...validForm, firstName: 'Yasmine', email: 'yasmine@example.org' }).toString(),
    { origin: 'null', 'sec-fetch-site': 'same-origin', 'sec-fetch-mode': 'navigate' },
  );
  expect(response.status).toBeLessThan(400);
});

test('a form posted from the page itself (same origin) goes through', async () => {
  const response = await postForm(
    new URLSearchParams({
      ...validForm,
      firstName: '  Hélène ',
      lastName: 'ⴰⵎⴰⵣⵉⵖ',
      email: 'helene@example.org',
    }).toString(),
    { origin: platform.urls.app, 'sec-fetch-site': 'same-origin' },
  );
  expect(response.status).toBeLessThan(400);
  const stored = await scanAll(platform, platform.tableNames.beneficiaries);
  expect(stored).toContainEqual(expect.objectContaining({ firstName: 'Hélène', lastName: 'ⴰⵎⴰⵣⵉⵖ' }));
});
