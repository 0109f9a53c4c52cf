/** Possible duplicates at intake: the same phone however written, or the same person's identity. */
import { possibleDuplicates, type DuplicateCandidate } from '../../functions/domain/duplicates';

const amina: DuplicateCandidate = {
  beneficiaryId: 'b-amina',
  firstName: 'Amina',
  lastName: 'Tazi',
  birthYear: 1999,
  province: 'TNG',
  phone: '0612345678',
};

it('flags the same phone written another way (+212, spaces)', () => {
  const found = possibleDuplicates({ ...amina, firstName: 'Nora', phone: '+212 6 12 34 56 78' }, [amina]);
  expect(found).toEqual([{ beneficiaryId: 'b-amina', reasons: ['phone'] }]);
});

it('flags the same names (accents and case aside), birth year and province', () => {
  const found = possibleDuplicates({ ...amina, firstName: 'AMÍNA', phone: undefined }, [amina]);
  expect(found).toEqual([{ beneficiaryId: 'b-amina', reasons: ['identity'] }]);
});

it('does not flag a namesake of another birth year or province, nor the record a replay wrote', () => {
  expect(possibleDuplicates({ ...amina, phone: undefined, birthYear: 2000 }, [amina])).toEqual([]);
  expect(possibleDuplicates({ ...amina, phone: undefined, province: 'TET' }, [amina])).toEqual([]);
  expect(possibleDuplicates(amina, [amina], 'b-amina')).toEqual([]);
});

it('gives both reasons when both hold', () => {
  expect(possibleDuplicates(amina, [amina])[0]?.reasons).toEqual(['phone', 'identity']);
});
