/**
 * A journey's timeline, as a case file shows it: every journey event and every step of every coach
 * task, each with its date, oldest first. Built from what the tables keep (journey events; task
 * records), never from the task's link or answers. A repeated step keeps its number (its
 * occurrence: a follow-up's is its month) and a dropout or an end without placement its reason,
 * for the case file to say which session, training or follow-up it was and why the journey ended;
 * a follow-up keeps where the person stood (the work status), and an event of a reopened journey
 * its journey's number. Plain rules, no AWS.
 */
import { MAX_REMINDERS } from './task-protocol';

/** What the timeline takes of a journey event (events carry no personal data). */
export interface TimelineEvent {
  stage: string;
  occurredAt: string;
  outcome?: string;
  /** Which time a repeated step happens (a coaching session's number, a training's number…). */
  occurrence?: number;
  /** Why the journey ended early (a `dropout`), or without a placement (`not-placed`). */
  reason?: string;
  /** The journey's number when it is not the first (accompaniment reopened after a follow-up). */
  journey?: number;
  /** What a follow-up found (codes only): the timeline keeps the work status. */
  work?: { workStatus?: string };
}

/** What the timeline takes of a coach task record. */
export interface TimelineTask {
  taskId: string;
  taskType: string;
  createdAt: string;
  lastSentAt: string;
  /** Time-outs so far: the first MAX_REMINDERS each sent a reminder, the next one escalated. */
  reminders: number;
  /** The reminder count whose email went out (0: the first email). */
  emailedFor?: number;
  answeredAt?: string;
  deliveredAt?: string;
  escalatedAt?: string;
  closedAt?: string;
  closedReason?: string;
  /** When the task last moved to another coach (a reassignment): `coachName` is who has it now. */
  movedAt?: string;
  coachName?: string;
}

export type TimelineEntry =
  | {
      kind: 'stage';
      at: string;
      stage: string;
      outcome?: string;
      occurrence?: number;
      reason?: string;
      /** 2, 3…: the event belongs to a journey reopened after a follow-up. */
      journey?: number;
      /** Where the person stood at a follow-up. */
      workStatus?: string;
    }
  | { kind: 'task-sent'; at: string; taskId: string; taskType: string }
  | { kind: 'task-reminded'; at: string; taskId: string; taskType: string; count: number }
  | { kind: 'task-escalated'; at: string; taskId: string; taskType: string; reminders: number }
  | { kind: 'task-moved'; at: string; taskId: string; taskType: string; coachName?: string }
  | { kind: 'task-answered'; at: string; taskId: string; taskType: string }
  | { kind: 'task-delivered'; at: string; taskId: string; taskType: string }
  | { kind: 'task-closed'; at: string; taskId: string; taskType: string; reason?: string };

export type TimelineKind = TimelineEntry['kind'];

/**
 * Entries of the same instant, in the order they happen: a task's answer reaches the workflow,
 * which records the stage and then closes what the stage leaves behind.
 */
const orderAtSameTime: Record<TimelineKind, number> = {
  'task-sent': 0,
  'task-reminded': 1,
  'task-escalated': 2,
  'task-moved': 3,
  'task-answered': 4,
  'task-delivered': 5,
  stage: 6,
  'task-closed': 7,
};

/**
 * The steps of one task. A record keeps only the time of its latest send (`lastSentAt`), so a
 * reminder is shown when that send is the reminder whose email went out: reminder n° k at
 * `lastSentAt`. A later send that emailed nobody (the escalation's, or one after an answer) takes
 * `lastSentAt` over; the escalation entry then says how many reminders had gone out.
 */
function taskEntries(task: TimelineTask): TimelineEntry[] {
  const { taskId, taskType } = task;
  const entries: TimelineEntry[] = [{ kind: 'task-sent', at: task.createdAt, taskId, taskType }];
  const reminded =
    task.reminders >= 1 &&
    task.reminders <= MAX_REMINDERS &&
    (task.emailedFor === undefined || task.emailedFor === task.reminders);
  if (reminded) {
    entries.push({ kind: 'task-reminded', at: task.lastSentAt, taskId, taskType, count: task.reminders });
  }
  if (task.escalatedAt) {
    entries.push({
      kind: 'task-escalated',
      at: task.escalatedAt,
      taskId,
      taskType,
      reminders: Math.min(task.reminders, MAX_REMINDERS),
    });
  }
  if (task.movedAt) {
    entries.push({
      kind: 'task-moved',
      at: task.movedAt,
      taskId,
      taskType,
      ...(task.coachName ? { coachName: task.coachName } : {}),
    });
  }
  if (task.answeredAt) entries.push({ kind: 'task-answered', at: task.answeredAt, taskId, taskType });
  if (task.deliveredAt) entries.push({ kind: 'task-delivered', at: task.deliveredAt, taskId, taskType });
  if (task.closedAt) {
    entries.push({
      kind: 'task-closed',
      at: task.closedAt,
      taskId,
      taskType,
      ...(task.closedReason ? { reason: task.closedReason } : {}),
    });
  }
  return entries;
}

/** A time for ordering: an unreadable date goes last rather than breaking the order. */
function instant(at: string): number {
  const time = Date.parse(at);
  return Number.isNaN(time) ? Number.POSITIVE_INFINITY : time;
}

/** A repeated step's number, when the event says it: a whole number from 1, nothing otherwise. */
function occurrenceOf(event: TimelineEvent): number | undefined {
  const { occurrence } = event;
  return Number.isSafeInteger(occurrence) && (occurrence ?? 0) >= 1 ? occurrence : undefined;
}

/** A reopened journey's number: a whole number from 2, nothing otherwise (the first journey). */
function journeyOf(event: TimelineEvent): number | undefined {
  const { journey } = event;
  return Number.isSafeInteger(journey) && (journey ?? 0) >= 2 ? journey : undefined;
}

/** A follow-up's work status, when the event says one (a short code). */
function workStatusOf(event: TimelineEvent): string | undefined {
  const status: unknown =
    typeof event.work === 'object' && event.work !== null ? event.work.workStatus : undefined;
  return typeof status === 'string' && /^[a-z-]{1,40}$/.test(status) ? status : undefined;
}

/** The journey's timeline: every event and every task step, oldest first. */
export function timelineOf(
  events: readonly TimelineEvent[],
  tasks: readonly TimelineTask[],
): TimelineEntry[] {
  const entries: TimelineEntry[] = [
    ...events.map((event): TimelineEntry => {
      const occurrence = occurrenceOf(event);
      const journey = journeyOf(event);
      const workStatus = workStatusOf(event);
      return {
        kind: 'stage',
        at: event.occurredAt,
        stage: event.stage,
        ...(event.outcome === undefined ? {} : { outcome: event.outcome }),
        ...(occurrence === undefined ? {} : { occurrence }),
        ...(event.reason === undefined ? {} : { reason: event.reason }),
        ...(journey === undefined ? {} : { journey }),
        ...(workStatus === undefined ? {} : { workStatus }),
      };
    }),
    ...tasks.flatMap(taskEntries),
  ];
  return entries
    .map((entry, index) => ({ entry, index }))
    .sort(
      (a, b) =>
        instant(a.entry.at) - instant(b.entry.at) ||
        orderAtSameTime[a.entry.kind] - orderAtSameTime[b.entry.kind] ||
        a.index - b.index,
    )
    .map(({ entry }) => entry);
}
