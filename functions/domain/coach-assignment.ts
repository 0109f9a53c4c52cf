/**
 * Which coach takes a new beneficiary: an active coach of the region — of the association that
 * took them in when it has one — with room in their caseload if any has, the least loaded, then by
 * code. (Waiting for room when every coach is full is the coaching-journey issue's.)
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

export function chooseCoach<T extends CoachLoad>(
  coaches: readonly T[],
  region: string,
  association?: string,
): T | undefined {
  const ofRegion = coaches.filter((c) => c.region === region && c.active !== false);
  const withRoom = ofRegion.filter((c) => c.activeBeneficiaries < (c.capacity ?? DEFAULT_COACH_CAPACITY));
  const candidates = withRoom.length > 0 ? withRoom : ofRegion;
  const ofAssociation = candidates.filter((c) => association !== undefined && c.association === association);
  return (ofAssociation.length > 0 ? ofAssociation : candidates).sort(
    (a, b) => a.activeBeneficiaries - b.activeBeneficiaries || a.code.localeCompare(b.code),
  )[0];
}
