/** POST /api/intake: good input starts a journey; bad input gets a 400 naming the field and stores nothing. */
import {
  executionArnOf,
  postJson,
  scanAll,
  startTestPlatform,
  validIntake,
  type TestPlatform,
} from '../support/platform';
import { ListExecutionsCommand } from '@aws-sdk/client-sfn';

let platform: TestPlatform;

beforeAll(async () => {
  platform = await startTestPlatform('intake');
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
];

test.each(badInputs)('%s gets a 400 naming the field, and stores nothing', async (_name, init, field) => {
  const response = await fetch(`${platform.urls.app}/api/intake`, init);
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
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ firstName: 'Amina', lastName: '', sex: 'F', birthYear: '1999' }).toString(),
  });
  expect(response.status).toBe(400);
  const html = await response.text();
  expect(html).toContain('<html lang="fr" dir="ltr">');
  expect(html).toContain('id="lastName-error"');
  expect(html).toContain('value="Amina"');
  await nothingStored();
});

test('a good intake stores the beneficiary and starts the journey named after them', async () => {
  const response = await postJson(`${platform.urls.app}/api/intake`, validIntake);
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

test('the form page posts to the intake route, from the HTML form, in Arabic right to left', async () => {
  const page = await fetch(`${platform.urls.app}/intake?lang=ar`).then((r) => r.text());
  expect(page).toContain('<html lang="ar" dir="rtl">');
  expect(page).toContain('action="/api/intake?lang=ar"');
  const form = new URLSearchParams({
    firstName: 'Hamza',
    lastName: 'Alaoui',
    sex: 'M',
    birthYear: '2001',
    region: 'ORI',
    province: 'OUJ',
    phone: '',
    email: 'hamza@example.org',
    educationLevel: 'vocational',
    consent: 'true',
  });
  const response = await fetch(`${platform.urls.app}/api/intake?lang=ar`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: form.toString(),
  });
  expect(response.status).toBe(201);
  expect(await response.text()).toContain('تم بدء المسار');
});

test('GET /health answers 200, and GET /api/reference lists the codes the intake accepts', async () => {
  const health = await fetch(`${platform.urls.app}/health`);
  expect(health.status).toBe(200);
  expect(await health.json()).toMatchObject({ status: 'ok' });
  const reference = (await fetch(`${platform.urls.app}/api/reference`).then((r) => r.json())) as {
    regions: { code: string }[];
    provinces: { code: string; region: string }[];
    educationLevels: { code: string }[];
  };
  expect(reference.regions.map((r) => r.code)).toEqual(['TTA', 'ORI']);
  expect(reference.provinces.filter((p) => p.region === 'ORI').map((p) => p.code)).toContain('OUJ');
  expect(reference.educationLevels.length).toBeGreaterThan(3);
});
