/** The coach's task page (its form), and the pages that answer a submission. */
import type { Label, Lang } from '../domain/reference-data';
import {
  EARLIEST_TASK_DATE,
  EMPLOYER_MAX_CHARACTERS,
  NOTES_MAX_CHARACTERS,
  sectors,
  type TaskType,
} from '../domain/coach-task';
import {
  contractTypes,
  cooperativeRoles,
  incomeBands,
  isFollowUpMonth,
  noPlacementReasons,
  PLACEMENT_MAX_DAYS_AHEAD,
  placementOutcomes,
  workingTimes,
  workStatuses,
  type FollowUpMonth,
} from '../domain/placement';
import {
  barriers,
  CONSENT_TEXT_VERSION,
  dropoutReasons,
  ACCOMPANIMENT_DAYS,
  GOALS_MAX_CHARACTERS,
  MAX_NO_SHOWS,
  PLAN_MAX_STEPS,
  PLAN_STEP_MAX_CHARACTERS,
  planStepStatuses,
  sessionTopics,
  type ConsentPurpose,
  type PersonalPlan,
} from '../domain/coaching';
import { trainingOutcomes } from '../domain/training-offers';
import { errorList, escapeHtml, labelOf, page } from '../commons/html';
import { translator } from '../commons/i18n';
import type { CoachTask } from '../commons/coach-tasks';
import { MAX_REMINDERS } from '../domain/task-protocol';
import { monthsText } from './caseload';

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

/** A training offer as the training choice shows it (the journey's proposal, read for the page). */
export interface ProposedOffer {
  offerId: string;
  title: Label;
  providerName: string;
  providerKind: 'public' | 'private';
  /** The province's name, already in the page's language. */
  province: string;
  startDate: string;
  endDate: string;
  openSeats: number;
  /** What the training leads to: a code of `trainingOutcomes`, shown in words. */
  leadsTo: string;
}

/**
 * What some forms show besides the task: the personal plan (a coaching session's progress), the
 * training offers proposed (the training choice) and the consent asked for (the consent task).
 */
export interface TaskFormExtra {
  plan?: PersonalPlan;
  offers?: ProposedOffer[];
  consentPurpose?: ConsentPurpose;
  /** The coaching phase is over (see ACCOMPANIMENT_DAYS): whatever comes next, it is the placement. */
  coachingPhaseOver?: boolean;
}

/** A day (YYYY-MM-DD) as the reader reads it; anything else as it is. */
function shownDay(lang: Lang, day: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(day)
    ? new Date(`${day}T00:00:00Z`).toLocaleDateString(`${lang}-MA`, { dateStyle: 'long', timeZone: 'UTC' })
    : day;
}

/**
 * Text typed by someone (a plan step, a provider's name) inside a sentence of the page: in Arabic,
 * isolated (FSI … PDI) so that a Latin run with its punctuation keeps its order.
 */
function isolated(lang: Lang, text: string): string {
  return lang === 'ar' ? `\u2068${text}\u2069` : text;
}

const planRows = Array.from({ length: PLAN_MAX_STEPS }, (_, i) => i + 1);

/**
 * Which follow-up a follow-up task is (3, 6 or 12 months after the placement): the task's `step`,
 * when the record has one that is a follow-up's month; nothing otherwise.
 */
export function followUpMonthOf(task: CoachTask): FollowUpMonth | undefined {
  const step: unknown = task.step; // a number on the record, checked: it may be any step
  return task.taskType === 'follow-up' && isFollowUpMonth(step) ? step : undefined;
}

/** Outcomes of a placement that are in work, business or training: all but no placement. */
const placedOutcomes = placementOutcomes.filter((o) => o !== 'no-placement');

export function taskFormPage(
  lang: Lang,
  task: CoachTask,
  beneficiaryFirstName: string,
  linkQuery: Record<string, string>,
  state: TaskFormState = { values: {}, errors: [] },
  contact?: TaskContact,
  extra: TaskFormExtra = {},
): string {
  const t = translator(lang);
  const own = (name: string): unknown => (Object.hasOwn(state.values, name) ? state.values[name] : undefined);
  const v = (name: string) => escapeHtml(own(name));
  const hasError = (name: string) => state.errors.some((e) => e.field === name);
  const fieldError = (name: string) => {
    const error = state.errors.find((e) => e.field === name);
    return error ? `<div class="field-error" id="${name}-error">${escapeHtml(error.message)}</div>` : '';
  };
  /** A field's state for assistive technology: invalid, described by its error then its hint. */
  const invalid = (name: string, hinted = false) => {
    const ids = [...(hasError(name) ? [`${name}-error`] : []), ...(hinted ? [`${name}-hint`] : [])];
    return `${hasError(name) ? ' aria-invalid="true"' : ''}${ids.length > 0 ? ` aria-describedby="${ids.join(' ')}"` : ''}`;
  };
  const hintOf = (name: string, hint?: string) =>
    hint === undefined ? '' : `<p class="hint" id="${name}-hint">${escapeHtml(hint)}</p>`;
  /** The element each field's error links to: the field, or the first choice of a group. */
  const targets: Record<string, string> = {};
  /** Each field's name for the error summary, as the form shows it (set as fields are drawn). */
  const labels: Record<string, string> = {
    interviewDate: t('task.interviewDate'),
    attended: t('task.attended'),
    trainingNeeded: t('task.trainingNeeded'),
    notes: t('task.notes'),
  };
  const ticked = (name: string, value: string) => {
    const given = own(name);
    return Array.isArray(given) ? given.includes(value) : given === value;
  };
  /** A group of radio buttons or checkboxes; the choice of value '' is "no answer" (id `-none`). */
  const group = (
    type: 'radio' | 'checkbox',
    name: string,
    label: string,
    choices: [value: string, html: string][],
    hint?: string,
  ) => {
    const idOf = (value: string) => `${name}-${value === '' ? 'none' : value}`;
    targets[name] = idOf(choices[0]?.[0] ?? '');
    labels[name] = label;
    const given = own(name);
    const unanswered = given === undefined || given === '';
    return `<fieldset id="${name}"${invalid(name, hint !== undefined)}><legend>${escapeHtml(label)}</legend>${hintOf(name, hint)}<div class="choices">${choices
      .map(([value, html]) => {
        const checked = value === '' ? unanswered : ticked(name, value);
        const id = escapeHtml(idOf(value));
        return `<div class="choice"><input type="${type}" id="${id}" name="${name}" value="${escapeHtml(value)}"${checked ? ' checked' : ''}><label for="${id}">${html}</label></div>`;
      })
      .join('')}</div>${fieldError(name)}</fieldset>`;
  };
  const textChoices = (choices: [string, string][]): [string, string][] =>
    choices.map(([value, text]) => [value, escapeHtml(text)]);
  const radios = (name: string, label: string, choices: [string, string][], hint?: string) =>
    group('radio', name, label, textChoices(choices), hint);
  const checkboxes = (name: string, label: string, choices: [string, string][], hint?: string) =>
    group('checkbox', name, label, textChoices(choices), hint);
  const date = (name: string, label: string, options: { required?: boolean; hint?: string } = {}) => {
    const { required = true, hint } = options;
    targets[name] = name;
    labels[name] = label;
    return `<label for="${name}">${escapeHtml(label)}</label>${hintOf(name, hint)}<input type="date" id="${name}" name="${name}" value="${v(name)}" min="${EARLIEST_TASK_DATE}"${required ? ' required' : ''}${invalid(name, hint !== undefined)}>${fieldError(name)}`;
  };
  const textInput = (name: string, label: string, max: number, hint?: string) => {
    targets[name] = name;
    labels[name] = label;
    return `<label for="${name}">${escapeHtml(label)}</label>${hintOf(name, hint)}<input type="text" id="${name}" name="${name}" value="${v(name)}" maxlength="${max}"${invalid(name, hint !== undefined)}>${fieldError(name)}`;
  };
  const textarea = (name: string, label: string, max: number, hint?: string) => {
    targets[name] = name;
    labels[name] = label;
    return `<label for="${name}">${escapeHtml(label)}</label>${hintOf(name, hint)}<textarea id="${name}" name="${name}" rows="4" maxlength="${max}"${invalid(name, hint !== undefined)}>${v(name)}</textarea>${fieldError(name)}`;
  };
  /** A list to choose from; `empty` is the no-answer option's text, `current` the choice shown first. */
  const select = (
    name: string,
    label: string,
    options: [string, string][],
    settings: { empty?: string; current?: string; hint?: string; required?: boolean } = {},
  ) => {
    targets[name] = name;
    labels[name] = label;
    const given = own(name);
    // A value sent that is not an option (a wrong code) shows the current choice instead.
    const chosen = options.some(([value]) => value === given) ? given : settings.current;
    const empty =
      settings.empty === undefined ? '' : `<option value="">${escapeHtml(settings.empty)}</option>`;
    return `<label for="${name}">${escapeHtml(label)}</label>${hintOf(name, settings.hint)}<select id="${name}" name="${name}"${settings.required ? ' required' : ''}${invalid(name, settings.hint !== undefined)}>${empty}${options
      .map(
        ([value, text]) =>
          `<option value="${escapeHtml(value)}"${chosen === value ? ' selected' : ''}>${escapeHtml(text)}</option>`,
      )
      .join('')}</select>${fieldError(name)}`;
  };
  const notes = () => textarea('notes', t('task.notes'), NOTES_MAX_CHARACTERS);
  const yesNo: [string, string][] = [
    ['yes', t('task.yes')],
    ['no', t('task.no')],
  ];
  const nextOption = (code: 'coaching' | 'training' | 'placement' | 'leave'): [string, string] => [
    code,
    t(`coaching.nextOption.${code}`),
  ];
  const leaveReason = () =>
    select(
      'leaveReason',
      t('coaching.leaveReason'),
      dropoutReasons.map((r) => [r, t(`coaching.dropoutReason.${r}`)]),
      { empty: t('intake.choose'), hint: t('coaching.leaveReasonHint') },
    );
  /**
   * A part of the form that applies only to some choices of a radio group (`when`): marked for the
   * page script, which shows it only then; without the script it always shows.
   */
  const shownFor = (when: string, values: readonly string[]) =>
    ` data-shown-when="${when}" data-shown-for="${escapeHtml(values.join(' '))}"`;
  /** Fields grouped under a legend, with a hint saying when they apply. */
  const fieldGroup = (id: string, legend: string, hint: string, inner: string[], shown = '') =>
    `<fieldset id="${id}" aria-describedby="${id}-hint"${shown}><legend>${escapeHtml(legend)}</legend><p class="hint" id="${id}-hint">${escapeHtml(hint)}</p>\n${inner.join('\n')}\n</fieldset>`;
  /** The decent-work facts, asked at the placement and at a follow-up in work. */
  const decentWork = (hint: string, shown: string) =>
    fieldGroup(
      'decentWork',
      t('placement.decentWork'),
      hint,
      [
        radios(
          'incomeBand',
          t('placement.incomeBand'),
          incomeBands.map((b) => [b, t(`placement.incomeBands.${b}`)]),
          t('placement.incomeBandHint'),
        ),
        radios('cnssDeclared', t('placement.cnssDeclared'), yesNo),
        radios(
          'workingTime',
          t('placement.workingTime'),
          workingTimes.map((w) => [w, t(`placement.workingTimes.${w}`)]),
        ),
      ],
      shown,
    );

  /** "The journey goes on" (no answer) or "the beneficiary leaves": the tasks that only may end it. */
  const goOnOrLeave = () =>
    radios('next', t('coaching.next'), [['', t('coaching.nextGoOn')], nextOption('leave')]);

  const plan = () => {
    const rows = planRows
      .map((n) => {
        const row = `${textInput(`planStep${n}`, t('coaching.planStep', { n }), PLAN_STEP_MAX_CHARACTERS)}\n${date(`planDate${n}`, t('coaching.planDate', { n }), { required: false })}`;
        labels[`planStep${n}`] = t('coaching.planStepLabel', { n });
        return row;
      })
      .join('\n');
    return `<fieldset id="plan" aria-describedby="plan-hint"><legend>${escapeHtml(t('coaching.plan'))}</legend><p class="hint" id="plan-hint">${escapeHtml(t('coaching.planHint'))}</p>\n${rows}\n</fieldset>`;
  };

  const progress = () => {
    const steps = Array.isArray(extra.plan?.steps) ? extra.plan.steps.slice(0, PLAN_MAX_STEPS) : [];
    if (steps.length === 0)
      return `<section aria-labelledby="progress-title"><h2 id="progress-title">${escapeHtml(t('coaching.progress'))}</h2><p>${escapeHtml(t('coaching.noPlan'))}</p></section>`;
    const rows = steps
      .map((step, i) => {
        const n = i + 1;
        const name = `progress${n}`;
        const field = select(
          name,
          t('coaching.progressStep', {
            n,
            step: isolated(lang, step.step),
            date: shownDay(lang, step.targetDate),
          }),
          planStepStatuses.map((s) => [s, t(`coaching.status.${s}`)]),
          { current: step.status },
        );
        labels[name] = t('coaching.progressLabel', { n });
        return `<div data-plan-step="${n}">${field}</div>`;
      })
      .join('\n');
    return `<fieldset id="progress" aria-describedby="progress-hint"><legend>${escapeHtml(t('coaching.progress'))}</legend><p class="hint" id="progress-hint">${escapeHtml(t('coaching.progressHint'))}</p>\n${rows}\n</fieldset>`;
  };

  const consentText = () => {
    const purpose = extra.consentPurpose ?? 'training-providers';
    return `<section class="consent" aria-labelledby="consent-title"><h2 id="consent-title">${escapeHtml(t('coaching.consentTitle'))}</h2>
<p class="hint">${escapeHtml(t('coaching.consentRead'))}</p>
<p><strong>${escapeHtml(t(`coaching.consentPurpose.${purpose}.name`))}</strong></p>
<p data-consent-purpose="${escapeHtml(purpose)}">${escapeHtml(t(`coaching.consentPurpose.${purpose}.text`))}</p>
<p class="hint" data-consent-version="${escapeHtml(CONSENT_TEXT_VERSION)}">${escapeHtml(t('coaching.consentVersion', { version: CONSENT_TEXT_VERSION }))}</p>
</section>`;
  };

  const offers = () => {
    const proposed = extra.offers ?? [];
    const number = new Intl.NumberFormat(`${lang}-MA`);
    const described = (offer: ProposedOffer) => {
      const leadsTo = (trainingOutcomes as readonly string[]).includes(offer.leadsTo)
        ? t(`coaching.leadsTo.${offer.leadsTo}`)
        : offer.leadsTo;
      const details = [
        t('coaching.offerProvider', {
          provider: isolated(lang, offer.providerName),
          kind: t(`coaching.providerKind.${offer.providerKind}`),
        }),
        isolated(lang, offer.province),
        t('coaching.offerDates', {
          start: shownDay(lang, offer.startDate),
          end: shownDay(lang, offer.endDate),
        }),
        t('coaching.offerSeats', { count: number.format(offer.openSeats) }),
        t('coaching.offerLeadsTo', { what: leadsTo }),
      ];
      return `<strong>${escapeHtml(offer.title[lang])}</strong><br><span class="hint">${details.map(escapeHtml).join(' · ')}</span>`;
    };
    const nextChoices: [string, string][] = [
      ['coaching', t('coaching.choiceNextCoaching')],
      nextOption('leave'),
    ];
    if (proposed.length === 0) {
      labels.offerId = t('coaching.offers');
      const next = radios('next', t('coaching.nextRequired'), nextChoices);
      targets.offerId = targets.next ?? 'next';
      return `<p role="note" data-no-offers>${escapeHtml(t('coaching.noOffers'))}</p>\n${next}`;
    }
    return [
      group(
        'radio',
        'offerId',
        t('coaching.offers'),
        [
          ...proposed.map((offer): [string, string] => [offer.offerId, described(offer)]),
          ['', escapeHtml(t('coaching.noOffer'))],
        ],
        t('coaching.offersHint'),
      ),
      radios('next', t('coaching.choiceNext'), [['', t('coaching.choiceNextNone')], ...nextChoices]),
    ].join('\n');
  };

  const fields: Record<TaskType, () => string> = {
    'initial-interview': () =>
      [
        date('interviewDate', t('task.interviewDate')),
        radios('attended', t('task.attended'), yesNo, t('coaching.attendedHint', { max: MAX_NO_SHOWS })),
        textarea(
          'goals',
          t('coaching.goals'),
          GOALS_MAX_CHARACTERS,
          t('coaching.goalsHint', { max: GOALS_MAX_CHARACTERS }),
        ),
        checkboxes(
          'barriers',
          t('coaching.barriers'),
          barriers.map((b) => [b, t(`coaching.barrier.${b}`)]),
          t('coaching.barriersHint'),
        ),
        plan(),
        radios(
          'next',
          t('coaching.next'),
          [
            ['', t('coaching.nextNone')],
            nextOption('coaching'),
            nextOption('training'),
            nextOption('placement'),
            nextOption('leave'),
          ],
          t('coaching.nextHint'),
        ),
        leaveReason(),
        notes(),
      ].join('\n'),
    'coaching-session': () =>
      [
        date('sessionDate', t('coaching.sessionDate')),
        checkboxes(
          'workedOn',
          t('coaching.workedOn'),
          sessionTopics.map((s) => [s, t(`coaching.topic.${s}`)]),
          t('coaching.workedOnHint'),
        ),
        progress(),
        radios('next', t('coaching.nextRequired'), [
          nextOption('coaching'),
          nextOption('training'),
          nextOption('placement'),
          nextOption('leave'),
        ]),
        leaveReason(),
        notes(),
      ].join('\n'),
    consent: () =>
      [
        consentText(),
        radios('consentGiven', t('coaching.consentGiven'), yesNo),
        date('consentDate', t('coaching.consentDate'), {
          required: false,
          hint: t('coaching.consentDateHint'),
        }),
        goOnOrLeave(),
        leaveReason(),
        notes(),
      ].join('\n'),
    'training-choice': () => [offers(), leaveReason(), notes()].join('\n'),
    'training-enrolment': () =>
      [
        radios('enrolled', t('coaching.enrolled'), yesNo),
        date('startDate', t('coaching.trainingStartDate'), {
          required: false,
          hint: t('coaching.trainingStartDateHint'),
        }),
        goOnOrLeave(),
        leaveReason(),
        notes(),
      ].join('\n'),
    'training-completion': () =>
      [
        radios('completed', t('coaching.completed'), yesNo),
        radios('certified', t('coaching.certified'), yesNo, t('coaching.certifiedHint')),
        date('endDate', t('coaching.endDate')),
        radios('next', t('coaching.nextRequired'), [
          nextOption('coaching'),
          nextOption('placement'),
          nextOption('leave'),
        ]),
        leaveReason(),
        notes(),
      ].join('\n'),
    // No field is `required` in the browser: what applies depends on the outcome (and a journey
    // that ends here needs none of them); the server checks, and the page shows what is missing.
    placement: () =>
      [
        radios(
          'outcome',
          t('task.outcome'),
          placementOutcomes.map((o) => [o, t(`placement.outcome.${o}`)]),
        ),
        `<div${shownFor('outcome', placedOutcomes)}>`,
        date('startDate', t('task.startDate'), {
          required: false,
          hint: t('placement.startDateHint', { days: PLACEMENT_MAX_DAYS_AHEAD }),
        }),
        select(
          'sector',
          t('task.sector'),
          sectors.map((s) => [s, t(`task.sectors.${s}`)]),
          { empty: t('intake.choose'), hint: t('placement.sectorHint') },
        ),
        '</div>',
        fieldGroup(
          'employmentDetails',
          t('placement.employment'),
          t('placement.employmentHint'),
          [
            textInput(
              'employer',
              t('placement.employer'),
              EMPLOYER_MAX_CHARACTERS,
              t('placement.employerHint', { max: EMPLOYER_MAX_CHARACTERS }),
            ),
            select(
              'contractType',
              t('placement.contractType'),
              contractTypes.map((c) => [c, t(`placement.contractTypes.${c}`)]),
              { empty: t('intake.choose') },
            ),
          ],
          shownFor('outcome', ['employment']),
        ),
        `<div${shownFor('outcome', ['cooperative'])}>`,
        radios(
          'cooperativeRole',
          t('placement.cooperativeRole'),
          cooperativeRoles.map((r) => [r, t(`placement.cooperativeRoles.${r}`)]),
          t('placement.cooperativeRoleHint'),
        ),
        '</div>',
        `<div${shownFor('outcome', ['no-placement'])}>`,
        select(
          'noPlacementReason',
          t('placement.noPlacementReason'),
          noPlacementReasons.map((r) => [r, t(`placement.noPlacementReasons.${r}`)]),
          { empty: t('intake.choose'), hint: t('placement.noPlacementReasonHint') },
        ),
        '</div>',
        decentWork(t('placement.decentWorkHint'), shownFor('outcome', placedOutcomes)),
        goOnOrLeave(),
        leaveReason(),
        notes(),
      ].join('\n'),
    'follow-up': () =>
      [
        date('followUpDate', t('placement.followUpDate'), { hint: t('placement.followUpDateHint') }),
        radios(
          'workStatus',
          t('placement.workStatus'),
          workStatuses.map((w) => [w, t(`placement.workStatuses.${w}`)]),
        ),
        decentWork(t('placement.decentWorkFollowUpHint'), shownFor('workStatus', ['same', 'other'])),
        `<div${shownFor('workStatus', ['none'])}>`,
        radios(
          'next',
          t('placement.followUpNext'),
          [
            ['reopen', t('placement.followUpNextOption.reopen')],
            ['close', t('placement.followUpNextOption.close')],
          ],
          t('placement.followUpNextHint'),
        ),
        '</div>',
        notes(),
      ].join('\n'),
  };
  const action = `/tasks/${task.taskId}?${new URLSearchParams({ ...linkQuery, lang }).toString()}`;
  // When this send of the task is due (a reminder follows), not when its link stops working.
  const due = (task.dueAt ? new Date(task.dueAt) : new Date(task.expiresAt * 1000)).toLocaleDateString(
    `${lang}-MA`,
    {
      dateStyle: 'long',
    },
  );
  const formFields = fields[task.taskType](); // before the summary: it fills `targets` and `labels`
  const month = followUpMonthOf(task);
  // The name isolated in every language: an Arabic name in a French sentence keeps its place.
  const name = `\u2068${beneficiaryFirstName}\u2069`;
  const intro =
    month === undefined
      ? t(`task.${task.taskType}.intro`, { name })
      : t('task.follow-up.introMonths', { name, months: monthsText(t, month) });
  // The coaching phase's end leads to the placement: nothing to say on the placement or after it.
  const phaseOver = extra.coachingPhaseOver && task.taskType !== 'placement' && task.taskType !== 'follow-up';
  const body = `
<p>${escapeHtml(intro)}</p>
<p class="hint">${escapeHtml(t('task.assignedTo'))} : ${escapeHtml(task.coachName)} · ${escapeHtml(t('task.dueBy'))} ${escapeHtml(due)}</p>
${lateNotice(lang, task)}
${phaseOver ? `<p class="late" role="note">${escapeHtml(t('coaching.phaseOverNotice', { days: ACCOMPANIMENT_DAYS }))}</p>` : ''}
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
 * for that type (as far as the page can know: the next task depends on the answer; after the
 * placement, the follow-ups if there was one; after a follow-up, the next one, a new journey or
 * nothing); without it, it promises nothing. `reassigned` names the coach who has the task now.
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
