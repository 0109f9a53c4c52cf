/**
 * The governance board's dashboard page, from the published indicators (domain/indicators.ts), in
 * French, Arabic (right to left) and English:
 * - a filter form (GET: the filters are in the address, so a view can be shared): region (national
 *   views only), province of the region, months from and to, sex, age band; a link that clears them;
 * - the scope and period the figures are for, a link exporting them as CSV, a print button;
 * - headline tiles, then each chart followed by its data table: funnel, outcomes, dropouts, the
 *   monthly trend, the breakdowns (one per dimension), the regions compared (national views),
 *   retention at 3, 6 and 12 months, decent work, time to placement, offer and demand by sector,
 *   and the time in each stage (its chart: the median days; its table: the steps of days too).
 *
 * The tables hold every figure and need no script; the charts (Apache ECharts, served by the
 * platform: views/dashboard-script.ts) are drawn from the same figures, embedded as JSON. A hidden
 * value (disclosure control) shows as a neutral "hidden" mark, explained once on the page: never
 * "fewer than 5", since a complementary hidden value may be larger. Printed, the page is an A4
 * board report: no form or navigation, the scope and date at the top of every page.
 */
import type { Principal } from '../domain/access';
import { NATIONAL } from '../domain/access';
import type { FieldError } from '../domain/errors';
import {
  boardAgeBands,
  type IndicatorFilters,
  type IndicatorTable,
  type Indicators,
  type PublishedCell,
  type PublishedRate,
  type StageTimesTable,
} from '../domain/indicators';
import {
  educationLevels,
  provinces,
  regions,
  sectors,
  vulnerabilityFactors,
  type Lang,
} from '../domain/reference-data';
import { errorList, escapeHtml, fieldErrorMarkup, localizeFieldErrors, page } from '../commons/html';
import { translator, type Translate } from '../commons/i18n';
import { dashboardScriptTags } from './dashboard-script';

/** The query parameters of the filters, in the order the form shows them. */
export const filterParameters = ['region', 'province', 'from', 'to', 'sex', 'ageBand'] as const;
export type FilterParameter = (typeof filterParameters)[number];

/** The breakdowns' dimensions in the order the page shows them (others the data has follow). */
const dimensionOrder = ['sex', 'ageBand', 'province', 'education', 'sector', 'vulnerability', 'track'];

export type ChartKind = 'bars' | 'columns' | 'line';

/** One table of the page (and of its CSV export), with its values named in the page's language. */
export interface DashboardTable {
  /** `funnel`, `outcomes`, …, `breakdown-sex`: the table's `data-table` and its chart's `data-chart`. */
  id: string;
  title: string;
  /** The first column's header: what a row is. */
  rowHeader: string;
  columns: { code: string; label: string }[];
  rows: { key: string; label: string; cells: PublishedCell[] }[];
  /** The column totals, where adding the rows up means something (not for the funnel's steps). */
  totals?: PublishedCell[];
  chart: ChartKind;
  /** A note under the table. */
  note?: string;
  /** Breakdowns are shown together, under one heading. */
  group?: 'breakdowns';
  /** The columns the chart draws, when not all (the time in each stage: its median only). */
  chartColumns?: string[];
}

/** A headline figure: its label, a short hint, the value shown and the value for a CSV cell. */
export interface Tile {
  code: string;
  label: string;
  hint?: string;
  /** Shown on the page (formatted, or the hidden mark). */
  shown: string;
  /** For a spreadsheet: a number (a rate in %, days), or the hidden mark. */
  raw: number | string;
  unit?: '%' | 'days';
  hidden: boolean;
}

export interface DashboardPageOptions {
  /**
   * The filters could not be applied (parseIndicatorFilters' errors): the page says why, the form
   * shows what was typed (`query`), and the figures are those of `indicators` (no filter).
   */
  errors?: readonly FieldError[];
  query?: Readonly<Record<string, string | undefined>>;
}

/** Whether the person sees every region (a national board, an administrator). */
export function isNationalView(principal: Pick<Principal, 'region'> | undefined): boolean {
  return !principal || principal.region === NATIONAL;
}

/** A cell's count, or undefined when hidden. */
export function countOf(cell: PublishedCell | undefined): number | undefined {
  return cell && 'count' in cell ? cell.count : undefined;
}

export function rateOf(rate: PublishedRate): number | undefined {
  return 'rate' in rate ? rate.rate : undefined;
}

const locale = (lang: Lang) => `${lang}-MA`;

/** "Label : value" in French typography, "Label: value" in Arabic and English. */
const colon = (lang: Lang) => (lang === 'fr' ? '\u202f: ' : ': ');

/** A label the texts may have (a dimension's value): undefined when they have none. */
function textIf(t: Translate, key: string, params: Record<string, string | number> = {}): string | undefined {
  const missing = '\u0000';
  const text = t(key, { ...params, defaultValue: missing });
  return typeof text === 'string' && text !== missing && text !== key ? text : undefined;
}

const capitalized = (lang: Lang, text: string) =>
  text.length === 0 ? text : text.charAt(0).toLocaleUpperCase(locale(lang)) + text.slice(1);

/** A month (YYYY-MM) as the reader reads it: "janvier 2026", "يناير 2026". */
export function monthLabel(lang: Lang, month: string): string {
  const match = /^(\d{4})-(\d{2})$/.exec(month);
  if (!match) return month;
  return new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, 1)).toLocaleDateString(locale(lang), {
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });
}

const named = (list: readonly { code: string; name: Record<Lang, string> }[], code: string, lang: Lang) =>
  list.find((item) => item.code === code)?.name[lang];

/**
 * A row's key in words, by what the table's rows are: the reference data's names, the texts of
 * the stages, outcomes, tracks, income bands; the key itself when nothing names it.
 */
export function rowLabel(lang: Lang, kind: string, key: string): string {
  const t = translator(lang);
  if (key === 'unknown') return t('dashboard.unknown');
  const label = ((): string | undefined => {
    switch (kind) {
      case 'funnel':
        return textIf(t, `dashboard.stage.${key}`);
      case 'outcomes':
        return textIf(t, `dashboard.outcome.${key}`);
      case 'dropouts': {
        const reason =
          textIf(t, `caseload.entries.dropoutReasons.${key}`) ??
          textIf(t, `placement.noPlacementReasons.${key}`);
        return reason === undefined ? undefined : capitalized(lang, reason);
      }
      case 'monthly':
        return monthLabel(lang, key);
      case 'regions':
        return named(regions, key, lang);
      case 'retention':
        return textIf(t, `placement.months.${key}`) ?? textIf(t, 'placement.monthsAny', { n: key });
      case 'decentWork': {
        if (key.startsWith('income-')) {
          const band = textIf(t, `placement.incomeBands.${key.slice('income-'.length)}`);
          return band === undefined ? undefined : t('dashboard.decentWorkRows.income', { band });
        }
        return textIf(t, `dashboard.decentWorkRows.${key}`) ?? textIf(t, `placement.workingTimes.${key}`);
      }
      case 'timeToPlacement':
        return daysLabel(t, key);
      case 'stageTimes':
        return textIf(t, `dashboard.phases.${key}`);
      case 'offerDemand':
      case 'sector':
        return named(sectors, key, lang);
      case 'sex':
        return textIf(t, `dashboard.sexes.${key}`);
      case 'ageBand':
        return textIf(t, `dashboard.ageBands.${key}`);
      case 'province':
        return named(provinces, key, lang);
      case 'education':
        return named(educationLevels, key, lang);
      case 'vulnerability':
        return key === 'none' ? t('dashboard.none') : named(vulnerabilityFactors, key, lang);
      case 'track':
        return textIf(t, `caseload.profile.tracks.${key}`);
      default:
        return undefined;
    }
  })();
  return label ?? key;
}

/** A step of days (`30-59`, `360+`) in words. */
function daysLabel(t: Translate, key: string): string | undefined {
  const range = /^(\d+)-(\d+)$/.exec(key);
  if (range) return t('dashboard.daysRange', { from: range[1], to: range[2] });
  const open = /^(\d+)\+$/.exec(key);
  return open ? t('dashboard.daysFrom', { from: open[1] }) : undefined;
}

/**
 * The time in each stage: per phase, the journeys by step of days, their number and the median
 * (a number of days, shown as a cell; hidden when not published). The chart draws the medians.
 */
function stageTimesView(lang: Lang, data: StageTimesTable): DashboardTable {
  const t = translator(lang);
  return {
    id: 'stage-times',
    title: t('dashboard.charts.stageTimes'),
    rowHeader: t('dashboard.rowHeaders.stageTimes'),
    columns: [
      ...data.columns.map((code) => ({ code, label: daysLabel(t, code) ?? code })),
      { code: 'journeys', label: t('dashboard.columns.journeys') },
      { code: 'medianDays', label: t('dashboard.columns.medianDays') },
    ],
    rows: data.rows.map((row) => ({
      key: row.key,
      label: rowLabel(lang, 'stageTimes', row.key),
      cells: [
        ...row.cells,
        row.total,
        row.medianDays === null ? { suppressed: true as const } : { count: row.medianDays },
      ],
    })),
    chart: 'bars',
    chartColumns: ['medianDays'],
    note: t('dashboard.stageTimesNote'),
  };
}

function table(
  lang: Lang,
  id: string,
  kind: string,
  data: IndicatorTable,
  options: { title: string; chart: ChartKind; totals: boolean; note?: string; group?: 'breakdowns' },
): DashboardTable {
  const t = translator(lang);
  return {
    id,
    title: options.title,
    rowHeader: textIf(t, `dashboard.rowHeaders.${kind}`) ?? '',
    columns: data.columns.map((code) => ({ code, label: textIf(t, `dashboard.columns.${code}`) ?? code })),
    rows: data.rows.map((row) => ({ key: row.key, label: rowLabel(lang, kind, row.key), cells: row.cells })),
    // A table whose columns have no totals (the data gives none) shows none.
    ...(options.totals && data.columnTotals.length === data.columns.length
      ? { totals: data.columnTotals }
      : {}),
    chart: options.chart,
    ...(options.note ? { note: options.note } : {}),
    ...(options.group ? { group: options.group } : {}),
  };
}

/**
 * Every table the page shows, in its order: the CSV export writes the same ones. Totals are shown
 * where the rows add up (each person in one row); not for the funnel's steps, the follow-ups, the
 * decent-work facts or the vulnerability factors, where one person counts in several rows.
 */
export function dashboardTables(lang: Lang, indicators: Indicators, national: boolean): DashboardTable[] {
  const t = translator(lang);
  const title = (key: string) => t(`dashboard.charts.${key}`);
  const dimensions = [
    ...dimensionOrder.filter((d) => Object.hasOwn(indicators.breakdowns, d)),
    ...Object.keys(indicators.breakdowns).filter((d) => !dimensionOrder.includes(d)),
  ];
  const breakdowns = dimensions.flatMap((dimension) => {
    const data = indicators.breakdowns[dimension];
    if (!data) return [];
    const vulnerability = dimension === 'vulnerability';
    return [
      table(lang, `breakdown-${dimension}`, dimension, data, {
        title: textIf(t, `dashboard.breakdownTitles.${dimension}`) ?? dimension,
        chart: 'bars',
        totals: !vulnerability,
        group: 'breakdowns',
        ...(vulnerability ? { note: t('dashboard.vulnerabilityNote') } : {}),
      }),
    ];
  });
  return [
    table(lang, 'funnel', 'funnel', indicators.funnel, {
      title: title('funnel'),
      chart: 'bars',
      totals: false,
    }),
    table(lang, 'outcomes', 'outcomes', indicators.outcomes, {
      title: title('outcomes'),
      chart: 'bars',
      totals: true,
    }),
    table(lang, 'dropouts', 'dropouts', indicators.dropouts, {
      title: title('dropouts'),
      chart: 'bars',
      totals: true,
    }),
    table(lang, 'monthly', 'monthly', indicators.monthly, {
      title: title('monthly'),
      chart: 'line',
      totals: true,
    }),
    ...breakdowns,
    ...(national && indicators.regions
      ? [
          table(lang, 'regions', 'regions', indicators.regions, {
            title: title('regions'),
            chart: 'bars',
            totals: true,
          }),
        ]
      : []),
    table(lang, 'retention', 'retention', indicators.retention, {
      title: title('retention'),
      chart: 'columns',
      totals: false,
    }),
    table(lang, 'decent-work', 'decentWork', indicators.decentWork, {
      title: title('decentWork'),
      chart: 'bars',
      totals: false,
    }),
    table(lang, 'time-to-placement', 'timeToPlacement', indicators.timeToPlacement, {
      title: title('timeToPlacement'),
      chart: 'columns',
      totals: true,
    }),
    table(lang, 'offer-demand', 'offerDemand', indicators.offerDemand, {
      title: title('offerDemand'),
      chart: 'bars',
      totals: true,
      note: t('dashboard.offerDemandNote'),
    }),
    ...(indicators.stageTimes ? [stageTimesView(lang, indicators.stageTimes)] : []),
  ];
}

/** The headline figures, in the order of the tiles. */
export function headlineTiles(lang: Lang, indicators: Indicators): Tile[] {
  const t = translator(lang);
  const number = new Intl.NumberFormat(locale(lang));
  const percent = new Intl.NumberFormat(locale(lang), { style: 'percent', maximumFractionDigits: 1 });
  const hidden = t('dashboard.hidden');
  const { headline, health } = indicators;
  const count = (code: string, cell: PublishedCell, hint?: string): Tile => {
    const value = countOf(cell);
    return {
      code,
      label: t(`dashboard.tiles.${code}`),
      ...(hint ? { hint } : {}),
      shown: value === undefined ? hidden : number.format(value),
      raw: value ?? hidden,
      hidden: value === undefined,
    };
  };
  const rate = (code: string, value: PublishedRate, hint: string): Tile => {
    const shown = rateOf(value);
    return {
      code,
      label: t(`dashboard.tiles.${code}`),
      hint,
      shown: shown === undefined ? hidden : percent.format(shown / 100),
      raw: shown ?? hidden,
      unit: '%',
      hidden: shown === undefined,
    };
  };
  const days = headline.medianDaysToPlacement;
  return [
    count('intakes', headline.intakes),
    count('placed', headline.placed),
    rate('placementRate', headline.placementRate, t('dashboard.tiles.placementRateHint')),
    rate('womenShare', headline.womenShare, t('dashboard.tiles.womenShareHint')),
    rate('youthShare', headline.youthShare, t('dashboard.tiles.youthShareHint')),
    rate('retention6', headline.retention6, t('dashboard.tiles.retentionHint')),
    rate('retention12', headline.retention12, t('dashboard.tiles.retentionHint')),
    {
      code: 'medianDays',
      label: t('dashboard.tiles.medianDays'),
      shown: days === null ? hidden : t('dashboard.tiles.medianDaysValue', { count: number.format(days) }),
      raw: days ?? hidden,
      unit: 'days',
      hidden: days === null,
    },
    rate('outcomeCompleteness', headline.outcomeCompleteness, t('dashboard.tiles.outcomeCompletenessHint')),
    count('waitingForCoach', health.waitingForCoach, t('dashboard.tiles.nowHint')),
    count('overdueTasks', health.overdueTasks, t('dashboard.tiles.nowHint')),
    ...(health.caseload
      ? [
          rate(
            'caseload',
            health.caseload.use,
            t('dashboard.tiles.caseloadHint', {
              coaches: number.format(health.caseload.coaches),
              capacity: number.format(health.caseload.capacity),
            }),
          ),
        ]
      : []),
  ];
}

/** What the figures are for, in words: scope (region, province), period, and the other filters. */
export interface ScopeDescription {
  /** The region's name, or "all regions"; with the province's when one is chosen. */
  scope: string;
  period: string;
  /** Sex and age band, when chosen ("none" otherwise). */
  others: string;
  /** For a file name: `ORI`, `ORI-OUJ`, `national`. */
  code: string;
}

export function describeScope(
  lang: Lang,
  filters: IndicatorFilters,
  principal?: Pick<Principal, 'region'>,
): ScopeDescription {
  const t = translator(lang);
  const regionCode = filters.region ?? (isNationalView(principal) ? undefined : principal?.region);
  const region = regionCode ? (named(regions, regionCode, lang) ?? regionCode) : t('dashboard.allRegions');
  const province = filters.province ? (named(provinces, filters.province, lang) ?? filters.province) : '';
  const from = filters.from ? monthLabel(lang, filters.from) : undefined;
  const to = filters.to ? monthLabel(lang, filters.to) : undefined;
  const period =
    from && to
      ? t('dashboard.periodFromTo', { from, to })
      : from
        ? t('dashboard.periodFrom', { from })
        : to
          ? t('dashboard.periodTo', { to })
          : t('dashboard.periodAll');
  const others = [
    ...(filters.sex ? [t(`dashboard.sexes.${filters.sex}`)] : []),
    ...(filters.ageBand ? [t(`dashboard.ageBands.${filters.ageBand}`)] : []),
  ];
  return {
    scope: province ? `${region} — ${province}` : region,
    period,
    others: others.length > 0 ? others.join(' · ') : t('dashboard.filters.none'),
    code: [regionCode ?? 'national', ...(filters.province ? [filters.province] : [])]
      .join('-')
      .replace(/[^A-Za-z0-9-]/g, ''),
  };
}

/** The filters as query parameters (those set), and the language: for links that keep the view. */
export function filterQuery(filters: IndicatorFilters, lang: Lang): string {
  const query = new URLSearchParams();
  for (const name of filterParameters) {
    const value = filters[name];
    if (value) query.set(name, value);
  }
  query.set('lang', lang);
  return query.toString();
}

/** JSON inside a `<script>` element: nothing in it can close the element or start a comment. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** A CSS string (the print header's text): quoted, nothing in it can end the string or the style. */
function cssString(text: string): string {
  return `"${text
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/[\r\n\f]+/g, ' ')
    .replace(/</g, '\\3c ')}"`;
}

const dashboardStyles = `<style>
  .lead { margin-top: 0; }
  .scope { border-inline-start: 4px solid var(--accent); padding: .4rem .8rem; background: #f3f8f6; }
  .filters-box { border: 1px solid var(--line); border-radius: 6px; padding: .25rem 1rem 1rem; margin-top: 1rem; }
  .filters-box h2 { font-size: 1.1rem; margin: .75rem 0 0; }
  .filters-grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(12rem, 1fr)); gap: 0 1rem; }
  .filters-grid label { margin-top: .75rem; }
  .filters-grid .hint { margin: 0; font-size: .8rem; }
  .filter-actions { display: flex; flex-wrap: wrap; align-items: center; gap: .5rem 1.5rem; margin-top: 1rem; }
  .filter-actions button { margin: 0; }
  .filter-actions a, .actions a { display: inline-block; padding: .35rem 0; }
  .actions { display: flex; flex-wrap: wrap; align-items: center; gap: .5rem 1.5rem; margin-top: 1rem; }
  .actions button { margin: 0; }
  .tiles { display: grid; grid-template-columns: repeat(auto-fill, minmax(9.5rem, 1fr)); gap: .75rem; margin: 1rem 0 0; }
  .tile { border: 1px solid var(--line); border-radius: 6px; padding: .6rem .75rem; break-inside: avoid; }
  .tile dt { margin: 0; font-weight: 600; font-size: .9rem; }
  .tile dd { margin: 0; }
  .tile .tile-value { font-size: 1.6rem; font-weight: 700; color: var(--accent); font-variant-numeric: tabular-nums; }
  .tile .tile-value[data-suppressed] { font-size: 1.1rem; color: #555; font-style: italic; }
  .tile .tile-hint { color: #555; font-size: .8rem; }
  .block { margin-top: 2rem; }
  .block h2, .block h3 { margin-bottom: .25rem; }
  /* ECharts places each text itself: its box is left to right; the options mirror it in Arabic. */
  .chart { inline-size: 100%; min-block-size: 8rem; margin-top: .5rem; direction: ltr; }
  .chart svg { max-inline-size: 100%; }
  td[data-suppressed] { color: #555; font-style: italic; }
  tfoot th, tfoot td { font-weight: 700; }
  .print-header { display: none; }
  @page {
    size: A4;
    margin: 18mm 14mm 16mm;
  }
  @media print {
    body { font-size: 10.5pt; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
    body > header, nav.people, .filters-box, .actions, .lead, .scope { display: none !important; }
    main { max-width: none; padding: 0; }
    h1 { font-size: 16pt; margin: 0 0 .25rem; }
    .print-header { display: block; border-block-end: 1px solid var(--line); margin-block-end: .5rem; font-size: 9.5pt; }
    .print-header p { margin: .1rem 0; }
    .tiles { grid-template-columns: repeat(4, 1fr); gap: .4rem; }
    .tile { padding: .3rem .5rem; }
    .tile .tile-value { font-size: 13pt; }
    .block { margin-top: 1rem; }
    .chart { break-inside: avoid; }
    .chart svg { inline-size: 100% !important; block-size: auto !important; }
    .block h2, .block h3 { break-after: avoid; }
    .table-wrap { overflow: visible; }
    table { font-size: 9pt; }
    thead { display: table-header-group; }
    tr { break-inside: avoid; }
    a { color: inherit; text-decoration: none; }
  }
</style>`;

/**
 * The print header on every printed page, where the browser supports page-margin boxes (Chromium
 * since 131): the scope on the reading side, the date on the other, the page number at the bottom.
 * The first page also has `.print-header` in the flow, for browsers without margin boxes.
 */
function printMarginBoxes(lang: Lang, running: string, date: string): string {
  const [start, end] = lang === 'ar' ? ['right', 'left'] : ['left', 'right'];
  const box = 'font: 8.5pt system-ui, "Segoe UI", "Noto Sans Arabic", Tahoma, sans-serif; color: #333;';
  return `<style>
  @page {
    @top-${start} { content: ${cssString(running)}; ${box} }
    @top-${end} { content: ${cssString(date)}; ${box} }
    @bottom-center { content: counter(page) " / " counter(pages); ${box} }
  }
</style>`;
}

function cellHtml(cell: PublishedCell | undefined, number: Intl.NumberFormat, hidden: string): string {
  const value = countOf(cell);
  return value === undefined
    ? `<td class="num" data-suppressed="true">${escapeHtml(hidden)}</td>`
    : `<td class="num">${number.format(value)}</td>`;
}

function tableHtml(lang: Lang, view: DashboardTable, level: 'h2' | 'h3'): string {
  const t = translator(lang);
  const number = new Intl.NumberFormat(locale(lang));
  const hidden = t('dashboard.hidden');
  const heading = `<${level} id="title-${view.id}">${escapeHtml(view.title)}</${level}>`;
  const note = view.note ? `<p class="hint">${escapeHtml(view.note)}</p>` : '';
  if (view.rows.length === 0) {
    return `<section class="block" data-block="${view.id}" aria-labelledby="title-${view.id}">${heading}
<p class="hint" data-table="${view.id}" data-empty="true">${escapeHtml(t('dashboard.notAvailable'))}</p></section>`;
  }
  const head = `<tr><th scope="col">${escapeHtml(view.rowHeader)}</th>${view.columns
    .map((c) => `<th scope="col" data-column="${escapeHtml(c.code)}">${escapeHtml(c.label)}</th>`)
    .join('')}</tr>`;
  const rows = view.rows
    .map(
      (row) =>
        `<tr data-key="${escapeHtml(row.key)}"><th scope="row">${escapeHtml(row.label)}</th>${view.columns
          .map((_, i) => cellHtml(row.cells[i], number, hidden))
          .join('')}</tr>`,
    )
    .join('');
  const totals = view.totals
    ? `<tfoot><tr data-key="total"><th scope="row">${escapeHtml(t('dashboard.total'))}</th>${view.columns
        .map((_, i) => cellHtml(view.totals?.[i], number, hidden))
        .join('')}</tr></tfoot>`
    : '';
  // The chart repeats the table for the eye: screen readers read the table (the chart is hidden
  // from them), and without the script the chart's box stays hidden.
  return `<section class="block" data-block="${view.id}" aria-labelledby="title-${view.id}">${heading}
<div class="chart" data-chart="${view.id}" hidden aria-hidden="true"></div>
<div class="table-wrap" tabindex="0" role="region" aria-labelledby="caption-${view.id}"><table data-table="${view.id}"><caption id="caption-${view.id}">${escapeHtml(view.title)}</caption><thead>${head}</thead><tbody>${rows}</tbody>${totals}</table></div>
${note}</section>`;
}

/** What the page script draws: each table as categories and one series per column. */
function chartData(lang: Lang, tables: readonly DashboardTable[]) {
  return {
    locale: locale(lang),
    hidden: translator(lang)('dashboard.hidden'),
    colon: colon(lang),
    charts: tables
      .filter((view) => view.rows.length > 0)
      .map((view) => ({
        id: view.id,
        kind: view.chart,
        categories: view.rows.map((row) => row.label),
        series: view.columns.flatMap((column, i) =>
          view.chartColumns && !view.chartColumns.includes(column.code)
            ? []
            : [{ name: column.label, values: view.rows.map((row) => countOf(row.cells[i]) ?? null) }],
        ),
      })),
  };
}

function option(code: string, name: string, current: string | undefined): string {
  return `<option value="${escapeHtml(code)}"${code === current ? ' selected' : ''}>${escapeHtml(name)}</option>`;
}

function filterForm(
  lang: Lang,
  t: Translate,
  national: boolean,
  scopeRegion: string | undefined,
  values: Readonly<Record<string, string | undefined>>,
  errors: ReturnType<typeof fieldErrorMarkup>,
): string {
  const value = (name: FilterParameter) => (Object.hasOwn(values, name) ? values[name]?.trim() : undefined);
  const select = (name: FilterParameter, label: string, all: string, options: string) =>
    `<div><label for="${name}">${escapeHtml(label)}</label>
<select id="${name}" name="${name}"${errors.described(name)}><option value="">${escapeHtml(all)}</option>${options}</select>
${errors.fieldError(name)}</div>`;
  const regionField = national
    ? select(
        'region',
        t('dashboard.filters.region'),
        t('dashboard.allRegions'),
        regions.map((r) => option(r.code, r.name[lang], value('region'))).join(''),
      )
    : '';
  const provinceOptions = national
    ? regions
        .map(
          (r) =>
            `<optgroup label="${escapeHtml(r.name[lang])}" data-region="${escapeHtml(r.code)}">${provinces
              .filter((p) => p.region === r.code)
              .map((p) => option(p.code, p.name[lang], value('province')))
              .join('')}</optgroup>`,
        )
        .join('')
    : provinces
        .filter((p) => p.region === scopeRegion)
        .map((p) => option(p.code, p.name[lang], value('province')))
        .join('');
  const month = (name: 'from' | 'to') =>
    `<div><label for="${name}">${escapeHtml(t(`dashboard.filters.${name}`))}</label>
<p class="hint" id="${name}-hint">${escapeHtml(t('dashboard.filters.monthHint'))}</p>
<input type="month" id="${name}" name="${name}" value="${escapeHtml(value(name) ?? '')}" pattern="[0-9]{4}-[0-9]{2}" placeholder="2026-01"${errors.described(name, true)}>
${errors.fieldError(name)}</div>`;
  return `<section class="filters-box" aria-labelledby="filters-title"><h2 id="filters-title">${escapeHtml(t('dashboard.filters.title'))}</h2>
<form method="get" action="/dashboard" role="search" aria-labelledby="filters-title" data-filters>
<input type="hidden" name="lang" value="${lang}">
<div class="filters-grid">
${regionField}
${select('province', t('dashboard.filters.province'), t('dashboard.filters.allProvinces'), provinceOptions)}
${month('from')}
${month('to')}
${select(
  'sex',
  t('dashboard.filters.sex'),
  t('dashboard.filters.allSexes'),
  (['F', 'M'] as const).map((s) => option(s, t(`dashboard.sexes.${s}`), value('sex'))).join(''),
)}
${select(
  'ageBand',
  t('dashboard.filters.ageBand'),
  t('dashboard.filters.allAgeBands'),
  boardAgeBands.map((band) => option(band, t(`dashboard.ageBands.${band}`), value('ageBand'))).join(''),
)}
</div>
<div class="filter-actions"><button type="submit">${escapeHtml(t('dashboard.filters.apply'))}</button>
<a href="/dashboard?lang=${lang}" data-reset>${escapeHtml(t('dashboard.filters.reset'))}</a></div>
</form></section>`;
}

export function governanceDashboardPage(
  lang: Lang,
  indicators: Indicators,
  principal?: Principal,
  options: DashboardPageOptions = {},
): string {
  const t = translator(lang);
  const national = isNationalView(principal);
  const filters = indicators.filters;
  const scopeRegion = filters.region ?? (national ? undefined : principal?.region);
  const described = describeScope(lang, filters, principal);
  const tables = dashboardTables(lang, indicators, national);
  const tiles = headlineTiles(lang, indicators);
  const generated = new Date(indicators.generatedAt).toLocaleString(locale(lang), {
    dateStyle: 'long',
    timeStyle: 'short',
  });
  const figuresOf = t('dashboard.generatedAt', { date: generated });
  const fieldErrors = localizeFieldErrors(lang, options.errors ?? [], options.query ?? {});
  const errors = fieldErrorMarkup(fieldErrors);
  const labels: Record<string, string> = {
    region: t('dashboard.filters.region'),
    province: t('dashboard.filters.province'),
    from: t('dashboard.filters.from'),
    to: t('dashboard.filters.to'),
    sex: t('dashboard.filters.sex'),
    ageBand: t('dashboard.filters.ageBand'),
  };
  const summary = errorList(
    t('dashboard.filters.errorsTitle'),
    fieldErrors.map((e) => ({
      message: `${labels[e.field] ?? e.field}${colon(lang)}${e.message}`,
      ...(Object.hasOwn(labels, e.field) ? { target: e.field } : {}),
    })),
  );
  // The form shows the filters applied, or what was typed when they could not be applied.
  const formValues: Record<string, string | undefined> = options.errors?.length
    ? { ...(options.query ?? {}) }
    : { ...filters };
  const tile = (item: Tile) =>
    `<div class="tile" data-tile="${item.code}"><dt>${escapeHtml(item.label)}</dt><dd class="tile-value"${
      item.hidden ? ' data-suppressed="true"' : ''
    }>${escapeHtml(item.shown)}</dd>${item.hint ? `<dd class="tile-hint">${escapeHtml(item.hint)}</dd>` : ''}</div>`;
  const breakdowns = tables.filter((view) => view.group === 'breakdowns');
  const sections: string[] = [];
  for (const view of tables) {
    if (view.group === 'breakdowns') {
      if (view === breakdowns[0]) {
        sections.push(
          `<section class="block" data-block="breakdowns" aria-labelledby="title-breakdowns"><h2 id="title-breakdowns">${escapeHtml(
            t('dashboard.charts.breakdowns'),
          )}</h2>${breakdowns.map((b) => tableHtml(lang, b, 'h3')).join('\n')}</section>`,
        );
      }
      continue;
    }
    sections.push(tableHtml(lang, view, 'h2'));
  }
  const part = (label: string, value: string) =>
    `<strong>${escapeHtml(label)}</strong>${escapeHtml(colon(lang))}<span>${escapeHtml(value)}</span>`;
  const scopeLine = `<p class="scope" data-scope>${[
    part(t('dashboard.scopeLabel'), described.scope),
    part(t('dashboard.periodLabel'), described.period),
    part(t('dashboard.filters.applied'), described.others),
  ].join(' · ')}</p>`;
  const running = `Kafaat — ${t('dashboard.reportOf')} — ${described.scope} — ${described.period}`;
  const body = `${dashboardStyles}
${printMarginBoxes(lang, running, figuresOf)}
<div class="print-header" data-print-header><p><strong>Kafaat — ${escapeHtml(t('dashboard.reportOf'))}</strong></p><p>${escapeHtml(
    [
      `${t('dashboard.scopeLabel')}${colon(lang)}${described.scope}`,
      `${t('dashboard.periodLabel')}${colon(lang)}${described.period}`,
      `${t('dashboard.filters.applied')}${colon(lang)}${described.others}`,
    ].join(' · '),
  )}</p><p>${escapeHtml(figuresOf)}</p></div>
${summary}
<p class="lead">${escapeHtml(t('dashboard.lead'))}</p>
${scopeLine}
${filterForm(lang, t, national, scopeRegion, formValues, errors)}
<p class="actions"><a href="/dashboard/export.csv?${escapeHtml(filterQuery(filters, lang))}" data-export="csv" download>${escapeHtml(
    t('dashboard.exportCsv'),
  )}</a><button type="button" class="secondary" data-print hidden>${escapeHtml(t('dashboard.printReport'))}</button></p>
<section class="block" data-block="headline" aria-labelledby="title-headline"><h2 id="title-headline">${escapeHtml(
    t('dashboard.tiles.title'),
  )}</h2>
<dl class="tiles">${tiles.map(tile).join('')}</dl></section>
<p class="hint" id="hidden-note">${escapeHtml(t('dashboard.hiddenNote', { min: indicators.smallCellMin }))} ${escapeHtml(
    t('dashboard.tablesNote'),
  )}</p>
${sections.join('\n')}
<p class="hint">${escapeHtml(figuresOf)}</p>
<script type="application/json" id="dashboard-data">${scriptJson(chartData(lang, tables))}</script>
${dashboardScriptTags()}`;
  return page({
    lang,
    title: t('dashboard.title'),
    body,
    selfPath: '/dashboard',
    selfQuery: Object.fromEntries(
      filterParameters.flatMap((name) => (filters[name] ? [[name, filters[name]]] : [])),
    ),
    ...(principal ? { principal } : {}),
  });
}
