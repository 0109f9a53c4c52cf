/**
 * The same person entered twice: an intake whose phone matches a beneficiary of the association,
 * or whose names, birth year and province do. Flagged to the intake worker, who decides; never
 * merged. Plain rules, no AWS.
 *
 * The check does not read the association's list: each record carries two keyed hashes of what
 * `duplicateReasons` compares (`duplicateKeys`), and an intake looks its own two up in two indexes.
 * Two people share a key exactly when that reason holds between them.
 */
import { createHmac } from 'node:crypto';
import { holdsPersonalData } from './personal-data';
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

/** The keyed hashes a record is found by as a possible duplicate; absent where the reason cannot hold. */
export interface DuplicateKeys {
  /** The national phone number (10 digits or more), within the association. */
  phoneKey?: string;
  /** Names folded (accents, case, hyphens), birth year and province, within the association. */
  identityKey?: string;
}

/** The record attributes that hold the keys (each has its own sparse index), and what a match means. */
export const DUPLICATE_KEY_REASONS: Readonly<Record<keyof DuplicateKeys, DuplicateReason>> = {
  phoneKey: 'phone',
  identityKey: 'identity',
};
export const DUPLICATE_KEY_FIELDS = Object.keys(DUPLICATE_KEY_REASONS) as (keyof DuplicateKeys)[];

/**
 * `person`'s keys in `association`: keyed (HMAC) with the platform's secret, so a key tells no one
 * the phone or the names, and two associations never share one. They are personal data all the
 * same (they single a person out), erased with the names. None without an association: its people
 * are compared with no one.
 */
export function duplicateKeys(
  secret: string,
  association: string,
  person: Omit<DuplicateCandidate, 'beneficiaryId'>,
): DuplicateKeys {
  if (!association) return {};
  const keyOf = (what: string) =>
    createHmac('sha256', secret).update(`duplicate/${association}/${what}`).digest('base64url');
  const phone = person.phone ? nationalPhone(person.phone) : '';
  const identity = JSON.stringify([
    foldText(person.firstName),
    foldText(person.lastName),
    person.birthYear,
    person.province,
  ]);
  return {
    ...(phone.length >= 10 ? { phoneKey: keyOf(`phone/${phone}`) } : {}),
    identityKey: keyOf(`identity/${identity}`),
  };
}

/** A record found under one of an intake's keys. */
export interface KeyMatch {
  beneficiaryId: string;
  reason: DuplicateReason;
}

/** The matches grouped by beneficiary, reasons in the order `duplicateReasons` gives them, less `self`. */
export function duplicatesFound(matches: readonly KeyMatch[], self?: string): PossibleDuplicate[] {
  const reasons = new Map<string, Set<DuplicateReason>>();
  for (const { beneficiaryId, reason } of matches) {
    if (beneficiaryId === self) continue;
    reasons.set(beneficiaryId, (reasons.get(beneficiaryId) ?? new Set()).add(reason));
  }
  const order: DuplicateReason[] = ['phone', 'identity'];
  return [...reasons].map(([beneficiaryId, found]) => ({
    beneficiaryId,
    reasons: order.filter((reason) => found.has(reason)),
  }));
}

/**
 * Whether a record taken in before the keys existed still needs them: it holds a person (names, not
 * erased nor being erased) of an association, and has none.
 */
export function needsDuplicateKeys(record: {
  association?: string;
  firstName?: string;
  identityKey?: string;
  erasure?: unknown;
  erasedAt?: string;
}): boolean {
  return !!record.association && record.identityKey === undefined && holdsPersonalData(record);
}
