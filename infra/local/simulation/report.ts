/**
 * What a simulation run did, and how it is printed at its end. Plain code, no I/O.
 */
import type { TaskType } from '../../../functions/domain/coach-task';
import type { PlacementOutcome } from '../../../functions/domain/placement';
import type { CohortSummary } from './cohort';

export type RunEnd = 'all-ended' | 'deadline' | 'interrupted' | 'failed';

/** Counts read on the governance dashboard (`GET /api/dashboard/summary`, national). */
export interface DashboardCounts {
  intake: number;
  placed: number;
  notPlaced: number;
  dropout: number;
  noShow: number;
  followUp: number;
  reopened: number;
  outcomes: Record<PlacementOutcome, number>;
}

export interface SimulationReport {
  end: RunEnd;
  /** Why the run ended early, when it did. */
  endReason?: string;
  seed: number;
  timeScale: number;
  timeScaleSource: 'flag' | 'health' | 'assumed';
  beneficiaries: number;
  cohort: CohortSummary;
  intakesPosted: number;
  intakesRefused: number;
  /** Journeys: one per intake, one more per accompaniment reopened. */
  journeys: number;
  journeysEnded: number;
  /** Journeys placed (any outcome but no placement), as the dashboard's `placed` counts them. */
  placements: number;
  /** People placed at least once. */
  peoplePlaced: number;
  outcomes: Record<PlacementOutcome, number>;
  notPlacedReasons: Record<string, number>;
  /** Journeys that ended early (the workflow's no-show dropouts included). */
  dropouts: number;
  dropoutReasons: Record<string, number>;
  /** Every first interview missed (each is a `no-show` on the dashboard). */
  missedInterviews: number;
  reopened: number;
  followUpsAnswered: number;
  tasksAnswered: number;
  tasksByType: Partial<Record<TaskType, number>>;
  /** Posts answered "already answered" (409): someone answered first. Not an error. */
  alreadyAnswered: number;
  /** Links that said the task or the journey was closed (410), or moved. */
  closedLinks: number;
  /** New task links whose page named no one of this cohort (another run's, or typed in by hand): left alone. */
  tasksOfOthers: number;
  /** Answers the platform refused (400), with the first few reasons. */
  refusedAnswers: number;
  refusals: string[];
  /** Requests that failed after their retries (network, 5xx). */
  failedRequests: number;
  /** Requests the platform's rate limit turned away (429): each waited its Retry-After and went again. */
  throttled?: number;
  emails: {
    read: number;
    newTasks: number;
    /** Emails carrying a link already seen: reminders, and offer announcements. */
    repeatedLinks: number;
    queue: number;
    escalations: number;
    other: number;
  };
  /** Journeys that waited in a region's queue for a coach with room. */
  waitedForACoach: number;
  /** Journeys that ended in a way the coaches did not decide: no coach, unanswered, silent. */
  endedOtherwise: Record<string, number>;
  /** Journeys still running at the end (deadline or Ctrl-C), by what they waited for. */
  left: Record<string, number>;
  /** From an answer to the next task's email, on the platform's clock (days): p50, p95. */
  platformLagDays?: { p50: number; p95: number };
  elapsedMs: number;
  /** Days that passed on the platform's clock. */
  platformDays: number;
  dashboardUrl: string;
  /** The dashboard's counts before and after the run, when they could be read. */
  dashboard?: { before: DashboardCounts; after: DashboardCounts };
  warnings: string[];
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function list(counts: Record<string, number>): string {
  const items = Object.entries(counts)
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1])
    .map(([key, n]) => `${key} ${n}`);
  return items.length === 0 ? 'none' : items.join(', ');
}

export function duration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  const minutes = Math.floor(seconds / 60);
  return minutes > 0 ? `${minutes} min ${String(seconds % 60).padStart(2, '0')} s` : `${seconds} s`;
}

/** The report as printed at the end of a run. */
export function formatReport(r: SimulationReport): string {
  if (r.end === 'failed' && r.intakesPosted === 0 && r.tasksAnswered === 0)
    return `\nCohort simulation failed before it began: ${r.endReason ?? 'see above'}\n`;
  const placedOutcomes = Object.fromEntries(
    Object.entries(r.outcomes).filter(([outcome]) => outcome !== 'no-placement'),
  );
  const lines = [
    '',
    r.end === 'all-ended'
      ? `Cohort simulation done: every journey ended (seed ${r.seed}).`
      : r.end === 'deadline'
        ? `Cohort simulation stopped at its deadline, ${r.journeys - r.journeysEnded} journeys still running (seed ${r.seed}).`
        : r.end === 'interrupted'
          ? `Cohort simulation interrupted: the report so far (seed ${r.seed}).`
          : `Cohort simulation failed: ${r.endReason ?? 'see above'} (seed ${r.seed}).`,
    `  Beneficiaries     ${r.beneficiaries} (${r.cohort.women} women; TTA ${r.cohort.regions.TTA}, ORI ${r.cohort.regions.ORI}; ${r.cohort.under30} under 30; ${r.cohort.arabicScript} names in Arabic script)`,
    `  Intakes posted    ${r.intakesPosted}${r.intakesRefused > 0 ? ` (${r.intakesRefused} refused)` : ''}`,
    `  Journeys          ${r.journeys} (${r.reopened} reopened after a follow-up), ${r.journeysEnded} ended`,
    `  Placed            ${plural(r.placements, 'placement')} (${r.peoplePlaced} people): ${list(placedOutcomes)}`,
    `  Not placed        ${r.outcomes['no-placement']}: ${list(r.notPlacedReasons)}`,
    `  Dropouts          ${r.dropouts}: ${list(r.dropoutReasons)}`,
    `  No-shows          ${plural(r.missedInterviews, 'missed interview')} (${r.dropoutReasons['no-show'] ?? 0} journeys ended after three)`,
    `  Follow-ups        ${r.followUpsAnswered} answered`,
    `  Tasks answered    ${r.tasksAnswered}: ${list(r.tasksByType)}`,
    `  Emails read       ${r.emails.read}: ${r.emails.newTasks} new tasks, ${r.emails.repeatedLinks} reminders or offer announcements, ${r.emails.queue} queue, ${r.emails.escalations} escalations, ${r.emails.other} other`,
    ...(r.waitedForACoach > 0 ? [`  Waited for a coach ${r.waitedForACoach}`] : []),
    ...(Object.values(r.endedOtherwise).some((n) => n > 0)
      ? [`  Ended otherwise   ${list(r.endedOtherwise)}`]
      : []),
    ...(r.alreadyAnswered + r.closedLinks + r.tasksOfOthers > 0
      ? [
          `  Links             ${r.alreadyAnswered} already answered, ${r.closedLinks} closed, ${r.tasksOfOthers} of other people (left alone)`,
        ]
      : []),
    ...(r.refusedAnswers + r.failedRequests > 0
      ? [
          `  Problems          ${r.refusedAnswers} answers refused, ${r.failedRequests} requests failed`,
          ...r.refusals.map((reason) => `      ${reason}`),
        ]
      : []),
    ...((r.throttled ?? 0) > 0
      ? [
          `  Rate limited      ${plural(r.throttled ?? 0, 'request')} waited (429, Retry-After) and went again`,
        ]
      : []),
    ...(Object.keys(r.left).length > 0 ? [`  Still running     ${list(r.left)}`] : []),
    `  Elapsed           ${duration(r.elapsedMs)} (${Math.round(r.platformDays)} days on the platform's clock at ${r.timeScale}×, ${r.timeScaleSource === 'assumed' ? 'assumed' : `from ${r.timeScaleSource === 'flag' ? '--time-scale' : '/health'}`})`,
    ...(r.platformLagDays
      ? [
          `  Platform lag      answer to next task email: p50 ${r.platformLagDays.p50.toFixed(2)} days, p95 ${r.platformLagDays.p95.toFixed(2)} days (platform clock)`,
        ]
      : []),
    ...(r.dashboard
      ? [
          `  Dashboard         intake +${r.dashboard.after.intake - r.dashboard.before.intake}, placed +${r.dashboard.after.placed - r.dashboard.before.placed}, not placed +${r.dashboard.after.notPlaced - r.dashboard.before.notPlaced}, dropout +${r.dashboard.after.dropout - r.dashboard.before.dropout}, follow-up +${r.dashboard.after.followUp - r.dashboard.before.followUp}`,
        ]
      : []),
    `  Look at           ${r.dashboardUrl} (sign in as GOVERNANCE-NATIONAL, password Kafaat-local-2026)`,
    ...r.warnings.map((w) => `  Note: ${w}`),
    '',
  ];
  return lines.join('\n');
}
