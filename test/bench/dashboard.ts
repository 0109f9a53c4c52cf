/**
 * Measure 3: the dashboard's data routes with 500 and with 100,000 beneficiaries' worth of
 * aggregates, loaded directly into the aggregates table (the counters the journey-events consumer
 * would have counted from their events), against one raw GetItem of the same table, alternately.
 */
import {
  BatchWriteCommand,
  GetCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { stampMove } from '../../functions/commons/counters-stamp';
import { performance } from 'node:perf_hooks';
import { counterItem, countersFor, type Counter } from '../../functions/domain/aggregates';
import { indicatorKeys } from '../../functions/domain/indicators';
import { educationLevels, provinces, vulnerabilityFactors } from '../../functions/domain/reference-data';
import { sectors } from '../../functions/domain/coach-task';
import { tracks } from '../../functions/domain/profiling-rules';
import { seededRandom } from '../../infra/local/simulation/random';
import { percentile, round, type Progress } from './support';

interface SyntheticEvent {
  stage: string;
  region: string;
  province: string;
  sex: 'F' | 'M';
  ageBand: string;
  educationLevel: string;
  sector?: string;
  occurrence?: number;
  outcome?: string;
  reason?: string;
  work?: { workStatus?: string; cnssDeclared?: string; workingTime?: string; incomeBand?: string };
  vulnerability?: string[];
  track?: string;
  daysToPlacement?: number;
  occurredAt: string;
}

const ageBands = ['15-17', '18-24', '25-34', '35-44', '45+'];

/** The events of `count` journeys (seeded: the first n of a larger cohort are the same people). */
function* cohortEvents(count: number): Generator<SyntheticEvent> {
  const random = seededRandom(13);
  const month0 = Date.UTC(2025, 0, 1);
  for (let i = 0; i < count; i += 1) {
    const province = random.pick(provinces);
    const base = {
      region: province.region,
      province: province.code,
      sex: random.chance(0.55) ? ('F' as const) : ('M' as const),
      ageBand: random.pick(ageBands),
      educationLevel: random.pick(educationLevels).code,
      sector: random.pick(sectors),
    };
    const start = month0 + random.int(0, 23) * 30 * 86_400_000;
    const at = (days: number) => new Date(start + days * 86_400_000).toISOString();
    const vulnerability = [random.pick(vulnerabilityFactors).code];
    const track = random.pick(tracks);
    yield { ...base, stage: 'intake', vulnerability, track, occurredAt: at(0) };
    yield { ...base, stage: 'coach-assigned', occurredAt: at(1) };
    const fate = random.next();
    if (fate < 0.2) {
      yield { ...base, stage: 'dropout', reason: 'no-show', occurredAt: at(20) };
      continue;
    }
    yield { ...base, stage: 'interviewed', occurredAt: at(10) };
    yield { ...base, stage: 'coaching-session', occurrence: 1, occurredAt: at(30) };
    if (fate < 0.55) {
      yield { ...base, stage: 'not-placed', outcome: 'none', reason: 'no-offer', occurredAt: at(120) };
      continue;
    }
    const work = {
      cnssDeclared: random.pick(['yes', 'no']),
      workingTime: 'full-time',
      incomeBand: '2000-3499',
    };
    const days = random.int(30, 300);
    yield {
      ...base,
      stage: 'placed',
      outcome: 'employment',
      work,
      vulnerability,
      track,
      daysToPlacement: days,
      occurredAt: at(days),
    };
    for (const [occurrence, month] of [
      [3, 3],
      [6, 6],
      [12, 12],
    ] as const) {
      yield {
        ...base,
        stage: 'follow-up',
        occurrence,
        work: { workStatus: random.chance(0.8) ? 'same' : 'none' },
        occurredAt: at(days + month * 30),
      };
    }
  }
}

/** The counters `count` journeys add up to, as the journey-events consumer counts them. */
export function aggregatesOf(count: number): Map<string, number> {
  const counters = new Map<string, number>();
  for (const event of cohortEvents(count)) {
    for (const key of [...countersFor(event as Parameters<typeof countersFor>[0]), ...indicatorKeys(event)]) {
      const id = `${key.pk}\u0000${key.sk}`;
      counters.set(id, (counters.get(id) ?? 0) + 1);
    }
  }
  return counters;
}

export async function loadAggregates(
  documents: DynamoDBDocumentClient,
  table: string,
  counters: Map<string, number>,
  progress: Progress,
): Promise<number> {
  const items = [...counters].map(([id, count]) => {
    const [pk = '', sk = ''] = id.split('\u0000');
    return counterItem({ pk: pk as Counter['pk'], sk, count });
  });
  progress.phase(`loading ${items.length} counters`, items.length);
  const batches: (typeof items)[] = [];
  for (let i = 0; i < items.length; i += 25) batches.push(items.slice(i, i + 25));
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < batches.length) {
        const batch = batches[next++] ?? [];
        let request: Record<string, { PutRequest: { Item: Record<string, unknown> } }[]> | undefined = {
          [table]: batch.map((Item) => ({ PutRequest: { Item: { ...Item } } })),
        };
        while (request && Object.keys(request).length > 0) {
          const result = await documents.send(new BatchWriteCommand({ RequestItems: request }));
          request = result.UnprocessedItems as typeof request;
        }
        progress.tick(batch.length);
      }
    }),
  );
  // As every writer of counters: the dashboards' views computed before are not given again.
  await documents.send(new UpdateCommand(stampMove(table, new Date())));
  return items.length;
}

export interface ReadFigures {
  route: string;
  /**
   * `kept`: the counters unchanged between reads, so the route gives the view it computed (as a
   * board's refreshes do); `computed`: the stamp moved before each read, as by a count, so each
   * read computes its view from the counters (the first read after a count).
   */
  views: 'kept' | 'computed';
  p50: number;
  p95: number;
  getP50: number;
  getP95: number;
}

/**
 * The route's latencies against raw GetItems, in alternating rounds of `perRound` each, one at a
 * time; with `views: 'kept'`, after one untimed read that computes the view; with `views:
 * 'computed'`, the counters' stamp moved (untimed) before each read.
 */
export async function measureReads(
  route: string,
  headers: Record<string, string>,
  documents: DynamoDBDocumentClient,
  table: string,
  rounds: number,
  perRound: number,
  progress: Progress,
  views: ReadFigures['views'] = 'kept',
): Promise<ReadFigures> {
  const times: number[] = [];
  const gets: number[] = [];
  // A kept view is one computed before: the first read computes it, untimed.
  if (views === 'kept') await (await fetch(route, { headers })).arrayBuffer();
  for (let r = 0; r < rounds; r += 1) {
    for (let i = 0; i < perRound; i += 1) {
      const t = performance.now();
      await documents.send(new GetCommand({ TableName: table, Key: { pk: 'total', sk: 'stage#intake' } }));
      gets.push(performance.now() - t);
    }
    for (let i = 0; i < perRound; i += 1) {
      if (views === 'computed') await documents.send(new UpdateCommand(stampMove(table, new Date())));
      const t = performance.now();
      const response = await fetch(route, { headers });
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`${route} answered ${response.status}`);
      times.push(performance.now() - t);
      progress.tick();
    }
  }
  return {
    route,
    views,
    p50: round(percentile(times, 50)),
    p95: round(percentile(times, 95)),
    getP50: round(percentile(gets, 50)),
    getP95: round(percentile(gets, 95)),
  };
}
