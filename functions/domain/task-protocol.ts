/**
 * How a coach task lives, as plain rules (no AWS): its stable id, how long its link lives, and what
 * each new send of it (first email, reminder, a retry of the same send) must do.
 *
 *   open ──(coach POSTs the form: one conditional write, the commitment)──▶ answered
 *   answered ──(the workflow's next step records the stage)──────────────▶ delivered
 *   open | answered ──(the journey ended without it)────────────────────▶ closed
 *   open ──(the beneficiary is reassigned: one conditional write)────────▶ open, with the new
 *          coach and `linkGeneration` + 1 — links of older generations now say "reassigned"
 *
 * Who moves what, and what a restart reconciles, is written in workflows/README.md.
 */
import { createHmac } from 'node:crypto';

/** Reminders a coach gets for one task before the association's supervisor is told. */
export const MAX_REMINDERS = 2;

/** Task records are kept this long after their link expires, then DynamoDB deletes them (TTL). */
export const TASK_RETENTION_DAYS = 400;

export type TaskStatus = 'open' | 'answered' | 'delivered' | 'closed';

/**
 * The task's id: the same for every send of one task of one journey (first email, reminders, a
 * Lambda retry), so the link a coach already holds stays the one that counts. It is keyed with the
 * server's secret: nobody can work out a task id from a beneficiary id.
 */
export function taskIdFor(
  secret: string,
  beneficiaryId: string,
  taskType: string,
  step = 1,
  journey = 1,
): string {
  // A reopened journey's tasks are its own: the first journey's ids stay as they were.
  const path = journey <= 1 ? `${beneficiaryId}/${taskType}` : `${beneficiaryId}/j${journey}/${taskType}`;
  return createHmac('sha256', secret).update(`task/${path}/${step}`).digest('base64url').slice(0, 22);
}

/**
 * The link's expiry, in epoch seconds: as long as the task can wait — the first period, each
 * reminder's, and the period after escalation — and one period more, so a coach who opens it
 * as the journey closes reads "closed" rather than "expired". On the platform's clock: locally
 * time may run `timeScale` times faster.
 */
export function linkExpiresAt(now: Date, taskTimeoutSeconds: number, timeScale = 1): number {
  const periods = MAX_REMINDERS + 3;
  const journeySeconds = taskTimeoutSeconds * periods;
  return Math.floor(now.getTime() / 1000 + journeySeconds / Math.max(1, timeScale));
}

/** What is known of a task when the workflow (re)sends it. */
export interface TaskSendState {
  status: TaskStatus;
  taskToken: string;
  /** The reminder count whose email went out (0: the first email); a retry does not email twice. */
  emailedFor?: number;
}

export interface SendDecision {
  /** `create` a new record, `renew` its token (the link stays), or leave the record as it is. */
  record: 'create' | 'renew' | 'keep';
  email: 'first' | 'reminder' | 'none';
}

/**
 * What one send of a task must do. `reminders` is the workflow's count for this send (0 for the
 * first); the token is new on every send, retries of a failed send included.
 */
export function decideSend(
  existing: TaskSendState | undefined,
  token: string,
  reminders: number,
): SendDecision {
  // After the last reminder the supervisor is told instead (escalation): the coach's link stays.
  const email = reminders === 0 ? 'first' : reminders <= MAX_REMINDERS ? 'reminder' : 'none';
  if (!existing) return { record: 'create', email };
  if (existing.status === 'delivered' || existing.status === 'closed')
    return { record: 'keep', email: 'none' };
  const record = existing.taskToken === token ? 'keep' : 'renew';
  // An answer that came in while the old token was closing goes to the new token: no email.
  if (existing.status === 'answered') return { record, email: 'none' };
  return { record, email: existing.emailedFor === reminders ? 'none' : email };
}

/**
 * Whether a link still speaks for its task: links are signed for the task's link generation, which
 * grows by one each time the task moves to another coach. An older link says the task was
 * reassigned (to whom) and takes no answer; a newer one than the task has was never sent.
 */
export type LinkStanding = 'current' | 'reassigned' | 'unknown';

export function linkStanding(linkGeneration: number, taskGeneration = 0): LinkStanding {
  if (linkGeneration === taskGeneration) return 'current';
  return linkGeneration < taskGeneration ? 'reassigned' : 'unknown';
}

/** What is known of a task when deciding which email a send owes its coach. */
export interface TaskEmailState {
  status: TaskStatus;
  linkGeneration?: number;
  /** The link generation whose email went out (absent: the first coach's, generation 0). */
  emailedGeneration?: number;
}

export type TaskEmail = 'first' | 'reminder' | 'reassigned' | 'none';

/**
 * The email one send of a task owes: the send's own (first or reminder, see `decideSend`), or —
 * when the task moved to another coach and no email of its current generation went out yet (the
 * move's own email was lost to a crash) — the move's email, so the new coach always learns of it.
 * Any email sent carries the current generation's link, so it stands for that generation too.
 */
export function taskEmailFor(send: SendDecision['email'], task: TaskEmailState): TaskEmail {
  if (send !== 'none') return send;
  return generationToEmail(task) === undefined ? 'none' : 'reassigned';
}

/** The generation of an open task whose email is still owed to its coach, if any. */
export function generationToEmail(task: TaskEmailState): number | undefined {
  const generation = task.linkGeneration ?? 0;
  if (task.status !== 'open' || generation <= (task.emailedGeneration ?? 0)) return undefined;
  return generation;
}

/** What the coach's link shows and accepts, by the task's status. */
export type LinkView = 'form' | 'alreadyDone' | 'closed';

export function linkView(status: TaskStatus | string): LinkView {
  if (status === 'open') return 'form';
  if (status === 'answered' || status === 'delivered' || status === 'completed') return 'alreadyDone';
  return 'closed';
}

/**
 * The fields of an answer the workflow decides on. Only these reach it: never free text (goals,
 * plan steps, notes), which may be personal, and which the recording steps read from the task.
 */
export const DECISION_FIELDS = [
  'attended',
  'next',
  'leaveReason',
  'consentGiven',
  'offerId',
  'enrolled',
  'completed',
  'certified',
  'outcome',
  'startDate',
  'sector',
  'workStatus',
] as const;

/** What the workflow receives of an answer: what it decides on, never free text. */
export function workflowOutput(
  taskId: string,
  taskType: string,
  answers: Record<string, unknown>,
): Record<string, unknown> {
  const decisions = Object.fromEntries(
    DECISION_FIELDS.filter((field) => Object.hasOwn(answers, field)).map((field) => [field, answers[field]]),
  );
  return { taskId, taskType, ...decisions };
}
