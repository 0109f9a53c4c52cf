/**
 * What an administrator may change of an association: its name and its supervisor's name (1 to
 * 120 characters, trimmed, no control characters), the supervisor's e-mail and the language of
 * the escalation e-mails; never its code or region; and what really changes.
 */
import {
  associationOfItem,
  checkAssociationChange,
  type ManagedAssociation,
} from '../../functions/domain/association-admin';

const tanger: ManagedAssociation = {
  code: 'ASSO-TNG-1',
  region: 'TTA',
  name: 'Association Al Amal Tanger',
  supervisorName: 'Fatima Zahra Alaoui',
  supervisorEmail: 'supervision@al-amal-tanger.kafaat.example',
  preferredLanguage: 'fr',
};

const fieldsOf = (decision: { ok: boolean; errors?: { field: string }[] }) =>
  decision.ok ? [] : (decision.errors ?? []).map((e) => e.field);

describe('checkAssociationChange', () => {
  it('changes the supervisor’s e-mail alone and says only it changes', () => {
    const decision = checkAssociationChange({ supervisorEmail: ' nadia@al-amal-tanger.ma ' }, tanger);
    expect(decision).toEqual({
      ok: true,
      association: { ...tanger, supervisorEmail: 'nadia@al-amal-tanger.ma' },
      changed: ['supervisorEmail'],
    });
  });

  it('takes every field from a form, names tidied (NFC, one space, trimmed), in any script', () => {
    const decision = checkAssociationChange(
      {
        name: '  جمعية   الأمل  طنجة 2 ',
        supervisorName: 'Ne\u0301zha  El Idrissi',
        supervisorEmail: 'nezha@al-amal-tanger.ma',
        preferredLanguage: 'ar',
      },
      tanger,
    );
    expect(decision.ok && decision.association).toEqual({
      ...tanger,
      name: 'جمعية الأمل طنجة 2',
      supervisorName: 'Nézha El Idrissi',
      supervisorEmail: 'nezha@al-amal-tanger.ma',
      preferredLanguage: 'ar',
    });
    expect(decision.ok && decision.changed).toEqual([
      'name',
      'supervisorName',
      'supervisorEmail',
      'preferredLanguage',
    ]);
  });

  it('finds nothing to change in a repeat of the same values', () => {
    const same = checkAssociationChange(
      { name: tanger.name, supervisorEmail: tanger.supervisorEmail, preferredLanguage: 'fr' },
      tanger,
    );
    expect(same).toEqual({ ok: true, association: tanger, changed: [] });
  });

  it('keeps names between 1 and 120 characters', () => {
    expect(checkAssociationChange({ name: 'x'.repeat(120) }, tanger).ok).toBe(true);
    expect(checkAssociationChange({ name: 'x'.repeat(121) }, tanger)).toMatchObject({
      ok: false,
      errors: [{ field: 'name', key: 'nameTooLong', params: { max: 120 } }],
    });
    expect(checkAssociationChange({ supervisorName: '   ' }, tanger)).toMatchObject({
      ok: false,
      errors: [{ field: 'supervisorName', key: 'required' }],
    });
  });

  it('refuses control and invisible characters, and text that could not be read', () => {
    for (const name of ['Al Amal\nTanger', 'Al\tAmal', 'Al Amal\u200B', 'Al \u202EAmal']) {
      expect(checkAssociationChange({ name }, tanger)).toMatchObject({
        ok: false,
        errors: [{ field: 'name', key: 'nameInvisible' }],
      });
    }
    expect(checkAssociationChange({ supervisorName: 'Fatima \uFFFD' }, tanger)).toMatchObject({
      ok: false,
      errors: [{ field: 'supervisorName', key: 'encoding' }],
    });
  });

  it('refuses a bad e-mail or language, and anything but text, naming each field', () => {
    const decision = checkAssociationChange(
      { name: 42, supervisorName: ['a', 'b'], supervisorEmail: 'not an e-mail', preferredLanguage: 'de' },
      tanger,
    );
    expect(decision).toMatchObject({
      ok: false,
      errors: [
        { field: 'name', key: 'invalid' },
        { field: 'supervisorName', key: 'invalid' },
        { field: 'supervisorEmail', key: 'email' },
        { field: 'preferredLanguage', key: 'language' },
      ],
    });
    expect(checkAssociationChange({ supervisorEmail: '' }, tanger)).toMatchObject({
      ok: false,
      errors: [{ field: 'supervisorEmail', key: 'required' }],
    });
    expect(fieldsOf(checkAssociationChange({ supervisorEmail: `${'a'.repeat(250)}@x.ma` }, tanger))).toEqual([
      'supervisorEmail',
    ]);
  });

  it('never changes the code or the region: unknown fields are refused', () => {
    expect(checkAssociationChange({ region: 'ORI' }, tanger)).toMatchObject({
      ok: false,
      errors: [{ field: 'region', key: 'unknownField' }],
    });
    expect(fieldsOf(checkAssociationChange({ code: 'ASSO-TNG-2', supervisorName: 'Ali' }, tanger))).toEqual([
      'code',
    ]);
    // The whole item sent back, as a client might: refused, naming both.
    expect(fieldsOf(checkAssociationChange({ ...tanger }, tanger))).toEqual(['code, region']);
  });

  it('needs an object with at least one field', () => {
    expect(checkAssociationChange({}, tanger)).toMatchObject({
      ok: false,
      errors: [{ field: 'body', key: 'associationNothing' }],
    });
    for (const body of [null, 'ASSO-TNG-1', ['name'], 3]) {
      expect(checkAssociationChange(body, tanger)).toMatchObject({
        ok: false,
        errors: [{ field: 'body', key: 'bodyType' }],
      });
    }
  });
});

describe('associationOfItem', () => {
  it('reads a reference item as an association, and nothing else', () => {
    expect(associationOfItem({ kind: 'association', ...tanger, activeBeneficiaries: 3 })).toEqual(tanger);
    expect(associationOfItem(undefined)).toBeUndefined();
    expect(associationOfItem({ ...tanger, preferredLanguage: 'de' })).toBeUndefined();
    expect(associationOfItem({ kind: 'region', code: 'TTA', name: { fr: 'Tanger' } })).toBeUndefined();
  });
});
