/**
 * The intake form's rules: JSON values and the HTML form's strings read by the same schema (only
 * the form's strings are turned into numbers and booleans), one error per field that is wrong,
 * named after the field, saying what is expected.
 */
import { checkIntake, type IntakeDecision } from '../../functions/domain/intake';

/** 2025: birth years 1945 to 2010 are accepted. */
const now = new Date('2025-06-15T10:00:00Z');

const valid = {
  firstName: 'Fatima',
  lastName: 'Zahra',
  sex: 'F',
  birthYear: 1998,
  region: 'TTA',
  province: 'TNG',
  phone: '+212 6 12 34 56 78',
  educationLevel: 'baccalaureate',
  consent: true,
};

/** A copy of `input` without `key`, as a form that leaves a field out. */
function without<T extends object>(input: T, key: keyof T): Partial<T> {
  const copy: Partial<T> = { ...input };
  delete copy[key];
  return copy;
}

const fieldsOf = (decision: IntakeDecision): string[] =>
  decision.ok ? [] : decision.errors.map((e) => e.field);

describe('checkIntake with JSON values', () => {
  it('accepts a complete form and trims the names', () => {
    // Prepare
    const input = { ...valid, firstName: '  Fatima ', lastName: ' Zahra' };

    // Act
    const decision = checkIntake(input, now);

    // Assess
    expect(decision).toEqual({ ok: true, form: { ...valid, firstName: 'Fatima', lastName: 'Zahra' } });
  });

  it('accepts an email address instead of a phone number', () => {
    // Prepare
    const withoutPhone = without(valid, 'phone');

    // Act
    const decision = checkIntake({ ...withoutPhone, email: ' fatima@example.org ' }, now);

    // Assess
    expect(decision.ok && decision.form.email).toBe('fatima@example.org');
  });

  it.each([null, [], 'a string', 42])('refuses %p as a whole with the field "body"', (input) => {
    // Act
    const decision = checkIntake(input, now);

    // Assess
    expect(fieldsOf(decision)).toEqual(['body']);
  });

  it('accepts birth years from 80 to 15 years before this year, and no other', () => {
    // Act
    const oldest = checkIntake({ ...valid, birthYear: 1945 }, now);
    const youngest = checkIntake({ ...valid, birthYear: 2010 }, now);
    const tooOld = checkIntake({ ...valid, birthYear: 1944 }, now);
    const tooYoung = checkIntake({ ...valid, birthYear: 2011 }, now);
    const fractional = checkIntake({ ...valid, birthYear: 1998.5 }, now);

    // Assess
    expect(oldest.ok).toBe(true);
    expect(youngest.ok).toBe(true);
    expect(fieldsOf(tooOld)).toEqual(['birthYear']);
    expect(fieldsOf(tooYoung)).toEqual(['birthYear']);
    expect(fieldsOf(fractional)).toEqual(['birthYear']);
  });

  it('refuses a province of another region, on the field "province"', () => {
    // Act
    const decision = checkIntake({ ...valid, region: 'TTA', province: 'OUJ' }, now);

    // Assess
    expect(decision).toEqual({
      ok: false,
      errors: [
        {
          field: 'province',
          message: expect.stringContaining('TTA') as unknown,
          key: 'provinceOfRegion',
          params: { region: 'TTA' },
        },
      ],
    });
  });

  it('asks for a phone number or an email address when neither is given', () => {
    // Prepare
    const withoutPhone = without(valid, 'phone');

    // Act
    const decision = checkIntake(withoutPhone, now);

    // Assess
    expect(fieldsOf(decision)).toEqual(['phone']);
  });

  it('names an unknown field rather than ignoring it', () => {
    // Act
    const decision = checkIntake({ ...valid, nickname: 'Fafa' }, now);

    // Assess
    expect(decision).toEqual({
      ok: false,
      errors: [
        {
          field: 'nickname',
          message: expect.stringMatching(/^Unknown field\. The intake takes: firstName, lastName/) as unknown,
          key: 'unknownField',
        },
      ],
    });
  });

  it.each([
    ['firstName', '   '],
    ['lastName', 'x'.repeat(101)],
    ['sex', 'X'],
    ['region', 'CAS'],
    ['province', 'XXX'],
    ['educationLevel', 'phd'],
    ['phone', 'call me'],
    ['phone', '......'],
    ['phone', '(((((('],
    ['email', 'not-an-email'],
    ['consent', false],
  ])('refuses %s = %p on that field alone', (field, value) => {
    // Act
    const decision = checkIntake({ ...valid, email: 'fatima@example.org', [field]: value }, now);

    // Assess
    expect(fieldsOf(decision)).toEqual([field]);
  });

  it('reports every missing field at once', () => {
    // Act
    const decision = checkIntake({ firstName: 'Fatima' }, now);

    // Assess
    expect(fieldsOf(decision).sort()).toEqual(
      ['birthYear', 'consent', 'educationLevel', 'lastName', 'province', 'region', 'sex'].sort(),
    );
  });
});

describe('checkIntake with the HTML form strings', () => {
  const form = {
    ...valid,
    birthYear: ' 1998 ',
    phone: '',
    email: 'fatima@example.org',
    consent: 'on',
  };

  it('turns the year into a number, the checkbox into true and an empty phone into no phone', () => {
    // Act
    const decision = checkIntake(form, now, 'form');

    // Assess
    expect(decision.ok).toBe(true);
    if (!decision.ok) return;
    expect(decision.form.birthYear).toBe(1998);
    expect(decision.form.consent).toBe(true);
    expect(decision.form.phone).toBeUndefined();
  });

  it('refuses a year written with other characters than digits', () => {
    // Act
    const decision = checkIntake({ ...form, birthYear: '1998a' }, now, 'form');

    // Assess
    expect(fieldsOf(decision)).toEqual(['birthYear']);
  });

  it('refuses an unticked checkbox (absent) and any value other than "on" or "true"', () => {
    // Prepare
    const unticked = without(form, 'consent');

    // Act
    const absent = checkIntake(unticked, now, 'form');
    const off = checkIntake({ ...form, consent: 'off' }, now, 'form');

    // Assess
    expect(fieldsOf(absent)).toEqual(['consent']);
    expect(fieldsOf(off)).toEqual(['consent']);
  });

  it('treats empty phone and email as neither given', () => {
    // Act
    const decision = checkIntake({ ...form, phone: ' ', email: '' }, now, 'form');

    // Assess
    expect(fieldsOf(decision)).toEqual(['phone']);
  });

  it('refuses a name sent twice (an array) as not text', () => {
    // Act
    const decision = checkIntake({ ...form, firstName: ['Fatima', 'Amina'] }, now, 'form');

    // Assess
    expect(fieldsOf(decision)).toEqual(['firstName']);
  });
});
