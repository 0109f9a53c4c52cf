/**
 * The upgrade of beneficiaries' records written by earlier versions (on a schedule on AWS; at start
 * and on a timer locally): each record that still holds a person gets what this version finds it by.
 * - its duplicate keys (`domain/duplicates.ts`), which an intake looks up: a record taken in before
 *   them would never be flagged as a possible duplicate;
 * - its last activity (`lastActivityAt`, the time of its journey's last event), which retention
 *   finds records by: a record whose journey ended before retention existed would never be erased.
 *
 * It reads the table page by page, keeping where it stands in one item of the aggregates table;
 * once through, every later run reads that item and stops (records written since carry both from
 * the intake and from their journey's steps). A later upgrade raises `UPGRADE_VERSION`: the table is
 * read once more.
 *
 * Redone after a crash, it converges: a page is read again, and a record that got what it lacked
 * meanwhile (the earlier try, a correction, its journey's next step) is left as it is. A record whose
 * erasure has begun gets nothing: the keys are personal data, and the last activity would put it back
 * in retention's index.
 *
 * Then, every run, the offer–demand counters of earlier versions are folded into their totals
 * (`foldIntoTotals` in commons/offer-demand.ts, which the summary reads once a pass has been
 * through them), and the counters' stamp moved when a total changed.
 */
import type { Context } from 'aws-lambda';
import { GetCommand, PutCommand, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import * as z from 'zod';
import { dynamo } from './commons/clients';
import { instrumented } from './commons/instrumented';
import { logger, metrics } from './commons/powertools';
import { linkSigningSecret } from './commons/secrets';
import { tableName } from './commons/settings';
import { journeyEventsOf } from './commons/journey-event-queries';
import { foldIntoTotals } from './commons/offer-demand';
import { moveCountersStamp } from './commons/counters-stamp';
import type { Beneficiary } from './commons/beneficiaries';
import { DUPLICATE_KEY_FIELDS, duplicateKeys, needsDuplicateKeys } from './domain/duplicates';
import { lastActivityOf, needsLastActivity } from './domain/personal-data';

/** The function takes no input: any event runs it (EventBridge's, the local timer's, a test's). */
const trigger = z.looseObject({ source: z.string().optional() });

/** Where the upgrade stands: the next page's start, or done, for one version of it. */
const PROGRESS_KEY = { pk: 'upgrade', sk: 'beneficiaries' } as const;

/** Raised when an upgrade is added here: the table is read again from the start. */
export const UPGRADE_VERSION = 1;

/** Records read per page: a page's writes are done before its end is kept. */
const PAGE_SIZE = 200;

/** Time kept for one page: a run that has less left stops, and the next one goes on. */
const MARGIN_MS = 30_000;

/** Neither holds nor will hold a person's data again: what no upgrade writes to. */
const STILL_A_PERSON =
  'attribute_exists(firstName) AND attribute_not_exists(erasure) AND attribute_not_exists(erasedAt)';

export interface UpgradeReport {
  /** Records read; those given duplicate keys, and a last activity, now; `done` once all are read. */
  read: number;
  keyed: number;
  dated: number;
  done: boolean;
  /** Offer–demand counters folded into their totals now; `totalsReady` once all are in step. */
  folded: number;
  totalsReady: boolean;
}

interface Progress {
  version?: number;
  next?: Record<string, unknown>;
  doneAt?: string;
}

async function progress(): Promise<Progress> {
  const { Item } = await dynamo.send(
    new GetCommand({ TableName: tableName('aggregates'), Key: PROGRESS_KEY, ConsistentRead: true }),
  );
  const kept = (Item ?? {}) as Progress;
  // An earlier version's upgrade, done or not, says nothing of this one's: from the start.
  return kept.version === UPGRADE_VERSION ? kept : {};
}

async function keepProgress(value: Omit<Progress, 'version'>): Promise<void> {
  await dynamo.send(
    new PutCommand({
      TableName: tableName('aggregates'),
      Item: { ...PROGRESS_KEY, version: UPGRADE_VERSION, ...value },
    }),
  );
}

/** One conditional update; false when its condition no longer holds (done meanwhile, or erased). */
async function setIf(
  beneficiaryId: string,
  values: Record<string, unknown>,
  condition: string,
): Promise<boolean> {
  const fields = Object.keys(values);
  try {
    await dynamo.send(
      new UpdateCommand({
        TableName: tableName('beneficiaries'),
        Key: { beneficiaryId },
        UpdateExpression: `SET ${fields.map((field) => `#${field} = :${field}`).join(', ')}`,
        ConditionExpression: `${STILL_A_PERSON} AND ${condition}`,
        ExpressionAttributeNames: Object.fromEntries(fields.map((field) => [`#${field}`, field])),
        ExpressionAttributeValues: Object.fromEntries(fields.map((field) => [`:${field}`, values[field]])),
      }),
    );
    return true;
  } catch (error) {
    if ((error as Error).name === 'ConditionalCheckFailedException') return false;
    throw error;
  }
}

/** The keys worked out from the names as read: a correction since sets its own, and wins. */
function addDuplicateKeys(secret: string, record: Beneficiary): Promise<boolean> {
  const keys = duplicateKeys(secret, record.association ?? '', record);
  const values = Object.fromEntries(
    DUPLICATE_KEY_FIELDS.flatMap((field) => (keys[field] === undefined ? [] : [[field, keys[field]]])),
  );
  return setIf(record.beneficiaryId, values, 'attribute_not_exists(identityKey)');
}

/** The journey's last event's time (its intake's, without one): a step since moves it on, and wins. */
async function addLastActivity(record: Beneficiary): Promise<boolean> {
  const events = await journeyEventsOf(record.beneficiaryId);
  return setIf(
    record.beneficiaryId,
    { lastActivityAt: lastActivityOf(events, record.createdAt) },
    'attribute_not_exists(lastActivityAt)',
  );
}

/** The records' upgrade, page by page while `goOn()` says there is time (see above). */
async function upgradeBeneficiaries(
  goOn: () => boolean,
): Promise<Pick<UpgradeReport, 'read' | 'keyed' | 'dated' | 'done'>> {
  const report = { read: 0, keyed: 0, dated: 0, done: false };
  const { next, doneAt } = await progress();
  if (doneAt !== undefined) return { ...report, done: true };
  const secret = await linkSigningSecret();
  let start = next;
  while (goOn()) {
    const page = await dynamo.send(
      new ScanCommand({
        TableName: tableName('beneficiaries'),
        Limit: PAGE_SIZE,
        ConsistentRead: true,
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    const records = (page.Items ?? []) as Beneficiary[];
    report.read += records.length;
    for (const record of records) {
      if (needsDuplicateKeys(record) && (await addDuplicateKeys(secret, record))) report.keyed += 1;
      if (needsLastActivity(record) && (await addLastActivity(record))) report.dated += 1;
    }
    start = page.LastEvaluatedKey;
    if (!start) {
      await keepProgress({ doneAt: new Date().toISOString() });
      report.done = true;
      break;
    }
    await keepProgress({ next: start });
  }
  return report;
}

export const handler = instrumented(async (event: unknown, context: Context): Promise<UpgradeReport> => {
  trigger.parse(event ?? {});
  const goOn = () => context.getRemainingTimeInMillis() >= MARGIN_MS;
  const records = await upgradeBeneficiaries(goOn);
  const totals = await foldIntoTotals(goOn);
  // The totals changed: the dashboards' views computed before are not given again.
  if (totals.folded > 0) await moveCountersStamp(new Date());
  const report: UpgradeReport = { ...records, folded: totals.folded, totalsReady: totals.done };
  if (report.keyed + report.dated > 0) {
    metrics.addMetric('RecordsUpgraded', MetricUnit.Count, report.keyed + report.dated);
  }
  if (report.read + report.folded > 0) logger.info('Earlier records upgraded', { ...report });
  return report;
});
