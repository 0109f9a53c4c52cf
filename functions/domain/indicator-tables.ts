/**
 * The published indicators built from the counters a view read (domain/indicators.ts says how they
 * are counted): sums over the view's months and regions, then every count of people through
 * disclosure control. A list that is a partition (outcomes, a breakdown, the months) is protected
 * with its total (a hidden cell gets a complementary one, so no subtraction from the total gives
 * it back); steps that are not a partition (the funnel, retention at 3, 6 and 12 months, the
 * vulnerability factors, which a person may have several of) hide their small values only, with no
 * total. Rates go through `publishRate`. Plain rules, no AWS.
 */
import { protectList, publishRate, type PublishedCell, type PublishedRate } from './disclosure';
import {
  boardAgeBands,
  breakdownDimensions,
  funnelStages,
  phaseDaySteps,
  timeToPlacementSteps,
  type BreakdownDimension,
  type IndicatorFilters,
  type Indicators,
  type IndicatorTable,
  type StageTimesTable,
} from './indicators';
import { journeyPhases } from './journey-events';
import { cellOfKey, cellOfTotalKey, type OfferDemandCounter } from './offer-demand';
import { placementOutcomes, incomeBands, workingTimes } from './placement';
import { dropoutReasons } from './coaching';
import { sectors } from './coach-task';
import { educationLevels, provinces, regions, vulnerabilityFactors } from './reference-data';
import { tracks } from './profiling-rules';

/** What a view read: per region and month, each fact's count under the view's sex and age filter. */
export interface IndicatorReading {
  cells: readonly { region: string; month: string; counts: ReadonlyMap<string, number> }[];
  offerDemand: readonly OfferDemandCounter[];
  /**
   * Instead of `offerDemand`, for a view of whole regions over every month (no province, no
   * months): the totals over every month (domain/offer-demand.ts), fewer to read.
   */
  offerDemandTotals?: readonly OfferDemandCounter[];
  waitingForCoach: number;
  overdueTasks: number;
  /** The active coaches of the view's regions: the beneficiaries each follows, and their capacity. */
  coaches?: readonly { followed: number; capacity: number }[];
}

/** A count of people on its own: hidden from 1 to threshold − 1. */
function primary(count: number, threshold: number): PublishedCell {
  return count > 0 && count < threshold ? { suppressed: true } : { count };
}

/** Each column a protected list (a partition: its total published beside it). */
function partitionTable(
  keys: readonly string[],
  columns: readonly string[],
  value: (key: string, column: string) => number,
  threshold: number,
): IndicatorTable {
  const lists = columns.map((column) =>
    protectList(
      keys.map((key) => value(key, column)),
      threshold,
    ),
  );
  const oneColumn = columns.length === 1;
  return {
    columns: [...columns],
    rows: keys.map((key, i) => {
      const cells = lists.map((list) => list.cells[i] ?? { suppressed: true as const });
      return { key, cells, ...(oneColumn && cells[0] ? { total: cells[0] } : {}) };
    }),
    columnTotals: lists.map((list) => list.total),
    ...(oneColumn && lists[0] ? { grandTotal: lists[0].total } : {}),
  };
}

/** Values that are not a partition: each hidden when small, and the totals given (people, protected). */
function stepsTable(
  keys: readonly string[],
  columns: readonly string[],
  value: (key: string, column: string) => number,
  threshold: number,
  columnTotals: PublishedCell[] = [],
): IndicatorTable {
  return {
    columns: [...columns],
    rows: keys.map((key) => ({
      key,
      cells: columns.map((column) => primary(value(key, column), threshold)),
    })),
    columnTotals,
  };
}

/** The rate, or hidden; never more than 100 % (counts read a moment apart may cross). */
function rate(part: number, whole: number, threshold: number): PublishedRate {
  return publishRate(Math.min(part, whole), whole, threshold);
}

/** The median of the 30-day steps, as the middle of its step; null under the threshold. */
function medianDays(counts: ReadonlyMap<string, number>, threshold: number): number | null {
  const perStep = timeToPlacementSteps.map((step) => counts.get(`ttp#${step}`) ?? 0);
  const total = perStep.reduce((a, b) => a + b, 0);
  if (total < threshold) return null;
  let seen = 0;
  for (const [i, count] of perStep.entries()) {
    seen += count;
    if (seen * 2 >= total) return i >= 12 ? 360 : i * 30 + 15;
  }
  return null;
}

/** The values a breakdown shows rows for, in the reference data's order. */
function breakdownKeys(dimension: BreakdownDimension, filters: IndicatorFilters): string[] {
  switch (dimension) {
    case 'sex':
      return ['F', 'M'];
    case 'ageBand':
      return [...boardAgeBands];
    case 'province':
      return provinces
        .filter((p) => !filters.region || p.region === filters.region)
        .filter((p) => !filters.province || p.code === filters.province)
        .map((p) => p.code);
    case 'education':
      return educationLevels.map((e) => e.code);
    case 'sector':
      return [...sectors];
    case 'vulnerability':
      return vulnerabilityFactors.map((v) => v.code);
    case 'track':
      return [...tracks];
  }
}

export function buildIndicators(
  reading: IndicatorReading,
  filters: IndicatorFilters,
  threshold: number,
  now: Date,
): Indicators {
  const total = new Map<string, number>();
  const byMonth = new Map<string, Map<string, number>>();
  const byRegion = new Map<string, Map<string, number>>();
  const add = (into: Map<string, number>, fact: string, count: number) =>
    into.set(fact, (into.get(fact) ?? 0) + count);
  for (const cell of reading.cells) {
    const month = byMonth.get(cell.month) ?? new Map<string, number>();
    const region = byRegion.get(cell.region) ?? new Map<string, number>();
    for (const [fact, count] of cell.counts) {
      add(total, fact, count);
      add(month, fact, count);
      add(region, fact, count);
    }
    byMonth.set(cell.month, month);
    byRegion.set(cell.region, region);
  }
  const count = (fact: string, from: ReadonlyMap<string, number> = total) => from.get(fact) ?? 0;
  const intakes = count('reached#intake');
  const placed = count('placed');

  const breakdowns = Object.fromEntries(
    breakdownDimensions.map((dimension) => {
      const keys = breakdownKeys(dimension, filters);
      const value = (key: string, column: string) => count(`by#${dimension}#${key}#${column}`);
      const table =
        dimension === 'vulnerability'
          ? stepsTable(keys, ['intakes', 'placed'], value, threshold, [
              primary(intakes, threshold),
              primary(placed, threshold),
            ])
          : partitionTable(keys, ['intakes', 'placed'], value, threshold);
      return [dimension, table];
    }),
  ) as Record<string, IndicatorTable>;

  const months = [...byMonth.keys()].sort();
  const monthly = partitionTable(
    months,
    ['intakes', 'placed'],
    (month, column) => count(column === 'intakes' ? 'reached#intake' : 'placed', byMonth.get(month)),
    threshold,
  );

  const decentGroups: [string, string][][] = [
    [
      ['cnss-yes', 'cnss#yes'],
      ['cnss-no', 'cnss#no'],
    ],
    workingTimes.map((t) => [t, `time#${t}`]),
    incomeBands.map((b) => [`income-${b}`, `income#${b}`]),
  ];
  const decentRows = decentGroups.flatMap((group) => {
    const list = protectList(
      group.map(([, fact]) => count(fact)),
      threshold,
    );
    return group.map(([key], i) => ({ key, cells: [list.cells[i] ?? { suppressed: true as const }] }));
  });

  const offerDemand = offerDemandTable(reading, filters, threshold);

  return {
    generatedAt: now.toISOString(),
    smallCellMin: threshold,
    filters,
    headline: {
      intakes: primary(intakes, threshold),
      placed: primary(placed, threshold),
      placementRate: rate(placed, count('ended'), threshold),
      womenShare: rate(count('by#sex#F#intakes'), intakes, threshold),
      youthShare: rate(count('by#ageBand#15-24#intakes'), intakes, threshold),
      retention6: rate(count('inWork#6'), count('followed#6'), threshold),
      retention12: rate(count('inWork#12'), count('followed#12'), threshold),
      medianDaysToPlacement: medianDays(total, threshold),
      outcomeCompleteness: rate(count('ended-outcome'), count('ended'), threshold),
    },
    funnel: stepsTable(funnelStages, ['count'], (stage) => count(`reached#${stage}`), threshold),
    outcomes: partitionTable(placementOutcomes, ['count'], (o) => count(`outcome#${o}`), threshold),
    dropouts: partitionTable(
      [...dropoutReasons, 'no-show', 'no-coach-available'],
      ['count'],
      (reason) => count(`dropout#${reason}`),
      threshold,
    ),
    monthly,
    breakdowns,
    ...(filters.region
      ? {}
      : {
          regions: partitionTable(
            regions.map((r) => r.code),
            ['intakes', 'placed'],
            (region, column) =>
              count(column === 'intakes' ? 'reached#intake' : 'placed', byRegion.get(region) ?? new Map()),
            threshold,
          ),
        }),
    retention: stepsTable(
      ['3', '6', '12'],
      ['followed', 'inWork'],
      (month, column) => count(`${column === 'followed' ? 'followed' : 'inWork'}#${month}`),
      threshold,
    ),
    decentWork: { columns: ['placed'], rows: decentRows, columnTotals: [primary(placed, threshold)] },
    timeToPlacement: partitionTable(
      timeToPlacementSteps,
      ['placed'],
      (step) => count(`ttp#${step}`),
      threshold,
    ),
    offerDemand,
    stageTimes: stageTimesTable(total, threshold),
    health: {
      waitingForCoach: primary(reading.waitingForCoach, threshold),
      overdueTasks: primary(reading.overdueTasks, threshold),
      ...(reading.coaches ? { caseload: caseloadOf(reading.coaches, threshold) } : {}),
    },
  };
}

/** The middle day of each step of `phaseDaySteps` (the open `180+`: its first day). */
const phaseStepMiddles = [3, 10, 22, 45, 75, 135, 180];

/**
 * The time in each stage: each phase a protected list of the journeys that left it, by days spent
 * (the total beside it), and the median as the middle of its step — null when the phase's total is
 * hidden or under the threshold (a median of a few people says too much of them).
 */
function stageTimesTable(counts: ReadonlyMap<string, number>, threshold: number): StageTimesTable {
  return {
    columns: [...phaseDaySteps],
    rows: journeyPhases.map((phase) => {
      const values = phaseDaySteps.map((step) => counts.get(`phase#${phase}#${step}`) ?? 0);
      const list = protectList(values, threshold);
      const total = values.reduce((a, b) => a + b, 0);
      let seen = 0;
      const median = values.findIndex((value) => {
        seen += value;
        return seen * 2 >= total;
      });
      return {
        key: phase,
        cells: list.cells,
        total: list.total,
        medianDays: 'count' in list.total && total >= threshold ? (phaseStepMiddles[median] ?? null) : null,
      };
    }),
    columnTotals: [],
  };
}

/**
 * The offer against the demand by sector, for the view's region, province and months: seats and
 * positions as published by partners (not people: shown as they are), the beneficiaries who asked
 * for the sector (people: a protected list). Sex and age filters do not apply to it.
 */
function offerDemandTable(
  reading: Pick<IndicatorReading, 'offerDemand' | 'offerDemandTotals'>,
  filters: IndicatorFilters,
  threshold: number,
): IndicatorTable {
  if (reading.offerDemandTotals && (filters.province || filters.from || filters.to)) {
    throw new Error(
      'The offer–demand totals hold no province nor month: this view reads the monthly counters',
    );
  }
  const cells: {
    region: string;
    province?: string;
    sector: string;
    month?: string;
    measure: string;
    count: number;
  }[] = reading.offerDemandTotals
    ? reading.offerDemandTotals.flatMap((c) => {
        const total = cellOfTotalKey(c.sk);
        return total ? [{ ...total, count: c.count }] : [];
      })
    : reading.offerDemand.flatMap((c) => {
        const cell = cellOfKey(c.sk);
        return cell ? [{ ...cell, count: c.count }] : [];
      });
  const sums = new Map<string, { seats: number; positions: number; aspirations: number }>();
  for (const cell of cells) {
    if (filters.region && cell.region !== filters.region) continue;
    if (filters.province && cell.province !== filters.province) continue;
    const month = cell.month ?? '';
    if ((filters.from && month < filters.from) || (filters.to && month > filters.to)) continue;
    if (cell.measure !== 'seats' && cell.measure !== 'positions' && cell.measure !== 'aspirations') continue;
    const sum = sums.get(cell.sector) ?? { seats: 0, positions: 0, aspirations: 0 };
    sum[cell.measure] += cell.count;
    sums.set(cell.sector, sum);
  }
  const keys = sectors.filter((s) => sums.has(s));
  const of = (sector: string) => sums.get(sector) ?? { seats: 0, positions: 0, aspirations: 0 };
  const aspirations = protectList(
    keys.map((s) => of(s).aspirations),
    threshold,
  );
  const sum = (measure: 'seats' | 'positions') => keys.reduce((a, s) => a + of(s)[measure], 0);
  return {
    columns: ['seats', 'positions', 'aspirations'],
    rows: keys.map((sector, i) => ({
      key: sector,
      cells: [
        { count: of(sector).seats },
        { count: of(sector).positions },
        aspirations.cells[i] ?? { suppressed: true as const },
      ],
    })),
    columnTotals: [{ count: sum('seats') }, { count: sum('positions') }, aspirations.total],
  };
}

/** The coaches' caseloads against their capacity, for the view's regions. */
function caseloadOf(
  coaches: readonly { followed: number; capacity: number }[],
  threshold: number,
): NonNullable<Indicators['health']['caseload']> {
  const followed = coaches.reduce((a, c) => a + c.followed, 0);
  const capacity = coaches.reduce((a, c) => a + c.capacity, 0);
  return {
    coaches: coaches.length,
    followed: primary(followed, threshold),
    capacity,
    // A share of places, not of people: hidden only with the count it is made of.
    use:
      capacity === 0 || (followed > 0 && followed < threshold)
        ? { suppressed: true }
        : { rate: Math.round((Math.min(followed, capacity) * 1000) / capacity) / 10 },
  };
}
