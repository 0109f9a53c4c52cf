/**
 * Handing a beneficiary to another coach, and emailing a coach their task (first send, reminder,
 * or after a move). A reassignment is three steps, each one redone safely by a retry that starts
 * over from the top after a crash at any line:
 *
 * (a) one transaction: the beneficiary's coach old → new (only if still old), the two loads −1/+1
 *     and the audit entry. A retry finds the new coach already set: nothing is written again, and
 *     it goes on to (b).
 * (b) each open task of the journey that is not with the beneficiary's coach moves to them: coach,
 *     name and link generation + 1, in one write conditional on the task being still open, still
 *     with the coach and generation read. A retry finds it moved and moves nothing; an answer
 *     given in the instant before wins (the condition fails, the task stays answered).
 * (c) each open task with the beneficiary's coach whose generation was not emailed yet is emailed
 *     to them (a link signed for that generation), then marked `emailedGeneration`. A retry after
 *     the mark sends nothing; only a crash between the send and the mark sends it twice.
 *
 * Two reassignments racing each other end with the tasks where the beneficiary is: each move of
 * (b) is a transaction that checks the beneficiary still has the coach it moves the task to.
 */
import { sendEmail } from './mailer';
import { setting } from './settings';
import { logger } from './powertools';
import { linkSigningSecret } from './secrets';
import { getBeneficiary, type Beneficiary } from './beneficiaries';
import { reassignBeneficiary } from './coach-loads';
import { markGenerationEmailed, moveTask, type CoachTask } from './coach-tasks';
import { journeyTasks } from './journey-tasks';
import { auditItem, type Actor } from './case-file-entries';
import { taskLinkUrl } from './task-links';
import { coachTaskEmail } from '../views/coach-email';
import { generationToEmail, type TaskEmail } from '../domain/task-protocol';
import { reassignDetail, tasksToMove, type CoachRecord } from '../domain/reassignment';

/**
 * Emails a coach their task: a link signed for the task's current generation, in the coach's
 * language, with the beneficiary's first name only (no contact: the link's page shows it).
 */
export async function emailTask(
  task: CoachTask,
  coach: CoachRecord,
  beneficiaryFirstName: string,
  kind: Exclude<TaskEmail, 'none'>,
): Promise<void> {
  const lang = coach.preferredLanguage ?? 'fr';
  const link = taskLinkUrl(setting('PUBLIC_BASE_URL'), await linkSigningSecret(), task, lang);
  const firstSentAt = new Date(task.movedAt ?? task.createdAt);
  const message = coachTaskEmail({
    lang,
    taskType: task.taskType,
    coachName: coach.displayName,
    beneficiaryFirstName,
    link,
    expiresAt: new Date(task.expiresAt * 1000),
    ...(task.step === undefined ? {} : { followUpMonth: task.step }),
    ...(kind === 'reminder' ? { reminder: { count: task.reminders, firstSentAt } } : {}),
    ...(kind === 'reassigned' ? { reassigned: true } : {}),
  });
  await sendEmail(coach.email, message);
}

/**
 * Step (b): the journey's open tasks move to this coach — each move conditional on the beneficiary
 * having this coach still — and the ids of those this call moved.
 */
export async function moveOpenTasks(beneficiaryId: string, coach: CoachRecord, now: Date): Promise<string[]> {
  const moved: string[] = [];
  for (const task of tasksToMove(await journeyTasks(beneficiaryId), coach.code)) {
    if (await moveTask(task, coach, now, beneficiaryId)) {
      moved.push(task.taskId);
      logger.info('Coach task moved', {
        taskId: task.taskId,
        from: task.coachId,
        to: coach.code,
        linkGeneration: (task.linkGeneration ?? 0) + 1,
      });
    } else {
      logger.info('Coach task not moved: answered, closed or moved meanwhile, or the coach changed', {
        taskId: task.taskId,
      });
    }
  }
  return moved;
}

/** Step (c): the coach gets each open task of theirs whose current generation was not emailed. */
export async function emailMovedTasks(beneficiary: Beneficiary, coach: CoachRecord): Promise<string[]> {
  const emailed: string[] = [];
  for (const task of await journeyTasks(beneficiary.beneficiaryId)) {
    const generation = generationToEmail(task);
    if (task.coachId !== coach.code || generation === undefined) continue;
    await emailTask(task, coach, beneficiary.firstName, 'reassigned');
    await markGenerationEmailed(task.taskId, generation);
    emailed.push(task.taskId);
    logger.info('Moved coach task emailed', { taskId: task.taskId, coachId: coach.code, generation });
  }
  return emailed;
}

export type ReassignResult =
  | {
      outcome: 'reassigned' | 'alreadyAssigned';
      /** The open task that moved to the new coach; absent when none did (answered just before). */
      movedTaskId?: string;
    }
  /** Someone else gave the beneficiary another coach meanwhile: nothing was changed here. */
  | { outcome: 'changedMeanwhile' }
  /** The new coach's record vanished between the check and the write: nothing was changed. */
  | { outcome: 'coachMissing' };

/**
 * Steps (a), (b), (c) for a beneficiary read just before and a coach checked by
 * `decideReassignment`: `from` is the coach the beneficiary had (absent for a repeat).
 */
export async function reassign(
  actor: Actor,
  via: string,
  beneficiary: Beneficiary,
  coach: CoachRecord,
  from: string | undefined,
  now: Date,
): Promise<ReassignResult> {
  const beneficiaryId = beneficiary.beneficiaryId;
  let outcome: 'reassigned' | 'alreadyAssigned' = 'alreadyAssigned';
  if (from !== undefined) {
    const audit = auditItem(beneficiaryId, actor, 'reassign', via, now, {
      detail: reassignDetail(from, coach.code),
    });
    const written = await reassignBeneficiary(beneficiaryId, from, coach.code, audit);
    if (written === 'coachMissing') return { outcome: 'coachMissing' };
    if (written === 'beneficiaryChanged') {
      // A retry whose first try went through finds the new coach set: on to (b) and (c).
      const current = await getBeneficiary(beneficiaryId);
      if (current?.coachId !== coach.code) return { outcome: 'changedMeanwhile' };
    } else {
      outcome = 'reassigned';
      logger.info('Beneficiary reassigned', { beneficiaryId, from, to: coach.code });
    }
  }
  const moved = await moveOpenTasks(beneficiaryId, coach, now);
  await emailMovedTasks(beneficiary, coach);
  const movedTaskId =
    moved[0] ?? (outcome === 'alreadyAssigned' ? await movedEarlier(beneficiaryId, coach) : undefined);
  return { outcome, ...(movedTaskId ? { movedTaskId } : {}) };
}

/** For a repeat: the open task an earlier try moved to this coach, if any. */
async function movedEarlier(beneficiaryId: string, coach: CoachRecord): Promise<string | undefined> {
  const tasks = await journeyTasks(beneficiaryId);
  return tasks.find((t) => t.status === 'open' && t.coachId === coach.code && (t.linkGeneration ?? 0) > 0)
    ?.taskId;
}
