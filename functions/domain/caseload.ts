/**
 * A coach's caseload: which task each beneficiary waits on, when it is due, whether it is late,
 * the follow-up a placed beneficiary waits on, and the order that puts the most urgent first.
 * Plain rules, no AWS.
 */
import { isFollowUpMonth, type FollowUpMonth } from './placement';

/** What the caseload takes of a coach task record. */
export interface DueTask {
  taskType: string;
  status: string;
  /** Epoch seconds: the link's expiry, the due date of a task sent before tasks carried one. */
  expiresAt: number;
  /** When the coach should have answered (ISO). */
  dueAt?: string;
  escalatedAt?: string;
}

export interface NextTask {
  taskType: string;
  dueAt: string;
  /** Past its due date, or escalated to the association's supervisor. */
  late: boolean;
}

/** A task's due date: its own when it has one, else its link's expiry. */
export function dueDateOf(task: Pick<DueTask, 'dueAt' | 'expiresAt'>): string {
  if (task.dueAt && !Number.isNaN(Date.parse(task.dueAt))) return new Date(task.dueAt).toISOString();
  return new Date(task.expiresAt * 1000).toISOString();
}

/** The task the beneficiary waits on: the open one due first (answered tasks wait on no one). */
export function nextTaskOf(tasks: readonly DueTask[], now: Date): NextTask | undefined {
  const open = tasks
    .filter((task) => task.status === 'open')
    .map((task) => ({ task, dueAt: dueDateOf(task) }))
    .sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt));
  const first = open[0];
  if (!first) return undefined;
  return {
    taskType: first.task.taskType,
    dueAt: first.dueAt,
    late: Date.parse(first.dueAt) < now.getTime() || first.task.escalatedAt !== undefined,
  };
}

/** The follow-up a placed beneficiary waits on (no task yet): which one, and when it falls due. */
export interface WaitingFollowUp {
  month: FollowUpMonth;
  /** ISO instant. */
  dueAt: string;
}

/**
 * The waiting follow-up a beneficiary record says (`nextFollowUp`), read defensively: a month of
 * 3, 6 or 12 and a date that parses, else nothing.
 */
export function waitingFollowUpOf(value: unknown): WaitingFollowUp | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { month, dueAt } = value as { month?: unknown; dueAt?: unknown };
  if (!isFollowUpMonth(month) || typeof dueAt !== 'string' || Number.isNaN(Date.parse(dueAt)))
    return undefined;
  return { month, dueAt: new Date(dueAt).toISOString() };
}

export interface CaseloadRow {
  firstName: string;
  lastName: string;
  nextTask?: NextTask;
  nextFollowUp?: WaitingFollowUp;
}

/** 0: a late task; 1: a task to do; 2: a follow-up to come (no task yet); 3: nothing to do now. */
function urgency(row: CaseloadRow): number {
  if (row.nextTask) return row.nextTask.late ? 0 : 1;
  return row.nextFollowUp ? 2 : 3;
}

/**
 * The most urgent first: late tasks (the longest overdue first), then tasks to do (the soonest
 * due first), then follow-ups to come (the soonest due first), then those who wait on nothing,
 * by name.
 */
export function byUrgency<T extends CaseloadRow>(rows: readonly T[]): T[] {
  const due = (row: T) =>
    row.nextTask ? Date.parse(row.nextTask.dueAt) : row.nextFollowUp ? Date.parse(row.nextFollowUp.dueAt) : 0;
  return [...rows].sort(
    (a, b) =>
      urgency(a) - urgency(b) ||
      due(a) - due(b) ||
      a.lastName.localeCompare(b.lastName) ||
      a.firstName.localeCompare(b.firstName),
  );
}
