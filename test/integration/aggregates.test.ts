/**
 * The journey-events consumer counts each event once: a stream record delivered twice (streams
 * deliver at least once) or an event written twice changes no counter a second time.
 */
import { marshall } from '@aws-sdk/util-dynamodb';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { journeyEvent } from '../../functions/domain/journey-events';
import { eventually, startTestPlatform, type TestPlatform } from '../support/platform';

let platform: TestPlatform;

beforeAll(async () => {
  platform = await startTestPlatform('aggregates');
});

afterAll(async () => {
  await platform?.stop();
});

const dimensions = {
  region: 'ORI',
  province: 'BER',
  sex: 'M' as const,
  ageBand: '25-34' as const,
  educationLevel: 'primary',
};

async function count(pk: string, sk: string): Promise<number | undefined> {
  const { Item } = await platform.db.send(
    new GetCommand({ TableName: platform.tableNames.aggregates, Key: { pk, sk }, ConsistentRead: true }),
  );
  return Item?.count as number | undefined;
}

test('a stream record delivered twice is counted once', async () => {
  const event = journeyEvent('b-redelivered', 'placed', dimensions, new Date('2026-11-01T10:00:00Z'), 'tpe');
  const record = {
    eventName: 'INSERT',
    dynamodb: { NewImage: marshall(event), SequenceNumber: '1' },
  } as unknown as DynamoDBStreamEvent['Records'][number];
  const batch: DynamoDBStreamEvent = { Records: [record] };

  expect(await platform.functions.invoke('aggregateJourneyEvents', batch)).toEqual({ batchItemFailures: [] });
  expect(await platform.functions.invoke('aggregateJourneyEvents', batch)).toEqual({ batchItemFailures: [] });

  expect(await count('total', 'outcome#tpe')).toBe(1);
  expect(await count('region', 'ORI#stage#placed')).toBe(1);
  expect(await count('province', 'BER#outcome#tpe')).toBe(1);
  expect(await count('sex', 'ORI#M#stage#placed')).toBe(1);
});

test('events written to the table reach the counters through the stream, once per beneficiary and stage', async () => {
  const put = (beneficiaryId: string) =>
    platform.db.send(
      new PutCommand({
        TableName: platform.tableNames.journeyEvents,
        Item: journeyEvent(beneficiaryId, 'interviewed', dimensions, new Date('2026-11-02T10:00:00Z')),
      }),
    );
  await put('b-stream-1');
  await put('b-stream-2');
  await put('b-stream-1'); // the same event again: a MODIFY in the stream, not a new count
  await eventually('two interviews counted', async () =>
    (await count('region', 'ORI#stage#interviewed')) === 2 ? true : undefined,
  );
  await new Promise((resolve) => setTimeout(resolve, 500));
  expect(await count('region', 'ORI#stage#interviewed')).toBe(2);
});
