/** Which coach takes a new beneficiary: one of the region, the least loaded, then by code. */

export interface CoachLoad {
  code: string;
  region: string;
  activeBeneficiaries: number;
}

export function chooseCoach<T extends CoachLoad>(coaches: readonly T[], region: string): T | undefined {
  return coaches
    .filter((c) => c.region === region)
    .sort((a, b) => a.activeBeneficiaries - b.activeBeneficiaries || a.code.localeCompare(b.code))[0];
}
