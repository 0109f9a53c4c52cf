/**
 * Everything held on one person, as a readable and printable page (an access request's answer):
 * the record, the consents, the journey's stages, the coach tasks and answers, the case-file notes
 * and the audit trail. Every value is escaped; the JSON route gives the same data.
 */
import type { Principal } from '../domain/access';
import type { Lang } from '../domain/reference-data';
import { escapeHtml, page } from '../commons/html';
import { translator } from '../commons/i18n';

export interface BeneficiaryExport {
  generatedAt: string;
  generatedBy: string;
  beneficiaryId: string;
  /** Present once the personal data is erased: when, by whom (a person or `retention`), what remains. */
  erased?: { on: string; by: string; remains: string };
  record: Record<string, unknown>;
  consents: Record<string, unknown>;
  journeyEvents: Record<string, unknown>[];
  tasks: Record<string, unknown>[];
  caseNotes: { at: string; personId: string; authorName: string; text: string; erasedAt?: string }[];
  auditTrail: Record<string, unknown>[];
}

/** A value as text: codes and dates as they are, lists and objects as compact JSON. */
function text(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

function dateOf(iso: string, lang: Lang): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime())
    ? iso
    : date.toLocaleString(`${lang}-MA`, {
        dateStyle: 'medium',
        timeStyle: 'short',
        timeZone: 'Africa/Casablanca',
      });
}

function table(
  caption: string,
  head: readonly string[],
  rows: readonly (readonly string[])[],
  none: string,
): string {
  if (rows.length === 0) return `<h2>${escapeHtml(caption)}</h2><p>${escapeHtml(none)}</p>`;
  return `<h2>${escapeHtml(caption)}</h2><div class="table-wrap wrap-cells" tabindex="0"><table><thead><tr>${head
    .map((h) => `<th scope="col">${escapeHtml(h)}</th>`)
    .join('')}</tr></thead><tbody>${rows
    .map((row) => `<tr>${row.map((cell) => `<td dir="auto">${escapeHtml(cell)}</td>`).join('')}</tr>`)
    .join('')}</tbody></table></div>`;
}

export function exportPage(lang: Lang, principal: Principal, data: BeneficiaryExport): string {
  const t = translator(lang);
  const e = (key: string, params?: Record<string, string>) => t(`personalData.${key}`, params ?? {});
  const none = e('nothing');
  /** The intake form's label of a field where it has one (its mark of a required field left out), with the stored name. */
  const labelOf = (field: string) => {
    const label = t(`intake.${field}`, { defaultValue: '' }).replace(/\s*\*$/, '');
    return label ? `${label} (${field})` : field;
  };
  const id = encodeURIComponent(data.beneficiaryId);
  const erased = data.erased
    ? `<div class="late" role="status"><p><strong>${escapeHtml(e('exportErased', { date: dateOf(data.erased.on, lang) }))}</strong></p><p>${escapeHtml(e('erasedKept'))}</p></div>`
    : '';
  const record = table(
    e('sectionRecord'),
    [e('field'), e('value')],
    Object.entries(data.record)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([field, value]) => [labelOf(field), text(value)]),
    none,
  );
  const consents = table(
    e('sectionConsents'),
    [e('field'), e('value')],
    Object.entries(data.consents).map(([field, value]) => [field, text(value)]),
    none,
  );
  const events = table(
    e('sectionEvents'),
    [e('when'), e('stage'), e('detail')],
    data.journeyEvents.map((event) => {
      const rest = Object.fromEntries(
        Object.entries(event).filter(([field]) => !['occurredAt', 'stage', 'eventId'].includes(field)),
      );
      return [dateOf(text(event.occurredAt), lang), text(event.stage), text(rest)];
    }),
    none,
  );
  const tasks = table(
    e('sectionTasks'),
    [e('when'), e('task'), e('status'), e('answers')],
    data.tasks.map((task) => [
      dateOf(text(task.createdAt), lang),
      text(task.taskType),
      text(task.status),
      text(task.answers),
    ]),
    none,
  );
  const notes = table(
    e('sectionNotes'),
    [e('when'), e('who'), e('detail')],
    data.caseNotes.map((note) => [
      dateOf(note.at, lang),
      note.authorName,
      note.erasedAt ? e('erasedNote') : note.text,
    ]),
    none,
  );
  const audit = table(
    e('sectionAudit'),
    [e('when'), e('who'), e('action'), e('detail')],
    data.auditTrail.map((entry) => {
      const { at, personId, role, action, ...rest } = entry;
      return [dateOf(text(at), lang), `${text(personId)} (${text(role)})`, text(action), text(rest)];
    }),
    none,
  );
  const body = `<p>${escapeHtml(e('exportIntro', { date: dateOf(data.generatedAt, lang), person: principal.displayName }))}</p>
<p dir="ltr"><code>${escapeHtml(data.beneficiaryId)}</code></p>
${erased}
${record}
${consents}
${events}
${tasks}
${notes}
${audit}
<p><a href="/api/beneficiaries/${escapeHtml(id)}/export">${escapeHtml(e('exportJson'))}</a></p>`;
  return page({ lang, title: e('exportTitle'), body, selfPath: `/beneficiaries/${id}/export`, principal });
}
