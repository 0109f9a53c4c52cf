/**
 * Possible duplicates at intake: the same phone however written, or the same person's identity.
 * The rule (`duplicateReasons`) and the keys an intake is looked up by (`duplicateKeys`) agree.
 */
import fc from 'fast-check';
import {
  duplicateKeys,
  duplicateReasons,
  duplicatesFound,
  needsDuplicateKeys,
  type DuplicateCandidate,
  type DuplicateReason,
} from '../../functions/domain/duplicates';

const secret = 'test-secret-of-the-platform';

const amina: DuplicateCandidate = {
  beneficiaryId: 'b-amina',
  firstName: 'Amina',
  lastName: 'Tazi',
  birthYear: 1999,
  province: 'TNG',
  phone: '0612345678',
};

/** The reasons two people's keys give: a shared key is that reason. */
function reasonsByKeys(
  association: string,
  intake: Omit<DuplicateCandidate, 'beneficiaryId'>,
  existing: DuplicateCandidate,
  existingAssociation = association,
): DuplicateReason[] {
  const mine = duplicateKeys(secret, association, intake);
  const theirs = duplicateKeys(secret, existingAssociation, existing);
  const reasons: DuplicateReason[] = [];
  if (mine.phoneKey !== undefined && mine.phoneKey === theirs.phoneKey) reasons.push('phone');
  if (mine.identityKey === theirs.identityKey) reasons.push('identity');
  return reasons;
}

it('flags the same phone written another way (+212, spaces)', () => {
  const intake = { ...amina, firstName: 'Nora', phone: '+212 6 12 34 56 78' };
  expect(duplicateReasons(intake, amina)).toEqual(['phone']);
  expect(reasonsByKeys('ASSO-1', intake, amina)).toEqual(['phone']);
});

it('flags the same names (accents and case aside), birth year and province', () => {
  const intake = { ...amina, firstName: 'AMÍNA', phone: undefined };
  expect(duplicateReasons(intake, amina)).toEqual(['identity']);
  expect(reasonsByKeys('ASSO-1', intake, amina)).toEqual(['identity']);
});

it('does not flag a namesake of another birth year or province', () => {
  for (const intake of [
    { ...amina, phone: undefined, birthYear: 2000 },
    { ...amina, phone: undefined, province: 'TET' },
  ]) {
    expect(duplicateReasons(intake, amina)).toEqual([]);
    expect(reasonsByKeys('ASSO-1', intake, amina)).toEqual([]);
  }
});

it('gives both reasons when both hold', () => {
  expect(duplicateReasons(amina, amina)).toEqual(['phone', 'identity']);
  expect(reasonsByKeys('ASSO-1', amina, amina)).toEqual(['phone', 'identity']);
});

it('keys differ from one association to another, and hold neither the phone nor the names', () => {
  expect(reasonsByKeys('ASSO-1', amina, amina, 'ASSO-2')).toEqual([]);
  expect(duplicateKeys(secret, '', amina)).toEqual({}); // no association: compared with no one
  const keys = Object.values(duplicateKeys(secret, 'ASSO-1', amina)).join(' ');
  expect(keys).not.toMatch(/612345678|amina|tazi/i);
  expect(duplicateKeys('another-secret', 'ASSO-1', amina)).not.toEqual(
    duplicateKeys(secret, 'ASSO-1', amina),
  );
});

it('has no phone key for a number too short to tell people apart', () => {
  expect(duplicateKeys(secret, 'ASSO-1', { ...amina, phone: '0612' }).phoneKey).toBeUndefined();
  expect(duplicateKeys(secret, 'ASSO-1', { ...amina, phone: undefined }).phoneKey).toBeUndefined();
});

it('keys match exactly when the rule says so, for any two people', () => {
  // Small alphabets, so that the generated people often share a phone or an identity.
  const person = fc.record({
    beneficiaryId: fc.constantFrom('b-1', 'b-2'),
    firstName: fc.constantFrom('Amina', 'AMÍNA', 'amina ', 'Nora', 'Fatima-Zahra', 'fatima zahra'),
    lastName: fc.constantFrom('Tazi', 'TAZI', 'El Idrissi', 'El-Idrissi', 'Bennani'),
    birthYear: fc.constantFrom(1990, 1999),
    province: fc.constantFrom('TNG', 'TET'),
    phone: fc.option(
      fc.constantFrom('0612345678', '+212 612 345 678', '00212612345678', '0699', '0700000000'),
      {
        nil: undefined,
      },
    ),
  });
  fc.assert(
    fc.property(person, person, (intake, existing) => {
      expect(reasonsByKeys('ASSO-1', intake, existing)).toEqual(duplicateReasons(intake, existing));
    }),
    { numRuns: 2000 },
  );
});

it('groups the matches by beneficiary, phone first, and leaves out the record a replay wrote', () => {
  const found = duplicatesFound(
    [
      { beneficiaryId: 'b-2', reason: 'identity' },
      { beneficiaryId: 'b-1', reason: 'identity' },
      { beneficiaryId: 'b-2', reason: 'phone' },
      { beneficiaryId: 'b-self', reason: 'phone' },
    ],
    'b-self',
  );
  expect(found).toEqual([
    { beneficiaryId: 'b-2', reasons: ['phone', 'identity'] },
    { beneficiaryId: 'b-1', reasons: ['identity'] },
  ]);
});

it('keys, in the upgrade, only a record of an association that holds a person and has none', () => {
  const record = { association: 'ASSO-1', firstName: 'Amina' };
  expect(needsDuplicateKeys(record)).toBe(true);
  expect(needsDuplicateKeys({ ...record, identityKey: 'k' })).toBe(false);
  expect(needsDuplicateKeys({ ...record, association: undefined })).toBe(false);
  expect(needsDuplicateKeys({ ...record, erasure: { startedAt: 'x' } })).toBe(false);
  expect(needsDuplicateKeys({ association: 'ASSO-1', erasedAt: '2026-10-01T00:00:00.000Z' })).toBe(false);
});
