/**
 * The governance board's dashboard page: the published summary as tables with bars, in three
 * languages. Every stage of `stages` has its row, with 0 where a summary has no count for it.
 */
import type { DashboardSummary, OutcomeCounts, StageCounts } from '../domain/aggregates';
import type { Principal } from '../domain/access';
import { stages } from '../domain/journey-events';
import { placementOutcomes } from '../domain/coach-task';
import type { Lang } from '../domain/reference-data';
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
