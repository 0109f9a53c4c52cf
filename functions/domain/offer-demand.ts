/**
 * The training offer against the demand, as the governance boards weigh it: by region, province,
 * sector and month, the offers and their seats (providers), the labour needs and their positions
 * (employers), and the beneficiaries who asked for that sector at intake (aspirations).
 *
 * Each is a counter of the aggregates table in the partition `offerDemand`, keyed
 * `<region>#<province>#<sector>#<YYYY-MM>#<measure>`: an offer counts in the month it starts, a
 * need in the month its period starts, an aspiration in the month of the intake. Offers and needs
 * change (seats edited, a need moved to another province): each change of one is counted as the
 * difference between what it was and what it is (`supplyChange`), so the counters always say what
 * the offers and needs say now.
 *
 * Beside them, their totals over every month by region, sector and measure (the partition
 * `offerDemandTotal`, keyed `<region>#<sector>#<measure>`), which the summary reads: their number
 * does not grow with the months. Each writer adds to a monthly counter and to its total in the same
 * transaction, and marks on the monthly counter how much of it is in the total (`inTotals`), so
 * that counts written before the totals existed are folded in once (`foldIntoTotal`). Plain rules,
 * no AWS.
 */
import * as z from 'zod';
import { sectors } from './coach-task';
import { regions } from './reference-data';

export const OFFER_DEMAND = 'offerDemand';
/** The totals of the monthly counters over every month (see above). */
export const OFFER_DEMAND_TOTALS = 'offerDemandTotal';
/**
 * The totals partition's item that says the totals hold every count: written once the counters of
 * earlier versions are folded in. It sorts before every total (region codes are letters).
 */
export const TOTALS_READY_SK = '!ready';

export const measures = ['offers', 'seats', 'needs', 'positions', 'aspirations'] as const;
export type Measure = (typeof measures)[number];

/** Where a counter sits: a cell of region, province, sector and month. */
export interface Cell {
  region: string;
  province: string;
  sector: string;
  /** YYYY-MM. */
  month: string;
}

export function offerDemandKey(cell: Cell, measure: Measure): string {
  return `${cell.region}#${cell.province}#${cell.sector}#${cell.month}#${measure}`;
}

export function cellOfKey(sk: string): (Cell & { measure: Measure }) | undefined {
  const [region, province, sector, month, measure] = sk.split('#');
  if (!region || !province || !sector || !month || !(measures as readonly string[]).includes(measure ?? ''))
    return undefined;
  return { region, province, sector, month, measure: measure as Measure };
}

/** The reference items counted, as their stream images read (other attributes ignored). */
const offerImage = z.object({
  kind: z.literal('training-offer'),
  region: z.string().min(1),
  province: z.string().min(1),
  sector: z.string().min(1),
  startDate: z.string().regex(/^\d{4}-\d{2}/),
  seats: z.number().int().min(0),
});
const needImage = z.object({
  kind: z.literal('labour-need'),
  region: z.string().min(1),
  province: z.string().min(1),
  sector: z.string().min(1),
  periodStart: z.string().regex(/^\d{4}-\d{2}/),
  positions: z.number().int().min(0),
});

/** The kinds of reference item the offer–demand counters follow. */
export const SUPPLY_KINDS = ['training-offer', 'labour-need'] as const;

/** What one reference item adds to the counters: an offer its seats, a need its positions. */
export function supplyOf(item: unknown): Map<string, number> {
  const counted = new Map<string, number>();
  const offer = offerImage.safeParse(item);
  if (offer.success) {
    const cell = { ...offer.data, month: offer.data.startDate.slice(0, 7) };
    counted.set(offerDemandKey(cell, 'offers'), 1);
    counted.set(offerDemandKey(cell, 'seats'), offer.data.seats);
    return counted;
  }
  const need = needImage.safeParse(item);
  if (need.success) {
    const cell = { ...need.data, month: need.data.periodStart.slice(0, 7) };
    counted.set(offerDemandKey(cell, 'needs'), 1);
    counted.set(offerDemandKey(cell, 'positions'), need.data.positions);
  }
  return counted;
}

/**
 * What a change of one item (created: no `before`; deleted: no `after`) adds to each counter; only
 * counters that change (seats taken by journeys, a title edited: nothing).
 */
export function supplyChange(before: unknown, after: unknown): { sk: string; by: number }[] {
  const changes = new Map(supplyOf(after));
  for (const [sk, count] of supplyOf(before)) changes.set(sk, (changes.get(sk) ?? 0) - count);
  return [...changes]
    .filter(([, by]) => by !== 0)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([sk, by]) => ({ sk, by }));
}

/** The total a monthly counter adds to (its region, sector and measure), if its key is one. */
export function totalKeyOf(sk: string): string | undefined {
  const cell = cellOfKey(sk);
  return cell && `${cell.region}#${cell.sector}#${cell.measure}`;
}

/**
 * What changes of monthly counters add to the totals: summed per total (a need moved to another
 * province of its region changes none), those that stay as they are left out — a transaction may
 * not name one item twice.
 */
export function totalChanges(changes: readonly { sk: string; by: number }[]): { sk: string; by: number }[] {
  const totals = new Map<string, number>();
  for (const { sk, by } of changes) {
    const total = totalKeyOf(sk);
    if (total) totals.set(total, (totals.get(total) ?? 0) + by);
  }
  return [...totals]
    .filter(([, by]) => by !== 0)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([sk, by]) => ({ sk, by }));
}

/**
 * What folding a monthly counter into its total adds to the total: the part of its count no writer
 * added to the total (counted before the totals existed). Nothing for a counter in step.
 */
export function foldIntoTotal(counter: { count?: number; inTotals?: number }): number {
  return (counter.count ?? 0) - (counter.inTotals ?? 0);
}

/** The counter an intake adds to: its sector of interest, where it was asked. */
export function aspirationKey(event: {
  region: string;
  province: string;
  sector?: string;
  occurredAt: string;
}): string | undefined {
  if (!event.sector) return undefined;
  return offerDemandKey(
    { ...event, sector: event.sector, month: event.occurredAt.slice(0, 7) },
    'aspirations',
  );
}

/** One row of the published gap: a region's sector, what is offered, needed and asked. */
export interface OfferDemandRow {
  region: string;
  sector: string;
  offers: number;
  seats: number;
  needs: number;
  positions: number;
  /** Beneficiaries who asked for this sector: people, so a count under the small-cell threshold is not published. */
  aspirations: number | { suppressed: true };
}

export interface OfferDemand {
  /** The months counted (YYYY-MM, inclusive); absent: every month. */
  from?: string;
  to?: string;
  rows: OfferDemandRow[];
}

export interface OfferDemandCounter {
  sk: string;
  count: number;
}

/**
 * The gap by region and sector (provinces summed), over the months asked, in the order of the
 * regions and the sector list; sectors with nothing offered, needed or asked are left out.
 * Aspirations count people: from 1 to `smallCellMin - 1` they are published as suppressed.
 */
export function offerDemandByRegionAndSector(
  counters: readonly OfferDemandCounter[],
  smallCellMin: number,
  months: { from?: string; to?: string } = {},
): OfferDemand {
  const sums = new Map<string, Record<Measure, number>>();
  for (const counter of counters) {
    const cell = cellOfKey(counter.sk);
    if (!cell) continue;
    if ((months.from && cell.month < months.from) || (months.to && cell.month > months.to)) continue;
    addTo(sums, `${cell.region}#${cell.sector}`, cell.measure, counter.count);
  }
  return {
    ...(months.from ? { from: months.from } : {}),
    ...(months.to ? { to: months.to } : {}),
    rows: rowsOf(sums, smallCellMin),
  };
}

/** Where a total sits (its region, sector and measure), if its key is one. */
export function cellOfTotalKey(sk: string): { region: string; sector: string; measure: Measure } | undefined {
  const [region, sector, measure, ...rest] = sk.split('#');
  if (!region || !sector || rest.length > 0 || !(measures as readonly string[]).includes(measure ?? ''))
    return undefined;
  return { region, sector, measure: measure as Measure };
}

/** The gap over every month from the totals (the same rows as the monthly counters give, fewer reads). */
export function offerDemandFromTotals(
  counters: readonly OfferDemandCounter[],
  smallCellMin: number,
): OfferDemand {
  const sums = new Map<string, Record<Measure, number>>();
  for (const counter of counters) {
    const total = cellOfTotalKey(counter.sk);
    if (total) addTo(sums, `${total.region}#${total.sector}`, total.measure, counter.count);
  }
  return { rows: rowsOf(sums, smallCellMin) };
}

function addTo(
  sums: Map<string, Record<Measure, number>>,
  key: string,
  measure: Measure,
  count: number,
): void {
  const sum = sums.get(key) ?? { offers: 0, seats: 0, needs: 0, positions: 0, aspirations: 0 };
  sum[measure] += count;
  sums.set(key, sum);
}

function rowsOf(sums: ReadonlyMap<string, Record<Measure, number>>, smallCellMin: number): OfferDemandRow[] {
  const rows: OfferDemandRow[] = [];
  for (const region of regions) {
    for (const sector of sectors) {
      const sum = sums.get(`${region.code}#${sector}`);
      if (!sum || measures.every((m) => sum[m] === 0)) continue;
      rows.push({
        region: region.code,
        sector,
        offers: sum.offers,
        seats: sum.seats,
        needs: sum.needs,
        positions: sum.positions,
        aspirations:
          sum.aspirations > 0 && sum.aspirations < smallCellMin ? { suppressed: true } : sum.aspirations,
      });
    }
  }
  return rows;
}
