/**
 * The dashboard as a CSV file (GET /dashboard/export.csv, same filters as the page): what the page
 * shows, in the page's language, for a spreadsheet. RFC 4180 — comma-separated, CRLF line ends,
 * fields quoted when they hold a comma, a quote or a line break — in UTF-8 with a byte order mark,
 * so spreadsheet programs read Arabic right. Text a spreadsheet would take for a formula (starting
 * with =, +, -, @, a tab or a carriage return) gets a leading apostrophe.
 *
 * Layout: the title, the scope, period, filters and date, the note on hidden values; then the
 * headline figures; then every table of the page one after another — a line naming it, its header
 * row, its rows, its totals (where the page has them), a blank line. Counts are plain numbers;
 * hidden values are written as the page's hidden mark.
 */
import type { Principal } from '../domain/access';
import type { Indicators, PublishedCell } from '../domain/indicators';
import type { Lang } from '../domain/reference-data';
import { UTF8_BOM } from '../domain/catalogue';
import { translator } from '../commons/i18n';
import { countOf, dashboardTables, describeScope, headlineTiles, isNationalView } from './governance-page';

/** One field: quoted when needed (RFC 4180), formula-like text neutralised (OWASP). */
export function csvCell(value: string | number): string {
  if (typeof value === 'number') return String(value);
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const csvLine = (cells: readonly (string | number)[]): string => cells.map(csvCell).join(',');

export interface DashboardCsv {
  /** `kafaat-dashboard-<scope>-<day>.csv`, e.g. `kafaat-dashboard-ORI-2026-06-15.csv`. */
  fileName: string;
  /** The file's text, starting with the byte order mark. */
  body: string;
}

export function dashboardCsv(lang: Lang, indicators: Indicators, principal?: Principal): DashboardCsv {
  const t = translator(lang);
  const hidden = t('dashboard.hidden');
  const value = (cell: PublishedCell | undefined) => countOf(cell) ?? hidden;
  const described = describeScope(lang, indicators.filters, principal);
  const lines: (string | number)[][] = [
    [t('dashboard.csv.title')],
    [t('dashboard.scopeLabel'), described.scope],
    [t('dashboard.periodLabel'), described.period],
    [t('dashboard.filters.applied'), described.others],
    [t('dashboard.updated'), indicators.generatedAt],
    [t('dashboard.hiddenNote', { min: indicators.smallCellMin })],
    [],
    [t('dashboard.tiles.title')],
    [t('dashboard.csv.indicator'), t('dashboard.csv.value')],
    ...headlineTiles(lang, indicators).map((tile) => [
      tile.unit === '%'
        ? t('dashboard.csv.percent', { label: tile.label })
        : tile.unit === 'days'
          ? t('dashboard.csv.days', { label: tile.label })
          : tile.label,
      tile.raw,
    ]),
  ];
  for (const view of dashboardTables(lang, indicators, isNationalView(principal))) {
    lines.push([], [view.title]);
    if (view.rows.length === 0) {
      lines.push([t('dashboard.notAvailable')]);
      continue;
    }
    lines.push([view.rowHeader, ...view.columns.map((c) => c.label)]);
    for (const row of view.rows) lines.push([row.label, ...view.columns.map((_, i) => value(row.cells[i]))]);
    if (view.totals)
      lines.push([t('dashboard.total'), ...view.columns.map((_, i) => value(view.totals?.[i]))]);
    if (view.note) lines.push([view.note]);
  }
  return {
    fileName: `kafaat-dashboard-${described.code}-${indicators.generatedAt.slice(0, 10)}.csv`,
    body: UTF8_BOM + lines.map(csvLine).join('\r\n') + '\r\n',
  };
}
