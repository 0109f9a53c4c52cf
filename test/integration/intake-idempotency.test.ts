/**
 * One person, one journey, whatever the retries: the same intake posted 20 times at once, a
 * client's retry with its Idempotency-Key, and the HTML form's reload after POST/redirect/GET.
 */
import { ListExecutionsCommand } from '@aws-sdk/client-sfn';
import {
  eventually,
  inbox,
  postJson,
  scanAll,
  startTestPlatform,
  validIntake,
  signIn,
  type TestPlatform,
  type TestSession,
} from '../support/platform';

let platform: TestPlatform;
let worker: TestSession;

beforeAll(async () => {
  platform = await startTestPlatform('intake-once');
  worker = await signIn(platform, 'intake-worker', 'TTA');
});

afterAll(async () => {
  await platform?.stop();
});

async function executionsNamed(name: string): Promise<number> {
  const { executions = [] } = await platform.sfn.send(
    new ListExecutionsCommand({ stateMachineArn: platform.workflowArns.journey }),
  );
  return executions.filter((e) => e.name === name).length;
}

test('20 identical intakes posted at once make one beneficiary, one journey and one email', async () => {
  // Act
  const intake = { ...validIntake, firstName: 'Meryem', phone: '0611223344' };
  const responses = await Promise.all(
    Array.from({ length: 20 }, () => postJson(`${platform.urls.app}/api/intake`, intake, worker.bearer)),
  );

  // Assess: every client is told the same reference.
  expect(responses.map((r) => r.status)).toEqual(Array.from({ length: 20 }, () => 201));
  const ids = new Set(
    await Promise.all(
      responses.map(async (r) => ((await r.json()) as { beneficiaryId: string }).beneficiaryId),
    ),
  );
  expect(ids.size).toBe(1);
  const [beneficiaryId] = [...ids];
  const stored = (await scanAll(platform, platform.tableNames.beneficiaries)).filter(
    (b) => b.firstName === 'Meryem',
  );
  expect(stored).toHaveLength(1);
  expect(await executionsNamed(beneficiaryId ?? '')).toBe(1);
  await eventually('the coach email', async () =>
    (await inbox(platform)).some((e) => e.subject.includes('Meryem')) ? true : undefined,
  );
  expect((await inbox(platform)).filter((e) => e.subject.includes('Meryem'))).toHaveLength(1);
});

test('an Idempotency-Key makes a retry the same intake, and refuses the key for another one', async () => {
  const post = (body: object, key: string) =>
    fetch(`${platform.urls.app}/api/intake`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': key, ...worker.bearer },
      body: JSON.stringify(body),
    });
  const first = await post({ ...validIntake, firstName: 'Ghita' }, 'client-retry-0001');
  const retry = await post({ ...validIntake, firstName: 'Ghita' }, 'client-retry-0001');
  const other = await post({ ...validIntake, firstName: 'Sanaa' }, 'client-retry-0001');
  const bad = await post({ ...validIntake, firstName: 'Sanaa' }, 'no spaces');

  expect(first.status).toBe(201);
  expect(retry.status).toBe(201);
  expect(await retry.json()).toEqual(await first.json());
  expect(other.status).toBe(409);
  expect(((await other.json()) as { errors: { field: string }[] }).errors[0]?.field).toBe('Idempotency-Key');
  expect(bad.status).toBe(400);
  expect(
    (await scanAll(platform, platform.tableNames.beneficiaries)).filter((b) => b.firstName === 'Sanaa'),
  ).toHaveLength(0);
});

test('the form answers with a redirect (POST/redirect/GET), and its key makes a resubmission the same intake', async () => {
  // Prepare: the form page carries a fresh key.
  const page = await (await fetch(`${platform.urls.app}/intake`, { headers: worker.cookie })).text();
  const key = /name="idempotencyKey" value="([^"]+)"/.exec(page)?.[1];
  expect(key).toMatch(/^[A-Za-z0-9_-]{16,}$/);
  const form = new URLSearchParams({
    idempotencyKey: key ?? '',
    firstName: 'Asmae',
    lastName: 'Berrada',
    sex: 'F',
    birthYear: '2001',
    region: 'TTA',
    province: 'TET',
    phone: '0622334455',
    educationLevel: 'primary',
    consent: 'on',
  }).toString();
  const submit = () =>
    fetch(`${platform.urls.app}/api/intake`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...worker.cookie },
      body: form,
      redirect: 'manual',
    });

  // Act: submitted, then submitted again (a double click, a reload that re-posts).
  const first = await submit();
  const second = await submit();

  // Assess
  expect(first.status).toBe(303);
  expect(second.headers.get('location')).toBe(first.headers.get('location'));
  const done = await fetch(`${platform.urls.app}${first.headers.get('location') ?? ''}`, {
    headers: worker.cookie,
  });
  expect(done.status).toBe(200);
  expect(await done.text()).toContain('Parcours démarré');
  expect(
    (await scanAll(platform, platform.tableNames.beneficiaries)).filter((b) => b.firstName === 'Asmae'),
  ).toHaveLength(1);
});
