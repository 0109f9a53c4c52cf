/**
 * Who may do what: the one table of role × action × scope. Every route names its action
 * (infra/app-description.ts), every handler asks `decideAccess` before it reads or writes, and the
 * tests try each route with each role the table refuses. Plain rules, no AWS.
 */

export const roles = [
  'intake-worker',
  'coach',
  'supervisor',
  'governance',
  'admin',
  'training-provider',
  'employer',
] as const;
export type Role = (typeof roles)[number];

/** The partners' roles: their scope is their organisation (a partner of the reference data). */
export const partnerRoles: readonly Role[] = ['training-provider', 'employer'];

export function isPartnerRole(role: Role): boolean {
  return partnerRoles.includes(role);
}

/** A region code of the reference data, or `national` (governance and admin only). */
export const NATIONAL = 'national';

/**
 * How far a role's right reaches:
 * - `association`: the records of the person's own association;
 * - `own`: the coach's own caseload (beneficiaries whose coach they are);
 * - `partner`: the records of the person's own organisation (a training provider's offers and
 *   enrolments, an employer's labour needs);
 * - `region`: the person's region (a national person: every region);
 * - `all`: everything.
 */
export type Scope = 'association' | 'own' | 'partner' | 'region' | 'all';

export const actions = [
  'intake.create',
  'beneficiaries.list',
  'beneficiary.read',
  'beneficiary.correct',
  'caseload.read',
  'case-note.write',
  'supervision.read',
  'beneficiary.reassign',
  'audit.read',
  'dashboard.read',
  'people.manage',
  'reference.read',
  'associations.manage',
  'offers.manage',
  'enrolments.read',
  'needs.manage',
  'needs.read',
  'consent.withdraw',
  'beneficiary.export',
] as const;
export type Action = (typeof actions)[number];

/** The table itself: for each action, the roles that may do it and how far. Absent: refused. */
export const accessTable: Record<Action, Partial<Record<Role, Scope>>> = {
  'intake.create': { 'intake-worker': 'association' },
  'beneficiaries.list': { 'intake-worker': 'association', supervisor: 'association' },
  'beneficiary.read': { 'intake-worker': 'association', coach: 'own', supervisor: 'association' },
  'beneficiary.correct': { 'intake-worker': 'association' },
  'caseload.read': { coach: 'own' },
  'case-note.write': { coach: 'own' },
  'supervision.read': { supervisor: 'association' },
  'beneficiary.reassign': { supervisor: 'association' },
  'audit.read': { supervisor: 'association' },
  'dashboard.read': { governance: 'region', admin: 'all' },
  'people.manage': { admin: 'all' },
  'reference.read': { admin: 'all' },
  'associations.manage': { admin: 'all' },
  'offers.manage': { 'training-provider': 'partner' },
  'enrolments.read': { 'training-provider': 'partner' },
  'needs.manage': { employer: 'partner' },
  'needs.read': {
    'training-provider': 'region',
    employer: 'region',
    supervisor: 'region',
    governance: 'region',
    admin: 'all',
  },
  'consent.withdraw': { coach: 'own', supervisor: 'association' },
  'beneficiary.export': { supervisor: 'association' },
};

/** What the table says each action is, for people (README, the refusal messages). */
export const actionDescriptions: Record<Action, string> = {
  'intake.create': 'take a beneficiary in (intake form, POST /api/intake)',
  'beneficiaries.list': 'list and search beneficiaries',
  'beneficiary.read': "read a beneficiary's record or case file",
  'beneficiary.correct': "correct a beneficiary's record",
  'caseload.read': "read one's own caseload",
  'case-note.write': 'write a note in a case file',
  'supervision.read': "read coaches' caseloads and overdue tasks",
  'beneficiary.reassign': 'give a beneficiary another coach',
  'audit.read': "read a beneficiary's audit trail",
  'dashboard.read': 'read the governance dashboard',
  'people.manage': 'manage people, roles, capacities and languages',
  'reference.read': 'read the reference data and associations',
  'associations.manage': "change an association's name, supervisor and language",
  'offers.manage': "publish and update one's own training offers (page and CSV import)",
  'enrolments.read': "see the enrolments in one's own training offers",
  'needs.manage': "publish and update one's own labour needs (page and CSV import)",
  'needs.read': 'read the labour needs employers published (GET /api/labour-needs)',
  'consent.withdraw': 'record a withdrawal of consent (ends the journey, erases the data)',
  'beneficiary.export': 'export everything held on a beneficiary (access requests)',
};

/** The person behind a verified session. */
export interface Principal {
  personId: string;
  displayName: string;
  role: Role;
  /** A region code, or `national`. */
  region: string;
  association?: string;
  /** A training provider's or an employer's organisation (a partner code of the reference data). */
  partner?: string;
}

/** What a decision is about: the record's region, association, coach and partner, where it has them. */
export interface AccessTarget {
  region?: string;
  association?: string;
  coachId?: string;
  partner?: string;
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (roles as readonly string[]).includes(value);
}

/** The scope the principal's role has for this action, or undefined: refused whatever the record. */
export function scopeOf(principal: Pick<Principal, 'role'>, action: Action): Scope | undefined {
  return accessTable[action][principal.role];
}

/**
 * May this person do this action on this record? Without a target, whether the role may do it at
 * all (the handler then limits what it reads to the scope).
 */
export function decideAccess(principal: Principal, action: Action, target?: AccessTarget): boolean {
  const scope = scopeOf(principal, action);
  if (!scope) return false;
  if (!target) return true;
  switch (scope) {
    case 'all':
      return true;
    case 'region':
      return principal.region === NATIONAL || (!!target.region && target.region === principal.region);
    case 'association':
      return !!principal.association && target.association === principal.association;
    case 'own':
      return !!target.coachId && target.coachId === principal.personId;
    case 'partner':
      return !!principal.partner && target.partner === principal.partner;
  }
}

/** The roles that may do an action (with any scope): what the refusal tests read. */
export function rolesAllowed(action: Action): Role[] {
  return roles.filter((role) => accessTable[action][role] !== undefined);
}

/**
 * The Cognito group that carries a person's role and scope: `role:region`, or with the person's
 * organisation — their association, or a partner's code — `role:region:organisation` (e.g.
 * `coach:TTA:ASSO-TNG-1`, `training-provider:TTA:PRV-TTA-OFPPT`, `governance:national`).
 */
export function groupOf(person: Pick<Principal, 'role' | 'region' | 'association' | 'partner'>): string {
  const organisation = isPartnerRole(person.role) ? person.partner : person.association;
  return [person.role, person.region, ...(organisation ? [organisation] : [])].join(':');
}

export function parseGroup(
  group: string,
): Pick<Principal, 'role' | 'region' | 'association' | 'partner'> | undefined {
  const [role, region, organisation, ...rest] = group.split(':');
  if (!isRole(role) || !region || rest.length > 0) return undefined;
  if (!organisation) return { role, region };
  return isPartnerRole(role)
    ? { role, region, partner: organisation }
    : { role, region, association: organisation };
}
