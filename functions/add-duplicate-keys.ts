/**
 * The upgrade of records taken in before the duplicate check had keys (on a schedule on AWS; at
 * start and on a timer locally): each record that holds a person and has no keys gets them, so an
 * intake finds it as a possible duplicate. It reads the table page by page, keeping where it stands
 * in one item of the aggregates table; once through, every later run reads that item and stops
 * (records taken in since carry their keys from the intake).
 *
 * Redone after a crash, it converges: a page is read again, and a record that got its keys meanwhile
 * (the earlier try, an intake, a correction) is left as it is. A record whose erasure has begun gets
 * none: the keys are personal data.
 */
import type { Context } from 'aws-lambda';
import { GetCommand, PutCommand, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { z } from 'zod';
import { dynamo } from './commons/clients';
import { instrumented } from './commons/instrumented';
import { logger, metrics } from './commons/powertools';
import { linkSigningSecret } from './commons/secrets';
import { tableName } from './commons/settings';
import type { Beneficiary } from './commons/beneficiaries';
import { DUPLICATE_KEY_FIELDS, duplicateKeys, needsDuplicateKeys } from './domain/duplicates';

/** The function takes no input: any event runs it (EventBridge's, the local timer's, a test's). */
const trigger = z.looseObject({ source: z.string().optional() });

/** Where the upgrade stands: the next page's start, or done. */
const PROGRESS_KEY = { pk: 'upgrade', sk: 'duplicate-keys' } as const;

/** Records read per page: a page's writes are done before its end is kept. */
const PAGE_SIZE = 200;

/** Time kept for one page: a run that has less left stops, and the next one goes on. */
const MARGIN_MS = 30_000;

export interface DuplicateKeysReport {
  /** Records read, and those given keys now; `done` once the whole table has been read. */
  read: number;
  keyed: number;
  done: boolean;
}

interface Progress {
  next?: Record<string, unknown>;
  doneAt?: string;
}

async function progress(): Promise<Progress> {
  const { Item } = await dynamo.send(
    new GetCommand({ TableName: tableName('aggregates'), Key: PROGRESS_KEY, ConsistentRead: true }),
  );
  return (Item ?? {}) as Progress;
}

async function keepProgress(value: Progress): Promise<void> {
  await dynamo.send(
    new PutCommand({ TableName: tableName('aggregates'), Item: { ...PROGRESS_KEY, ...value } }),
  );
}

/** Gives one record its keys, unless it got them meanwhile, or its person is being erased. */
async function addKeys(secret: string, record: Beneficiary): Promise<boolean> {
  const keys = duplicateKeys(secret, record.association ?? '', record);
  const fields = DUPLICATE_KEY_FIELDS.filter((field) => keys[field] !== undefined);
  try {
    await dynamo.send(
      new UpdateCommand({
        TableName: tableName('beneficiaries'),
        Key: { beneficiaryId: record.beneficiaryId },
        UpdateExpression: `SET ${fields.map((field) => `#${field} = :${field}`).join(', ')}`,
        // The names it was worked out from are still there: a correction since sets keys itself.
        ConditionExpression:
          'attribute_exists(firstName) AND attribute_not_exists(identityKey) AND attribute_not_exists(erasure) AND attribute_not_exists(erasedAt)',
        ExpressionAttributeNames: Object.fromEntries(fields.map((field) => [`#${field}`, field])),
        ExpressionAttributeValues: Object.fromEntries(fields.map((field) => [`:${field}`, keys[field]])),
      }),
    );
    return true;
  } catch (error) {
    if ((error as Error).name === 'ConditionalCheckFailedException') return false;
    throw error;
  }
}

export const handler = instrumented(
  async (event: unknown, context: Context): Promise<DuplicateKeysReport> => {
    trigger.parse(event ?? {});
    const report: DuplicateKeysReport = { read: 0, keyed: 0, done: false };
    const { next, doneAt } = await progress();
    if (doneAt !== undefined) return { ...report, done: true };
    const secret = await linkSigningSecret();
    let start = next;
    while (context.getRemainingTimeInMillis() >= MARGIN_MS) {
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
      for (const record of records.filter(needsDuplicateKeys)) {
        if (await addKeys(secret, record)) report.keyed += 1;
      }
      start = page.LastEvaluatedKey;
      if (!start) {
        await keepProgress({ doneAt: new Date().toISOString() });
        report.done = true;
        break;
      }
      await keepProgress({ next: start });
    }
    if (report.keyed > 0) metrics.addMetric('DuplicateKeysAdded', MetricUnit.Count, report.keyed);
    if (report.read > 0) logger.info('Duplicate keys added to earlier records', { ...report });
    return report;
  },
);
