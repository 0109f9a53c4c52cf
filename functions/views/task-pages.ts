/** The coach's task page (its form), and the pages that answer a submission. */
import type { Lang } from '../domain/reference-data';
import { EARLIEST_TASK_DATE, NOTES_MAX_CHARACTERS, sectors, type TaskType } from '../domain/coach-task';
import { errorList, escapeHtml, labelOf, page } from '../commons/html';
import { translator } from '../commons/i18n';
import type { CoachTask } from '../commons/coach-tasks';
import { MAX_REMINDERS } from '../domain/task-protocol';

export interface TaskFormState {
  /** The values sent; read through own properties only (a field may be named `toString`). */
  values: Record<string, unknown>;
  /** Errors already said in the page's language (see localizeFieldErrors in commons/html.ts). */
  errors: { field: string; message: string }[];
}

/**
 * What the coach needs to reach the beneficiary for this task. Shown only on the page of an open
 * task's current link, after the read is written to the audit trail; never in an email.
 */
export interface TaskContact {
  fullName: string;
  phone?: string;
  email?: string;
  /** The province's name, in the page's language. */
  province: string;
  association: string;
}

/** The beneficiary's contact block: name, phone (a tel: link), e-mail, province, association. */
function contactBlock(lang: Lang, contact: TaskContact): string {
  const t = translator(lang);
  const row = (label: string, value: string) => `<dt>${escapeHtml(label)}</dt><dd>${value}</dd>`;
  const rows = [
    row(t('task.fullName'), escapeHtml(contact.fullName)),
    ...(contact.phone
      ? [
          row(
            t('task.phone'),
            `<a href="tel:${escapeHtml(contact.phone.replace(/[^\d+]/g, ''))}" dir="ltr">${escapeHtml(contact.phone)}</a>`,
          ),
        ]
      : []),
    ...(contact.email
      ? [
          row(
            t('task.email'),
            `<a href="mailto:${escapeHtml(contact.email)}" dir="ltr">${escapeHtml(contact.email)}</a>`,
          ),
        ]
      : []),
    row(t('task.province'), escapeHtml(contact.province)),
    row(t('task.association'), escapeHtml(contact.association)),
  ];
  return `<section class="contact" aria-labelledby="contact-title"><h2 id="contact-title">${escapeHtml(t('task.contactTitle'))}</h2><dl>${rows.join('')}</dl><p class="hint">${escapeHtml(t('task.contactNote'))}</p></section>`;
}

export function taskFormPage(
  lang: Lang,
  task: CoachTask,
  beneficiaryFirstName: string,
  linkQuery: Record<string, string>,
  state: TaskFormState = { values: {}, errors: [] },
  contact?: TaskContact,
): string {
  const t = translator(lang);
  const own = (name: string): unknown => (Object.hasOwn(state.values, name) ? state.values[name] : undefined);
  const v = (name: string) => escapeHtml(own(name));
  const fieldError = (name: string) => {
    const error = state.errors.find((e) => e.field === name);
    return error ? `<div class="field-error" id="${name}-error">${escapeHtml(error.message)}</div>` : '';
  };
  const invalid = (name: string) =>
    state.errors.some((e) => e.field === name) ? ` aria-invalid="true" aria-describedby="${name}-error"` : '';
  /** The element each field's error links to: the field, or the first choice of a group. */
  const targets: Record<string, string> = {};
  const radios = (name: string, label: string, choices: [string, string][]) => {
    targets[name] = `${name}-${choices[0]?.[0] ?? ''}`;
    return `<fieldset id="${name}"${invalid(name)}><legend>${escapeHtml(label)}</legend><div class="choices">${choices
      .map(
        ([value, text]) =>
          `<div class="choice"><input type="radio" id="${name}-${value}" name="${name}" value="${value}"${own(name) === value ? ' checked' : ''}><label for="${name}-${value}">${escapeHtml(text)}</label></div>`,
      )
      .join('')}</div>${fieldError(name)}</fieldset>`;
  };
  const date = (name: string, label: string) => {
    targets[name] = name;
    return `<label for="${name}">${escapeHtml(label)}</label><input type="date" id="${name}" name="${name}" value="${v(name)}" min="${EARLIEST_TASK_DATE}" required${invalid(name)}>${fieldError(name)}`;
  };
  targets.notes = 'notes';
  const notes = `<label for="notes">${escapeHtml(t('task.notes'))}</label><textarea id="notes" name="notes" rows="4" maxlength="${NOTES_MAX_CHARACTERS}"${invalid('notes')}>${v('notes')}</textarea>${fieldError('notes')}`;
  const yesNo: [string, string][] = [
    ['yes', t('task.yes')],
    ['no', t('task.no')],
  ];
  const fields: Record<TaskType, () => string> = {
    'initial-interview': () =>
      [
        date('interviewDate', t('task.interviewDate')),
        radios('attended', t('task.attended'), yesNo),
        radios('trainingNeeded', t('task.trainingNeeded'), yesNo),
        notes,
      ].join('\n'),
    placement: () =>
      [
        radios('outcome', t('task.outcome'), [
          ['employment', t('task.outcomeEmployment')],
          ['tpe', t('task.outcomeTpe')],
          ['cooperative', t('task.outcomeCooperative')],
          ['auto-entrepreneur', t('task.outcomeAutoEntrepreneur')],
        ]),
        date('startDate', t('task.startDate')),
        `<label for="sector">${escapeHtml(t('task.sector'))}</label><select id="sector" name="sector" required${invalid('sector')}><option value="">${escapeHtml(t('intake.choose'))}</option>${sectors
          .map(
            (s) =>
              `<option value="${s}"${own('sector') === s ? ' selected' : ''}>${escapeHtml(t(`task.sectors.${s}`))}</option>`,
          )
          .join('')}</select>${fieldError('sector')}`,
        notes,
      ].join('\n'),
  };
  const labels: Record<string, string> = {
    interviewDate: t('task.interviewDate'),
    attended: t('task.attended'),
    trainingNeeded: t('task.trainingNeeded'),
    notes: t('task.notes'),
    outcome: t('task.outcome'),
    startDate: t('task.startDate'),
    sector: t('task.sector'),
  };
  targets.sector = 'sector';
  const action = `/tasks/${task.taskId}?${new URLSearchParams({ ...linkQuery, lang }).toString()}`;
  const due = new Date(task.expiresAt * 1000).toLocaleDateString(`${lang}-MA`, { dateStyle: 'long' });
  const formFields = fields[task.taskType](); // before the summary: it fills `targets`
  const body = `
<p>${escapeHtml(t(`task.${task.taskType}.intro`, { name: beneficiaryFirstName }))}</p>
<p class="hint">${escapeHtml(t('task.assignedTo'))} : ${escapeHtml(task.coachName)} · ${escapeHtml(t('task.dueBy'))} ${escapeHtml(due)}</p>
${lateNotice(lang, task)}
${contact ? contactBlock(lang, contact) : ''}
${errorList(
  t('task.errorsTitle'),
  state.errors.map((e) => ({
    message: `${labelOf(labels, e.field, t)} — ${e.message}`,
    ...(Object.hasOwn(targets, e.field) ? { target: targets[e.field] } : {}),
  })),
)}
<form method="post" action="${escapeHtml(action)}">
${formFields}
<button type="submit">${escapeHtml(t('task.submit'))}</button>
</form>`;
  return page({
    lang,
    title: t(`task.${task.taskType}.title`),
    body,
    selfPath: `/tasks/${task.taskId}`,
    selfQuery: linkQuery,
  });
}

export type TaskOutcomePage =
  'done' | 'alreadyDone' | 'expired' | 'closed' | 'invalid' | 'unavailable' | 'crossSite' | 'reassigned';

/**
 * A page that answers a link or a submission. Given the task's type, `done` says what comes next
 * for that type (the interview: the placement task; the placement: nothing, the journey is over);
 * without it, it promises nothing. `reassigned` names the coach who has the task now.
 */
export function taskMessagePage(
  lang: Lang,
  kind: TaskOutcomePage,
  selfPath: string,
  selfQuery: Record<string, string>,
  taskType?: TaskType,
  coachName?: string,
): string {
  const t = translator(lang);
  const text =
    kind === 'done' && taskType
      ? t(`task.${taskType}.doneText`)
      : t(`task.${kind}Text`, { coach: coachName ?? '' });
  return page({
    lang,
    title: t(`task.${kind}Title`),
    body: `<p role="status">${escapeHtml(text)}</p>`,
    selfPath,
    selfQuery,
  });
}

/** A task past its time says so on its page: since when, and whether the supervisor was told. */
function lateNotice(lang: Lang, task: CoachTask): string {
  if (!task.reminders) return '';
  const t = translator(lang);
  const date = new Date(task.createdAt).toLocaleDateString(`${lang}-MA`, { dateStyle: 'long' });
  const text = task.escalatedAt
    ? t('mail.escalatedNotice', { date })
    : t('mail.lateNotice', { date, count: Math.min(task.reminders, MAX_REMINDERS) });
  return `<p class="late" role="note">${escapeHtml(text)}</p>`;
}
