/**
 * Coach tasks: what each kind asks of the coach, how its answers are checked, and the signed link
 * that carries a task id (never the workflow's task token). Plain rules, no AWS.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { FieldError } from './errors';
import { checkNotes, type TextProblem } from './text';

export const taskTypes = ['initial-interview', 'placement'] as const;
export type TaskType = (typeof taskTypes)[number];

export const placementOutcomes = ['employment', 'tpe', 'cooperative', 'auto-entrepreneur'] as const;
export type PlacementOutcome = (typeof placementOutcomes)[number];

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

export const taskAnswerSchemas = {
  'initial-interview': z
    .object({ interviewDate: isoDate, attended: yesNo, trainingNeeded: yesNo, notes })
    .strict(),
  placement: z
    .object({
      outcome: z.enum(placementOutcomes),
      startDate: isoDate,
      sector: z.enum(sectors),
      notes,
    })
    .strict(),
} satisfies Record<TaskType, z.ZodType>;

export type TaskAnswers = {
  [K in TaskType]: z.infer<(typeof taskAnswerSchemas)[K]>;
};

export type AnswerCheck = { ok: true; answers: TaskAnswers[TaskType] } | { ok: false; errors: FieldError[] };

const DATE_EXPECTED = 'Must be a date that exists, written YYYY-MM-DD (e.g. "2026-03-14").';

/** What each answer expects: in English for the API, and as a key of the screen texts. */
const answerExpectations: Record<string, { key: string; message: string }> = {
  interviewDate: { key: 'date', message: DATE_EXPECTED },
  startDate: { key: 'date', message: DATE_EXPECTED },
  attended: { key: 'yesNo', message: 'Must be "yes" or "no".' },
  trainingNeeded: { key: 'yesNo', message: 'Must be "yes" or "no".' },
  outcome: { key: 'outcome', message: `Must be one of: ${placementOutcomes.join(', ')}.` },
  sector: { key: 'sector', message: `Must be one of: ${sectors.join(', ')}.` },
  notes: { key: 'notesInvisible', message: `Must be text of at most ${NOTES_MAX_CHARACTERS} characters.` },
};

/** Checks a coach's answers: each error names its field, says what is expected and carries a text key. */
export function checkTaskAnswers(taskType: TaskType, input: unknown, now: Date): AnswerCheck {
  const schema = taskAnswerSchemas[taskType];
  const result = schema.safeParse(input);
  if (!result.success) {
    const fields = Object.keys(schema.shape);
    return {
      ok: false,
      errors: result.error.issues.map((issue): FieldError => {
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
      }),
    };
  }
  const answers = result.data;
  const date = 'interviewDate' in answers ? answers.interviewDate : answers.startDate;
  const field = 'interviewDate' in answers ? 'interviewDate' : 'startDate';
  const latest = new Date(now.getTime() + MAX_TASK_DAYS_AHEAD * 24 * 3600 * 1000).toISOString().slice(0, 10);
  if (date < EARLIEST_TASK_DATE || date > latest) {
    return {
      ok: false,
      errors: [
        {
          field,
          message: `Must be a date from ${EARLIEST_TASK_DATE} to ${latest} (within the next year).`,
          key: 'dateRange',
          params: { min: EARLIEST_TASK_DATE, max: latest },
        },
      ],
    };
  }
  return { ok: true, answers };
}
