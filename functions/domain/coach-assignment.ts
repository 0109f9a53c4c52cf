/**
 * Which coach takes a new beneficiary: one of the region — of the association that took them in
 * when it has coaches — the least loaded, then by code.
 */

export interface CoachLoad {
  code: string;
  region: string;
  association?: string;
  activeBeneficiaries: number;
}

export function chooseCoach<T extends CoachLoad>(
  coaches: readonly T[],
  region: string,
  association?: string,
): T | undefined {
  const ofRegion = coaches.filter((c) => c.region === region);
  const ofAssociation = ofRegion.filter((c) => association !== undefined && c.association === association);
  return (ofAssociation.length > 0 ? ofAssociation : ofRegion).sort(
    (a, b) => a.activeBeneficiaries - b.activeBeneficiaries || a.code.localeCompare(b.code),
  )[0];
}
