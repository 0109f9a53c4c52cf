/**
 * The intake form's rules: JSON values and the HTML form's strings read by the same schema (only
 * the form's strings are turned into numbers and booleans), one error per field that is wrong,
 * named after the field, saying what is expected.
 */
import { checkIntake, type IntakeDecision } from '../../functions/domain/intake';
import { ar, en, fr } from '../../functions/commons/messages';

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

describe('checkIntake and fields named like built-in properties', () => {
  it.each(['toString', 'constructor', '__proto__', 'valueOf', 'hasOwnProperty'])(
    'names a field "%s" as unknown, from a form or from JSON, without throwing',
    (name) => {
      // Prepare: the form arrives in a record with no prototype; JSON.parse makes an own property.
      const form: Record<string, unknown> = Object.assign(
        Object.create(null) as Record<string, unknown>,
        valid,
        {
          consent: 'on',
        },
      );
      form[name] = 'x';
      const json = JSON.parse(JSON.stringify(valid).replace('{', `{"${name}":"x",`)) as unknown;

      // Act
      const fromForm = checkIntake(form, now, 'form');
      const fromJson = checkIntake(json, now, 'json');

      // Assess
      expect(fieldsOf(fromForm)).toEqual([name]);
      expect(fieldsOf(fromJson)).toEqual([name]);
    },
  );
});

describe('checkIntake keeps the JSON types strict: form coercions apply to forms only', () => {
  it.each([
    ['birthYear', '1998'],
    ['birthYear', ' 1998 '],
    ['consent', 'on'],
    ['consent', 'true'],
  ])('refuses JSON %s = %p (a string where the API takes a number or true)', (field, value) => {
    // Act
    const decision = checkIntake({ ...valid, [field]: value }, now, 'json');

    // Assess
    expect(fieldsOf(decision)).toEqual([field]);
  });

  it('says so: the birth year must be a JSON number, and between which years', () => {
    // Act
    const decision = checkIntake({ ...valid, birthYear: '1998' }, now);

    // Assess
    expect(decision.ok ? '' : decision.errors[0]?.message).toMatch(/JSON number.*1945.*2010/);
  });

  it('takes the same strings from an HTML form, Arabic-Indic digits included', () => {
    // Act
    const decision = checkIntake({ ...valid, birthYear: '١٩٩٨', consent: 'true' }, now, 'form');

    // Assess
    expect(decision.ok && decision.form.birthYear).toBe(1998);
  });
});

describe('checkIntake and names', () => {
  it.each([
    ['Arabic', 'فاطمة الزهراء'],
    ['Tifinagh', 'ⵜⴰⵙⵍⵉⵜ'],
    ['Latin with accents and a hyphen', 'Aït-Ouarab'],
    ['an apostrophe', "O'Neill"],
    ['a typographic apostrophe', 'Ma’ruf'],
    ['Arabic with vowel marks', 'مُحَمَّد'],
  ])('keeps %s: %s', (_label, lastName) => {
    // Act
    const decision = checkIntake({ ...valid, lastName }, now);

    // Assess
    expect(decision.ok && decision.form.lastName).toBe(lastName);
  });

  it('trims, puts one space between words and composes accents (NFC)', () => {
    // Prepare: "Hélène" with the accent as a separate combining mark, a no-break space inside.
    const decomposed = '  He\u0301le\u0300ne\u00a0 Marie ';

    // Act
    const decision = checkIntake({ ...valid, firstName: decomposed }, now);

    // Assess
    expect(decision.ok && decision.form.firstName).toBe('Hélène Marie');
  });

  it.each([
    ['only zero-width spaces', '\u200b\u200b\u200b'],
    ['a zero-width joiner inside', 'Fa\u200dtima'],
    ['a right-to-left override', 'Fatima\u202e'],
    ['a bidirectional isolate', '\u2067Fatima\u2069'],
    ['an Arabic letter mark', 'فاطمة\u061c'],
    ['a control character', 'Fati\u0007ma'],
    ['a tab', 'Fatima\tZahra'],
    ['a new line', 'Fatima\nZahra'],
    ['a soft hyphen', 'Fati\u00adma'],
    ['Hangul fillers', '\u3164\u3164'],
    ['a variation selector', 'Fatima\ufe0f'],
  ])('refuses a name with %s, saying so', (_label, firstName) => {
    // Act
    const decision = checkIntake({ ...valid, firstName }, now);

    // Assess
    expect(fieldsOf(decision)).toEqual(['firstName']);
    expect(decision.ok ? undefined : decision.errors[0]?.key).toMatch(/^(nameInvisible|name)$/);
  });

  it.each([
    ['digits', 'Fatima2'],
    ['symbols', '<b>Fatima</b>'],
    ['punctuation only', "'-'"],
  ])('refuses a name with %s: letters are expected', (_label, firstName) => {
    // Act
    const decision = checkIntake({ ...valid, firstName }, now);

    // Assess
    expect(decision.ok ? undefined : decision.errors).toEqual([
      expect.objectContaining({
        field: 'firstName',
        key: 'name',
        message: expect.stringContaining('letters'),
      }),
    ]);
  });

  it.each([
    ['the replacement character U+FFFD (what invalid UTF-8 becomes)', 'Fat\ufffdma'],
    ['a lone UTF-16 surrogate', 'Fat\ud800ma'],
  ])('refuses a name with %s as unreadable', (_label, firstName) => {
    // Act
    const decision = checkIntake({ ...valid, firstName }, now);

    // Assess
    expect(decision.ok ? undefined : decision.errors).toEqual([
      expect.objectContaining({ field: 'firstName', key: 'encoding' }),
    ]);
  });

  it('counts the length after normalising: 100 characters pass, 101 do not', () => {
    // Act
    const atLimit = checkIntake({ ...valid, lastName: 'a'.repeat(100) }, now);
    const over = checkIntake({ ...valid, lastName: 'a'.repeat(101) }, now);

    // Assess
    expect(atLimit.ok).toBe(true);
    expect(over.ok ? undefined : over.errors).toEqual([
      expect.objectContaining({ field: 'lastName', key: 'nameTooLong', params: { max: 100 } }),
    ]);
  });
});

describe('checkIntake and phone numbers', () => {
  it.each([
    '06 12 34 56 78',
    '0612345678',
    '05.22.12.34.56',
    '07-12-34-56-78',
    '+212 6 12 34 56 78',
    '+212612345678',
    '00212 6 12 34 56 78',
    '+212 (0)6 12 34 56 78',
    '٠٦١٢٣٤٥٦٧٨',
  ])('accepts the Moroccan number %p', (phone) => {
    // Act
    const decision = checkIntake({ ...valid, phone }, now);

    // Assess
    expect(decision.ok).toBe(true);
  });

  it('keeps the number as typed, with Arabic-Indic digits written 0-9', () => {
    // Act
    const decision = checkIntake({ ...valid, phone: '٠٦ ١٢ ٣٤ ٥٦ ٧٨' }, now);

    // Assess
    expect(decision.ok && decision.form.phone).toBe('06 12 34 56 78');
  });

  it.each([
    '612345678',
    '06 12 34 56',
    '+33 6 12 34 56 78',
    '01 23 45 67 89',
    '06 12 34 56 78 9',
    '06\u200b12345678',
  ])('refuses %p and shows what a Moroccan number looks like', (phone) => {
    // Act
    const decision = checkIntake({ ...valid, phone }, now);

    // Assess
    expect(decision.ok ? undefined : decision.errors).toEqual([
      expect.objectContaining({
        field: 'phone',
        key: 'phone',
        message: expect.stringContaining('+212 6 12 34 56 78'),
      }),
    ]);
  });
});

describe('checkIntake says what each field expects', () => {
  it.each([
    ['sex', 'X', 'sex', /"F" or "M"/],
    ['birthYear', 1930, 'birthYear', /from 1945 to 2010/],
    ['region', 'CAS', 'region', /TTA, ORI/],
    ['province', 'XXX', 'province', /province of the chosen region/],
    ['email', 'amina@', 'email', /such as "amina@example\.ma"/],
    ['educationLevel', 'phd', 'educationLevel', /one of: none, primary/],
    ['consent', false, 'consent', /Must be true/],
  ])('%s = %p: key %s, and a message saying what is expected', (field, value, key, expected) => {
    // Act
    const decision = checkIntake({ ...valid, email: 'fatima@example.org', [field]: value }, now);

    // Assess
    const error = decision.ok ? undefined : decision.errors[0];
    expect(error).toMatchObject({ field, key });
    expect(error?.message).toMatch(expected);
  });

  it('gives the birth-year range as values for the pages', () => {
    // Act
    const decision = checkIntake({ ...valid, birthYear: 2020 }, now);

    // Assess
    expect(decision.ok ? undefined : decision.errors[0]?.params).toEqual({ min: 1945, max: 2010 });
  });

  it('says "required" for a missing name, and what to give for the other missing fields', () => {
    // Act
    const decision = checkIntake({ firstName: ' ' }, now, 'form');

    // Assess
    const keys = decision.ok ? {} : Object.fromEntries(decision.errors.map((e) => [e.field, e.key]));
    expect(keys).toEqual({
      firstName: 'required',
      lastName: 'required',
      sex: 'sex',
      birthYear: 'birthYear',
      region: 'region',
      province: 'province',
      educationLevel: 'educationLevel',
      consent: 'consent',
    });
  });
});

describe('checkIntake and the first interview fields (optional, added later)', () => {
  const firstInterview = {
    situation: 'neet',
    vulnerabilityFactors: ['rural-isolation', 'single-parent'],
    aspiration: 'cooperative',
    sectorOfInterest: 'agri-food',
  };

  it('takes an intake without them exactly as before: none of them in the result, not even undefined', () => {
    // Act
    const decision = checkIntake(valid, now);

    // Assess
    expect(decision.ok).toBe(true);
    if (!decision.ok) return;
    expect(Object.keys(decision.form).sort()).toEqual(Object.keys(valid).sort());
  });

  it('keeps them when given, as sent', () => {
    // Act
    const decision = checkIntake({ ...valid, ...firstInterview }, now);

    // Assess
    expect(decision).toEqual({ ok: true, form: { ...valid, ...firstInterview } });
  });

  it('takes an empty list of factors as "none applies"', () => {
    // Act
    const decision = checkIntake({ ...valid, vulnerabilityFactors: [] }, now);

    // Assess
    expect(decision.ok && decision.form.vulnerabilityFactors).toEqual([]);
  });

  it.each([
    ['situation', 'retired', 'situation', /^Must be one of: unemployed, neet, informal-work/],
    ['situation', '', 'situation', /leave the field out when it is not known/],
    ['situation', null, 'situation', /Send the code as a JSON string/],
    ['situation', ['neet'], 'situation', /Must be one of/],
    ['vulnerabilityFactors', 'disability', 'vulnerabilityFactors', /Must be a JSON array of codes/],
    [
      'vulnerabilityFactors',
      ['disability', 'poverty'],
      'vulnerabilityFactors',
      /from: disability, single-parent/,
    ],
    ['vulnerabilityFactors', [1], 'vulnerabilityFactors', /JSON array of codes/],
    ['vulnerabilityFactors', ['other', 'other'], 'vulnerabilityFactors', /Lists "other" more than once/],
    [
      'aspiration',
      'astronaut',
      'aspiration',
      /wage-job, create-tpe, cooperative, auto-entrepreneur, training-first/,
    ],
    ['sectorOfInterest', 'fishing', 'sectorOfInterest', /agriculture, agri-food, construction/],
  ])(
    'refuses JSON %s = %p on that field alone, with key %s and what is expected',
    (field, value, key, said) => {
      // Act
      const decision = checkIntake({ ...valid, ...firstInterview, [field]: value }, now);

      // Assess
      expect(decision.ok ? [] : decision.errors).toEqual([
        { field, key, message: expect.stringMatching(said) as unknown },
      ]);
    },
  );

  it('says each problem of the factor list once, on the field "vulnerabilityFactors"', () => {
    // Act
    const decision = checkIntake({ ...valid, vulnerabilityFactors: ['poverty', 'debt', 'disability'] }, now);

    // Assess
    expect(fieldsOf(decision)).toEqual(['vulnerabilityFactors']);
  });

  it('never calls them "required", whatever is wrong', () => {
    // Act
    const decision = checkIntake({ ...valid, situation: ' ', aspiration: '' }, now);

    // Assess
    const messages = decision.ok ? [] : decision.errors.map((e) => e.message);
    expect(messages).toHaveLength(2);
    expect(messages.some((m) => m.startsWith('Required'))).toBe(false);
  });
});

describe('checkIntake and the first interview fields from the HTML form', () => {
  const form = { ...valid, birthYear: '1998', consent: 'on' };

  it('reads an empty choice as not given, and leaves it out of the result', () => {
    // Act
    const decision = checkIntake(
      { ...form, situation: '', aspiration: ' ', sectorOfInterest: '' },
      now,
      'form',
    );

    // Assess
    expect(decision.ok).toBe(true);
    if (!decision.ok) return;
    expect(decision.form).not.toHaveProperty('situation');
    expect(decision.form).not.toHaveProperty('aspiration');
    expect(decision.form).not.toHaveProperty('sectorOfInterest');
    expect(decision.form).not.toHaveProperty('vulnerabilityFactors');
  });

  it('reads one ticked box (a string) and several (an array) as a list', () => {
    // Act
    const one = checkIntake({ ...form, vulnerabilityFactors: 'disability' }, now, 'form');
    const several = checkIntake({ ...form, vulnerabilityFactors: ['disability', 'no-diploma'] }, now, 'form');

    // Assess
    expect(one.ok && one.form.vulnerabilityFactors).toEqual(['disability']);
    expect(several.ok && several.form.vulnerabilityFactors).toEqual(['disability', 'no-diploma']);
  });

  it.each([
    ['situation', 'retired', /or the empty choice/],
    ['situation', ['neet', 'student'], /or the empty choice/],
    ['vulnerabilityFactors', 'poverty', /^Tick the factors that apply/],
    ['vulnerabilityFactors', ['disability', 'disability'], /Lists "disability" more than once/],
    ['aspiration', 'astronaut', /or the empty choice/],
    ['sectorOfInterest', 'fishing', /or the empty choice/],
  ])('refuses form %s = %p on that field alone, saying what is expected', (field, value, said) => {
    // Act
    const decision = checkIntake({ ...form, [field]: value }, now, 'form');

    // Assess
    expect(decision.ok ? [] : decision.errors).toEqual([
      { field, key: field, message: expect.stringMatching(said) as unknown },
    ]);
  });

  it('keeps JSON typed: a single factor as a JSON string is refused, from a form it is one ticked box', () => {
    // Act
    const json = checkIntake({ ...valid, vulnerabilityFactors: 'disability' }, now, 'json');
    const fromForm = checkIntake({ ...form, vulnerabilityFactors: 'disability' }, now, 'form');

    // Assess
    expect(fieldsOf(json)).toEqual(['vulnerabilityFactors']);
    expect(fromForm.ok).toBe(true);
  });
});

describe('the error texts of the first interview fields', () => {
  const keys = ['situation', 'vulnerabilityFactors', 'aspiration', 'sectorOfInterest'];

  it.each([
    ['fr', fr],
    ['ar', ar],
    ['en', en],
  ])('exist in %s for each key the rules give', (_lang, messages) => {
    // Act
    const texts = messages.errors as Record<string, unknown>;

    // Assess
    expect(keys.filter((key) => typeof texts[key] !== 'string' || texts[key] === '')).toEqual([]);
  });

  it('are in Arabic script in Arabic', () => {
    // Assess
    for (const key of keys) expect((ar.errors as Record<string, string>)[key]).toMatch(/[\u0600-\u06FF]/);
  });
});

describe('checkIntake and the sharing the beneficiary agrees to (optional, added later)', () => {
  it('takes a list of purposes from JSON, and one or several ticked boxes from the form', () => {
    // Act
    const json = checkIntake({ ...valid, sharingConsents: ['training-providers', 'employers'] }, now);
    const one = checkIntake(
      { ...valid, birthYear: String(valid.birthYear), consent: 'true', sharingConsents: 'employers' },
      now,
      'form',
    );

    // Assess
    expect(json.ok && json.form.sharingConsents).toEqual(['training-providers', 'employers']);
    expect(one.ok && one.form.sharingConsents).toEqual(['employers']);
  });

  it('refuses a purpose twice, one not on the list, or a string from JSON, naming the field', () => {
    // Act
    const refused = [
      checkIntake({ ...valid, sharingConsents: ['employers', 'employers'] }, now),
      checkIntake({ ...valid, sharingConsents: ['marketing'] }, now),
      checkIntake({ ...valid, sharingConsents: 'employers' }, now),
    ];

    // Assess
    for (const decision of refused) {
      expect(decision.ok ? [] : decision.errors.map((e) => e.field)).toEqual([
        expect.stringMatching(/^sharingConsents/),
      ]);
    }
  });
});
