/**
 * The governance board's dashboard page: the published summary as tables with bars, in three
 * languages. Every stage of `stages` has its row, with 0 where a summary has no count for it.
 */
import type { DashboardSummary, OutcomeCounts, StageCounts } from '../domain/aggregates';
import type { Principal } from '../domain/access';
import { stages } from '../domain/journey-events';
import { placementOutcomes } from '../domain/coach-task';
import { regions, type Lang } from '../domain/reference-data';
import type { OfferDemand } from '../domain/offer-demand';
import { escapeHtml, page } from '../commons/html';
import { translator } from '../commons/i18n';

export function governanceDashboardPage(
  lang: Lang,
  summary: DashboardSummary,
  principal?: Principal,
): string {
  const t = translator(lang);
  const number = new Intl.NumberFormat(`${lang}-MA`);
  const table = <K extends string>(
    caption: string,
    keys: readonly K[],
    label: (key: K) => string,
    total: Partial<Record<K, number>>,
    perRegion: (r: DashboardSummary['byRegion'][number]) => Partial<Record<K, number>>,
  ) => {
    // A summary published before a stage existed has no count for it: none is 0.
    const count = (counts: Partial<Record<K, number>>, k: K) => counts[k] ?? 0;
    const max = Math.max(1, ...keys.map((k) => count(total, k)));
    const head = `<tr><th scope="col">${escapeHtml(caption)}</th>${summary.byRegion
      .map((r) => `<th scope="col">${escapeHtml(r.name[lang])}</th>`)
      .join('')}<th scope="col">${escapeHtml(t('dashboard.total'))}</th></tr>`;
    const rows = keys
      .map((k) => {
        const cells = summary.byRegion
          .map((r) => `<td class="num">${number.format(count(perRegion(r), k))}</td>`)
          .join('');
        const share = Math.round((count(total, k) / max) * 100);
        return `<tr data-key="${k}"><th scope="row">${escapeHtml(label(k))}</th>${cells}<td class="num">${number.format(count(total, k))}<span class="bar" style="inline-size:${share}%" aria-hidden="true"></span></td></tr>`;
      })
      .join('');
    // On a phone the table scrolls within its own box; the page itself never does sideways.
    return `<div class="table-wrap" tabindex="0"><table><caption>${escapeHtml(caption)}</caption><thead>${head}</thead><tbody>${rows}</tbody></table></div>`;
  };
  const updated = new Date(summary.generatedAt).toLocaleString(`${lang}-MA`, {
    dateStyle: 'long',
    timeStyle: 'short',
  });
  const body = `
<p>${escapeHtml(t('dashboard.intro'))}</p>
${table<(typeof stages)[number]>(
  t('dashboard.stages'),
  stages,
  (s) => t(`dashboard.stage.${s}`),
  summary.totals.stages as StageCounts,
  (r) => r.stages,
)}
${table<(typeof placementOutcomes)[number]>(
  t('dashboard.outcomes'),
  placementOutcomes,
  (o) => t(`dashboard.outcome.${o}`),
  summary.totals.outcomes as OutcomeCounts,
  (r) => r.outcomes,
)}
${offerDemandTable(lang, summary.offerDemand)}
<p class="hint">${escapeHtml(t('dashboard.suppressedNote'))}</p>
<p class="hint">${escapeHtml(t('dashboard.updated'))} ${escapeHtml(updated)} · <a href="/api/dashboard/summary">JSON</a></p>`;
  return page({
    lang,
    title: t('dashboard.title'),
    body,
    selfPath: '/dashboard',
    ...(principal ? { principal } : {}),
  });
}

const supplyColumns = ['offers', 'seats', 'needs', 'positions', 'aspirations'] as const;

/**
 * The offer against the demand: one row per region and sector, seats and positions beside the
 * beneficiaries who asked for the sector (a count under the threshold shows as "fewer than 5").
 */
function offerDemandTable(lang: Lang, offerDemand: OfferDemand | undefined): string {
  const t = translator(lang);
  const number = new Intl.NumberFormat(`${lang}-MA`);
  const caption = t('dashboard.offerDemand.caption');
  const rows = offerDemand?.rows ?? [];
  if (rows.length === 0)
    return `<h2>${escapeHtml(caption)}</h2><p>${escapeHtml(t('dashboard.offerDemand.empty'))}</p>`;
  const head = `<tr><th scope="col">${escapeHtml(t('dashboard.offerDemand.region'))}</th><th scope="col">${escapeHtml(
    t('dashboard.offerDemand.sector'),
  )}</th>${supplyColumns.map((c) => `<th scope="col">${escapeHtml(t(`dashboard.offerDemand.${c}`))}</th>`).join('')}</tr>`;
  const cell = (value: number | { suppressed: true }) =>
    typeof value === 'number'
      ? `<td class="num">${number.format(value)}</td>`
      : `<td class="num" data-suppressed="true">${escapeHtml(t('dashboard.suppressed'))}</td>`;
  const body = rows
    .map((row) => {
      const region = regions.find((r) => r.code === row.region)?.name[lang] ?? row.region;
      return `<tr data-region="${escapeHtml(row.region)}" data-sector="${escapeHtml(row.sector)}"><td>${escapeHtml(
        region,
      )}</td><th scope="row">${escapeHtml(t(`task.sectors.${row.sector}`))}</th>${supplyColumns
        .map((c) => cell(row[c]))
        .join('')}</tr>`;
    })
    .join('');
  return `<div class="table-wrap" tabindex="0"><table data-table="offer-demand"><caption>${escapeHtml(
    caption,
  )}</caption><thead>${head}</thead><tbody>${body}</tbody></table></div>
<p class="hint">${escapeHtml(t('dashboard.offerDemand.note'))}</p>`;
}
