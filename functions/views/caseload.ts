/** The coach's caseload page: each beneficiary, where the journey stands, the task to do next. */
import type { Principal } from '../domain/access';
import type { NextTask, WaitingFollowUp } from '../domain/caseload';
import { stages } from '../domain/journey-events';
import { provinces, type Lang } from '../domain/reference-data';
import { escapeHtml, page } from '../commons/html';
import { translator, type Translate } from '../commons/i18n';

/** One row of the caseload, as the API gives it too (no contact details: the case file has them). */
export interface CaseloadItem {
  beneficiaryId: string;
  firstName: string;
  lastName: string;
  province: string;
  stage: string;
  nextTask?: NextTask;
  /** A placed beneficiary's next follow-up, while it waits (its task is sent when it falls due). */
  nextFollowUp?: WaitingFollowUp;
}

/** A date as the reader reads it, in Morocco's time zone; nothing for a date that is not one. */
export function shownDate(lang: Lang, iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return date.toLocaleDateString(`${lang}-MA`, { dateStyle: 'long', timeZone: 'Africa/Casablanca' });
}

/** Where the journey stands, in words. */
export function stageText(t: Translate, stage: string): string {
  return (stages as readonly string[]).includes(stage)
    ? t(`caseload.stages.${stage}`)
    : t('caseload.unknownStage', { stage });
}

export function provinceName(lang: Lang, code: string): string {
  return provinces.find((p) => p.code === code)?.name[lang] ?? code;
}

export function taskName(t: Translate, taskType: string): string {
  return t(`task.${taskType}.title`);
}

/** A follow-up's month as a sentence says it: "3 mois", "12 شهرا", "6 months". */
export function monthsText(t: Translate, month: number): string {
  return ['3', '6', '12'].includes(String(month))
    ? t(`placement.months.${month}`)
    : t('placement.monthsAny', { n: month });
}

export function caseFilePath(lang: Lang, beneficiaryId: string): string {
  return `/cases/${encodeURIComponent(beneficiaryId)}?lang=${lang}`;
}

/** The task cells: the open task; else the follow-up to come, with its due date; else nothing. */
function taskCells(lang: Lang, t: Translate, item: CaseloadItem): string {
  const task = item.nextTask;
  const followUp = item.nextFollowUp;
  if (task)
    return `<td>${escapeHtml(taskName(t, task.taskType))}${
      task.late ? ` <strong class="late">${escapeHtml(t('caseload.late'))}</strong>` : ''
    }</td><td><time datetime="${escapeHtml(task.dueAt)}">${escapeHtml(shownDate(lang, task.dueAt))}</time></td>`;
  if (followUp)
    return `<td data-follow-up="${escapeHtml(followUp.month)}">${escapeHtml(
      t('caseload.followUpAt', { months: monthsText(t, followUp.month) }),
    )} <span class="hint">${escapeHtml(t('caseload.followUpPlanned'))}</span></td><td><time datetime="${escapeHtml(followUp.dueAt)}">${escapeHtml(shownDate(lang, followUp.dueAt))}</time></td>`;
  return `<td colspan="2">${escapeHtml(t('caseload.noTask'))}</td>`;
}

function row(lang: Lang, t: Translate, item: CaseloadItem): string {
  const name = `${item.firstName} ${item.lastName}`;
  const task = item.nextTask;
  return `<tr data-beneficiary="${escapeHtml(item.beneficiaryId)}"${task?.late ? ' data-late="true"' : ''}><th scope="row"><a href="${escapeHtml(caseFilePath(lang, item.beneficiaryId))}">${escapeHtml(name)}</a></th><td>${escapeHtml(provinceName(lang, item.province))}</td><td>${escapeHtml(stageText(t, item.stage))}</td>${taskCells(lang, t, item)}</tr>`;
}

/** The caseload, already in the order of urgency (see domain/caseload.ts `byUrgency`). */
export function caseloadPage(lang: Lang, items: readonly CaseloadItem[], principal: Principal): string {
  const t = translator(lang);
  const body =
    items.length === 0
      ? `<p role="status">${escapeHtml(t('caseload.empty'))}</p>`
      : `<p>${escapeHtml(t('caseload.intro'))}</p>
<div class="table-wrap" tabindex="0"><table>
<caption>${escapeHtml(t('caseload.caption'))}</caption>
<thead><tr><th scope="col">${escapeHtml(t('caseload.name'))}</th><th scope="col">${escapeHtml(t('caseload.province'))}</th><th scope="col">${escapeHtml(t('caseload.stage'))}</th><th scope="col">${escapeHtml(t('caseload.nextTask'))}</th><th scope="col">${escapeHtml(t('caseload.dueBy'))}</th></tr></thead>
<tbody>
${items.map((item) => row(lang, t, item)).join('\n')}
</tbody>
</table></div>`;
  return page({ lang, title: t('caseload.title'), body, selfPath: '/caseload', principal });
}
