/**
 * Once a day (an EventBridge rule on AWS; locally at start and on a timer): erases the personal
 * data of beneficiaries whose journey ended more than the retention period ago (`RETENTION_DAYS`,
 * on the platform's clock; see domain/personal-data.ts for the default and why). Records are found
 * through the sparse index `by-last-activity` (region, time of the journey's last event), never a
 * Scan: a record leaves it when erased. A record whose journey or follow-up still runs is left for
 * a later run (its next event moves its key anyway). Each erasure is audited as by `retention`.
 *
 * Redone after a crash or delivered twice, a run converges: an erasure half done is found again
 * (the record keeps its key until its own fields go, last) and finished; one done is not repeated.
 */
import type { Context } from 'aws-lambda';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import * as z from 'zod';
import { logger, metrics } from './commons/powertools';
import { instrumented } from './commons/instrumented';
import { timeScale } from './commons/settings';
import { getBeneficiary, type Beneficiary } from './commons/beneficiaries';
import { executionState } from './commons/journey-executions';
import { erasePersonalData, recordsInactiveSince } from './commons/personal-data';
import { retentionCutoff, retentionDaysOf } from './domain/personal-data';
import { regions } from './domain/reference-data';

/** The function takes no input: any event runs it (EventBridge's, the local timer's, a test's). */
const trigger = z.looseObject({ source: z.string().optional() });

/** Time kept for one erasure: a record not begun by then waits for the next run. */
const MARGIN_MS = 10_000;

export interface RetentionReport {
  retentionDays: number;
  cutoff: string;
  /** Records past the period, those erased now, those whose journey still runs, those that failed. */
  due: number;
  erased: number;
  running: number;
  failed: number;
  deferred: number;
}

/** Whether the journey, or a follow-up of it, still runs (or the workflow service cannot say). */
async function stillRunning(record: Beneficiary): Promise<boolean> {
  const journey = record.journeyNumber ?? 1;
  const states = [
    await executionState({
      beneficiaryId: record.beneficiaryId,
      taskType: 'placement',
      dimensions: { journey },
    }),
    ...(record.nextFollowUp
      ? [
          await executionState({
            beneficiaryId: record.beneficiaryId,
            taskType: 'follow-up',
            step: record.nextFollowUp.month,
            dimensions: { journey },
          }),
        ]
      : []),
  ];
  return states.some((state) => state !== 'ended');
}

export const handler = instrumented(async (event: unknown, context: Context): Promise<RetentionReport> => {
  trigger.parse(event ?? {});
  const now = new Date();
  const setting = retentionDaysOf(process.env.RETENTION_DAYS);
  if (setting.problem) logger.warn(setting.problem);
  const cutoff = retentionCutoff(now, setting.days, timeScale());
  const report: RetentionReport = {
    retentionDays: setting.days,
    cutoff,
    due: 0,
    erased: 0,
    running: 0,
    failed: 0,
    deferred: 0,
  };
  for (const region of regions) {
    const due = await recordsInactiveSince(region.code, cutoff);
    report.due += due.length;
    for (const found of due) {
      if (context.getRemainingTimeInMillis() < MARGIN_MS) {
        report.deferred += 1;
        continue;
      }
      try {
        // The index may lag: the record as it is now decides.
        const record = await getBeneficiary(found.beneficiaryId);
        if (!record?.lastActivityAt || record.lastActivityAt > cutoff) continue;
        if (await stillRunning(record)) {
          report.running += 1;
          continue;
        }
        await erasePersonalData(record.beneficiaryId, 'retention', now);
        report.erased += 1;
      } catch (error) {
        // One record's failure does not stop the others; it is found again at the next run.
        report.failed += 1;
        logger.error('Retention erasure failed', {
          beneficiaryId: found.beneficiaryId,
          error: (error as Error).name,
        });
      }
    }
  }
  metrics.addMetric('PersonalDataErased', MetricUnit.Count, report.erased);
  logger.info('Retention run', { ...report });
  return report;
});
