/**
 * An association's records: what a search term matches (names whatever their accents or script,
 * phones whatever their form, e-mails, references), the list's cursor, and a correction — checked
 * by the intake's rules, only the fields that differ, nothing that is not the intake's to change.
 */
import {
  checkCorrection,
  correctionOutcome,
  FACTORS_LISTED,
  profileAfter,
  versionOf,
  type CorrectableRecord,
  type CorrectionDecision,
} from '../../functions/domain/record-corrections';
import {
  decodeCursor,
  encodeCursor,
  foldText,
  matchesSearch,
  nationalPhone,
  parseSearch,
  type Searchable,
} from '../../functions/domain/record-search';

/** 2026: birth years 1946 to 2011 are accepted. */
const now = new Date('2026-03-10T10:00:00Z');

const amina: Searchable = {
  beneficiaryId: '3f2a9c1e-7b4d-4e8a-9c0f-1a2b3c4d5e6f',
  firstName: 'Chaïmae',
  lastName: 'El Ouazzani',
  phone: '+212 6 12 34 56 78',
  email: 'Chaimae.Ouazzani@example.ma',
};

const matches = (term: string, record: Searchable = amina) => {
  const search = parseSearch(term);
  if (!search) throw new Error('blank term');
  return matchesSearch(record, search);
};

describe('search', () => {
  it('finds an accented name typed without accents, in any case, either name first', () => {
    expect(matches('chaimae')).toBe(true);
    expect(matches('CHAIMAE ouazzani')).toBe(true);
    expect(matches('ouazzani chaïmae')).toBe(true);
    expect(matches('el-ouazzani')).toBe(true);
  });

  it('finds Arabic names whatever their vowel signs, hamza or tatweel', () => {
    const record = { ...amina, firstName: 'أَمِينَة', lastName: 'الطـاهري' };
    expect(matches('امينة', record)).toBe(true);
    expect(matches('الطاهري', record)).toBe(true);
    expect(foldText('إِيمَان')).toBe('ايمان');
  });

  it('does not find a name that only shares some of the words', () => {
    expect(matches('chaimae bennani')).toBe(false);
    expect(matches('fatima')).toBe(false);
  });

  it('finds a phone number written in another form', () => {
    expect(matches('0612345678')).toBe(true);
    expect(matches('06 12 34 56 78')).toBe(true);
    expect(matches('00212612345678')).toBe(true);
    expect(matches('+212 (0)6 12 34 56 78')).toBe(true);
    expect(matches('٠٦١٢٣٤٥٦٧٨')).toBe(true);
    expect(matches('5678')).toBe(true);
    expect(matches('0699999999')).toBe(false);
  });

  it('puts every form of a Moroccan number in its national form', () => {
    expect(nationalPhone('+212 6 12 34 56 78')).toBe('0612345678');
    expect(nationalPhone('00212 612345678')).toBe('0612345678');
    expect(nationalPhone('212612345678')).toBe('0612345678');
    expect(nationalPhone('+212 (0)6 12 34 56 78')).toBe('0612345678');
    expect(nationalPhone('06.12.34.56.78')).toBe('0612345678');
  });

  it('finds an e-mail address, in any case', () => {
    expect(matches('chaimae.ouazzani@EXAMPLE.ma')).toBe(true);
    expect(matches('@example.ma')).toBe(true);
  });

  it('finds a reference, whole or by its first 8 characters, but not by fewer', () => {
    expect(matches(amina.beneficiaryId)).toBe(true);
    expect(matches('3F2A9C1E')).toBe(true);
    expect(matches('3f2a9c')).toBe(false);
    expect(matches('4f2a9c1e')).toBe(false);
  });

  it('reads a blank term as no search', () => {
    expect(parseSearch('   ')).toBeUndefined();
  });
});

describe('the list cursor', () => {
  it('reads back what it wrote', () => {
    const cursor = { createdAt: '2026-03-01T08:00:00.123Z', beneficiaryId: amina.beneficiaryId };
    expect(decodeCursor(encodeCursor(cursor))).toEqual(cursor);
  });

  it('refuses anything it did not write', () => {
    expect(decodeCursor('not a cursor')).toBeUndefined();
    expect(decodeCursor(Buffer.from('{"association":"ASSO-TET-1"}').toString('base64url'))).toBeUndefined();
    expect(decodeCursor(Buffer.from('["yesterday","x"]').toString('base64url'))).toBeUndefined();
  });
});

const record: CorrectableRecord = {
  firstName: 'Amina',
  lastName: 'Tazi',
  sex: 'F',
  birthYear: 1999,
  region: 'TTA',
  province: 'TNG',
  phone: '+212 6 12 34 56 78',
  email: undefined,
  educationLevel: 'baccalaureate',
  version: 2,
};

const asForm = {
  version: '2',
  firstName: 'Amina',
  lastName: 'Tazi',
  sex: 'F',
  birthYear: '1999',
  province: 'TNG',
  phone: '+212 6 12 34 56 78',
  email: '',
  educationLevel: 'baccalaureate',
};

const errorsOf = (decision: CorrectionDecision) => (decision.ok ? [] : decision.errors);

describe('checkCorrection', () => {
  it('changes only the fields that differ, keeping their old values', () => {
    // Act
    const decision = checkCorrection(
      { ...asForm, lastName: '  Tazi-Alaoui ', phone: '06 99 88 77 66', birthYear: '1999' },
      record,
      now,
      'form',
    );

    // Assess
    expect(decision).toEqual({
      ok: true,
      version: 2,
      changes: [
        { field: 'lastName', oldValue: 'Tazi', newValue: 'Tazi-Alaoui' },
        { field: 'phone', oldValue: '+212 6 12 34 56 78', newValue: '06 99 88 77 66' },
      ],
    });
  });

  it('sees no change in a form sent back as it was', () => {
    const decision = checkCorrection(asForm, record, now, 'form');
    expect(decision).toEqual({ ok: true, version: 2, changes: [] });
  });

  it('takes a JSON correction of some fields only', () => {
    const decision = checkCorrection({ version: 2, email: 'amina@example.ma' }, record, now);
    expect(decision.ok && decision.changes).toEqual([
      { field: 'email', oldValue: undefined, newValue: 'amina@example.ma' },
    ]);
  });

  it('takes a contact out when the other one stays, and refuses to leave none', () => {
    const withBoth = { ...record, email: 'amina@example.ma' };
    const removed = checkCorrection({ version: 2, phone: null }, withBoth, now);
    expect(removed.ok && removed.changes).toEqual([
      { field: 'phone', oldValue: '+212 6 12 34 56 78', newValue: undefined },
    ]);
    const none = checkCorrection({ ...asForm, phone: '' }, record, now, 'form');
    expect(errorsOf(none)).toEqual([expect.objectContaining({ field: 'phone', key: 'contact' })]);
  });

  it('checks a changed field by the intake rules, naming the field', () => {
    const decision = checkCorrection(
      { ...asForm, birthYear: '2020', phone: '12345', sex: 'X' },
      record,
      now,
      'form',
    );
    expect(errorsOf(decision).map((e) => [e.field, e.key])).toEqual(
      expect.arrayContaining([
        ['birthYear', 'birthYear'],
        ['phone', 'phone'],
        ['sex', 'sex'],
      ]),
    );
    expect(errorsOf(decision)).toHaveLength(3);
  });

  it('keeps the province in the record region', () => {
    const decision = checkCorrection({ version: 2, province: 'OUJ' }, record, now);
    expect(errorsOf(decision)).toEqual([
      expect.objectContaining({ field: 'province', key: 'provinceOfRegion' }),
    ]);
  });

  it('does not check again a field that is not changed (a birth year now out of range)', () => {
    const old = { ...record, birthYear: 1945 };
    const decision = checkCorrection(
      { ...asForm, birthYear: '1945', firstName: 'Aminata' },
      old,
      now,
      'form',
    );
    expect(decision.ok && decision.changes.map((c) => c.field)).toEqual(['firstName']);
  });

  it('refuses the fields a correction may not change, as unknown fields', () => {
    for (const field of ['region', 'consent', 'association', 'coachId', 'stage', 'beneficiaryId']) {
      const decision = checkCorrection({ version: 2, [field]: 'x' }, record, now);
      expect(errorsOf(decision)).toEqual([expect.objectContaining({ field, key: 'unknownField' })]);
    }
  });

  it('needs the version the correction was made on', () => {
    expect(errorsOf(checkCorrection({ firstName: 'Amina' }, record, now)).map((e) => e.field)).toEqual([
      'version',
    ]);
    expect(errorsOf(checkCorrection({ version: '2' }, record, now)).map((e) => e.field)).toEqual(['version']);
  });

  it('refuses a body that is not an object', () => {
    expect(errorsOf(checkCorrection([], record, now)).map((e) => e.field)).toEqual(['body']);
  });
});

describe('the first-interview fields', () => {
  const interviewed: CorrectableRecord = {
    ...record,
    situation: 'unemployed',
    vulnerabilityFactors: ['disability', 'single-parent'],
    aspiration: 'wage-job',
  };

  it('takes a factor out, and a JSON null takes a field out', () => {
    const decision = checkCorrection(
      { version: 2, vulnerabilityFactors: ['single-parent'], aspiration: null },
      interviewed,
      now,
    );
    expect(decision.ok && decision.changes).toEqual([
      {
        field: 'vulnerabilityFactors',
        oldValue: ['disability', 'single-parent'],
        newValue: ['single-parent'],
      },
      { field: 'aspiration', oldValue: 'wage-job', newValue: undefined },
    ]);
  });

  it('sees no change in the same factors in another order', () => {
    const decision = checkCorrection(
      { version: 2, vulnerabilityFactors: ['single-parent', 'disability'] },
      interviewed,
      now,
    );
    expect(decision).toEqual({ ok: true, version: 2, changes: [] });
  });

  it('in the form: no box ticked beside the marker is no factor; empty choices take fields out', () => {
    const cleared = checkCorrection(
      { ...asForm, [FACTORS_LISTED]: '1', situation: '', aspiration: 'wage-job' },
      interviewed,
      now,
      'form',
    );
    expect(cleared.ok && cleared.changes).toEqual([
      { field: 'situation', oldValue: 'unemployed', newValue: undefined },
      { field: 'vulnerabilityFactors', oldValue: ['disability', 'single-parent'], newValue: [] },
    ]);
    // A record never asked: no box ticked is no change.
    expect(checkCorrection({ ...asForm, [FACTORS_LISTED]: '1' }, record, now, 'form')).toEqual({
      ok: true,
      version: 2,
      changes: [],
    });
  });

  it('checks the codes by the intake rules, naming the field; the marker is the form’s only', () => {
    const bad = checkCorrection(
      { version: 2, vulnerabilityFactors: ['disability', 'unknown'], sectorOfInterest: 'mining' },
      interviewed,
      now,
    );
    expect(errorsOf(bad).map((e) => e.field)).toEqual(['vulnerabilityFactors', 'sectorOfInterest']);
    expect(
      errorsOf(checkCorrection({ version: 2, [FACTORS_LISTED]: '1' }, interviewed, now)).map((e) => e.field),
    ).toEqual([FACTORS_LISTED]);
  });
});

describe('profileAfter', () => {
  const profiled = {
    educationLevel: 'baccalaureate',
    birthYear: 1999,
    vulnerabilityFactors: ['disability' as const],
    createdAt: '2026-01-05T10:00:00Z',
    dimensions: { ageBand: '25-34' as const },
    profile: {
      score: 20,
      reasons: [{ code: 'vulnerabilityFactor:disability' as const, points: 20 }],
      track: 'direct-placement' as const,
      rulesVersion: 1,
    },
  };

  it('works the profile out again when what it reads changes', () => {
    const after = profileAfter(profiled, [
      { field: 'vulnerabilityFactors', oldValue: ['disability'], newValue: [] },
      { field: 'educationLevel', oldValue: 'baccalaureate', newValue: 'primary' },
    ]);
    expect(after).toMatchObject({ score: 15, reasons: [{ code: 'educationLevel:primary', points: 15 }] });
  });

  it('keeps the profile for other changes, and needs none stored when there is none yet', () => {
    expect(profileAfter(profiled, [{ field: 'firstName', oldValue: 'A', newValue: 'B' }])).toBeUndefined();
    const unprofiled = { ...profiled, profile: undefined };
    expect(
      profileAfter(unprofiled, [{ field: 'vulnerabilityFactors', oldValue: ['disability'], newValue: [] }]),
    ).toBe('still-none');
  });
});

describe('correctionOutcome and versionOf', () => {
  const change = [{ field: 'firstName' as const, oldValue: 'A', newValue: 'B' }];

  it('applies a change made on the current version, refuses one made on another', () => {
    expect(correctionOutcome(change, 3, 3)).toBe('apply');
    expect(correctionOutcome(change, 2, 3)).toBe('stale');
  });

  it('does nothing for a correction that changes nothing, whatever its version', () => {
    expect(correctionOutcome([], 1, 3)).toBe('unchanged');
  });

  it('counts a record never corrected as version 0', () => {
    expect(versionOf({})).toBe(0);
    expect(versionOf({ version: 4 })).toBe(4);
    expect(versionOf({ version: 'x' })).toBe(0);
  });
});
