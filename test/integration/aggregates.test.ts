/**
 * The journey-events consumer counts each event once: a stream record delivered twice (streams
 * deliver at least once) or an event written twice changes no counter a second time. Once it has
 * counted, the dashboards compute their views again (the counters' stamp), and not before.
 */
import { marshall } from '@aws-sdk/util-dynamodb';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { journeyEvent } from '../../functions/domain/journey-events';
import { eventually, signIn, startTestPlatform, type TestPlatform } from '../support/platform';
import type { PublishedSummary } from '../../functions/domain/aggregates';
import type { Indicators } from '../../functions/domain/indicators';
import { COUNTERS_STAMP_KEY } from '../../functions/commons/counters-stamp';

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

/** A journey event as Lambda's event source mapping delivers it from the stream. */
function streamRecord(
  eventID: string,
  event: ReturnType<typeof journeyEvent>,
): DynamoDBStreamEvent['Records'][number] {
  return {
    eventID,
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
}

test('the dashboard gives a view again while its counters are unchanged, and counts anew once the consumer has counted', async () => {
  const board = await signIn(platform, 'governance', 'national');
  const dropouts = async () => {
    const response = await fetch(`${platform.urls.app}/api/dashboard/summary`, { headers: board.bearer });
    expect(response.status).toBe(200);
    const summary = (await response.json()) as PublishedSummary;
    return summary.byRegion.find((r) => r.region === 'TTA')?.stages.dropout;
  };
  const stamp = async () =>
    (await platform.db.send(new GetCommand({ ...stampKey, ConsistentRead: true }))).Item;
  const stampKey = { TableName: platform.tableNames.aggregates, Key: COUNTERS_STAMP_KEY };
  // A counter written behind the consumers' back, which move no stamp: the view computed before is
  // given again. (At start the seeded offers are counted in the background, each batch moving the
  // stamp: the check is made over a window in which it did not move.)
  let written = 40;
  await eventually('a view given again under an unmoved stamp', async () => {
    const stampBefore = await stamp();
    const before = await dropouts();
    written += 1;
    await platform.db.send(
      new PutCommand({
        TableName: platform.tableNames.aggregates,
        Item: { pk: 'region', sk: 'TTA#stage#dropout', count: written },
      }),
    );
    const after = await dropouts();
    if (JSON.stringify(await stamp()) !== JSON.stringify(stampBefore)) return undefined;
    expect(after).toBe(before);
    expect(after).not.toBe(written);
    return true;
  });

  // Act: the consumer counts one dropout in the region.
  const dropout = journeyEvent(
    'b-dropout',
    'dropout',
    { ...dimensions, region: 'TTA', province: 'TET' },
    new Date('2026-11-03T10:00:00Z'),
  );
  const counted = await platform.functions.invoke('aggregateJourneyEvents', {
    Records: [streamRecord('e-dropout', dropout)],
  });
  expect(counted).toEqual({ batchItemFailures: [] });

  // The next read computes the view again: the counter written before, and the one counted.
  expect(await dropouts()).toBe(written + 1);

  // Views of other filters, read under the same stamp, are each their own.
  const filtersOf = async (query: string) => {
    const response = await fetch(`${platform.urls.app}/api/dashboard/indicators${query}`, {
      headers: board.bearer,
    });
    return ((await response.json()) as Indicators).filters;
  };
  for (const [query, filters] of [
    ['', {}],
    ['?sex=F', { sex: 'F' }],
    ['?sex=M', { sex: 'M' }],
    ['?ageBand=35%2B', { ageBand: '35+' }],
    ['?sex=F&ageBand=35%2B', { sex: 'F', ageBand: '35+' }],
    ['?region=TTA', { region: 'TTA' }],
  ] as const) {
    expect([query, await filtersOf(query)]).toEqual([query, filters]);
  }
});

test('a stream record delivered twice is counted once', async () => {
  const event = journeyEvent('b-redelivered', 'placed', dimensions, new Date('2026-11-01T10:00:00Z'), 'tpe');
  const batch: DynamoDBStreamEvent = { Records: [streamRecord('e-1', event)] };

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
