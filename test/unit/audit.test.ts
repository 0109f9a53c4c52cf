/** The audit trail keeps old values masked: enough to tell which correction it was, never the value. */
import { maskValue } from '../../functions/domain/audit';

it('keeps the first letter of each word of a name, and the last two digits of a phone', () => {
  expect(maskValue('Amina', 'firstName')).toBe('A••••');
  expect(maskValue('El Idrissi', 'lastName')).toBe('E• I••••••');
  expect(maskValue('06 12 34 56 78', 'phone')).toBe('••••••••78');
  expect(maskValue('amina@example.org', 'email')).toBe('a•••@•••');
});

it('masks a birth year, a sex or a code whole: any part of them would tell', () => {
  expect(maskValue(1995, 'birthYear')).toBe('•••');
  expect(maskValue('F', 'sex')).toBe('•••');
  expect(maskValue('TNG', 'province')).toBe('•••');
  expect(maskValue('baccalaureate', 'educationLevel')).toBe('•••');
});

it('says an empty old value is empty', () => {
  expect(maskValue(undefined, 'email')).toBe('∅');
});
