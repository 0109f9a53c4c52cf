/**
 * The same person entered twice: an intake whose phone matches a beneficiary of the association,
 * or whose names, birth year and province do. Flagged to the intake worker, who decides; never
 * merged. Plain rules, no AWS.
 */
import { foldText, nationalPhone } from './record-search';

export type DuplicateReason = 'phone' | 'identity';

export interface DuplicateCandidate {
  beneficiaryId: string;
  firstName: string;
  lastName: string;
  birthYear: number;
  province: string;
  phone?: string;
}

export interface PossibleDuplicate {
  beneficiaryId: string;
  reasons: DuplicateReason[];
}

/** Why `existing` may be the person of `intake`, or nothing. */
export function duplicateReasons(
  intake: Omit<DuplicateCandidate, 'beneficiaryId'>,
  existing: DuplicateCandidate,
): DuplicateReason[] {
  const reasons: DuplicateReason[] = [];
  const phone = intake.phone ? nationalPhone(intake.phone) : '';
  if (phone.length >= 10 && existing.phone && nationalPhone(existing.phone) === phone) reasons.push('phone');
  if (
    foldText(intake.firstName) === foldText(existing.firstName) &&
    foldText(intake.lastName) === foldText(existing.lastName) &&
    intake.birthYear === existing.birthYear &&
    intake.province === existing.province
  ) {
    reasons.push('identity');
  }
  return reasons;
}

/**
 * The beneficiaries an intake may repeat, leaving out `self` (the record a replay of this very
 * intake wrote: a double submission is not a duplicate of itself).
 */
export function possibleDuplicates(
  intake: Omit<DuplicateCandidate, 'beneficiaryId'>,
  existing: readonly DuplicateCandidate[],
  self?: string,
): PossibleDuplicate[] {
  return existing
    .filter((b) => b.beneficiaryId !== self)
    .map((b) => ({ beneficiaryId: b.beneficiaryId, reasons: duplicateReasons(intake, b) }))
    .filter((d) => d.reasons.length > 0);
}
