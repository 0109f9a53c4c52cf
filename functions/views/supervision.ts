/**
 * The supervisor's pages: the association's coaches with their load against capacity, the overdue
 * tasks with a form to give each beneficiary another coach, and a beneficiary's audit trail.
 */
import type { Principal } from '../domain/access';
import type { AuditEntry } from '../domain/audit';
import type { TaskType } from '../domain/coach-task';
import type { CoachLoadRow } from '../domain/reassignment';
import { associations, type Lang } from '../domain/reference-data';
import { errorList, escapeHtml, page } from '../commons/html';
import { translator } from '../commons/i18n';

export interface OverdueItem {
  beneficiaryId: string;
  fullName: string;
  taskType: TaskType;
  coachId: string;
  coachName: string;
  dueAt?: string;
  reminders: number;
  escalated: boolean;
  /** Coaches of the beneficiary's region who may take them instead. */
  choices: { coachId: string; name: string }[];
}

export interface SupervisionView {
  associationName: string;
  coaches: CoachLoadRow[];
  overdue: OverdueItem[];
  /** A notice already in the page's language (after a reassignment). */
  notice?: string;
  /** A reassignment that was refused: for which beneficiary, said in the page's language. */
  error?: { beneficiaryId?: string; message: string };
}

function dateTime(lang: Lang, iso: string): string {
  return new Date(iso).toLocaleString(`${lang}-MA`, {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZone: 'Africa/Casablanca',
  });
}

function loadCell(lang: Lang, row: CoachLoadRow): string {
  const t = translator(lang);
  const label = t('supervision.loadLabel', { name: row.name, load: row.load, capacity: row.capacity });
  const flag = row.overCapacity
    ? ` <strong class="field-error">${escapeHtml(t('supervision.overCapacity'))}</strong>`
    : '';
  return `<span>${row.load} / ${row.capacity}</span>${flag}<br><meter min="0" max="${row.capacity}" value="${Math.min(row.load, row.capacity)}" aria-label="${escapeHtml(label)}">${row.load} / ${row.capacity}</meter>`;
}

function coachesTable(lang: Lang, coaches: readonly CoachLoadRow[]): string {
  const t = translator(lang);
  if (coaches.length === 0) return `<p>${escapeHtml(t('supervision.noCoaches'))}</p>`;
  const rows = coaches
    .map(
      (row) =>
        `<tr${row.overCapacity ? ' class="late"' : ''}><td>${escapeHtml(row.name)}</td><td>${escapeHtml(associations.find((a) => a.code === row.association)?.name ?? row.association)}</td><td>${loadCell(lang, row)}</td><td class="num">${row.ofAssociation}</td></tr>`,
    )
    .join('');
  return `<div class="table-wrap" tabindex="0"><table><thead><tr><th scope="col">${escapeHtml(t('supervision.coach'))}</th><th scope="col">${escapeHtml(t('supervision.coachAssociation'))}</th><th scope="col">${escapeHtml(t('supervision.load'))}</th><th scope="col">${escapeHtml(t('supervision.ofAssociation'))}</th></tr></thead><tbody>${rows}</tbody></table></div>`;
}

function reassignForm(lang: Lang, item: OverdueItem, error: SupervisionView['error']): string {
  const t = translator(lang);
  if (item.choices.length === 0) return `<p class="hint">${escapeHtml(t('supervision.noOtherCoach'))}</p>`;
  const id = `coach-${item.beneficiaryId}`;
  const failed = error?.beneficiaryId === item.beneficiaryId;
  const action = `/supervision/beneficiaries/${encodeURIComponent(item.beneficiaryId)}/reassign?lang=${lang}`;
  const options = item.choices
    .map((c) => `<option value="${escapeHtml(c.coachId)}">${escapeHtml(c.name)}</option>`)
    .join('');
  return `<form method="post" action="${escapeHtml(action)}"><label for="${escapeHtml(id)}">${escapeHtml(t('supervision.reassignTo'))}</label><select id="${escapeHtml(id)}" name="coachId" required${failed ? ` aria-invalid="true" aria-describedby="${escapeHtml(id)}-error"` : ''}><option value="">${escapeHtml(t('supervision.choose'))}</option>${options}</select>${failed ? `<div class="field-error" id="${escapeHtml(id)}-error">${escapeHtml(error.message)}</div>` : ''}<button type="submit">${escapeHtml(t('supervision.reassign'))}</button></form>`;
}

function overdueList(lang: Lang, overdue: readonly OverdueItem[], error: SupervisionView['error']): string {
  const t = translator(lang);
  if (overdue.length === 0) return `<p>${escapeHtml(t('supervision.noOverdue'))}</p>`;
  return overdue
    .map((item) => {
      const id = encodeURIComponent(item.beneficiaryId);
      const facts = [
        [t('supervision.task'), t(`task.${item.taskType}.title`)],
        [t('supervision.coach'), item.coachName],
        ...(item.dueAt ? [[t('supervision.dueAt'), dateTime(lang, item.dueAt)]] : []),
        [t('supervision.reminders'), String(item.reminders)],
        ...(item.escalated ? [[t('supervision.escalated'), t('task.yes')]] : []),
      ]
        .map(([term, value]) => `<dt>${escapeHtml(term)}</dt><dd>${escapeHtml(value)}</dd>`)
        .join('');
      return `<article class="overdue late"><h3>${escapeHtml(item.fullName)}</h3><dl>${facts}</dl><p><a href="/cases/${id}?lang=${lang}">${escapeHtml(t('supervision.caseFile'))}</a> · <a href="/supervision/beneficiaries/${id}/audit?lang=${lang}">${escapeHtml(t('supervision.auditTrail'))}</a></p>${reassignForm(lang, item, error)}</article>`;
    })
    .join('\n');
}

export function supervisionPage(lang: Lang, principal: Principal, view: SupervisionView): string {
  const t = translator(lang);
  // The error links to its form when the beneficiary is listed (it may not be overdue).
  const listed = view.overdue.find(
    (o) => o.beneficiaryId === view.error?.beneficiaryId && o.choices.length > 0,
  );
  const target = listed ? `coach-${listed.beneficiaryId}` : undefined;
  const body = `
${errorList(t('supervision.errorsTitle'), view.error ? [{ message: view.error.message, ...(target ? { target } : {}) }] : [])}
${view.notice ? `<p role="status" class="notice">${escapeHtml(view.notice)}</p>` : ''}
<p>${escapeHtml(t('supervision.intro', { association: view.associationName }))}</p>
<h2>${escapeHtml(t('supervision.coachesTitle'))}</h2>
${coachesTable(lang, view.coaches)}
<h2>${escapeHtml(t('supervision.overdueTitle'))}</h2>
${overdueList(lang, view.overdue, view.error)}`;
  return page({ lang, title: t('supervision.title'), body, selfPath: '/supervision', principal });
}

/** A beneficiary's audit trail, newest first: who, role, when, what, via, field, masked old value. */
export function auditTrailPage(
  lang: Lang,
  principal: Principal,
  beneficiaryId: string,
  entries: readonly AuditEntry[],
  paging: { next?: string; older?: boolean; error?: boolean; limit?: number } = {},
): string {
  const t = translator(lang);
  const role = (entry: AuditEntry) =>
    entry.role === 'coach-link'
      ? t('supervision.audit.coachLink')
      : entry.role === 'retention'
        ? t('supervision.audit.retention')
        : t(`people.roles.${entry.role}`);
  const rows = entries
    .map(
      (e) =>
        `<tr><td>${escapeHtml(dateTime(lang, e.at))}</td><td>${escapeHtml(e.personId)}</td><td>${escapeHtml(role(e))}</td><td>${escapeHtml(t(`supervision.audit.actions.${e.action}`))}</td><td>${escapeHtml(e.via)}</td><td>${escapeHtml(e.field ?? '')}</td><td dir="auto">${escapeHtml(e.oldValue ?? '')}</td><td dir="auto">${escapeHtml(e.detail ?? '')}</td></tr>`,
    )
    .join('');
  const heads = ['at', 'person', 'role', 'action', 'via', 'field', 'oldValue', 'detail']
    .map((key) => `<th scope="col">${escapeHtml(t(`supervision.audit.${key}`))}</th>`)
    .join('');
  const table =
    entries.length === 0
      ? `<p>${escapeHtml(t('supervision.audit.empty'))}</p>`
      : `<div class="table-wrap" tabindex="0"><table><thead><tr>${heads}</tr></thead><tbody>${rows}</tbody></table></div>`;
  const self = `/supervision/beneficiaries/${encodeURIComponent(beneficiaryId)}/audit?lang=${lang}${paging.limit ? `&amp;limit=${paging.limit}` : ''}`;
  const links = [
    paging.older || paging.error ? `<a href="${self}">${escapeHtml(t('supervision.audit.newest'))}</a>` : '',
    paging.next
      ? `<a href="${self}&amp;next=${encodeURIComponent(paging.next)}" rel="next">${escapeHtml(t('supervision.audit.older'))}</a>`
      : '',
  ].filter(Boolean);
  const body = `
<p>${escapeHtml(t('supervision.audit.intro', { reference: beneficiaryId }))}</p>
${paging.error ? `<p class="error" role="alert">${escapeHtml(t('supervision.audit.badPage'))}</p>` : table}
${links.length > 0 ? `<nav class="pages">${links.join(' · ')}</nav>` : ''}
<p><a href="/supervision?lang=${lang}">${escapeHtml(t('supervision.audit.back'))}</a></p>`;
  return page({
    lang,
    title: t('supervision.audit.title'),
    body,
    selfPath: `/supervision/beneficiaries/${encodeURIComponent(beneficiaryId)}/audit`,
    principal,
  });
}
