/**
 * Supervision of an association, as plain rules (no AWS): coaches' loads against their capacity,
 * which tasks are overdue, and handing a beneficiary to another coach — who may take them, and
 * which of their tasks follow.
 *
 * A reassignment is three steps, each redone safely by a retry (see commons/reassignments.ts):
 * (a) the beneficiary's coach and the two loads, with its audit entry, in one transaction;
 * (b) each open task of the journey moves to the beneficiary's coach (next link generation);
 * (c) the new coach is emailed each moved task once (marked by `emailedGeneration`).
 */
import * as z from 'zod';
import { DEFAULT_COACH_CAPACITY, type Coach } from './reference-data';
import type { FieldError } from './errors';
import type { TaskStatus } from './task-protocol';

/** A coach as the reference table keeps them: records from before capacities have none. */
export type CoachRecord = Omit<Coach, 'capacity'> & {
  capacity?: number;
  activeBeneficiaries?: number;
  /** False once an administrator made the coach inactive: they take no one new. */
  active?: boolean;
};

export const reassignRequestSchema = z.object({ coachId: z.string().trim().min(1).max(64) }).strict();

export type ReassignRequestCheck = { ok: true; coachId: string } | { ok: false; errors: FieldError[] };

/** Reads `{ coachId }` (JSON or the supervision page's form); every error names its field. */
export function checkReassignRequest(input: unknown): ReassignRequestCheck {
  const result = reassignRequestSchema.safeParse(input);
  if (result.success) return { ok: true, coachId: result.data.coachId };
  return {
    ok: false,
    errors: result.error.issues.map((issue): FieldError => {
      if (issue.code === 'unrecognized_keys') {
        return {
          field: issue.keys.join(', '),
          message: 'Unknown field: send { "coachId" } only.',
          key: 'unknownField',
        };
      }
      const field = issue.path.map(String).join('.') || 'body';
      return field === 'body'
        ? { field, message: 'Must be an object: { "coachId": "<coach code>" }.', key: 'body' }
        : {
            field: 'coachId',
            message: 'Required: the code of the coach who takes the beneficiary.',
            key: 'coachRequired',
          };
    }),
  };
}

/** What a reassignment of this beneficiary to this coach comes to. */
export type ReassignDecision =
  | { kind: 'change'; from: string; to: string }
  /** The beneficiary has this coach already: only what a first try left undone is finished. */
  | { kind: 'repeat'; to: string }
  /** The journey has no coach yet (its first step has not run): nothing to hand over. */
  | { kind: 'noCoachYet' }
  | { kind: 'refused'; error: FieldError };

/**
 * The new coach must exist and work in the beneficiary's region. A request for the coach the
 * beneficiary has already is a repeat (a retry after a crash, a second click): it goes on to the
 * steps that may be left, and changes nothing more.
 */
export function decideReassignment(
  beneficiary: { region: string; coachId?: string },
  coach: Pick<CoachRecord, 'code' | 'region' | 'active'> | undefined,
  requested: string,
): ReassignDecision {
  if (!coach) {
    return {
      kind: 'refused',
      error: { field: 'coachId', message: `No coach has the code ${requested}.`, key: 'coachUnknown' },
    };
  }
  if (coach.active === false && coach.code !== beneficiary.coachId) {
    return {
      kind: 'refused',
      error: {
        field: 'coachId',
        message: `The coach ${requested} is inactive: choose an active one.`,
        key: 'coachInactive',
      },
    };
  }
  if (coach.region !== beneficiary.region) {
    return {
      kind: 'refused',
      error: {
        field: 'coachId',
        message: `Must be a coach of the beneficiary's region (${beneficiary.region}).`,
        key: 'coachRegion',
        params: { region: beneficiary.region },
      },
    };
  }
  if (!beneficiary.coachId) return { kind: 'noCoachYet' };
  if (beneficiary.coachId === coach.code) return { kind: 'repeat', to: coach.code };
  return { kind: 'change', from: beneficiary.coachId, to: coach.code };
}

/** The audit entry's words for a reassignment: coach codes only, no one's personal data. */
export function reassignDetail(from: string, to: string): string {
  return `${from} → ${to}`;
}

export interface TaskPlacement {
  taskId: string;
  status: TaskStatus;
  coachId: string;
}

/** The open tasks of a journey that are not with the beneficiary's coach: step (b) moves them. */
export function tasksToMove<T extends TaskPlacement>(tasks: readonly T[], coachId: string): T[] {
  return tasks.filter((task) => task.status === 'open' && task.coachId !== coachId);
}

export interface OverdueCandidate {
  status: TaskStatus;
  dueAt?: string;
  escalatedAt?: string;
}

/** Overdue: still open, and past its due date or escalated to the supervisor. */
export function isOverdue(task: OverdueCandidate, now: Date): boolean {
  if (task.status !== 'open') return false;
  if (task.escalatedAt) return true;
  return task.dueAt !== undefined && Date.parse(task.dueAt) < now.getTime();
}

export interface CoachLoadRow {
  coachId: string;
  name: string;
  association: string;
  region: string;
  /** Beneficiaries the coach follows now, every association together. */
  load: number;
  capacity: number;
  overCapacity: boolean;
  /** How many of them the supervisor's association took in. */
  ofAssociation: number;
}

/**
 * The supervisor's table of coaches: those of the association, and any other coach who holds one
 * of its beneficiaries; each load against capacity (a coach without one has the default), the
 * association's own coaches first, then by name.
 */
export function coachLoadRows(
  coaches: readonly CoachRecord[],
  association: string,
  held: ReadonlyMap<string, readonly string[]>,
): CoachLoadRow[] {
  return coaches
    .filter((coach) => coach.association === association || (held.get(coach.code)?.length ?? 0) > 0)
    .map((coach) => {
      const capacity = coach.capacity ?? DEFAULT_COACH_CAPACITY;
      const load = Math.max(0, coach.activeBeneficiaries ?? 0);
      return {
        coachId: coach.code,
        name: coach.displayName,
        association: coach.association,
        region: coach.region,
        load,
        capacity,
        overCapacity: load > capacity,
        ofAssociation: held.get(coach.code)?.length ?? 0,
      };
    })
    .sort(
      (a, b) =>
        Number(b.association === association) - Number(a.association === association) ||
        a.name.localeCompare(b.name),
    );
}

/** Who may take a beneficiary instead: coaches of their region but the current one, least loaded first. */
export function reassignChoices<T extends CoachRecord>(
  coaches: readonly T[],
  region: string,
  currentCoachId: string | undefined,
): T[] {
  return coaches
    .filter((coach) => coach.region === region && coach.code !== currentCoachId && coach.active !== false)
    .sort(
      (a, b) =>
        (a.activeBeneficiaries ?? 0) - (b.activeBeneficiaries ?? 0) ||
        a.displayName.localeCompare(b.displayName),
    );
}
