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
  // A record as Lambda's event source mapping delivers it.
  const record: DynamoDBStreamEvent['Records'][number] = {
    eventID: 'e-1',
    eventName: 'INSERT',
    eventVersion: '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: 'eu-west-3',
    eventSourceARN: 'arn:aws:dynamodb:eu-west-3:000000000000:table/events/stream/2026-11-01T00:00:00.000',
    dynamodb: {
      Keys: marshall({ beneficiaryId: event.beneficiaryId, eventId: event.eventId }) as never,
      NewImage: marshall(event) as never,
      SequenceNumber: '1',
      SizeBytes: 100,
      StreamViewType: 'NEW_IMAGE',
    },
  };
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
  // A last event after it: the stream is read in order, so once it is counted the MODIFY was seen.
  await platform.db.send(
    new PutCommand({
      TableName: platform.tableNames.journeyEvents,
      Item: journeyEvent('b-stream-3', 'intake', dimensions, new Date('2026-11-02T11:00:00Z')),
    }),
  );
  await eventually('the last event counted', async () =>
    (await count('region', 'ORI#stage#intake')) === 1 ? true : undefined,
  );
  expect(await count('region', 'ORI#stage#interviewed')).toBe(2);
});
