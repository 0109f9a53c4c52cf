/**
 * The same person entered twice: the intake form shows the possible duplicates of the association
 * (audited, nothing kept) and keeps the intake once the worker confirms it is another person; the
 * JSON API keeps it and names them. Another association's people are not compared. Records are
 * found by their keys: a correction moves them, and the upgrade gives them to records taken in
 * before the keys existed.
 */
import { DescribeTableCommand, UpdateTableCommand } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { UpgradeReport } from '../../functions/upgrade-records';
import {
  eventually,
  postForm,
  postJson,
  scanAll,
  signIn,
  startTestPlatform,
  validIntake,
  type TestPlatform,
  type TestSession,
  storedRecord,
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

async function intakeApi(
  intake: Record<string, unknown>,
): Promise<{ beneficiaryId: string; possibleDuplicates?: unknown[] }> {
  const response = await postJson(`${platform.urls.app}/api/intake`, intake, worker.bearer);
  if (response.status !== 201)
    throw new Error(`intake answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as { beneficiaryId: string; possibleDuplicates?: unknown[] };
}

const stored = (beneficiaryId: string) => storedRecord(platform, beneficiaryId);

test('a corrected phone and name are what the next intake is compared with, not the old ones', async () => {
  // Arrange
  const karim = { ...validIntake, sex: 'M', firstName: 'Karim', lastName: 'Alaoui', phone: '0655000111' };
  const { beneficiaryId: karimId } = await intakeApi(karim);

  // Act: the worker corrects his phone and his last name.
  const correction = await postJson(
    `${platform.urls.app}/api/beneficiaries/${karimId}/corrections`,
    { version: 0, phone: '0677000222', lastName: 'El Alaoui' },
    worker.bearer,
  );
  expect(correction.status).toBe(200);

  // Assess: the new phone and the new names find him; the old ones no longer do.
  const byNewPhone = await intakeApi({ ...karim, firstName: 'Youssef', phone: '+212 677 000 222' });
  expect(byNewPhone.possibleDuplicates).toContainEqual({ beneficiaryId: karimId, reasons: ['phone'] });
  const byNewNames = await intakeApi({
    ...karim,
    lastName: 'EL-ALAOUI',
    phone: undefined,
    email: 'k.a@example.org',
  });
  expect(byNewNames.possibleDuplicates).toContainEqual({ beneficiaryId: karimId, reasons: ['identity'] });
  const byOld = await intakeApi({ ...karim, firstName: 'Omar', phone: '0655000111' });
  expect(byOld.possibleDuplicates ?? []).not.toContainEqual(
    expect.objectContaining({ beneficiaryId: karimId }),
  );
});

test('a record taken in before the keys existed is given them by the upgrade, once, and is then found', async () => {
  // Arrange: a record as an earlier version wrote it (no keys), and the upgrade's mark removed, as
  // on a data folder kept from that version.
  const { beneficiaryId: model } = await intakeApi({
    ...validIntake,
    firstName: 'Salma',
    lastName: 'Idrissi',
    phone: '0611223344',
  });
  const { phoneKey, identityKey, ...earlier } = await stored(model);
  expect([phoneKey, identityKey].every((key) => typeof key === 'string')).toBe(true);
  const earlierId = `${model.slice(0, -4)}0ld0`;
  await platform.db.send(
    new PutCommand({
      TableName: platform.tableNames.beneficiaries,
      Item: { ...earlier, beneficiaryId: earlierId },
    }),
  );
  await platform.db.send(
    new DeleteCommand({
      TableName: platform.tableNames.aggregates,
      Key: { pk: 'upgrade', sk: 'beneficiaries' },
    }),
  );
  const salma = { ...validIntake, firstName: 'Salma', lastName: 'Idrissi', phone: '0611223344' };
  const before = await intakeApi(salma);
  expect(before.possibleDuplicates ?? []).not.toContainEqual(
    expect.objectContaining({ beneficiaryId: earlierId }),
  );

  // Act: the upgrade, run twice (the schedule's next run, or a retry).
  const first = (await platform.functions.invoke('upgradeRecords', {
    source: 'test',
  })) as unknown as UpgradeReport;
  const second = (await platform.functions.invoke('upgradeRecords', {
    source: 'test',
  })) as unknown as UpgradeReport;

  // Assess: the earlier record got the keys the intake would have given it; the second run read nothing.
  expect(first).toMatchObject({ keyed: 1, done: true });
  expect(first.read).toBeGreaterThan(1);
  expect(second).toEqual({ read: 0, keyed: 0, dated: 0, done: true, folded: 0, totalsReady: true });
  expect(await stored(earlierId)).toMatchObject({ phoneKey, identityKey });
  const after = await intakeApi(salma);
  expect(after.possibleDuplicates).toContainEqual({
    beneficiaryId: earlierId,
    reasons: ['phone', 'identity'],
  });
});

// Last: it takes an index away from this file's tables.
test('while an index is missing (an upgrade adds one per deploy), the intake is kept and checked by the other key', async () => {
  // Arrange: the identity index gone, as between the two deploys of an upgrade.
  await platform.db.send(
    new UpdateTableCommand({
      TableName: platform.tableNames.beneficiaries,
      GlobalSecondaryIndexUpdates: [{ Delete: { IndexName: 'by-identity-key' } }],
    }),
  );
  await eventually('the identity index gone', async () => {
    const { Table } = await platform.db.send(
      new DescribeTableCommand({ TableName: platform.tableNames.beneficiaries }),
    );
    const names = (Table?.GlobalSecondaryIndexes ?? []).map((index) => index.IndexName);
    return names.includes('by-identity-key') ? undefined : names;
  });

  // Act: Amina again, same names and phone.
  const again = await intakeApi({ ...amina, email: 'amina.again@example.org' });

  // Assess: kept, and found by phone alone.
  expect(again.possibleDuplicates).toContainEqual({ beneficiaryId: firstId, reasons: ['phone'] });
});
