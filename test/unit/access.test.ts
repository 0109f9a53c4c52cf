/** The access table's rules, without AWS: scopes, groups and the claims a token carries. */
import { decideAccess, groupOf, parseGroup, type Principal } from '../../functions/domain/access';
import { principalOfClaims } from '../../functions/commons/sessions';
import { seededPeople, seededPersonFor } from '../../functions/domain/people';
import { partners } from '../../functions/domain/reference-data';

const person = (role: Principal['role'], region: string, association?: string): Principal => ({
  personId: `${role}-${association ?? region}`.toUpperCase(),
  displayName: 'Someone',
  role,
  region,
  ...(association ? { association } : {}),
});
const record = { region: 'TTA', association: 'ASSO-TNG-1', coachId: 'COACH-TTA-1' };

describe('decideAccess', () => {
  it('lets an intake worker read and correct records of their own association only', () => {
    expect(decideAccess(person('intake-worker', 'TTA', 'ASSO-TNG-1'), 'beneficiary.correct', record)).toBe(
      true,
    );
    expect(decideAccess(person('intake-worker', 'TTA', 'ASSO-TET-1'), 'beneficiary.correct', record)).toBe(
      false,
    );
  });

  it('lets a coach read only the records of their own caseload', () => {
    const samira = { ...person('coach', 'TTA', 'ASSO-TNG-1'), personId: 'COACH-TTA-1' };
    const youssef = { ...person('coach', 'TTA', 'ASSO-TNG-1'), personId: 'COACH-TTA-2' };
    expect(decideAccess(samira, 'beneficiary.read', record)).toBe(true);
    expect(decideAccess(youssef, 'beneficiary.read', record)).toBe(false);
    expect(decideAccess(samira, 'beneficiary.read', { ...record, coachId: undefined })).toBe(false);
  });

  it('lets a regional board read its region, a national board every region', () => {
    expect(decideAccess(person('governance', 'ORI'), 'dashboard.read', { region: 'TTA' })).toBe(false);
    expect(decideAccess(person('governance', 'TTA'), 'dashboard.read', { region: 'TTA' })).toBe(true);
    expect(decideAccess(person('governance', 'national'), 'dashboard.read', { region: 'ORI' })).toBe(true);
  });

  it('refuses a role the table does not name, whatever the record', () => {
    expect(decideAccess(person('admin', 'national'), 'beneficiary.read', record)).toBe(false);
    expect(decideAccess(person('governance', 'national'), 'intake.create')).toBe(false);
    expect(decideAccess(person('supervisor', 'TTA', 'ASSO-TNG-1'), 'beneficiary.correct', record)).toBe(
      false,
    );
  });

  it('refuses an association-scoped person who has no association', () => {
    expect(
      decideAccess(person('supervisor', 'TTA'), 'beneficiary.read', { ...record, association: undefined }),
    ).toBe(false);
  });
});

describe('groups', () => {
  it('carry role, region and organisation (association or partner), and read back the same', () => {
    for (const p of seededPeople()) {
      const group = groupOf(p);
      expect(parseGroup(group)).toEqual({
        role: p.role,
        region: p.region,
        ...(p.association ? { association: p.association } : {}),
        ...(p.partner ? { partner: p.partner } : {}),
      });
    }
  });

  it('that name no known role, or have too many parts, are not read', () => {
    expect(parseGroup('superuser:TTA')).toBeUndefined();
    expect(parseGroup('coach')).toBeUndefined();
    expect(parseGroup('coach:TTA:ASSO-TNG-1:extra')).toBeUndefined();
  });
});

describe('principalOfClaims', () => {
  it('takes the person from cognito:username, the role and scope from the first known group', () => {
    const principal = principalOfClaims({
      'cognito:username': 'COACH-TTA-1',
      'cognito:groups': ['unknown', 'coach:TTA:ASSO-TNG-1'],
      name: 'Samira Benali',
    });
    expect(principal).toEqual({
      personId: 'COACH-TTA-1',
      displayName: 'Samira Benali',
      role: 'coach',
      region: 'TTA',
      association: 'ASSO-TNG-1',
    });
  });

  it('is no one when the token has no group it knows', () => {
    expect(principalOfClaims({ 'cognito:username': 'X', 'cognito:groups': ['admin'] })).toBeUndefined();
    expect(principalOfClaims({ 'cognito:username': 'X' })).toBeUndefined();
  });
});

describe('the seeded people', () => {
  it('have every role in both pilot regions, and the dev sign-in finds the region’s first association', () => {
    const people = seededPeople();
    for (const region of ['TTA', 'ORI']) {
      for (const role of ['intake-worker', 'coach', 'supervisor', 'governance'] as const) {
        expect(seededPersonFor(people, role, region)).toBeDefined();
      }
    }
    expect(seededPersonFor(people, 'admin', 'national')).toBeDefined();
    expect(seededPersonFor(people, 'intake-worker', 'TTA')?.association).toBe('ASSO-TNG-1');
    expect(seededPersonFor(people, 'coach', 'TTA', 'ASSO-TET-1')?.personId).toBe('COACH-TTA-2');
  });
});

describe('partners', () => {
  const provider: Principal = {
    personId: 'PROVIDER-PRV-TTA-OFPPT',
    displayName: 'OFPPT Tanger',
    role: 'training-provider',
    region: 'TTA',
    partner: 'PRV-TTA-OFPPT',
  };
  const employer: Principal = {
    personId: 'EMPLOYER-EMP-TTA-AUTOPARK',
    displayName: 'TAC',
    role: 'employer',
    region: 'TTA',
    partner: 'EMP-TTA-AUTOPARK',
  };

  it("may touch only their own organisation's offers or needs", () => {
    expect(decideAccess(provider, 'offers.manage', { partner: 'PRV-TTA-OFPPT' })).toBe(true);
    expect(decideAccess(provider, 'offers.manage', { partner: 'PRV-TTA-NOUR' })).toBe(false);
    expect(decideAccess(provider, 'offers.manage', {})).toBe(false);
    expect(decideAccess(employer, 'offers.manage', { partner: 'EMP-TTA-AUTOPARK' })).toBe(false);
    expect(decideAccess(employer, 'needs.manage', { partner: 'EMP-TTA-AUTOPARK' })).toBe(true);
    expect(decideAccess(provider, 'needs.manage', { partner: 'PRV-TTA-OFPPT' })).toBe(false);
  });

  it('read the labour needs of their region, and never a beneficiary', () => {
    expect(decideAccess(provider, 'needs.read', { region: 'TTA' })).toBe(true);
    expect(decideAccess(provider, 'needs.read', { region: 'ORI' })).toBe(false);
    for (const action of [
      'beneficiary.read',
      'caseload.read',
      'beneficiaries.list',
      'dashboard.read',
    ] as const) {
      expect(decideAccess(provider, action)).toBe(false);
      expect(decideAccess(employer, action)).toBe(false);
    }
  });

  it('have a seeded person for each partner, whose group names the partner', () => {
    for (const partner of partners) {
      const person = seededPeople().find((p) => p.partner === partner.code);
      expect(person).toMatchObject({ role: partner.kind, region: partner.region });
      expect(groupOf(person as Principal)).toBe(`${partner.kind}:${partner.region}:${partner.code}`);
    }
  });
});
