/**
 * Retention with time accelerated (a week of the platform's clock a second, 28 days' retention:
 * 4 seconds): a journey that ended is not erased at once, then is erased once the period has
 * passed — found through the sparse index, audited as `retention` — while a journey that ended
 * later is not yet due and keeps its data. The anonymous events stay.
 */
import { randomUUID } from 'node:crypto';
import { DeleteCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import {
  eventually,
  executionArnOf,
  executionEnded,
  intakeWorker,
  postJson,
  startTestPlatform,
  validIntake,
  type TestPlatform,
  storedRecord,
} from '../support/platform';
import type { RetentionReport } from '../../functions/erase-due-personal-data';
import type { UpgradeReport } from '../../functions/upgrade-records';

/** The first interview's period (14 days) lasts 2 seconds; its reminders and escalation about 8. */
const TIME_SCALE = 604_800;
const RETENTION_DAYS = 28;

let platform: TestPlatform;

beforeAll(async () => {
  platform = await startTestPlatform('retention', TIME_SCALE, { retentionDays: RETENTION_DAYS });
});

afterAll(async () => {
  await platform?.stop();
});

async function intake(firstName: string): Promise<string> {
  const response = await postJson(
    `${platform.urls.app}/api/intake`,
    { ...validIntake, firstName, phone: `06${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}` },
    { ...(await intakeWorker(platform)), 'idempotency-key': `retention-${randomUUID()}` },
  );
  expect(response.status).toBe(201);
  return ((await response.json()) as { beneficiaryId: string }).beneficiaryId;
}

const record = (beneficiaryId: string) => storedRecord(platform, beneficiaryId);

/** Waits until the journey has ended on its own (its coach task unanswered), and its record says so. */
async function ended(beneficiaryId: string): Promise<Record<string, unknown>> {
  const arn = executionArnOf(platform, beneficiaryId);
  await eventually(
    `the journey of ${beneficiaryId} to end`,
    async () => ((await executionEnded(platform, arn)()) ? true : undefined),
    { timeoutMs: 60_000 },
  );
  const item = await record(beneficiaryId);
  expect(item.stage).toBe('unanswered');
  expect(item.lastActivityAt).toEqual(expect.any(String));
  return item;
}

const runRetention = async () =>
  (await platform.functions.invoke('eraseDuePersonalData', { source: 'test' })) as unknown as RetentionReport;

async function auditOf(beneficiaryId: string): Promise<Record<string, unknown>[]> {
  const { Items = [] } = await platform.db.send(
    new QueryCommand({
      TableName: platform.tableNames.caseFiles,
      KeyConditionExpression: 'beneficiaryId = :id AND begins_with(entryId, :audit)',
      ExpressionAttributeValues: { ':id': beneficiaryId, ':audit': 'audit#' },
      ConsistentRead: true,
    }),
  );
  return Items;
}

test('a journey ended is erased once the retention period has passed, audited as retention; one ended later is not yet due', async () => {
  // Prepare: a journey that ends on its own.
  const first = await intake('Rania');
  const firstEnded = await ended(first);

  // Act / Assess: right after its end it is not due.
  const early = await runRetention();
  expect(early.retentionDays).toBe(RETENTION_DAYS);
  expect(String(firstEnded.lastActivityAt) > early.cutoff).toBe(true);
  expect(await record(first)).toHaveProperty('firstName', 'Rania');

  // A second journey, ended some seconds (weeks of the platform) later.
  const second = await intake('Ghita');
  const secondEnded = await ended(second);

  // Act: the daily run, once the first's period has passed (the second ended about 8 s after it).
  const report = await eventually('the first record erased', async () => {
    const run = await runRetention();
    return (await record(first)).erasedAt ? run : undefined;
  });

  // Assess: the first is erased, its anonymous dimensions and events kept, audited as retention.
  const erased = await record(first);
  for (const field of [
    'firstName',
    'lastName',
    'phone',
    'birthYear',
    'phoneKey',
    'identityKey',
    'lastActivityAt',
  ])
    expect(erased).not.toHaveProperty(field);
  expect(erased).toMatchObject({ region: 'TTA', province: 'TNG', sex: 'F', stage: 'unanswered' });
  const audit = (await auditOf(first)).filter((a) => a.action === 'erase');
  expect(audit).toEqual([
    expect.objectContaining({ personId: 'retention', role: 'retention', via: 'retention' }),
  ]);
  expect(String(audit[0]?.detail)).toContain('firstName');
  expect(JSON.stringify(await auditOf(first))).not.toContain('Rania');
  const { Items: events = [] } = await platform.db.send(
    new QueryCommand({
      TableName: platform.tableNames.journeyEvents,
      KeyConditionExpression: 'beneficiaryId = :id',
      ExpressionAttributeValues: { ':id': first },
      ConsistentRead: true,
    }),
  );
  expect(events.map((e) => e.stage)).toEqual(
    expect.arrayContaining(['intake', 'coach-assigned', 'unanswered']),
  );

  // The second is not yet due: same run, its data kept.
  expect(String(secondEnded.lastActivityAt) > report.cutoff).toBe(true);
  expect(await record(second)).toMatchObject({ firstName: 'Ghita' });
  expect(await record(second)).not.toHaveProperty('erasedAt');

  // Run again: the erased record is no longer in the index, and nothing is audited twice.
  const again = await runRetention();
  expect((await auditOf(first)).filter((a) => a.action === 'erase')).toHaveLength(1);
  expect(again.failed).toBe(0);

  // Its own period passes too.
  await eventually('the second record erased', async () => {
    await runRetention();
    return (await record(second)).erasedAt ? true : undefined;
  });
  expect(await record(second)).not.toHaveProperty('firstName');
});

test('a journey ended before retention existed (no last activity) is dated by the upgrade from its events, then erased when due', async () => {
  // Prepare: a journey that ended, its record as an earlier version left it (no last activity), and
  // the upgrade's mark removed, as on a data folder kept from that version.
  const beneficiaryId = await intake('Nadia');
  const { lastActivityAt } = await ended(beneficiaryId);
  await platform.db.send(
    new UpdateCommand({
      TableName: platform.tableNames.beneficiaries,
      Key: { beneficiaryId },
      UpdateExpression: 'REMOVE lastActivityAt',
    }),
  );
  await platform.db.send(
    new DeleteCommand({
      TableName: platform.tableNames.aggregates,
      Key: { pk: 'upgrade', sk: 'beneficiaries' },
    }),
  );

  // Without a last activity, retention never finds it, even once its period has passed.
  await eventually('the period past', async () =>
    (await runRetention()).cutoff > String(lastActivityAt) ? true : undefined,
  );
  expect(await record(beneficiaryId)).toHaveProperty('firstName', 'Nadia');

  // Act: the upgrade.
  const upgrade = (await platform.functions.invoke('upgradeRecords', {
    source: 'test',
  })) as unknown as UpgradeReport;

  // Assess: dated from its journey's last event (the time its steps had written), then erased.
  expect(upgrade).toMatchObject({ dated: 1, done: true });
  expect((await record(beneficiaryId)).lastActivityAt).toBe(lastActivityAt);
  await eventually('the record erased', async () => {
    await runRetention();
    return (await record(beneficiaryId)).erasedAt ? true : undefined;
  });
  expect(await record(beneficiaryId)).not.toHaveProperty('firstName');
});
