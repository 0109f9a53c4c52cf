/**
 * The governance indicators as published (`GET /api/dashboard/indicators` and the dashboard page):
 * every count of people goes through disclosure control (domain/disclosure.ts) before it leaves,
 * every rate through `publishRate`. This file is the contract between the data and the page.
 */
import type { PublishedCell, PublishedRate } from './disclosure';
import type { FieldError } from './errors';
import { NATIONAL } from './access';
import { provinces, regions } from './reference-data';

export type { PublishedCell, PublishedRate };

/** The age bands the boards read (the profile's finer bands grouped). */
export const boardAgeBands = ['15-24', '25-34', '35+'] as const;
export type BoardAgeBand = (typeof boardAgeBands)[number];

/** What a view is filtered by; each absent is "all". Months are YYYY-MM, inclusive. */
export interface IndicatorFilters {
  region?: string;
  province?: string;
  from?: string;
  to?: string;
  sex?: 'F' | 'M';
  ageBand?: BoardAgeBand;
}

/**
 * A table as published: one row per key (in the order the page shows them), one value per column,
 * and each column's total — each a count or hidden. Each column is protected as a list of its own
 * (its cells and its total): the columns measure different things (intakes, placed), so a row has
 * no total; `rows[].total` and `grandTotal` are there only for one-column tables (the same as the
 * row's cell and the column's total).
 */
export interface IndicatorTable {
  /** Column codes (e.g. `intakes`, `placed`); the page names them in its language. */
  columns: string[];
  rows: { key: string; cells: PublishedCell[]; total?: PublishedCell }[];
  columnTotals: PublishedCell[];
  grandTotal?: PublishedCell;
}

export interface Indicators {
  generatedAt: string;
  smallCellMin: number;
  /** The filters applied (a region's board: its region always). */
  filters: IndicatorFilters;
  headline: {
    intakes: PublishedCell;
    placed: PublishedCell;
    /** Placed of those whose journey ended (placed, not placed, dropout, unanswered), in %. */
    placementRate: PublishedRate;
    /** Women among intakes, in %. */
    womenShare: PublishedRate;
    /** 15–24 among intakes, in %. */
    youthShare: PublishedRate;
    /** Still in work or business at the 6- and 12-month follow-ups, of those followed up, in %. */
    retention6: PublishedRate;
    retention12: PublishedRate;
    /** Days from intake to placement: the median (by 30-day steps), null when not published. */
    medianDaysToPlacement: number | null;
    /** Ended journeys with a recorded outcome (placed or not placed), in %. */
    outcomeCompleteness: PublishedRate;
  };
  /** Rows: the journey's steps in order; one column `count`. */
  funnel: IndicatorTable;
  /** Rows: placement outcomes; one column `count`. */
  outcomes: IndicatorTable;
  /** Rows: dropout reasons; one column `count`. */
  dropouts: IndicatorTable;
  /** Rows: months (YYYY-MM); columns `intakes`, `placed`. */
  monthly: IndicatorTable;
  /**
   * Rows: the values of a dimension; columns `intakes`, `placed`. Dimensions: `sex`, `ageBand`,
   * `province`, `education`, `sector`, `vulnerability`, `track`.
   */
  breakdowns: Record<string, IndicatorTable>;
  /** National views only: rows regions; columns `intakes`, `placed`. */
  regions?: IndicatorTable;
  /** Rows `3`, `6`, `12`; columns `followed`, `inWork`. */
  retention: IndicatorTable;
  /** Rows `cnss-yes`, `cnss-no`, `full-time`, `part-time`, and income bands `income-<band>`; column `placed`. */
  decentWork: IndicatorTable;
  /** Rows: 30-day steps from intake to placement (`0-29`, `30-59`, …, `360+`); column `placed`. */
  timeToPlacement: IndicatorTable;
  /** Rows: sectors; columns `seats`, `positions`, `aspirations` (aspirations are people: protected). */
  offerDemand: IndicatorTable;
  /**
   * (Added) Time in each stage: rows the journey's phases (`waiting-for-coach`, `interview`,
   * `coaching`, `training`: domain/journey-events.ts `journeyPhases`), columns the steps of days
   * spent in them (`0-6`, `7-13`, `14-29`, `30-59`, `60-89`, `90-179`, `180+`), counted when a
   * journey leaves the phase (in the month it leaves it). Each row is a protected list with its
   * total (the journeys that left the phase), and its median days.
   */
  stageTimes?: StageTimesTable;
  /** Process health: journeys waiting for a coach now, tasks overdue now (counts of people). */
  health: {
    waitingForCoach: PublishedCell;
    overdueTasks: PublishedCell;
    /**
     * (Added) The coaches of the view's regions now: how many, the beneficiaries they follow
     * (people: protected) and their capacity in all, and the share of it in use (%).
     */
    caseload?: { coaches: number; followed: PublishedCell; capacity: number; use: PublishedRate };
  };
}

/**
 * The time in each stage: per phase (a row), the journeys that left it by days spent (the cells,
 * one per step of days), their total, and the median days — the middle of the median's step
 * (`180+`: 180), null when the total is under the threshold or hidden. No column totals: the rows
 * count different things, so no sum across them is published.
 */
export interface StageTimesTable {
  columns: string[];
  rows: { key: string; cells: PublishedCell[]; total: PublishedCell; medianDays: number | null }[];
  columnTotals: PublishedCell[];
}

// ------------------------------------------------------------------------------------------------
// Counting: what one journey event adds to the indicator counters.

/** The aggregates table's partitions of the indicators start so: `ind#<scope>#<YYYY-MM>`. */
export const INDICATORS = 'ind';
/** The months that have counters, by region: `ind-months`, sort key `<region>#<YYYY-MM>`. */
export const INDICATOR_MONTHS = 'ind-months';
/** "Every value" of the sex or the age band, in a counter's key (see `indicatorKeys`). */
export const ANY = '*';

/** The profile's finer age bands, grouped as the boards read them. */
export function boardAgeBandOf(ageBand: string): BoardAgeBand {
  if (ageBand === '15-17' || ageBand === '18-24') return '15-24';
  if (ageBand === '25-34') return '25-34';
  return '35+';
}

/** Days from intake to placement, in 30-day steps: `0-29`, `30-59`, … `330-359`, `360+`. */
export const timeToPlacementSteps = [
  ...Array.from({ length: 12 }, (_, i) => `${i * 30}-${i * 30 + 29}`),
  '360+',
] as const;

export function timeToPlacementStep(days: number): string {
  const step = Math.floor(Math.max(0, days) / 30);
  return step >= 12 ? '360+' : `${step * 30}-${step * 30 + 29}`;
}

/** The steps of the funnel, in order: each counts the people who reached it (first time). */
export const funnelStages = [
  'intake',
  'coach-assigned',
  'interviewed',
  'coaching-session',
  'training-enrolled',
  'trained',
  'placed',
] as const;

/** Journey ends: whatever the way (placed, not placed, dropout, closed unanswered). */
const endingStages = ['placed', 'not-placed', 'dropout', 'unanswered'];

/** The breakdowns the boards read, for intakes and placements. */
export const breakdownDimensions = [
  'sex',
  'ageBand',
  'province',
  'education',
  'sector',
  'vulnerability',
  'track',
] as const;
export type BreakdownDimension = (typeof breakdownDimensions)[number];

/** What an indicator counter is counted from: a journey event, as the stream gives it. */
export interface CountedJourneyEvent {
  stage: string;
  region: string;
  province: string;
  sex: string;
  ageBand: string;
  educationLevel: string;
  sector?: string;
  occurrence?: number;
  journey?: number;
  outcome?: string;
  reason?: string;
  work?: { workStatus?: string; cnssDeclared?: string; workingTime?: string; incomeBand?: string };
  /** On intake and placement events: the vulnerability factors (codes) and the recommended track. */
  vulnerability?: readonly string[];
  track?: string;
  /** On a placement event: days from the journey's start, on the platform's clock. */
  daysToPlacement?: number;
  /** On an event ending a phase of the journey: the phase and the days spent in it. */
  leftPhase?: string;
  daysInPhase?: number;
  occurredAt: string;
}

/** The facts one event adds 1 to (the same whatever the view's filters). */
export function indicatorFacts(event: CountedJourneyEvent): string[] {
  const facts: string[] = [];
  const first = (event.occurrence ?? 1) === 1 && (event.journey ?? 1) === 1;
  if (first) facts.push(`reached#${event.stage}`);
  if (event.stage === 'placed') facts.push('placed');
  if (event.outcome && (event.stage === 'placed' || event.stage === 'not-placed'))
    facts.push(`outcome#${event.outcome}`);
  if (event.stage === 'dropout' && event.reason) facts.push(`dropout#${event.reason}`);
  if (endingStages.includes(event.stage)) facts.push('ended');
  if (event.stage === 'placed' || event.stage === 'not-placed') facts.push('ended-outcome');
  const work = event.work ?? {};
  if (event.stage === 'follow-up' && event.occurrence !== undefined) {
    facts.push(`followed#${event.occurrence}`);
    if (work.workStatus === 'same' || work.workStatus === 'other') facts.push(`inWork#${event.occurrence}`);
  }
  if (event.stage === 'placed') {
    if (work.cnssDeclared) facts.push(`cnss#${work.cnssDeclared}`);
    if (work.workingTime) facts.push(`time#${work.workingTime}`);
    if (work.incomeBand) facts.push(`income#${work.incomeBand}`);
    if (event.daysToPlacement !== undefined) facts.push(`ttp#${timeToPlacementStep(event.daysToPlacement)}`);
  }
  const measure = event.stage === 'intake' ? 'intakes' : event.stage === 'placed' ? 'placed' : undefined;
  if (measure) {
    const by = (dimension: BreakdownDimension, value: string | undefined) =>
      value ? [`by#${dimension}#${value}#${measure}`] : [];
    facts.push(
      ...by('sex', event.sex),
      ...by('ageBand', boardAgeBandOf(event.ageBand)),
      ...by('province', event.province),
      ...by('education', event.educationLevel),
      ...by('sector', event.sector),
      ...[...new Set(event.vulnerability ?? [])].flatMap((factor) => by('vulnerability', factor)),
      ...by('track', event.track),
    );
  }
  return facts;
}

/**
 * Every counter one event adds 1 to: in its region's and its province's partition of its month,
 * under its own sex and age band (the finest cells) and under any sex and any age band (the
 * totals, which a view without those filters reads alone), and the month's mark for its region. A
 * view filtered by sex or age band sums the finest cells it keeps (`viewCounts`): "any sex" or
 * "any age band" alone is a sum at reading, not a counter, so an event writes half the counters it
 * did when those were counted too.
 */
export function indicatorKeys(event: CountedJourneyEvent): { pk: string; sk: string }[] {
  return keysOf(event, indicatorFacts(event));
}

/** Each fact under the event's region and province: its sex and age band, and any (see above). */
function keysOf(event: CountedJourneyEvent, facts: readonly string[]): { pk: string; sk: string }[] {
  const month = event.occurredAt.slice(0, 7);
  if (facts.length === 0) return [];
  const band = boardAgeBandOf(event.ageBand);
  const keys: { pk: string; sk: string }[] = [{ pk: INDICATOR_MONTHS, sk: `${event.region}#${month}` }];
  for (const scope of [event.region, `${event.region}:${event.province}`]) {
    for (const [sex, age] of [
      [event.sex, band],
      [ANY, ANY],
    ]) {
      for (const fact of facts)
        keys.push({ pk: `${INDICATORS}#${scope}#${month}`, sk: `${sex}#${age}#${fact}` });
    }
  }
  return keys;
}

/** The key prefix of the totals of a partition: any sex, any age band. */
export const TOTALS_PREFIX = `${ANY}#${ANY}#`;

/**
 * A view's counts of one partition (a region's or province's month), by fact, from its cells: a
 * view without a sex or age filter reads the totals (`*#*#…`); one with a filter sums the finest
 * cells it keeps. Counters of one "any" (`F#*#…`, `*#15-24#…`), which events counted before
 * 30 November 2026 also wrote, are sums of the cells beside them: they are skipped.
 */
export function viewCounts(
  cells: readonly { sk: string; count: number }[],
  filters: Pick<IndicatorFilters, 'sex' | 'ageBand'>,
): Map<string, number> {
  const counts = new Map<string, number>();
  if (!filters.sex && !filters.ageBand) {
    for (const { sk, count } of cells) {
      if (sk.startsWith(TOTALS_PREFIX)) counts.set(sk.slice(TOTALS_PREFIX.length), count);
    }
    return counts;
  }
  for (const { sk, count } of cells) {
    const sexEnd = sk.indexOf('#');
    const bandEnd = sk.indexOf('#', sexEnd + 1);
    if (sexEnd < 0 || bandEnd < 0) continue;
    const sex = sk.slice(0, sexEnd);
    const band = sk.slice(sexEnd + 1, bandEnd);
    if (sex === ANY || band === ANY) continue;
    if ((filters.sex && sex !== filters.sex) || (filters.ageBand && band !== filters.ageBand)) continue;
    const fact = sk.slice(bandEnd + 1);
    counts.set(fact, (counts.get(fact) ?? 0) + count);
  }
  return counts;
}

/** Days spent in a phase of the journey, in steps: `0-6`, `7-13`, `14-29`, … `180+`. */
export const phaseDaySteps = ['0-6', '7-13', '14-29', '30-59', '60-89', '90-179', '180+'] as const;
/** Each step's first day, in the order of `phaseDaySteps`. */
const phaseStepStarts = [0, 7, 14, 30, 60, 90, 180];

export function phaseDayStep(days: number): string {
  const whole = Math.max(0, Math.floor(days));
  let step = 0;
  phaseStepStarts.forEach((start, i) => {
    if (whole >= start) step = i;
  });
  return phaseDaySteps[step] ?? '180+';
}

/**
 * The counters of the time in a phase an event carries (`phase#<phase>#<step>`), by region,
 * province, month (the event's: the phase's end), sex and age band as the other indicators; the
 * consumer counts them after the indicators' keys (`countedIndicatorKeys`).
 */
export function phaseTimeKeys(event: CountedJourneyEvent): { pk: string; sk: string }[] {
  if (event.leftPhase === undefined || event.daysInPhase === undefined) return [];
  return keysOf(event, [`phase#${event.leftPhase}#${phaseDayStep(event.daysInPhase)}`]);
}

/**
 * Every indicator counter an event adds 1 to, in the order the consumer counts them in parts of
 * 99: the indicators' keys as they always were, then the time in a phase (each key once). An event
 * counted before the time in each stage existed carried no phase, so its parts are unchanged and a
 * replay adds nothing; the phase's keys fill the last part's room, or a part of their own after it.
 */
export function countedIndicatorKeys(event: CountedJourneyEvent): { pk: string; sk: string }[] {
  const keys = indicatorKeys(event);
  const seen = new Set(keys.map((k) => `${k.pk}|${k.sk}`));
  return [...keys, ...phaseTimeKeys(event).filter((k) => !seen.has(`${k.pk}|${k.sk}`))];
}

// ------------------------------------------------------------------------------------------------
// Reading: the filters of a view.

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/**
 * The filters of a view from a query string (the page's form, the API): every error names its
 * field. A region's board (any role whose region is not national) sees its region whatever is asked.
 */
export function parseIndicatorFilters(
  query: Record<string, string | undefined>,
  principal: { region: string },
): { ok: true; filters: IndicatorFilters } | { ok: false; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const value = (name: string) => {
    const v = query[name]?.trim();
    return v === undefined || v === '' ? undefined : v;
  };
  const national = principal.region === NATIONAL;
  const asked = value('region');
  if (asked !== undefined && !regions.some((r) => r.code === asked))
    errors.push({ field: 'region', message: `Must be one of: ${regions.map((r) => r.code).join(', ')}.` });
  const province = value('province');
  // A province names its region (a national view asking for a province sees that region).
  const region = national ? (asked ?? provinces.find((p) => p.code === province)?.region) : principal.region;
  if (province !== undefined) {
    const known = regions.some((r) => r.code === region);
    const of = provinces.filter((p) => !known || p.region === region);
    if (!of.some((p) => p.code === province))
      errors.push({ field: 'province', message: `Must be one of: ${of.map((p) => p.code).join(', ')}.` });
  }
  const from = value('from');
  const to = value('to');
  for (const [field, month] of [
    ['from', from],
    ['to', to],
  ] as const) {
    if (month !== undefined && !MONTH.test(month))
      errors.push({ field, message: 'Must be a month written YYYY-MM (e.g. "2026-03").' });
  }
  if (from && to && MONTH.test(from) && MONTH.test(to) && to < from)
    errors.push({ field: 'to', message: `Must be on or after from (${from}).` });
  const sex = value('sex');
  if (sex !== undefined && sex !== 'F' && sex !== 'M')
    errors.push({ field: 'sex', message: 'Must be F or M.' });
  const ageBand = value('ageBand');
  if (ageBand !== undefined && !(boardAgeBands as readonly string[]).includes(ageBand))
    errors.push({ field: 'ageBand', message: `Must be one of: ${boardAgeBands.join(', ')}.` });
  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    filters: {
      ...(region ? { region } : {}),
      ...(province ? { province } : {}),
      ...(from ? { from } : {}),
      ...(to ? { to } : {}),
      ...(sex ? { sex: sex as 'F' | 'M' } : {}),
      ...(ageBand ? { ageBand: ageBand as BoardAgeBand } : {}),
    },
  };
}
