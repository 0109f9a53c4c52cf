/** The audit trail keeps old values masked: enough to tell which correction it was, never the value. */
import { auditPageSize, decodeAuditCursor, encodeAuditCursor, maskValue } from '../../functions/domain/audit';

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

describe('audit trail cursors and page sizes', () => {
  test('a cursor gives back the entry it was made from; anything else is no cursor', () => {
    const entryId = 'audit#2026-11-30T01:02:03.456Z#a1b2c3d4e5f6';
    expect(decodeAuditCursor(encodeAuditCursor(entryId))).toBe(entryId);
    for (const text of ['', 'x', '%', encodeAuditCursor('note#2026-11-30T01:02:03Z#a'), 'a'.repeat(201)])
      expect(decodeAuditCursor(text)).toBeUndefined();
  });

  test('a limit is 1 to 10,000, the fallback when none is given', () => {
    expect(auditPageSize(undefined, 200)).toBe(200);
    expect(auditPageSize('', 10_000)).toBe(10_000);
    expect(auditPageSize('1', 200)).toBe(1);
    expect(auditPageSize('10000', 200)).toBe(10_000);
    for (const text of ['0', '10001', '-1', '1.5', 'x', '1e2', '010', ' 5'])
      expect(auditPageSize(text, 200)).toBeUndefined();
  });
});
