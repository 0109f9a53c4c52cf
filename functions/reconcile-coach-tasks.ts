/**
 * The sweep (on a schedule on AWS; at start and every few minutes locally): finds answers that
 * were recorded but never reached the workflow — the stream's delivery died with the process, or
 * its token closed — and hands them over with the same code the stream consumer runs. An answer
 * whose journey has ended is kept in its task, which is closed.
 */
import type { Context } from 'aws-lambda';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logger, metrics } from './commons/powertools';
import { instrumented } from './commons/instrumented';
import { closeTask, getTask, pendingDeliveries } from './commons/coach-tasks';
import { deliverAnswer } from './commons/task-delivery';
import { executionState } from './commons/journey-executions';
/** Answers younger than this are left to the stream, which is normally quicker. */
const GRACE_MS = 30_000;

/** Time kept for one answer: the answers not begun by then wait for the next run (oldest first). */
const MARGIN_MS = 10_000;

export interface SweepReport {
  delivered: number;
  waiting: number;
  closed: number;
  failed: number;
  /** Left for the next run: the run's time was up (a backlog after an outage). */
  deferred: number;
}

async function reconcile(taskId: string, now: Date): Promise<'delivered' | 'waiting' | 'closed' | undefined> {
  const task = await getTask(taskId);
  if (!task || task.status !== 'answered') return undefined;
  if ((await deliverAnswer(task)) === 'sent') return 'delivered';
  // Taken already (the next step marks it), or a reminder brings a new token.
  if ((await executionState(task)) !== 'ended') return 'waiting';
  return (await closeTask(task.taskId, 'journey-ended', now)) ? 'closed' : undefined;
}

export const handler = instrumented(async (_event: unknown, context: Context): Promise<SweepReport> => {
  const now = new Date();
  const report: SweepReport = { delivered: 0, waiting: 0, closed: 0, failed: 0, deferred: 0 };
  for (const pending of await pendingDeliveries(new Date(now.getTime() - GRACE_MS))) {
    // A long backlog (the stream stopped for hours) is worked through over several runs, each
    // ending before its time-out rather than failing and raising an alarm.
    if (context.getRemainingTimeInMillis() < MARGIN_MS) {
      report.deferred += 1;
      continue;
    }
    try {
      const outcome = await reconcile(pending.taskId, now);
      if (outcome) report[outcome] += 1;
    } catch (error) {
      // One task that fails (a throttle, a bad record) does not stop the others: next run again.
      report.failed += 1;
      logger.error('Sweep could not reconcile a task', {
        taskId: pending.taskId,
        error: (error as Error).name,
      });
    }
  }
  if (report.delivered + report.closed + report.failed + report.deferred > 0) {
    metrics.addMetric('SweptAnswersDelivered', MetricUnit.Count, report.delivered);
    logger.warn('Sweep reconciled coach answers', { ...report });
  }
  return report;
});
