/**
 * What an administrator may say of a person: a role's region and association hold together, a
 * training provider or an employer works for a partner organisation of its kind and region, a
 * coach has a capacity (1–200), nobody locks themselves out, a change based on an older version is
 * stale, a new password is asked alone, an idempotency key reads well, and passwords meet the
 * user pool's policy.
 */
import {
  asksNewPassword,
  checkNewPasswordRequest,
  checkNewPerson,
  checkPersonChange,
  checkRequestKey,
  generatePassword,
  meetsPasswordPolicy,
  samePerson,
  type ManagedPerson,
} from '../../functions/domain/people-admin';
import { DEFAULT_COACH_CAPACITY } from '../../functions/domain/reference-data';

const newCoach = {
  personId: 'coach-tta-3',
  displayName: ' Salma  Idrissi ',
  email: 'salma@coaches.kafaat.example',
  role: 'coach',
  region: 'TTA',
  association: 'ASSO-TNG-1',
  preferredLanguage: 'ar',
};

const fieldsOf = (decision: { ok: boolean; errors?: { field: string }[] }) =>
  decision.ok ? [] : (decision.errors ?? []).map((e) => e.field);

describe('checkNewPerson', () => {
  it('takes a coach, with the id in capitals, the name tidied and the default capacity', () => {
    const decision = checkNewPerson(newCoach);
    expect(decision).toEqual({
      ok: true,
      person: {
        personId: 'COACH-TTA-3',
        displayName: 'Salma Idrissi',
        email: 'salma@coaches.kafaat.example',
        role: 'coach',
        region: 'TTA',
        association: 'ASSO-TNG-1',
        preferredLanguage: 'ar',
        active: true,
        capacity: DEFAULT_COACH_CAPACITY,
      },
    });
  });

  it("reads a form's capacity and keeps it between 1 and 200", () => {
    const ok = checkNewPerson({ ...newCoach, capacity: '25' }, 'form');
    expect(ok.ok && ok.person.capacity).toBe(25);
    expect(fieldsOf(checkNewPerson({ ...newCoach, capacity: '0' }, 'form'))).toEqual(['capacity']);
    expect(fieldsOf(checkNewPerson({ ...newCoach, capacity: 201 }))).toEqual(['capacity']);
    expect(fieldsOf(checkNewPerson({ ...newCoach, capacity: '30' }))).toEqual(['capacity']);
  });

  it('needs an association of the region for intake workers, coaches and supervisors', () => {
    const without: Partial<typeof newCoach> = { ...newCoach };
    delete without.association;
    expect(checkNewPerson({ ...without, role: 'supervisor' })).toMatchObject({
      ok: false,
      errors: [{ field: 'association', key: 'associationRequired' }],
    });
    expect(checkNewPerson({ ...newCoach, association: 'ASSO-OUJ-1' })).toMatchObject({
      ok: false,
      errors: [{ field: 'association', key: 'associationOfRegion' }],
    });
  });

  it('lets only governance and admin be national, with no association and no capacity', () => {
    const board = { ...newCoach, role: 'governance', region: 'national', association: '' };
    expect(checkNewPerson(board, 'form').ok).toBe(true);
    expect(fieldsOf(checkNewPerson({ ...newCoach, region: 'national' }))).toEqual(
      expect.arrayContaining(['region']),
    );
    expect(checkNewPerson({ ...board, association: 'ASSO-TNG-1' })).toMatchObject({
      ok: false,
      errors: [{ field: 'association', key: 'associationNone' }],
    });
    expect(fieldsOf(checkNewPerson({ ...board, capacity: 10 }))).toEqual(['capacity']);
  });

  it('says a field left out or empty is required', () => {
    const decision = checkNewPerson({ ...newCoach, role: '' }, 'form');
    expect(decision).toMatchObject({ ok: false, errors: [{ field: 'role', key: 'required' }] });
    expect(decision.ok || decision.errors[0]?.message.startsWith('Required.')).toBe(true);
  });

  it('refuses a bad id, e-mail, role or language, and unknown fields, naming each', () => {
    const decision = checkNewPerson({
      ...newCoach,
      personId: 'a b',
      email: 'nope',
      role: 'boss',
      preferredLanguage: 'de',
      active: false,
    });
    expect(fieldsOf(decision).sort()).toEqual(['active', 'email', 'personId', 'preferredLanguage', 'role']);
  });
});

const newProvider = {
  personId: 'provider-tta-9',
  displayName: 'Hind Tazi',
  email: 'hind.tazi@ofppt-tanger.kafaat.example',
  role: 'training-provider',
  region: 'TTA',
  partner: 'PRV-TTA-OFPPT',
  preferredLanguage: 'fr',
};

const errorsOf = (decision: { ok: boolean; errors?: { field: string; key?: string; message: string }[] }) =>
  decision.ok ? [] : (decision.errors ?? []);

describe('checkNewPerson: partner organisations', () => {
  it('takes a training provider or an employer with a partner of its kind and region, and no association or capacity', () => {
    expect(checkNewPerson(newProvider)).toEqual({
      ok: true,
      person: {
        personId: 'PROVIDER-TTA-9',
        displayName: 'Hind Tazi',
        email: 'hind.tazi@ofppt-tanger.kafaat.example',
        role: 'training-provider',
        region: 'TTA',
        partner: 'PRV-TTA-OFPPT',
        preferredLanguage: 'fr',
        active: true,
      },
    });
    const employer = checkNewPerson({
      ...newProvider,
      role: 'employer',
      region: 'ORI',
      partner: 'EMP-ORI-AGRO',
    });
    expect(employer.ok && employer.person).toMatchObject({ role: 'employer', partner: 'EMP-ORI-AGRO' });
    // The form sends every field: an empty association and capacity are none.
    const form = checkNewPerson({ ...newProvider, association: '', capacity: '' }, 'form');
    expect(form.ok && form.person).not.toHaveProperty('capacity');
    expect(form.ok && form.person).not.toHaveProperty('association');
  });

  it('needs a partner for a training provider or an employer, naming those of its region and kind', () => {
    const without: Partial<typeof newProvider> = { ...newProvider };
    delete without.partner;
    const provider = errorsOf(checkNewPerson(without));
    expect(provider).toMatchObject([{ field: 'partner', key: 'partnerRequired' }]);
    expect(provider[0]?.message).toContain('(PRV-TTA-OFPPT, PRV-TTA-NOUR)');
    expect(provider[0]?.message).not.toContain('EMP-');
    const employer = errorsOf(checkNewPerson({ ...newProvider, role: 'employer', partner: '' }, 'form'));
    expect(employer).toMatchObject([{ field: 'partner', key: 'partnerRequired' }]);
    expect(employer[0]?.message).toContain('(EMP-TTA-AUTOPARK)');
  });

  it('refuses a partner of the other kind: a provider works for a provider, an employer for an employer', () => {
    const provider = errorsOf(checkNewPerson({ ...newProvider, partner: 'EMP-TTA-AUTOPARK' }));
    expect(provider).toMatchObject([{ field: 'partner', key: 'partnerOfKind' }]);
    expect(provider[0]?.message).toBe(
      'EMP-TTA-AUTOPARK is a partner of kind employer, not training-provider: choose one of PRV-TTA-OFPPT, PRV-TTA-NOUR.',
    );
    const employer = errorsOf(checkNewPerson({ ...newProvider, role: 'employer', partner: 'PRV-TTA-NOUR' }));
    expect(employer).toMatchObject([{ field: 'partner', key: 'partnerOfKind' }]);
    expect(employer[0]?.message).toContain('choose one of EMP-TTA-AUTOPARK.');
  });

  it('refuses a partner of another region than the person’s, naming those of their region', () => {
    const decision = errorsOf(checkNewPerson({ ...newProvider, partner: 'PRV-ORI-OFPPT' }));
    expect(decision).toMatchObject([{ field: 'partner', key: 'partnerOfRegion' }]);
    expect(decision[0]?.message).toBe(
      'PRV-ORI-OFPPT is a partner of region ORI, not TTA: choose one of PRV-TTA-OFPPT, PRV-TTA-NOUR.',
    );
    // A partner person works in one region: not national.
    expect(fieldsOf(checkNewPerson({ ...newProvider, region: 'national' })).sort()).toEqual([
      'partner',
      'region',
    ]);
  });

  it('refuses a partner for every other role', () => {
    for (const person of [
      { ...newCoach, partner: 'PRV-TTA-OFPPT' },
      { ...newCoach, role: 'governance', association: '', partner: 'EMP-TTA-AUTOPARK' },
      { ...newCoach, role: 'admin', region: 'national', association: '', partner: 'PRV-TTA-OFPPT' },
    ]) {
      expect(checkNewPerson(person, 'form')).toMatchObject({
        ok: false,
        errors: [{ field: 'partner', key: 'partnerNone' }],
      });
    }
  });

  it('gives a training provider or an employer no association and no capacity', () => {
    expect(checkNewPerson({ ...newProvider, association: 'ASSO-TNG-1' })).toMatchObject({
      ok: false,
      errors: [{ field: 'association', key: 'associationNone' }],
    });
    expect(
      checkNewPerson({ ...newProvider, role: 'employer', partner: 'EMP-TTA-AUTOPARK', capacity: 10 }),
    ).toMatchObject({
      ok: false,
      errors: [{ field: 'capacity', key: 'capacityOnlyCoach' }],
    });
  });

  it('refuses a code that is no partner’s, saying which are', () => {
    const decision = errorsOf(checkNewPerson({ ...newProvider, partner: 'ASSO-TNG-1' }));
    expect(decision).toMatchObject([{ field: 'partner', key: 'partner' }]);
    expect(decision[0]?.message).toContain('EMP-ORI-AGRO');
  });
});

const coach: ManagedPerson = {
  personId: 'COACH-TTA-3',
  displayName: 'Salma Idrissi',
  email: 'salma@coaches.kafaat.example',
  role: 'coach',
  region: 'TTA',
  association: 'ASSO-TNG-1',
  preferredLanguage: 'ar',
  active: true,
  capacity: 40,
};

describe('checkPersonChange', () => {
  it('changes what is sent and lists the fields that really change', () => {
    const decision = checkPersonChange(
      {
        capacity: '12',
        active: 'false',
        preferredLanguage: 'ar',
        displayName: 'Salma Idrissi',
        version: '0',
      },
      coach,
      'ADMIN-NATIONAL',
      'form',
    );
    expect(decision.ok && decision.changed.sort()).toEqual(['active', 'capacity']);
    expect(decision.ok && decision.person).toMatchObject({ capacity: 12, active: false });
  });

  it('takes an association out for a role that has none', () => {
    const decision = checkPersonChange({ role: 'governance', association: null }, coach, 'ADMIN-NATIONAL');
    expect(decision.ok && decision.person.association).toBeUndefined();
    expect(decision.ok && decision.person.capacity).toBeUndefined();
    expect(fieldsOf(checkPersonChange({ role: 'governance' }, coach, 'ADMIN-NATIONAL'))).toEqual([
      'association',
    ]);
  });

  it('moves a coach to a partner organisation: the association and the capacity go, the partner comes', () => {
    const decision = checkPersonChange(
      { role: 'training-provider', association: null, partner: 'PRV-TTA-NOUR' },
      coach,
      'ADMIN-NATIONAL',
    );
    expect(decision.ok && decision.person).toEqual({
      personId: 'COACH-TTA-3',
      displayName: 'Salma Idrissi',
      email: 'salma@coaches.kafaat.example',
      role: 'training-provider',
      region: 'TTA',
      partner: 'PRV-TTA-NOUR',
      preferredLanguage: 'ar',
      active: true,
    });
    expect(decision.ok && decision.changed.sort()).toEqual(['association', 'capacity', 'partner', 'role']);
    // Without a partner, or keeping the association: refused, each on its field.
    expect(
      fieldsOf(checkPersonChange({ role: 'training-provider', association: null }, coach, 'ADMIN-NATIONAL')),
    ).toEqual(['partner']);
    expect(
      fieldsOf(checkPersonChange({ role: 'employer', partner: 'EMP-TTA-AUTOPARK' }, coach, 'ADMIN-NATIONAL')),
    ).toEqual(['association']);
  });

  it("keeps a partner person's organisation unless another is sent, and checks the one sent", () => {
    const provider: ManagedPerson = {
      personId: 'PROVIDER-PRV-TTA-OFPPT',
      displayName: 'OFPPT — Complexe de formation Tanger',
      email: 'kafaat@ofppt-tanger.kafaat.example',
      role: 'training-provider',
      region: 'TTA',
      partner: 'PRV-TTA-OFPPT',
      preferredLanguage: 'fr',
      active: true,
    };
    // A client that never sends `partner` changes the other fields as before.
    expect(checkPersonChange({ displayName: 'OFPPT Tanger' }, provider, 'ADMIN-NATIONAL')).toMatchObject({
      ok: true,
      person: { partner: 'PRV-TTA-OFPPT' },
      changed: ['displayName'],
    });
    expect(checkPersonChange({ partner: 'PRV-TTA-NOUR' }, provider, 'ADMIN-NATIONAL')).toMatchObject({
      ok: true,
      changed: ['partner'],
    });
    // Another region alone leaves the partner behind; with a partner of the new region it holds.
    expect(checkPersonChange({ region: 'ORI' }, provider, 'ADMIN-NATIONAL')).toMatchObject({
      ok: false,
      errors: [{ field: 'partner', key: 'partnerOfRegion' }],
    });
    expect(
      checkPersonChange({ region: 'ORI', partner: 'PRV-ORI-OFPPT' }, provider, 'ADMIN-NATIONAL'),
    ).toMatchObject({ ok: true, changed: ['region', 'partner'] });
    // Back to a coach: the partner sent empty (as the form sends it) is taken out.
    const back = checkPersonChange(
      { role: 'coach', association: 'ASSO-TET-1', partner: '', capacity: '20', version: '0' },
      provider,
      'ADMIN-NATIONAL',
      'form',
    );
    expect(back.ok && back.person).not.toHaveProperty('partner');
    expect(back.ok && back.person).toMatchObject({ role: 'coach', association: 'ASSO-TET-1', capacity: 20 });
    expect(back.ok && back.changed).toContain('partner');
    expect(
      checkPersonChange({ role: 'coach', association: 'ASSO-TET-1' }, provider, 'ADMIN-NATIONAL'),
    ).toMatchObject({
      ok: false,
      errors: [{ field: 'partner', key: 'partnerNone' }],
    });
  });

  it('refuses a change of id and unknown fields', () => {
    expect(fieldsOf(checkPersonChange({ personId: 'OTHER' }, coach, 'ADMIN-NATIONAL'))).toEqual(['personId']);
  });

  it('does not let administrators lock themselves out', () => {
    const admin: ManagedPerson = {
      personId: 'ADMIN-NATIONAL',
      displayName: 'Administration',
      email: 'admin@kafaat.example',
      role: 'admin',
      region: 'national',
      preferredLanguage: 'fr',
      active: true,
    };
    expect(checkPersonChange({ active: false }, admin, 'ADMIN-NATIONAL')).toMatchObject({
      ok: false,
      errors: [{ field: 'active', key: 'selfChange' }],
    });
    expect(checkPersonChange({ active: false }, admin, 'ADMIN-OTHER').ok).toBe(true);
  });
});

describe('checkPersonChange and versions', () => {
  const form = {
    displayName: 'Salma Idrissi',
    email: 'salma@coaches.kafaat.example',
    role: 'coach',
    region: 'TTA',
    association: 'ASSO-TNG-1',
    preferredLanguage: 'ar',
    active: 'true',
    capacity: '40',
  };
  const atVersion2 = { ...coach, version: 2 };

  it('takes a form loaded at the current version, and says the change is based on it', () => {
    const decision = checkPersonChange(
      { ...form, active: 'false', version: '2' },
      atVersion2,
      'ADMIN-NATIONAL',
      'form',
    );
    expect(decision).toMatchObject({ ok: true, changed: ['active'], version: 2, versionSent: true });
  });

  it('finds a form of an older version, or of none, stale before anything else', () => {
    const older = checkPersonChange(
      { ...form, email: 'not an e-mail', version: '1' },
      atVersion2,
      'ADMIN-NATIONAL',
      'form',
    );
    expect(older).toMatchObject({ ok: false, stale: true, errors: [{ field: 'version', key: 'stale' }] });
    expect(older.ok || older.errors[0]?.message).toContain(
      'changed since version 1 (it is at version 2 now)',
    );
    expect(checkPersonChange(form, atVersion2, 'ADMIN-NATIONAL', 'form')).toMatchObject({
      ok: false,
      stale: true,
    });
    expect(
      checkPersonChange({ ...form, version: 'two' }, atVersion2, 'ADMIN-NATIONAL', 'form'),
    ).toMatchObject({
      ok: false,
      stale: true,
    });
  });

  it('counts a person without a version as at 0', () => {
    expect(checkPersonChange({ ...form, version: '0' }, coach, 'ADMIN-NATIONAL', 'form')).toMatchObject({
      ok: true,
      changed: [],
      version: 0,
    });
    expect(checkPersonChange({ active: false, version: 1 }, coach, 'ADMIN-NATIONAL')).toMatchObject({
      ok: false,
      stale: true,
    });
  });

  it('lets the JSON API leave the version out (based on the current one), or say it', () => {
    expect(checkPersonChange({ capacity: 12 }, atVersion2, 'ADMIN-NATIONAL')).toMatchObject({
      ok: true,
      changed: ['capacity'],
      version: 2,
      versionSent: false,
    });
    expect(checkPersonChange({ capacity: 12, version: 2 }, atVersion2, 'ADMIN-NATIONAL')).toMatchObject({
      ok: true,
      versionSent: true,
    });
    expect(checkPersonChange({ capacity: 12, version: 3 }, atVersion2, 'ADMIN-NATIONAL')).toMatchObject({
      ok: false,
      stale: true,
    });
  });

  it('refuses a JSON version that is not a whole number from 0 (400, not stale)', () => {
    for (const version of ['2', -1, 1.5, null]) {
      const decision = checkPersonChange({ capacity: 12, version }, atVersion2, 'ADMIN-NATIONAL');
      expect(decision).toMatchObject({ ok: false, errors: [{ field: 'version' }] });
      expect(decision.ok || decision.stale).toBeFalsy();
    }
  });
});

describe('checkNewPasswordRequest', () => {
  it('takes {"newPassword": true} alone, or the button with its key', () => {
    expect(asksNewPassword({ newPassword: true })).toBe(true);
    expect(asksNewPassword({ active: true })).toBe(false);
    expect(checkNewPasswordRequest({ newPassword: true })).toEqual({ ok: true });
    expect(checkNewPasswordRequest({ newPassword: 'true', idempotencyKey: 'k'.repeat(24) }, 'form')).toEqual({
      ok: true,
      formKey: 'k'.repeat(24),
    });
  });

  it('refuses anything sent with it, and anything but true', () => {
    expect(checkNewPasswordRequest({ newPassword: true, active: false })).toMatchObject({
      ok: false,
      errors: [{ field: 'active', key: 'unknownField' }],
    });
    expect(checkNewPasswordRequest({ newPassword: 'true' })).toMatchObject({
      ok: false,
      errors: [{ field: 'newPassword' }],
    });
    expect(checkNewPasswordRequest({ newPassword: 'yes' }, 'form').ok).toBe(false);
  });
});

describe('checkRequestKey', () => {
  it('takes the Idempotency-Key header first, else the form key; none is fine', () => {
    expect(checkRequestKey('header-key-1', 'form-key-1')).toEqual({ ok: true, key: 'header-key-1' });
    expect(checkRequestKey(undefined, 'form-key-1')).toEqual({ ok: true, key: 'form-key-1' });
    expect(checkRequestKey(undefined, undefined)).toEqual({ ok: true });
  });

  it('refuses a key too short, with spaces or not text, naming where it came from', () => {
    expect(checkRequestKey('short', undefined)).toMatchObject({
      ok: false,
      error: { field: 'Idempotency-Key' },
    });
    expect(checkRequestKey(undefined, 'has spaces in it')).toMatchObject({
      ok: false,
      error: { field: 'idempotencyKey' },
    });
    expect(checkRequestKey(undefined, ['a-key-twice', 'a-key-twice']).ok).toBe(false);
  });
});

describe('samePerson', () => {
  it('tells a retried add (same details) from another person with the same id', () => {
    expect(samePerson(coach, { ...coach, active: false, capacity: 10 })).toBe(true);
    expect(samePerson(coach, { ...coach, email: 'other@example.ma' })).toBe(false);
    const provider: ManagedPerson = { ...coach, role: 'training-provider', partner: 'PRV-TTA-OFPPT' };
    expect(samePerson(provider, { ...provider, partner: 'PRV-TTA-NOUR' })).toBe(false);
  });
});

describe('generatePassword', () => {
  it("meets the pool's policy, with each kind of character, and differs each time", () => {
    const { randomInt } = jest.requireActual<typeof import('node:crypto')>('node:crypto');
    const passwords = Array.from({ length: 200 }, () => generatePassword(randomInt));
    for (const password of passwords) {
      expect(password).toHaveLength(16);
      expect(meetsPasswordPolicy(password)).toBe(true);
    }
    expect(new Set(passwords).size).toBe(passwords.length);
  });

  it('keeps one character of each kind even when the random source is at its worst', () => {
    expect(meetsPasswordPolicy(generatePassword(() => 0))).toBe(true);
  });

  it('refuses passwords the policy refuses', () => {
    expect(meetsPasswordPolicy('Short1!')).toBe(false);
    expect(meetsPasswordPolicy('Eleven1!abc')).toBe(false);
    expect(meetsPasswordPolicy('Twelve1!abcd')).toBe(true);
    expect(meetsPasswordPolicy('nocapitals1!')).toBe(false);
    expect(meetsPasswordPolicy('NoSymbols123')).toBe(false);
  });
});
