/**
 * The indicator counters against a recount from the raw events: a synthetic cohort's journey
 * events are written at once (many at the same moment), then delivered again to the consumer as a
 * redelivered stream would (the same records twice); the counters the stream kept equal what the
 * events say, counted here independently, and `GET /api/dashboard/indicators` publishes them
 * (a region's board its region only; small counts hidden; bad filters refused with their field).
 */
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import {
  aggregatesPartition,
  eventually,
  signIn,
  startTestPlatform,
  type TestPlatform,
} from '../support/platform';
import { journeyEvent, type JourneyEvent } from '../../functions/domain/journey-events';
import { countedIndicatorKeys, phaseDayStep, type Indicators } from '../../functions/domain/indicators';

let platform: TestPlatform;

beforeAll(async () => {
  platform = await startTestPlatform('indicators');
});

afterAll(async () => {
  await platform?.stop();
});

/** A seeded generator, so that a failure can be replayed. */
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const random = mulberry32(2026);
const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)] as T;
const outcomes = ['employment', 'tpe', 'cooperative', 'auto-entrepreneur'] as const;

/** A synthetic cohort's events: intake, assignment, then a placement (and follow-up) or a dropout. */
function cohort(size: number): JourneyEvent[] {
  const events: JourneyEvent[] = [];
  for (let i = 0; i < size; i += 1) {
    const region = i % 3 === 0 ? 'TTA' : 'ORI';
    const dimensions = {
      region,
      province: region === 'TTA' ? pick(['TNG', 'TET']) : pick(['OUJ', 'NAD']),
      sex: pick(['F', 'F', 'M'] as const),
      ageBand: pick(['18-24', '25-34', '35-44'] as const),
      educationLevel: pick(['primary', 'baccalaureate']),
      sector: pick(['logistics', 'hospitality']),
    };
    const id = `synthetic-${i}`;
    const at = (month: string) => new Date(`2026-${month}-15T10:00:00Z`);
    const intakeMonth = pick(['09', '10']);
    events.push(
      journeyEvent(id, 'intake', dimensions, at(intakeMonth), {
        vulnerability: pick([[], ['single-parent'], ['single-parent', 'rural-isolation']]),
        track: pick(['training-first', 'direct-placement']),
      }),
      // The time in each stage, as the writer stamps it (days in the phase the event ends).
      {
        ...journeyEvent(id, 'coach-assigned', dimensions, at(intakeMonth)),
        leftPhase: 'waiting-for-coach',
        daysInPhase: Math.floor(random() * 40),
      },
    );
    if (random() < 0.6) {
      events.push({
        ...journeyEvent(id, 'placed', dimensions, at('11'), {
          outcome: pick(outcomes),
          work: { cnssDeclared: pick(['yes', 'no'] as const) },
          daysToPlacement: Math.floor(random() * 150),
        }),
        leftPhase: 'coaching',
        daysInPhase: 30 + Math.floor(random() * 120),
      });
      if (random() < 0.5)
        events.push(
          journeyEvent(id, 'follow-up', dimensions, at('12'), {
            occurrence: 3,
            work: { workStatus: pick(['same', 'none'] as const) },
          }),
        );
    } else {
      events.push(
        journeyEvent(id, 'dropout', dimensions, at('11'), { reason: pick(['health', 'moved-away']) }),
      );
    }
  }
  return events;
}

const events = cohort(100);

/** The counter of a partition and key, as the stream kept it (0 when absent). */
async function countersIn(pk: string): Promise<Map<string, number>> {
  const items = await aggregatesPartition(platform, pk);
  return new Map(items.map((item) => [String(item.sk), Number(item.count)]));
}

/** Counted here from the raw events, without the counting code: by region and month. */
function recount(region: string, month: string, keep: (e: JourneyEvent) => boolean): number {
  return events.filter((e) => e.region === region && e.occurredAt.startsWith(month) && keep(e)).length;
}

async function indicators(query: string, role = 'governance', region = 'national'): Promise<Response> {
  const board = await signIn(platform, role, region);
  return fetch(`${platform.urls.app}/api/dashboard/indicators${query}`, { headers: board.bearer });
}

test('the counters equal a recount of the raw events, written at once and delivered twice', async () => {
  // Act: every event at once (16 writers), through the real stream.
  const queue = [...events];
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      for (let event = queue.shift(); event; event = queue.shift()) {
        await platform.db.send(new PutCommand({ TableName: platform.tableNames.journeyEvents, Item: event }));
      }
    }),
  );
  // Each event is counted in parts (the summary's, then the indicators' in transactions of 99):
  // wait for every part's marker.
  // the time in each stage's after them where the event ends a phase.
  const parts = events.reduce((sum, e) => sum + 1 + Math.ceil(countedIndicatorKeys(e).length / 99), 0);
  const markers = async () => {
    let count = 0;
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await platform.db.send(
        new QueryCommand({
          TableName: platform.tableNames.aggregates,
          KeyConditionExpression: 'pk = :counted AND begins_with(sk, :synthetic)',
          ExpressionAttributeValues: { ':counted': 'counted', ':synthetic': 'synthetic-' },
          Select: 'COUNT',
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
        }),
      );
      count += page.Count ?? 0;
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return count;
  };
  await eventually('every event counted', async () => ((await markers()) === parts ? true : undefined), {
    timeoutMs: 300_000,
  });
  // Act: the same records delivered again (a stream delivers at least once), two batches at once.
  const redelivered: DynamoDBStreamEvent = {
    Records: events.slice(0, 60).map((event, i) => ({
      eventID: `redelivered-${i}`,
      eventName: 'INSERT',
      eventVersion: '1.1',
      eventSource: 'aws:dynamodb',
      eventSourceARN: 'arn:aws:dynamodb:eu-west-3:000000000000:table/journey-events/stream/test',
      awsRegion: 'eu-west-3',
      dynamodb: {
        ApproximateCreationDateTime: Math.floor(Date.now() / 1000),
        Keys: marshall({ beneficiaryId: event.beneficiaryId, eventId: event.eventId }) as never,
        NewImage: marshall(event, { removeUndefinedValues: true }) as never,
        SequenceNumber: String(900_000_000 + i),
        SizeBytes: 500,
        StreamViewType: 'NEW_IMAGE',
      },
    })),
  };
  // In batches of 20, each delivered twice at once (a batch of 60 outlasts the local function's
  // 10 s on a busy machine: a timeout is not what this checks).
  for (let i = 0; i < redelivered.Records.length; i += 20) {
    const batch = { Records: redelivered.Records.slice(i, i + 20) };
    await Promise.all([
      platform.functions.invoke('aggregateJourneyEvents', batch),
      platform.functions.invoke('aggregateJourneyEvents', batch),
    ]);
  }

  // Assess: region by month, every sex and age, and a few finer counters.
  for (const region of ['TTA', 'ORI']) {
    for (const month of ['2026-09', '2026-10', '2026-11', '2026-12']) {
      // The partition holds each fact under each sex and age band, and its total under any (`*#*`);
      // a view filtered by one of them sums the cells.
      const cells = [...(await countersIn(`ind#${region}#${month}`))];
      const finest = cells.filter(([cell]) => !cell.split('#', 2).includes('*'));
      const at = (sk: string) => {
        const [sex = '', band = '', ...fact] = sk.split('#');
        return finest
          .filter(([cell]) => {
            const [cellSex, cellBand, ...cellFact] = cell.split('#');
            return (
              (sex === '*' || cellSex === sex) &&
              (band === '*' || cellBand === band) &&
              cellFact.join('#') === fact.join('#')
            );
          })
          .reduce((sum, [, count]) => sum + count, 0);
      };
      // No counter of one "any" alone; each total is the sum of its cells.
      expect(cells.filter(([cell]) => /^(\*#[^*]|[^*]+#\*#)/.test(cell))).toEqual([]);
      for (const [cell, count] of cells.filter(([c]) => c.startsWith('*#*#'))) {
        expect([cell, count]).toEqual([cell, at(cell)]);
      }
      expect(at('*#*#reached#intake')).toBe(recount(region, month, (e) => e.stage === 'intake'));
      expect(at('F#*#reached#intake')).toBe(
        recount(region, month, (e) => e.stage === 'intake' && e.sex === 'F'),
      );
      expect(at('*#15-24#reached#intake')).toBe(
        recount(region, month, (e) => e.stage === 'intake' && e.ageBand === '18-24'),
      );
      expect(at('*#*#placed')).toBe(recount(region, month, (e) => e.stage === 'placed'));
      for (const outcome of outcomes)
        expect(at(`*#*#outcome#${outcome}`)).toBe(recount(region, month, (e) => e.outcome === outcome));
      expect(at('*#*#dropout#health')).toBe(recount(region, month, (e) => e.reason === 'health'));
      expect(at('*#*#inWork#3')).toBe(recount(region, month, (e) => e.work?.workStatus === 'same'));
      for (const step of ['0-6', '7-13', '14-29', '30-59', '60-89', '90-179'])
        for (const phase of ['waiting-for-coach', 'coaching'])
          expect([phase, step, at(`*#*#phase#${phase}#${step}`)]).toEqual([
            phase,
            step,
            recount(
              region,
              month,
              (e) => e.leftPhase === phase && phaseDayStep(e.daysInPhase ?? -1) === step,
            ),
          ]);
      expect(at('*#*#by#vulnerability#single-parent#intakes')).toBe(
        recount(
          region,
          month,
          (e) => e.stage === 'intake' && (e.vulnerability ?? []).includes('single-parent'),
        ),
      );
    }
  }
  // The summary's counters too: each event once.
  const regionCounters = await countersIn('region');
  expect(regionCounters.get('ORI#stage#placed')).toBe(
    events.filter((e) => e.region === 'ORI' && e.stage === 'placed').length,
  );
  // One marker per event and part, redelivered or not.
  expect(await markers()).toBe(parts);
}, 360_000);

test('the API publishes the view’s indicators, equal to the recount where shown', async () => {
  // Act
  const response = await indicators('?region=ORI&from=2026-09&to=2026-11');

  // Assess
  expect(response.status).toBe(200);
  const body = (await response.json()) as Indicators;
  const intakes = events.filter((e) => e.region === 'ORI' && e.stage === 'intake').length;
  const placed = events.filter((e) => e.region === 'ORI' && e.stage === 'placed').length;
  expect(body.headline.intakes).toEqual({ count: intakes });
  expect(body.headline.placed).toEqual({ count: placed });
  expect(body.filters).toEqual({ region: 'ORI', from: '2026-09', to: '2026-11' });
  expect(body.regions).toBeUndefined();
  const months = Object.fromEntries(body.monthly.rows.map((r) => [r.key, r.cells[0]]));
  expect(Object.keys(months)).toEqual(['2026-09', '2026-10', '2026-11']);
  // The time in each stage: each phase's journeys by step of days, equal to the recount where shown.
  const stageTimes = body.stageTimes;
  expect(stageTimes?.rows.map((r) => r.key)).toEqual([
    'waiting-for-coach',
    'interview',
    'coaching',
    'training',
  ]);
  for (const row of stageTimes?.rows ?? []) {
    const left = events.filter((e) => e.region === 'ORI' && e.leftPhase === row.key);
    if ('count' in row.total) expect(row.total.count).toBe(left.length);
    row.cells.forEach((cell, i) => {
      const step = stageTimes?.columns[i];
      if ('count' in cell)
        expect(cell.count).toBe(left.filter((e) => phaseDayStep(e.daysInPhase ?? -1) === step).length);
    });
  }
  const waiting = events.filter((e) => e.region === 'ORI' && e.leftPhase === 'waiting-for-coach');
  expect(stageTimes?.rows[0]?.total).toEqual({ count: waiting.length });
  expect(stageTimes?.rows[0]?.medianDays).toEqual(expect.any(Number));
  // No published outcome is under the threshold, and the hidden never come back from the total.
  for (const row of body.outcomes.rows) {
    const cell = row.cells[0];
    if (cell && 'count' in cell && cell.count > 0)
      expect(cell.count).toBeGreaterThanOrEqual(body.smallCellMin);
  }
});

test('a region’s board gets its region only; a filter out of range is refused on its field', async () => {
  // Act
  const other = await indicators('?region=TTA', 'governance', 'ORI');
  const bad = await indicators('?from=2026-13&sex=X');

  // Assess
  expect(other.status).toBe(200);
  expect(((await other.json()) as Indicators).filters.region).toBe('ORI');
  expect(bad.status).toBe(400);
  const errors = ((await bad.json()) as { errors: { field: string }[] }).errors;
  expect(errors.map((e) => e.field)).toEqual(['from', 'sex']);
});
