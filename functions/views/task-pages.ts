/** The coach's task page (its form), and the pages that answer a submission. */
import type { Lang } from '../domain/reference-data';
import { sectors, type TaskType } from '../domain/coach-task';
import { errorList, escapeHtml, page } from '../commons/html';
import { translator } from '../commons/i18n';
import type { CoachTask } from '../commons/coach-tasks';

export interface TaskFormState {
  values: Record<string, unknown>;
  errors: { field: string; message: string }[];
}

export function taskFormPage(
  lang: Lang,
  task: CoachTask,
  beneficiaryFirstName: string,
  linkQuery: Record<string, string>,
  state: TaskFormState = { values: {}, errors: [] },
): string {
  const t = translator(lang);
  const v = (name: string) => escapeHtml(state.values[name] ?? '');
  const fieldError = (name: string) => {
    const error = state.errors.find((e) => e.field === name);
    return error ? `<div class="field-error" id="${name}-error">${escapeHtml(error.message)}</div>` : '';
  };
  const radios = (name: string, label: string, choices: [string, string][]) =>
    `<fieldset id="${name}"><legend>${escapeHtml(label)}</legend>${choices
      .map(
        ([value, text]) =>
          `<input type="radio" id="${name}-${value}" name="${name}" value="${value}"${state.values[name] === value ? ' checked' : ''}><label for="${name}-${value}">${escapeHtml(text)}</label>`,
      )
      .join('')}${fieldError(name)}</fieldset>`;
  const date = (name: string, label: string) =>
    `<label for="${name}">${escapeHtml(label)}</label><input type="date" id="${name}" name="${name}" value="${v(name)}" required>${fieldError(name)}`;
  const notes = `<label for="notes">${escapeHtml(t('task.notes'))}</label><textarea id="notes" name="notes" rows="4" maxlength="1000">${v('notes')}</textarea>${fieldError('notes')}`;
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
        `<label for="sector">${escapeHtml(t('task.sector'))}</label><select id="sector" name="sector" required><option value="">${escapeHtml(t('intake.choose'))}</option>${sectors
          .map(
            (s) =>
              `<option value="${s}"${state.values.sector === s ? ' selected' : ''}>${escapeHtml(t(`task.sectors.${s}`))}</option>`,
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
  const labelOf = (field: string) => (labels[field] ?? field).replace(/\s*\*$/, '');
  const action = `/tasks/${task.taskId}?${new URLSearchParams({ ...linkQuery, lang }).toString()}`;
  const due = new Date(task.expiresAt * 1000).toLocaleDateString(`${lang}-MA`, { dateStyle: 'long' });
  const body = `
<p>${escapeHtml(t(`task.${task.taskType}.intro`, { name: beneficiaryFirstName }))}</p>
<p class="hint">${escapeHtml(t('task.assignedTo'))} : ${escapeHtml(task.coachName)} · ${escapeHtml(t('task.dueBy'))} ${escapeHtml(due)}</p>
${errorList(
  t('task.errorsTitle'),
  state.errors.map((e) => ({ field: e.field, message: `${labelOf(e.field)} — ${e.message}` })),
)}
<form method="post" action="${escapeHtml(action)}">
${fields[task.taskType]()}
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

export type TaskOutcomePage = 'done' | 'alreadyDone' | 'expired' | 'invalid' | 'unavailable';

export function taskMessagePage(
  lang: Lang,
  kind: TaskOutcomePage,
  selfPath: string,
  selfQuery: Record<string, string>,
): string {
  const t = translator(lang);
  return page({
    lang,
    title: t(`task.${kind}Title`),
    body: `<p role="status">${escapeHtml(t(`task.${kind}Text`))}</p>`,
    selfPath,
    selfQuery,
  });
}
