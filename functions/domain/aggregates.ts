/**
 * Aggregate counters for the governance dashboards, and the published summary built from them.
 * A counter is a (dimension, key) pair; published cells under SMALL_CELL_MIN are suppressed.
 */
import { stages, type JourneyEvent, type Stage, type WorkFacts } from './journey-events';
import { NATIONAL, scopeOf, type Principal } from './access';
import { placementOutcomes, type PlacementOutcome } from './coach-task';
import { regions, type Label } from './reference-data';
import { aspirationKey, OFFER_DEMAND, offerDemandByRegionAndSector, type OfferDemand } from './offer-demand';

/** Cells smaller than this are not published below the region level, so no one can be singled out. */
export const SMALL_CELL_MIN = 5;

/** `offerDemand`: the training offer against the demand (see domain/offer-demand.ts). */
export type Dimension = 'total' | 'region' | 'province' | 'sex' | 'ageBand' | typeof OFFER_DEMAND;

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
  if (aspiration) keys.push({ pk: OFFER_DEMAND, sk: aspiration });
  return keys;
}

export interface Counter extends CounterKey {
  count: number;
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

/**
 * Builds the published summary from the 'total' and 'region' counters. Region-level counts are
 * published as they are (each pilot region counts hundreds of beneficiaries); finer breakdowns
 * (province, sex, age band) go through `suppressSmallCells` before they are published.
 */
export function summarize(counters: readonly Counter[], now: Date): DashboardSummary {
  const totals = { stages: zeroStages(), outcomes: zeroOutcomes() };
  const byRegion = new Map<string, RegionSummary>(
    regions.map((r) => [
      r.code,
      { region: r.code, name: r.name, stages: zeroStages(), outcomes: zeroOutcomes() },
    ]),
  );
  const offerDemand = offerDemandByRegionAndSector(
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

/**
 * What a person may see of the summary: a national board or an administrator every region; a
 * region's board its own region, whose counts are then its totals too.
 */
export function summaryFor(
  principal: Pick<Principal, 'region' | 'role'>,
  summary: DashboardSummary,
): DashboardSummary {
  if (principal.region === NATIONAL || scopeOf(principal, 'dashboard.read') === 'all') return summary;
  const own = summary.byRegion.filter((r) => r.region === principal.region);
  const region = own[0];
  return {
    ...summary,
    totals: region ? { stages: region.stages, outcomes: region.outcomes } : summary.totals,
    byRegion: own,
    offerDemand: {
      ...summary.offerDemand,
      rows: summary.offerDemand.rows.filter((r) => r.region === principal.region),
    },
  };
}
