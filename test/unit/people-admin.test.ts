/**
 * What an administrator may say of a person: a role's region and association hold together, a
 * coach has a capacity (1–200), nobody locks themselves out, and a first password meets the
 * user pool's policy.
 */
import {
  checkNewPerson,
  checkPersonChange,
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
      { capacity: '12', active: 'false', preferredLanguage: 'ar', displayName: 'Salma Idrissi' },
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
    expect(meetsPasswordPolicy('nocapitals1!')).toBe(false);
    expect(meetsPasswordPolicy('NoSymbols123')).toBe(false);
  });
});
