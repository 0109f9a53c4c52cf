/**
 * The same person entered twice: the intake form shows the possible duplicates of the association
 * (audited, nothing kept) and keeps the intake once the worker confirms it is another person; the
 * JSON API keeps it and names them. Another association's people are not compared.
 */
import {
  postForm,
  postJson,
  scanAll,
  signIn,
  startTestPlatform,
  validIntake,
  type TestPlatform,
  type TestSession,
} from '../support/platform';

let platform: TestPlatform;
let worker: TestSession;
let firstId: string;

const amina = { ...validIntake, firstName: 'Amina', lastName: 'Tazi', phone: '0612345678' };

beforeAll(async () => {
  platform = await startTestPlatform('duplicates');
  worker = await signIn(platform, 'intake-worker', 'TTA');
  const first = await postJson(`${platform.urls.app}/api/intake`, amina, worker.bearer);
  expect(first.status).toBe(201);
  ({ beneficiaryId: firstId } = (await first.json()) as { beneficiaryId: string });
});

afterAll(async () => {
  await platform?.stop();
});

const formOf = (intake: Record<string, unknown>, extra: Record<string, string> = {}) => ({
  ...Object.fromEntries(Object.entries(intake).map(([k, v]) => [k, String(v)])),
  idempotencyKey: 'form-key-duplicate-0001',
  ...extra,
});

async function beneficiariesNamed(lastName: string): Promise<number> {
  return (await scanAll(platform, platform.tableNames.beneficiaries)).filter((b) => b.lastName === lastName)
    .length;
}

test('the form shows a possible duplicate (same phone written another way), keeps nothing, and audits the read', async () => {
  // Act
  const response = await postForm(
    `${platform.urls.app}/api/intake?lang=fr`,
    formOf({ ...amina, firstName: 'Aminata', lastName: 'Tazzi', phone: '+212 6 12 34 56 78' }),
    worker.cookie,
  );

  // Assess
  expect(response.status).toBe(409);
  const html = await response.text();
  expect(html).toContain('Cette personne est peut-être déjà inscrite');
  expect(html).toContain(`href="/beneficiaries/${firstId}?lang=fr"`);
  expect(html).toContain('même téléphone');
  expect(html).toContain('value="Aminata"'); // the form is given back as it was typed
  expect(html).toContain('name="notDuplicate"');
  expect(await beneficiariesNamed('Tazzi')).toBe(0);
  const audit = await scanAll(platform, platform.tableNames.caseFiles);
  expect(audit).toContainEqual(
    expect.objectContaining({
      beneficiaryId: firstId,
      via: 'duplicate-warning',
      personId: 'INTAKE-ASSO-TNG-1',
    }),
  );
});

test('once the worker confirms it is another person, the intake is kept, once', async () => {
  const form = formOf(
    { ...amina, firstName: 'Aminata', lastName: 'Tazzi', phone: '+212 6 12 34 56 78' },
    { notDuplicate: 'true' },
  );
  const submit = () =>
    fetch(`${platform.urls.app}/api/intake?lang=fr`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...worker.cookie },
      body: new URLSearchParams(form).toString(),
      redirect: 'manual',
    });
  const first = await submit();
  const again = await submit();
  expect([first.status, again.status]).toEqual([303, 303]);
  expect(again.headers.get('location')).toBe(first.headers.get('location'));
  expect(await beneficiariesNamed('Tazzi')).toBe(1);
});

test('the JSON API keeps the intake and names the possible duplicates (same names, birth year, province)', async () => {
  const response = await postJson(
    `${platform.urls.app}/api/intake`,
    { ...amina, firstName: 'AMINA', phone: undefined, email: 'amina.t@example.org' },
    worker.bearer,
  );
  expect(response.status).toBe(201);
  const body = (await response.json()) as { beneficiaryId: string; possibleDuplicates?: unknown[] };
  expect(body.possibleDuplicates).toContainEqual({ beneficiaryId: firstId, reasons: ['identity'] });
});

test("another association's people are not compared: its intake is no duplicate of this one's", async () => {
  const other = await signIn(platform, 'intake-worker', 'TTA', 'ASSO-TET-1');
  const response = await postJson(`${platform.urls.app}/api/intake`, amina, other.bearer);
  expect(response.status).toBe(201);
  const body = (await response.json()) as { beneficiaryId: string; possibleDuplicates?: unknown[] };
  expect(body.possibleDuplicates).toBeUndefined();
  expect(body.beneficiaryId).not.toBe(firstId);
});
