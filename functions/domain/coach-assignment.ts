/**
 * Which coach takes a new beneficiary: an active coach of the region with room in their caseload —
 * of the association that took them in first — the least loaded, then by code. None with room:
 * the journey waits in the region's queue (see `wakeCount`). The room is checked again by the
 * write that takes it (see coach-loads.ts), so this order is a preference, never a promise.
 */
import { DEFAULT_COACH_CAPACITY } from './reference-data';

export interface CoachLoad {
  code: string;
  region: string;
  association?: string;
  activeBeneficiaries: number;
  capacity?: number;
  /** False once an administrator made the coach inactive: they take no one new. */
  active?: boolean;
}

export function roomOf(coach: CoachLoad): number {
  if (coach.active === false) return 0;
  return Math.max(0, (coach.capacity ?? DEFAULT_COACH_CAPACITY) - (coach.activeBeneficiaries ?? 0));
}

/** The coaches who may take the beneficiary, best first (empty: everyone of the region is full). */
export function coachesWithRoom<T extends CoachLoad>(
  coaches: readonly T[],
  region: string,
  association?: string,
): T[] {
  const own = (c: T) => (association !== undefined && c.association === association ? 0 : 1);
  return coaches
    .filter((c) => c.region === region && roomOf(c) > 0)
    .sort(
      (a, b) =>
        own(a) - own(b) || a.activeBeneficiaries - b.activeBeneficiaries || a.code.localeCompare(b.code),
    );
}

/** How many waiting journeys of a region to wake: as many as its coaches have places free. */
export function wakeCount(coaches: readonly CoachLoad[], region: string): number {
  return coaches.filter((c) => c.region === region).reduce((sum, c) => sum + roomOf(c), 0);
}

/** Days a journey may wait for a coach before it ends (its supervisor was told when it began). */
export const QUEUE_MAX_DAYS = 60;
