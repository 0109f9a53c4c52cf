/**
 * Aggregate counters for the governance dashboards, and the published summary built from them.
 * A counter is a (dimension, key) pair; published cells under SMALL_CELL_MIN are suppressed.
 */
import { stages, type JourneyEvent, type Stage, type WorkFacts } from './journey-events';
import { NATIONAL, scopeOf, type Principal } from './access';
import { placementOutcomes, type PlacementOutcome } from './coach-task';
import { regions, type Label } from './reference-data';
import {
  aspirationKey,
  OFFER_DEMAND,
  OFFER_DEMAND_TOTALS,
  offerDemandByRegionAndSector,
  offerDemandFromTotals,
  totalKeyOf,
  TOTALS_READY_SK,
  type OfferDemand,
} from './offer-demand';
import { protectList, protectTable, type PublishedList } from './disclosure';

/** Counts of people from 1 to this less one are not published, at any level, so no one can be singled out. */
export const SMALL_CELL_MIN = 5;

/** `offerDemand`: the training offer against the demand (see domain/offer-demand.ts). */
export type Dimension =
  'total' | 'region' | 'province' | 'sex' | 'ageBand' | typeof OFFER_DEMAND | typeof OFFER_DEMAND_TOTALS;

export interface CounterKey {
  pk: Dimension;
  sk: string;
}

/**
 * What a placement or a follow-up says of the work, counted for the decent-work shares and the
 * retention at 3, 6 and 12 months: `placed#cnss#yes`, `follow-up#6#status#same`, …
 */
function workCounters(event: { stage: string; occurrence?: number; work?: WorkFacts }): string[] {
  const work = event.work;
  if (!work || (event.stage !== 'placed' && event.stage !== 'follow-up')) return [];
  const prefix = event.stage === 'placed' ? 'placed' : `follow-up#${event.occurrence ?? 0}`;
  return [
    ...(work.workStatus ? [`${prefix}#status#${work.workStatus}`] : []),
    ...(work.cnssDeclared ? [`${prefix}#cnss#${work.cnssDeclared}`] : []),
    ...(work.workingTime ? [`${prefix}#time#${work.workingTime}`] : []),
    ...(work.incomeBand ? [`${prefix}#income#${work.incomeBand}`] : []),
  ];
}

/** Every counter one event adds 1 to. */
export function countersFor(
  event: Pick<JourneyEvent, 'stage' | 'outcome' | 'region' | 'province' | 'sex' | 'ageBand'> & {
    reason?: string;
    occurrence?: number;
    work?: WorkFacts;
    sector?: string;
    occurredAt?: string;
  },
): CounterKey[] {
  const facts = [
    `stage#${event.stage}`,
    ...(event.outcome ? [`outcome#${event.outcome}`] : []),
    ...(event.reason ? [`${event.stage === 'not-placed' ? 'not-placed' : 'dropout'}#${event.reason}`] : []),
    ...workCounters(event),
  ];
  const keys: CounterKey[] = [];
  for (const fact of facts) {
    keys.push({ pk: 'total', sk: fact });
    keys.push({ pk: 'region', sk: `${event.region}#${fact}` });
    keys.push({ pk: 'province', sk: `${event.province}#${fact}` });
    keys.push({ pk: 'sex', sk: `${event.region}#${event.sex}#${fact}` });
    keys.push({ pk: 'ageBand', sk: `${event.region}#${event.ageBand}#${fact}` });
  }
  // An intake is also a demand: the sector the person asked for, beside the offer and the needs.
  const aspiration =
    event.stage === 'intake' && event.occurredAt
      ? aspirationKey({ ...event, occurredAt: event.occurredAt })
      : undefined;
  if (aspiration) {
    keys.push({ pk: OFFER_DEMAND, sk: aspiration });
    const total = totalKeyOf(aspiration);
    if (total) keys.push({ pk: OFFER_DEMAND_TOTALS, sk: total });
  }
  return keys;
}

export interface Counter extends CounterKey {
  count: number;
}

/**
 * A counter's item as its writers leave it: a monthly offer–demand counter is marked as in its
 * total (`inTotals`), which the writers add to beside it. Counters loaded by hand (a tool, a test,
 * the bench) are written so, with their totals, or the totals' fold would add them a second time.
 */
export function counterItem(counter: Counter): Counter & { inTotals?: number } {
  return counter.pk === OFFER_DEMAND ? { ...counter, inTotals: counter.count } : { ...counter };
}

export type StageCounts = Record<Stage, number>;
export type OutcomeCounts = Record<PlacementOutcome, number>;

export interface RegionSummary {
  region: string;
  name: Label;
  stages: StageCounts;
  outcomes: OutcomeCounts;
}

export interface DashboardSummary {
  generatedAt: string;
  smallCellMin: number;
  totals: { stages: StageCounts; outcomes: OutcomeCounts };
  byRegion: RegionSummary[];
  /**
   * Added beside the foundation's fields: by region and sector, the training offer (offers, seats),
   * the employers' needs (needs, positions) and the beneficiaries who asked for the sector.
   */
  offerDemand: OfferDemand;
}

const zeroStages = (): StageCounts => Object.fromEntries(stages.map((s) => [s, 0])) as StageCounts;
const zeroOutcomes = (): OutcomeCounts =>
  Object.fromEntries(placementOutcomes.map((o) => [o, 0])) as OutcomeCounts;

function apply(fact: string, count: number, target: { stages: StageCounts; outcomes: OutcomeCounts }): void {
  const [kind, value] = fact.split('#');
  if (kind === 'stage' && (stages as readonly string[]).includes(value ?? '')) {
    target.stages[value as Stage] = count;
  } else if (kind === 'outcome' && (placementOutcomes as readonly string[]).includes(value ?? '')) {
    target.outcomes[value as PlacementOutcome] = count;
  }
}

/** The offer–demand totals hold every count: the summary reads them, not the monthly counters. */
export function totalsReady(counters: readonly CounterKey[]): boolean {
  return counters.some((c) => c.pk === OFFER_DEMAND_TOTALS && c.sk === TOTALS_READY_SK);
}

/**
 * Adds up the 'total' and 'region' counters into the summary's counts, as they are: what is
 * published of them goes through `summaryFor` (disclosure control).
 */
export function summarize(counters: readonly Counter[], now: Date): DashboardSummary {
  const totals = { stages: zeroStages(), outcomes: zeroOutcomes() };
  const byRegion = new Map<string, RegionSummary>(
    regions.map((r) => [
      r.code,
      { region: r.code, name: r.name, stages: zeroStages(), outcomes: zeroOutcomes() },
    ]),
  );
  const offerDemand = totalsReady(counters)
    ? offerDemandFromTotals(
        counters.filter((c) => c.pk === OFFER_DEMAND_TOTALS && c.sk !== TOTALS_READY_SK),
        SMALL_CELL_MIN,
      )
    : offerDemandByRegionAndSector(
        counters.filter((c) => c.pk === OFFER_DEMAND),
        SMALL_CELL_MIN,
      );
  for (const counter of counters) {
    if (counter.pk === 'total') {
      apply(counter.sk, counter.count, totals);
    } else if (counter.pk === 'region') {
      const separator = counter.sk.indexOf('#');
      const summary = byRegion.get(counter.sk.slice(0, separator));
      if (summary) apply(counter.sk.slice(separator + 1), counter.count, summary);
    }
  }
  return {
    generatedAt: now.toISOString(),
    smallCellMin: SMALL_CELL_MIN,
    totals,
    byRegion: [...byRegion.values()],
    offerDemand,
  };
}

export type PublishedCell = { count: number } | { suppressed: true };

export function suppressSmallCells(count: number): PublishedCell {
  return count > 0 && count < SMALL_CELL_MIN ? { suppressed: true } : { count };
}

/** A count of the published summary: the number, or `null` when disclosure control hides it. */
export type PublishedCount = number | null;

export interface PublishedRegionSummary {
  region: string;
  name: Label;
  stages: Record<Stage, PublishedCount>;
  outcomes: Record<PlacementOutcome, PublishedCount>;
}

/**
 * The summary as published (`GET /api/dashboard/summary`): the foundation's keys and nesting,
 * each count a number or `null` when hidden, and beside them (added) `hidden`, the paths of the
 * hidden counts: `totals.stages.<stage>`, `totals.outcomes.<outcome>`,
 * `byRegion.<region>.stages.<stage>`, `byRegion.<region>.outcomes.<outcome>`.
 */
export interface PublishedSummary {
  generatedAt: string;
  smallCellMin: number;
  totals: { stages: Record<Stage, PublishedCount>; outcomes: Record<PlacementOutcome, PublishedCount> };
  byRegion: PublishedRegionSummary[];
  offerDemand: OfferDemand;
  hidden: string[];
}

const sumOf = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);
const countOrNull = (cell: PublishedCell | undefined): PublishedCount =>
  cell && 'count' in cell ? cell.count : null;
const sameValues = (a: readonly number[], b: readonly number[]) =>
  a.length === b.length && a.every((value, i) => value === b[i]);

/**
 * The whole summary under disclosure control, as the national board sees it. Its equations: per
 * stage and per outcome, the regions add up to the total; per region, the placed outcomes add up
 * to its placements (and `no-placement` is its `not-placed` count). So each stage is a protected
 * list of the regions with its total, except `placed`, which is the margin of the regions ×
 * placed outcomes table (`protectTable`), and `not-placed`, published as the `no-placement`
 * outcome is. A region's counts that the total has beyond the regions named (none, unless a
 * region left the reference data) are protected as one more row, never published.
 */
export function protectSummary(
  summary: DashboardSummary,
  threshold: number = SMALL_CELL_MIN,
): PublishedSummary {
  const regionsOf = summary.byRegion;
  /** A column of the grid: each region's count, then what the total has beyond them. */
  const column = (of: (counts: { stages: StageCounts; outcomes: OutcomeCounts }) => number): number[] => {
    const values = regionsOf.map(of);
    return [...values, Math.max(0, of(summary.totals) - sumOf(values))];
  };
  const totalOf = (values: readonly number[]) => sumOf(values);
  const stageLists = new Map<Stage, PublishedList>();
  const outcomeLists = new Map<PlacementOutcome, PublishedList>();

  // The placed outcomes by region: a table whose row totals are the regions' placements.
  const placedKinds = placementOutcomes.filter((o) => o !== 'no-placement');
  const placed = column((c) => c.stages.placed);
  const byKind = placedKinds.map((o) => column((c) => c.outcomes[o]));
  const rowSums = placed.map((_, row) => sumOf(byKind.map((values) => values[row] ?? 0)));
  const table = protectTable(
    placed.map((_, row) => byKind.map((values) => values[row] ?? 0)),
    threshold,
  );
  placedKinds.forEach((o, k) =>
    outcomeLists.set(o, {
      cells: table.cells.map((row) => row[k] ?? { suppressed: true }),
      total: table.columnTotals[k] ?? { suppressed: true },
    }),
  );
  // The placements are the table's margin when they add up (each placement has its outcome).
  stageLists.set(
    'placed',
    sameValues(rowSums, placed) && totalOf(placed) === summary.totals.stages.placed
      ? { cells: table.rowTotals, total: table.grandTotal }
      : protectList(placed, threshold),
  );
  for (const stage of stages) {
    if (stage !== 'placed')
      stageLists.set(
        stage,
        protectList(
          column((c) => c.stages[stage]),
          threshold,
        ),
      );
  }
  const notPlaced = column((c) => c.stages['not-placed']);
  const noPlacement = column((c) => c.outcomes['no-placement']);
  outcomeLists.set(
    'no-placement',
    sameValues(notPlaced, noPlacement) && stageLists.has('not-placed')
      ? (stageLists.get('not-placed') as PublishedList)
      : protectList(noPlacement, threshold),
  );

  const hidden: string[] = [];
  const publish = <K extends string>(
    keys: readonly K[],
    lists: ReadonlyMap<K, PublishedList>,
    at: (list: PublishedList) => PublishedCell | undefined,
    path: string,
  ): Record<K, PublishedCount> =>
    Object.fromEntries(
      keys.map((key) => {
        const list = lists.get(key);
        const count = list ? countOrNull(at(list)) : null;
        if (count === null) hidden.push(`${path}.${key}`);
        return [key, count];
      }),
    ) as Record<K, PublishedCount>;
  const totals = {
    stages: publish(stages, stageLists, (l) => l.total, 'totals.stages'),
    outcomes: publish(placementOutcomes, outcomeLists, (l) => l.total, 'totals.outcomes'),
  };
  const byRegion = regionsOf.map((r, row) => ({
    region: r.region,
    name: r.name,
    stages: publish(stages, stageLists, (l) => l.cells[row], `byRegion.${r.region}.stages`),
    outcomes: publish(placementOutcomes, outcomeLists, (l) => l.cells[row], `byRegion.${r.region}.outcomes`),
  }));
  return {
    generatedAt: summary.generatedAt,
    smallCellMin: threshold,
    totals,
    byRegion,
    offerDemand: summary.offerDemand,
    hidden,
  };
}

/**
 * What a person may see of the summary, under disclosure control: a national board or an
 * administrator every region; a region's board its own region, whose counts are then its totals
 * too, each hidden as the national summary hides it (so that the two, side by side, give nothing
 * back).
 */
export function summaryFor(
  principal: Pick<Principal, 'region' | 'role'>,
  summary: DashboardSummary,
): PublishedSummary {
  return summaryInScope(principal, protectSummary(summary));
}

/**
 * `summaryFor` of a summary already through disclosure control (`protectSummary`, which does not
 * depend on the reader): a kept view is protected once, and each reader gets their scope of it.
 */
export function summaryInScope(
  principal: Pick<Principal, 'region' | 'role'>,
  published: PublishedSummary,
): PublishedSummary {
  if (principal.region === NATIONAL || scopeOf(principal, 'dashboard.read') === 'all') return published;
  const own = published.byRegion.filter((r) => r.region === principal.region);
  const region = own[0];
  const prefix = `byRegion.${principal.region}.`;
  const ownHidden = published.hidden.filter((path) => path.startsWith(prefix));
  return {
    ...published,
    totals: region ? { stages: region.stages, outcomes: region.outcomes } : published.totals,
    byRegion: own,
    offerDemand: {
      ...published.offerDemand,
      rows: published.offerDemand.rows.filter((r) => r.region === principal.region),
    },
    hidden: region
      ? [...ownHidden.map((path) => `totals.${path.slice(prefix.length)}`), ...ownHidden]
      : published.hidden.filter((path) => path.startsWith('totals.')),
  };
}
