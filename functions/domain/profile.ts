/**
 * Profile of a beneficiary, in terms that aggregates may carry: no name, no contact. The
 * employability profile (score, reasons, track) is in profiling-rules.ts: it rests on sensitive
 * answers (a disability), so it stays on the beneficiary's record and never enters an aggregate.
 */

export type AgeBand = '15-17' | '18-24' | '25-34' | '35-44' | '45+';

export function ageBand(birthYear: number, now: Date): AgeBand {
  const age = now.getUTCFullYear() - birthYear;
  if (age < 18) return '15-17';
  if (age < 25) return '18-24';
  if (age < 35) return '25-34';
  if (age < 45) return '35-44';
  return '45+';
}

/** The dimensions a journey event carries, for the governance dashboards. */
export interface Dimensions {
  region: string;
  province: string;
  sex: 'F' | 'M';
  ageBand: AgeBand;
  educationLevel: string;
  /**
   * The sector the person would like to work in, when the intake asked it (a code): the
   * aspirations boards weigh against the training offer and the labour needs.
   */
  sector?: string;
  /** The journey's number when it is not the first (accompaniment reopened after a follow-up). */
  journey?: number;
}

export function dimensionsOf(
  beneficiary: {
    region: string;
    province: string;
    sex: 'F' | 'M';
    birthYear: number;
    educationLevel: string;
    sectorOfInterest?: string;
  },
  now: Date,
): Dimensions {
  return {
    region: beneficiary.region,
    province: beneficiary.province,
    sex: beneficiary.sex,
    ageBand: ageBand(beneficiary.birthYear, now),
    educationLevel: beneficiary.educationLevel,
    ...(beneficiary.sectorOfInterest ? { sector: beneficiary.sectorOfInterest } : {}),
  };
}
