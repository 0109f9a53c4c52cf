/**
 * What every end of a journey does besides its own event (placed, dropout, unanswered): the
 * journey's open tasks close (their links say so), its coach's caseload frees the place (once),
 * and the region's queue is woken for that place. Each part converges when redone.
 */
import { closeTask } from './coach-tasks';
import { releaseCoachOnce } from './coach-loads';
import { wakeCoachQueue } from './coach-queue';
import { journeyTasks } from './journey-tasks';

/** Thrown when closing finds an answer recorded as the journey was ending: the workflow takes it. */
export class LateAnswerArrived extends Error {
  override name = 'LateAnswerArrived';
}

/**
 * Closes the journey's open tasks. With `takeLateAnswers`, an answered task not yet delivered
 * stops the closing (LateAnswerArrived): the journey waits once more and takes it.
 */
export async function closeOpenTasks(
  beneficiaryId: string,
  reason: string,
  now: Date,
  options: { takeLateAnswers?: boolean; except?: string } = {},
): Promise<number> {
  let closed = 0;
  for (const task of await journeyTasks(beneficiaryId)) {
    if (task.taskId === options.except) continue;
    if (task.status === 'open' && (await closeTask(task.taskId, reason, now, 'onlyIfOpen'))) {
      closed += 1;
      continue;
    }
    if (options.takeLateAnswers && task.status === 'answered') {
      throw new LateAnswerArrived(`Task ${task.taskId} was answered as the journey was closing`);
    }
    if (task.status === 'answered' && (await closeTask(task.taskId, reason, now))) closed += 1;
  }
  return closed;
}

/** The coach's place freed and the region's queue woken. */
export async function freeCoachPlace(beneficiaryId: string, region: string, now: Date): Promise<void> {
  await releaseCoachOnce(beneficiaryId, now);
  await wakeCoachQueue(region);
}
