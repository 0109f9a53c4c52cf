/**
 * People who work the journeys (staff of associations, boards, administrators): their role and
 * scope, as kept in the people table and carried by their sign-in token. Plain data, no AWS.
 */
import { NATIONAL, type Principal, type Role } from './access';
import { associations, coaches, partners, regions, type Lang } from './reference-data';

export interface Person extends Principal {
  email: string;
  preferredLanguage: Lang;
  /** A person made inactive can no longer sign in (their token is refused at its next sign-in). */
  active: boolean;
}

/** A person's id is their user name: capitals, digits and hyphens (a coach's is their coach code). */
export const personIdPattern = /^[A-Z0-9][A-Z0-9-]{1,63}$/;

export function normalisePersonId(userName: string): string {
  return userName.trim().toUpperCase();
}

/**
 * The people seeded in both pilot regions: for each association an intake worker and a
 * supervisor, the coaches of the reference data, a person for each training provider and employer
 * partner, a governance board per region and a national one, and an administrator. Locally they all sign in with the local password (README).
 */
export function seededPeople(): Person[] {
  const people: Person[] = [];
  for (const association of associations) {
    const domain = association.supervisorEmail.split('@')[1] ?? 'kafaat.example';
    people.push({
      personId: `INTAKE-${association.code}`,
      displayName: `Accueil ${association.name}`,
      email: `accueil@${domain}`,
      role: 'intake-worker',
      region: association.region,
      association: association.code,
      preferredLanguage: association.preferredLanguage,
      active: true,
    });
    people.push({
      personId: `SUPERVISOR-${association.code}`,
      displayName: association.supervisorName,
      email: association.supervisorEmail,
      role: 'supervisor',
      region: association.region,
      association: association.code,
      preferredLanguage: association.preferredLanguage,
      active: true,
    });
  }
  for (const coach of coaches) {
    people.push({
      personId: coach.code,
      displayName: coach.displayName,
      email: coach.email,
      role: 'coach',
      region: coach.region,
      association: coach.association,
      preferredLanguage: coach.preferredLanguage,
      active: true,
    });
  }
  for (const region of [...regions.map((r) => r.code), NATIONAL]) {
    people.push({
      personId: `GOVERNANCE-${region.toUpperCase()}`,
      displayName: `Comité de pilotage ${region === NATIONAL ? 'national' : region}`,
      email: `pilotage-${region.toLowerCase()}@boards.kafaat.example`,
      role: 'governance',
      region,
      preferredLanguage: 'fr',
      active: true,
    });
  }
  for (const partner of partners) {
    const domain = partner.contactEmail.split('@')[1] ?? 'kafaat.example';
    people.push({
      personId: `${partner.kind === 'employer' ? 'EMPLOYER' : 'PROVIDER'}-${partner.code}`,
      displayName: partner.name,
      email: `kafaat@${domain}`,
      role: partner.kind,
      region: partner.region,
      partner: partner.code,
      preferredLanguage: partner.preferredLanguage,
      active: true,
    });
  }
  people.push({
    personId: 'ADMIN-NATIONAL',
    displayName: 'Administration Kafaat',
    email: 'admin@kafaat.example',
    role: 'admin',
    region: NATIONAL,
    preferredLanguage: 'fr',
    active: true,
  });
  return people;
}

/**
 * The seeded person the development sign-in stands for: of that role and region, and of the
 * association asked for, else the region's first association (roles that have one).
 */
export function seededPersonFor(
  people: readonly Person[],
  role: Role,
  region: string,
  association?: string,
  partner?: string,
): Person | undefined {
  return people.find(
    (p) =>
      p.role === role &&
      p.region === region &&
      (association === undefined || p.association === association) &&
      (partner === undefined || p.partner === partner),
  );
}

/**
 * The password of every seeded person in the local runtime (README lists them). Only the local
 * runtime seeds people with it; on AWS, people are created by an administrator.
 */
export const LOCAL_PEOPLE_PASSWORD = 'Kafaat-local-2026';
