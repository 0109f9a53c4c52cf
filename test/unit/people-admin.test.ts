/**
 * What an administrator may say of a person: a role's region and association hold together, a
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
  it('refuses a training provider or an employer for now: their organisation is not offered here', () => {
    for (const role of ['training-provider', 'employer']) {
      const decision = checkNewPerson({ ...newCoach, role, association: '' });
      expect(fieldsOf(decision)).toEqual(['role']);
      expect(decision.ok ? '' : decision.errors[0]?.key).toBe('partnerRole');
    }
  });

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
