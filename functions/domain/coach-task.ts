/**
 * Coach tasks: what each kind asks of the coach, how its answers are checked, and the signed link
 * that carries a task id (never the workflow's task token). Plain rules, no AWS.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import * as z from 'zod';
import type { FieldError } from './errors';
import { checkNotes, type TextProblem } from './text';
import {
  barriers,
  dropoutReasons,
  GOALS_MAX_CHARACTERS,
  PLAN_MAX_STEPS,
  PLAN_STEP_MAX_CHARACTERS,
  planStepStatuses,
  sessionTopics,
} from './coaching';
import {
  contractTypes,
  cooperativeRoles,
  dayOf,
  DECENT_WORK_FIELDS,
  incomeBands,
  noPlacementReasons,
  placementDateProblem,
  placementOutcomes,
  workingTimes,
  workStatuses,
} from './placement';

/**
 * The coach tasks of a journey, in the order a journey may meet them: the first interview (again
 * after a no-show), coaching sessions (repeated), collecting a consent a step needs, choosing a
 * training, confirming the enrolment and the completion, and recording the placement.
 */
export const taskTypes = [
  'initial-interview',
  'coaching-session',
  'consent',
  'training-choice',
  'training-enrolment',
  'training-completion',
  'placement',
  'follow-up',
] as const;
export type TaskType = (typeof taskTypes)[number];

export { placementOutcomes, type PlacementOutcome } from './placement';

export const sectors = [
  'agriculture',
  'agri-food',
  'construction',
  'crafts',
  'hospitality',
  'industry',
  'logistics',
  'retail',
  'services',
  'social-economy',
] as const;

export { TASK_RETENTION_DAYS, type TaskStatus } from './task-protocol';

export function newTaskId(): string {
  return randomBytes(16).toString('base64url');
}

export function isTaskId(value: unknown): value is string {
  return typeof value === 'string' && /^[A-Za-z0-9_-]{22}$/.test(value);
}

/**
 * What a link's signature covers: the task, the link's expiry and the task's link generation (one
 * more each time the task moves to another coach), so a link sent before a move opens as "moved".
 * Links emailed before generations existed carry no `g` and were signed over `taskId.exp`: they
 * still check, as generation 0.
 */
function signature(secret: string, taskId: string, expiresAt: number, generation?: number): string {
  const signed = generation === undefined ? `${taskId}.${expiresAt}` : `${taskId}.${expiresAt}.${generation}`;
  return createHmac('sha256', secret).update(signed).digest('base64url');
}

export function signedTaskPath(secret: string, taskId: string, expiresAt: number, generation = 0): string {
  const sig = signature(secret, taskId, expiresAt, generation);
  return `/tasks/${taskId}?exp=${expiresAt}&g=${generation}&sig=${sig}`;
}

export type LinkCheck = 'valid' | 'invalid' | 'expired';

/** The link generation a link's `g` names: none (a link from before generations) is 0. */
export function linkGenerationOf(g: string | undefined): number {
  return g === undefined ? 0 : Number(g);
}

/**
 * Checks a link's signature and expiry (epoch seconds); tampering is told apart from age. `g` is
 * the link's generation as the query carries it (absent on links from before generations). Only
 * the signature and the clock are read: nothing from the tasks table.
 */
export function checkTaskLink(
  secret: string,
  taskId: string,
  exp: string | undefined,
  sig: string | undefined,
  now: Date,
  g?: string,
): LinkCheck {
  if (!isTaskId(taskId) || exp === undefined || sig === undefined || !/^\d{1,12}$/.test(exp))
    return 'invalid';
  if (g !== undefined && !/^(0|[1-9]\d{0,5})$/.test(g)) return 'invalid';
  const expected = Buffer.from(
    signature(secret, taskId, Number(exp), g === undefined ? undefined : Number(g)),
  );
  const given = Buffer.from(sig);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return 'invalid';
  return Number(exp) * 1000 < now.getTime() ? 'expired' : 'valid';
}

/** No coach-task date comes before the programme (Kafaat Liljamia began in 2017): 0000 is a typo. */
export const EARLIEST_TASK_DATE = '2017-01-01';
/** An interview or a start may be planned up to this many days ahead. */
export const MAX_TASK_DAYS_AHEAD = 366;
export const NOTES_MAX_CHARACTERS = 1000;

/** A date as YYYY-MM-DD that exists: zod checks month lengths and leap years. */
const isoDate = z.iso.date();
const yesNo = z.enum(['yes', 'no']);
const notesProblems: Record<
  Exclude<TextProblem, 'empty' | 'characters'>,
  { key: string; message: string }
> = {
  unreadable: {
    key: 'encoding',
    message:
      'Contains characters that could not be read (invalid UTF-8, or U+FFFD): send the notes as UTF-8 text.',
  },
  invisible: {
    key: 'notesInvisible',
    message:
      'Must be text without control characters (other than new lines) or bidirectional controls, at most 1000 characters.',
  },
  tooLong: { key: 'notesTooLong', message: `Must be at most ${NOTES_MAX_CHARACTERS} characters.` },
};
const notes = z.preprocess(
  (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
  z
    .string()
    .transform((raw, ctx) => {
      const checked = checkNotes(raw, NOTES_MAX_CHARACTERS);
      if (checked.ok) return checked.value;
      const problem =
        notesProblems[
          checked.problem === 'empty' || checked.problem === 'characters' ? 'invisible' : checked.problem
        ];
      ctx.addIssue({
        code: 'custom',
        message: problem.message,
        params: { key: problem.key, max: NOTES_MAX_CHARACTERS },
      });
      return z.NEVER;
    })
    .optional(),
);

/** Text a coach writes (goals, a plan step): like notes, refused rather than cut when too long. */
function freeText(max: number) {
  return z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
    z
      .string()
      .transform((raw, ctx) => {
        const checked = checkNotes(raw, max);
        if (checked.ok) return checked.value;
        const key = checked.problem === 'tooLong' ? 'textTooLong' : 'notesInvisible';
        ctx.addIssue({
          code: 'custom',
          message:
            checked.problem === 'tooLong'
              ? `Must be at most ${max} characters.`
              : `Must be text without control characters, at most ${max} characters.`,
          params: { key, max },
        });
        return z.NEVER;
      })
      .optional(),
  );
}

/** A choice a form may leave empty: the empty choice is no answer. */
const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
function optional<T extends z.ZodType>(schema: T) {
  return z.preprocess(blankToUndefined, schema.optional());
}
/** Ticked boxes of one name: none, one (a string in a form) or several (an array). */
function codeList<const Codes extends readonly [string, ...string[]]>(codes: Codes) {
  return z.preprocess(
    (v) => (typeof v === 'string' ? (v.trim() === '' ? [] : [v]) : v),
    z
      .array(z.enum(codes))
      .refine((list) => new Set(list).size === list.length, { message: 'Lists a code more than once.' })
      .optional(),
  );
}

const planFields = Object.fromEntries(
  Array.from({ length: PLAN_MAX_STEPS }, (_, i) => [
    [`planStep${i + 1}`, freeText(PLAN_STEP_MAX_CHARACTERS)],
    [`planDate${i + 1}`, optional(isoDate)],
  ]).flat(),
) as Record<string, z.ZodType>;
const progressFields = Object.fromEntries(
  Array.from({ length: PLAN_MAX_STEPS }, (_, i) => [`progress${i + 1}`, optional(z.enum(planStepStatuses))]),
) as Record<string, z.ZodType>;
const leaveReason = optional(z.enum(dropoutReasons));
/** The employer's name, as the coach writes it: kept on the task and the record, never in events. */
export const EMPLOYER_MAX_CHARACTERS = 120;
const decentWorkFields = {
  incomeBand: optional(z.enum(incomeBands)),
  cnssDeclared: optional(yesNo),
  workingTime: optional(z.enum(workingTimes)),
};

export const taskAnswerSchemas = {
  'initial-interview': z
    .object({
      interviewDate: isoDate,
      attended: yesNo,
      /** From before the personal plan: `yes` sends the journey to training when `next` is not given. */
      trainingNeeded: optional(yesNo),
      goals: freeText(GOALS_MAX_CHARACTERS),
      barriers: codeList(barriers),
      ...planFields,
      next: optional(z.enum(['coaching', 'training', 'placement', 'leave'])),
      leaveReason,
      notes,
    })
    .strict(),
  'coaching-session': z
    .object({
      sessionDate: isoDate,
      workedOn: codeList(sessionTopics),
      ...progressFields,
      next: z.enum(['coaching', 'training', 'placement', 'leave']),
      leaveReason,
      notes,
    })
    .strict(),
  consent: z
    .object({
      consentGiven: yesNo,
      consentDate: optional(isoDate),
      next: optional(z.enum(['leave'])),
      leaveReason,
      notes,
    })
    .strict(),
  'training-choice': z
    .object({
      offerId: optional(z.string().regex(/^[A-Z0-9][A-Z0-9-]{2,39}$/)),
      next: optional(z.enum(['coaching', 'leave'])),
      leaveReason,
      notes,
    })
    .strict(),
  'training-enrolment': z
    .object({
      enrolled: yesNo,
      startDate: optional(isoDate),
      next: optional(z.enum(['leave'])),
      leaveReason,
      notes,
    })
    .strict(),
  'training-completion': z
    .object({
      completed: yesNo,
      certified: optional(yesNo),
      endDate: isoDate,
      next: z.enum(['coaching', 'placement', 'leave']),
      leaveReason,
      notes,
    })
    .strict(),
  placement: z
    .object({
      // Required unless the journey ends here (`next: leave`): see answerRules.
      outcome: optional(z.enum(placementOutcomes)),
      startDate: optional(isoDate),
      sector: optional(z.enum(sectors)),
      // Added (optional in the API, asked by the page): see pageRules.
      employer: freeText(EMPLOYER_MAX_CHARACTERS),
      contractType: optional(z.enum(contractTypes)),
      cooperativeRole: optional(z.enum(cooperativeRoles)),
      ...decentWorkFields,
      noPlacementReason: optional(z.enum(noPlacementReasons)),
      next: optional(z.enum(['leave'])),
      leaveReason,
      notes,
    })
    .strict(),
  'follow-up': z
    .object({
      followUpDate: isoDate,
      workStatus: z.enum(workStatuses),
      ...decentWorkFields,
      next: optional(z.enum(['reopen', 'close'])),
      notes,
    })
    .strict(),
} satisfies Record<TaskType, z.ZodType>;

export type TaskAnswers = {
  [K in TaskType]: z.infer<(typeof taskAnswerSchemas)[K]>;
};

export type AnswerCheck =
  { ok: true; answers: Record<string, unknown> } | { ok: false; errors: FieldError[] };

const DATE_EXPECTED = 'Must be a date that exists, written YYYY-MM-DD (e.g. "2026-03-14").';
const dateExpectation = { key: 'date', message: DATE_EXPECTED };

/** What each answer expects: in English for the API, and as a key of the screen texts. */
const answerExpectations: Record<string, { key: string; message: string }> = {
  interviewDate: dateExpectation,
  startDate: dateExpectation,
  sessionDate: dateExpectation,
  consentDate: dateExpectation,
  endDate: dateExpectation,
  ...Object.fromEntries(
    Array.from({ length: PLAN_MAX_STEPS }, (_, i) => [`planDate${i + 1}`, dateExpectation]),
  ),
  ...Object.fromEntries(
    Array.from({ length: PLAN_MAX_STEPS }, (_, i) => [
      `progress${i + 1}`,
      { key: 'planStepStatus', message: `Must be one of: ${planStepStatuses.join(', ')}.` },
    ]),
  ),
  attended: { key: 'yesNo', message: 'Must be "yes" or "no".' },
  trainingNeeded: { key: 'yesNo', message: 'Must be "yes" or "no".' },
  consentGiven: { key: 'yesNo', message: 'Must be "yes" or "no".' },
  enrolled: { key: 'yesNo', message: 'Must be "yes" or "no".' },
  completed: { key: 'yesNo', message: 'Must be "yes" or "no".' },
  certified: { key: 'yesNo', message: 'Must be "yes" or "no".' },
  outcome: { key: 'outcome', message: `Must be one of: ${placementOutcomes.join(', ')}.` },
  followUpDate: dateExpectation,
  contractType: { key: 'contractType', message: `Must be one of: ${contractTypes.join(', ')}.` },
  cooperativeRole: { key: 'cooperativeRole', message: `Must be one of: ${cooperativeRoles.join(', ')}.` },
  incomeBand: { key: 'incomeBand', message: `Must be one of: ${incomeBands.join(', ')}.` },
  cnssDeclared: { key: 'yesNo', message: 'Must be "yes" or "no".' },
  workingTime: { key: 'workingTime', message: `Must be one of: ${workingTimes.join(', ')}.` },
  noPlacementReason: {
    key: 'noPlacementReason',
    message: `Must be one of: ${noPlacementReasons.join(', ')}.`,
  },
  workStatus: { key: 'workStatus', message: `Must be one of: ${workStatuses.join(', ')}.` },
  sector: { key: 'sector', message: `Must be one of: ${sectors.join(', ')}.` },
  barriers: { key: 'codeList', message: `Each one of: ${barriers.join(', ')}, at most once.` },
  workedOn: { key: 'codeList', message: `Each one of: ${sessionTopics.join(', ')}, at most once.` },
  next: { key: 'next', message: 'Must be one of the next steps this task offers.' },
  leaveReason: { key: 'leaveReason', message: `Must be one of: ${dropoutReasons.join(', ')}.` },
  offerId: { key: 'offerId', message: 'Must be the code of one of the training offers proposed.' },
  notes: { key: 'notesInvisible', message: `Must be text of at most ${NOTES_MAX_CHARACTERS} characters.` },
};

/**
 * What an answer is checked against besides itself: when the journey began (the intake, or the
 * reopening of accompaniment), and whether it comes from the task's page, which asks more than
 * the API requires of older clients (the placement's added facts: see pageRules).
 */
export interface AnswerContext {
  journeyStartedAt?: string;
  fromPage?: boolean;
}

/** Checks a coach's answers: each error names its field, says what is expected and carries a text key. */
export function checkTaskAnswers(
  taskType: TaskType,
  input: unknown,
  now: Date,
  context: AnswerContext = {},
): AnswerCheck {
  const schema = taskAnswerSchemas[taskType];
  const result = schema.safeParse(input);
  if (!result.success) {
    const fields = Object.keys(schema.shape);
    const errors = result.error.issues.map((issue): FieldError => {
      if (issue.code === 'unrecognized_keys') {
        return {
          field: issue.keys.join(', '),
          message: `Unknown field. This task takes: ${fields.join(', ')}.`,
          key: 'unknownField',
        };
      }
      const field = issue.path.map(String).join('.') || 'body';
      if (issue.code === 'custom' && typeof issue.params?.key === 'string') {
        const { key, ...params } = issue.params as { key: string } & Record<string, string | number>;
        return { field, message: issue.message, key, params };
      }
      if (field === 'body') {
        return {
          field,
          message: `Must be an object of the task's fields: ${fields.join(', ')}.`,
          key: 'bodyType',
        };
      }
      const expectation = Object.hasOwn(answerExpectations, field) ? answerExpectations[field] : undefined;
      if (!expectation) return { field, message: issue.message, key: 'invalid' };
      const given =
        typeof input === 'object' && input !== null && Object.hasOwn(input, field)
          ? (input as Record<string, unknown>)[field]
          : undefined;
      const missing = given === undefined || (typeof given === 'string' && given.trim() === '');
      return {
        field,
        message: missing ? `Required. ${expectation.message}` : expectation.message,
        key: expectation.key,
      };
    });
    // The rules between fields too (a field required given the others), so every error shows at once.
    const isObject = typeof input === 'object' && input !== null && !Array.isArray(input);
    const present = Object.fromEntries(
      Object.entries(isObject ? input : {}).filter(([, value]) => value !== undefined && value !== ''),
    );
    const more = isObject
      ? answerRules(taskType, present).filter((e) => !errors.some((x) => x.field === e.field))
      : [];
    return { ok: false, errors: [...errors, ...more] };
  }
  const answers = Object.fromEntries(
    Object.entries(result.data as Record<string, unknown>).filter(([, value]) => value !== undefined),
  );
  const errors = [
    ...datesOutOfRange(answers, now),
    ...datesAgainstJourney(taskType, answers, now, context),
    ...answerRules(taskType, answers),
    ...(context.fromPage ? pageRules(taskType, answers) : []),
  ];
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, answers: decided(taskType, answers) };
}

/**
 * A placement starts within its journey (not before it began, not far ahead); a follow-up's
 * contact took place between the journey's start and today.
 */
function datesAgainstJourney(
  taskType: TaskType,
  answers: Record<string, unknown>,
  now: Date,
  context: AnswerContext,
): FieldError[] {
  if (context.journeyStartedAt === undefined) return [];
  const started = context.journeyStartedAt;
  if (taskType === 'placement' && typeof answers.startDate === 'string' && answers.next !== 'leave') {
    const problem = placementDateProblem(answers.startDate, started, now);
    if (problem?.key === 'beforeJourney')
      return [
        {
          field: 'startDate',
          message: `Must not be before the journey began (${problem.bound}).`,
          key: 'dateBeforeJourney',
          params: { min: problem.bound },
        },
      ];
    if (problem?.key === 'tooFarAhead')
      return [
        {
          field: 'startDate',
          message: `Must be at most 90 days ahead (${problem.bound} at the latest).`,
          key: 'dateTooFarAhead',
          params: { max: problem.bound },
        },
      ];
  }
  if (taskType === 'follow-up' && typeof answers.followUpDate === 'string') {
    const earliest = dayOf(started);
    const today = dayOf(now);
    if (answers.followUpDate < earliest || answers.followUpDate > today)
      return [
        {
          field: 'followUpDate',
          message: `Must be a day from ${earliest} to today (${today}).`,
          key: 'dateRange',
          params: { min: earliest, max: today },
        },
      ];
  }
  return [];
}

/**
 * What the task's page asks on top of what the API requires: the placement's facts added after
 * clients had been written against it (the employer and the contract of a wage job, the
 * cooperative joined or created, the decent-work facts of every outcome in work or training).
 */
function pageRules(taskType: TaskType, a: Record<string, unknown>): FieldError[] {
  if (taskType !== 'placement' || a.next === 'leave' || a.outcome === undefined) return [];
  const errors: FieldError[] = [];
  if (a.outcome === 'employment') {
    if (a.employer === undefined) errors.push(required('employer', 'The employer of the job.'));
    if (a.contractType === undefined) errors.push(required('contractType', 'The contract of the job.'));
  }
  if (a.outcome === 'cooperative' && a.cooperativeRole === undefined)
    errors.push(required('cooperativeRole', 'Whether the cooperative was joined or created.'));
  if (a.outcome !== 'no-placement') errors.push(...decentWorkRequired(a));
  return errors;
}

function decentWorkRequired(a: Record<string, unknown>): FieldError[] {
  return DECENT_WORK_FIELDS.filter((field) => a[field] === undefined).map((field) => {
    const expectation = answerExpectations[field] ?? dateExpectation;
    return { field, message: `Required. ${expectation.message}`, key: expectation.key };
  });
}

const DATE_FIELD = /^(interviewDate|startDate|sessionDate|consentDate|endDate|followUpDate|planDate\d)$/;

/** Every date between the programme's start and a year ahead: 0000 or 2207 is a typo. */
function datesOutOfRange(answers: Record<string, unknown>, now: Date): FieldError[] {
  const latest = new Date(now.getTime() + MAX_TASK_DAYS_AHEAD * 24 * 3600 * 1000).toISOString().slice(0, 10);
  return Object.entries(answers)
    .filter(([field, value]) => DATE_FIELD.test(field) && typeof value === 'string')
    .filter(([, value]) => (value as string) < EARLIEST_TASK_DATE || (value as string) > latest)
    .map(([field]) => ({
      field,
      message: `Must be a date from ${EARLIEST_TASK_DATE} to ${latest} (within the next year).`,
      key: 'dateRange',
      params: { min: EARLIEST_TASK_DATE, max: latest },
    }));
}

const required = (field: string, message: string): FieldError => ({
  field,
  message: `Required. ${message}`,
  key: 'requiredHere',
  params: { why: message },
});

/** The rules between fields: what an answer needs given what else it says. */
function answerRules(taskType: TaskType, a: Record<string, unknown>): FieldError[] {
  const errors: FieldError[] = [];
  if (a.next === 'leave' && a.leaveReason === undefined)
    errors.push(required('leaveReason', 'Say why the beneficiary leaves the programme.'));
  if (taskType === 'initial-interview' && a.attended === 'yes') {
    if (a.goals === undefined) errors.push(required('goals', 'Write the goals agreed at the interview.'));
    errors.push(...planRules(a));
  }
  if (taskType === 'initial-interview' && a.attended === 'no' && a.next !== undefined && a.next !== 'leave')
    errors.push({
      field: 'next',
      message: 'A missed interview gets a new appointment: leave "next" out, or "leave" to end the journey.',
      key: 'nextAfterNoShow',
    });
  if (
    taskType === 'coaching-session' &&
    a.next !== 'leave' &&
    !(Array.isArray(a.workedOn) && a.workedOn.length > 0)
  )
    errors.push(required('workedOn', 'Tick what the session worked on.'));
  if (taskType === 'consent' && a.consentGiven === 'yes' && a.consentDate === undefined)
    errors.push(required('consentDate', 'The date the beneficiary agreed.'));
  if (taskType === 'training-choice' && a.offerId === undefined && a.next === undefined)
    errors.push(required('offerId', 'Choose a training, or say none suits (back to coaching).'));
  if (taskType === 'training-choice' && a.offerId !== undefined && a.next !== undefined)
    errors.push({
      field: 'next',
      message: 'Choose a training or another next step, not both.',
      key: 'offerOrNext',
    });
  if (taskType === 'placement' && a.next !== 'leave') {
    const needed =
      a.outcome === 'no-placement'
        ? (['noPlacementReason'] as const)
        : (['outcome', 'startDate', 'sector'] as const);
    for (const field of needed) {
      const expectation = answerExpectations[field];
      if (a[field] === undefined && expectation)
        errors.push({ field, message: `Required. ${expectation.message}`, key: expectation.key });
    }
  }
  if (taskType === 'follow-up') errors.push(...followUpRules(a));
  if (taskType === 'training-enrolment' && a.enrolled === 'yes' && a.startDate === undefined)
    errors.push(required('startDate', 'The date the training started.'));
  if (taskType === 'training-completion' && a.completed === 'no' && a.certified === 'yes')
    errors.push({
      field: 'certified',
      message: 'A training not completed cannot be certified: "no", or say it was completed.',
      key: 'certifiedNotCompleted',
    });
  return errors;
}

/**
 * A follow-up: in work (the same or another job or business), the decent-work facts; not
 * working, what the coach decides (reopen accompaniment, or close); `next` only then.
 */
function followUpRules(a: Record<string, unknown>): FieldError[] {
  if (a.workStatus === 'same' || a.workStatus === 'other') {
    const errors = decentWorkRequired(a);
    if (a.next !== undefined)
      errors.push({
        field: 'next',
        message: 'Only a person no longer working reopens accompaniment or closes: leave "next" out.',
        key: 'nextOnlyWhenNotWorking',
      });
    return errors;
  }
  if (a.workStatus === 'none' && a.next === undefined)
    return [required('next', 'Reopen accompaniment (a new coaching journey), or close the follow-up.')];
  if (a.workStatus === 'training' && a.next !== undefined)
    return [
      {
        field: 'next',
        message: 'Only a person no longer working reopens accompaniment or closes: leave "next" out.',
        key: 'nextOnlyWhenNotWorking',
      },
    ];
  return [];
}

/** A personal plan: at least one step, each with its target date, and no date without a step. */
function planRules(a: Record<string, unknown>): FieldError[] {
  const errors: FieldError[] = [];
  let steps = 0;
  for (let i = 1; i <= PLAN_MAX_STEPS; i += 1) {
    const step = a[`planStep${i}`];
    const date = a[`planDate${i}`];
    if (step !== undefined) steps += 1;
    if (step !== undefined && date === undefined)
      errors.push(required(`planDate${i}`, 'Give each step of the plan its target date.'));
    if (step === undefined && date !== undefined)
      errors.push(required(`planStep${i}`, 'A target date needs its step.'));
  }
  if (steps === 0) errors.push(required('planStep1', 'The personal plan needs at least one step.'));
  return errors;
}

/**
 * A placement keeps only the facts of its outcome: a form sent without its script (every part
 * shown) may carry a contract for a TPE, or a start date for no placement.
 */
function dropWhatDoesNotApply(kept: Record<string, unknown>): void {
  const outcome = kept.outcome;
  if (outcome === undefined) return;
  const notFor: [string, boolean][] = [
    ['employer', outcome !== 'employment'],
    ['contractType', outcome !== 'employment'],
    ['cooperativeRole', outcome !== 'cooperative'],
    ['noPlacementReason', outcome !== 'no-placement'],
    ...(['startDate', 'sector', ...DECENT_WORK_FIELDS] as const).map((field): [string, boolean] => [
      field,
      outcome === 'no-placement',
    ]),
  ];
  for (const [field, dropped] of notFor) if (dropped) delete kept[field];
}

/**
 * The answer as kept, with `next` always said (the workflow's choices read it): an interview that
 * took place goes on to coaching, or to training for older clients that said `trainingNeeded:
 * yes`; a missed one to a new appointment; a consent or an enrolment to the training, or back to
 * coaching; a chosen offer to the training; a placement is `placed`. A leaving reason is kept only when the journey ends.
 */
function decided(taskType: TaskType, answers: Record<string, unknown>): Record<string, unknown> {
  const kept = { ...answers };
  if (kept.next !== 'leave') delete kept.leaveReason;
  if (taskType === 'placement') dropWhatDoesNotApply(kept);
  if (kept.next !== undefined) return kept;
  const implied: Partial<Record<TaskType, string>> = {
    placement: kept.outcome === 'no-placement' ? 'not-placed' : 'placed',
    'initial-interview':
      kept.attended === 'no' ? 'new-appointment' : kept.trainingNeeded === 'yes' ? 'training' : 'coaching',
    consent: kept.consentGiven === 'yes' ? 'training' : 'coaching',
    'training-choice': 'training',
    'training-enrolment': kept.enrolled === 'yes' ? 'training' : 'coaching',
  };
  const next = implied[taskType];
  return next === undefined ? kept : { ...kept, next };
}
