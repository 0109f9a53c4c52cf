/**
 * Coach tasks: what each kind asks of the coach, how its answers are checked, and the signed link
 * that carries a task id (never the workflow's task token). Plain rules, no AWS.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

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

/** A link stays valid this long; the workflow may time the task out sooner and send a new one. */
export const LINK_VALIDITY_DAYS = 30;
/** Task records are kept this long after their link expires, then DynamoDB deletes them (TTL). */
export const TASK_RETENTION_DAYS = 400;

export type TaskStatus = 'open' | 'completing' | 'completed' | 'expired';

export function newTaskId(): string {
  return randomBytes(16).toString('base64url');
}

export function isTaskId(value: unknown): value is string {
  return typeof value === 'string' && /^[A-Za-z0-9_-]{22}$/.test(value);
}

function signature(secret: string, taskId: string, expiresAt: number): string {
  return createHmac('sha256', secret).update(`${taskId}.${expiresAt}`).digest('base64url');
}

export function signedTaskPath(secret: string, taskId: string, expiresAt: number): string {
  return `/tasks/${taskId}?exp=${expiresAt}&sig=${signature(secret, taskId, expiresAt)}`;
}

export type LinkCheck = 'valid' | 'invalid' | 'expired';

/** Checks a link's signature and expiry (epoch seconds); tampering is told apart from age. */
export function checkTaskLink(
  secret: string,
  taskId: string,
  exp: string | undefined,
  sig: string | undefined,
  now: Date,
): LinkCheck {
  if (!isTaskId(taskId) || exp === undefined || sig === undefined || !/^\d{1,12}$/.test(exp))
    return 'invalid';
  const expected = Buffer.from(signature(secret, taskId, Number(exp)));
  const given = Buffer.from(sig);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return 'invalid';
  return Number(exp) * 1000 < now.getTime() ? 'expired' : 'valid';
}

const isoDate = z.iso.date('Must be a date (YYYY-MM-DD).');
const yesNo = z.enum(['yes', 'no'], { error: 'Answer yes or no.' });
const notes = z.preprocess(
  (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
  z.string().trim().max(1000, 'At most 1000 characters.').optional(),
);

export const taskAnswerSchemas = {
  'initial-interview': z
    .object({ interviewDate: isoDate, attended: yesNo, trainingNeeded: yesNo, notes })
    .strict(),
  placement: z
    .object({
      outcome: z.enum(placementOutcomes, { error: `Must be one of: ${placementOutcomes.join(', ')}.` }),
      startDate: isoDate,
      sector: z.enum(sectors, { error: 'Choose a sector from the list.' }),
      notes,
    })
    .strict(),
} satisfies Record<TaskType, z.ZodType>;

export type TaskAnswers = {
  [K in TaskType]: z.infer<(typeof taskAnswerSchemas)[K]>;
};

export type AnswerCheck =
  { ok: true; answers: TaskAnswers[TaskType] } | { ok: false; errors: { field: string; message: string }[] };

export function checkTaskAnswers(taskType: TaskType, input: unknown, now: Date): AnswerCheck {
  const result = taskAnswerSchemas[taskType].safeParse(input);
  if (!result.success) {
    return {
      ok: false,
      errors: result.error.issues.map((issue) =>
        issue.code === 'unrecognized_keys'
          ? { field: issue.keys.join(', '), message: 'Unknown field.' }
          : { field: issue.path.map(String).join('.') || 'body', message: issue.message },
      ),
    };
  }
  const answers = result.data;
  const date = 'interviewDate' in answers ? answers.interviewDate : answers.startDate;
  const field = 'interviewDate' in answers ? 'interviewDate' : 'startDate';
  const limit = new Date(now.getTime() + 366 * 24 * 3600 * 1000).toISOString().slice(0, 10);
  if (date > limit) return { ok: false, errors: [{ field, message: 'Must be within the next year.' }] };
  return { ok: true, answers };
}
