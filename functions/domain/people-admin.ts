/**
 * What an administrator may say of a person: a new person, or a change to one, checked field by
 * field and as a whole (a role's region and association), and the first password a new person
 * gets. Plain rules, no AWS.
 */
import { z } from 'zod';
import { NATIONAL, roles, type Role } from './access';
import type { FieldError } from './errors';
import { normalisePersonId, personIdPattern, type Person } from './people';
import { associations, DEFAULT_COACH_CAPACITY, regions, type Lang } from './reference-data';
import { asciiDigits, checkName } from './text';

export const MIN_CAPACITY = 1;
export const MAX_CAPACITY = 200;
export const PERSON_NAME_MAX_CHARACTERS = 100;
export const MAX_PERSON_BODY_BYTES = 8 * 1024;

export const personLanguages = ['fr', 'ar', 'en'] as const satisfies readonly Lang[];

/** Roles whose people belong to an association (and so to its region). */
export const rolesWithAssociation: readonly Role[] = ['intake-worker', 'coach', 'supervisor'];
/** Roles that may be national rather than of one region. */
export const nationalRoles: readonly Role[] = ['governance', 'admin'];

/** A person as the administration keeps them: the people item, and a coach's capacity. */
export interface ManagedPerson extends Person {
  /** Coaches only: the most beneficiaries they follow at once. */
  capacity?: number;
}

export const newPersonFields = [
  'personId',
  'displayName',
  'email',
  'role',
  'region',
  'association',
  'preferredLanguage',
  'capacity',
] as const;
export const changeableFields = [
  'displayName',
  'email',
  'role',
  'region',
  'association',
  'preferredLanguage',
  'active',
  'capacity',
] as const;
export type ChangeableField = (typeof changeableFields)[number];

export type Source = 'json' | 'form';

const blankToUndefined = (value: unknown) =>
  value === null || (typeof value === 'string' && value.trim() === '') ? undefined : value;

const issue = (key: string, message: string) => ({ code: 'custom' as const, message, params: { key } });

const displayName = z.string().transform((raw, ctx) => {
  const checked = checkName(raw, PERSON_NAME_MAX_CHARACTERS);
  if (checked.ok) return checked.value;
  const problems = {
    empty: issue('required', 'Required: the name the person is known by.'),
    unreadable: issue('encoding', 'Contains characters that could not be read: send the name as UTF-8 text.'),
    invisible: issue('nameInvisible', 'Contains control or invisible characters: type the name again.'),
    characters: issue('name', 'Must be letters of any alphabet, with spaces, apostrophes or hyphens.'),
    tooLong: issue('nameTooLong', `Must be at most ${PERSON_NAME_MAX_CHARACTERS} characters.`),
  };
  ctx.addIssue({
    ...problems[checked.problem],
    params: { ...problems[checked.problem].params, max: PERSON_NAME_MAX_CHARACTERS },
  });
  return z.NEVER;
});

const personId = z
  .string()
  .transform(normalisePersonId)
  .refine((id) => personIdPattern.test(id), {
    message:
      'Must be 2 to 64 capital letters, digits or hyphens, starting with a letter or a digit (e.g. "COACH-TTA-3"): it is the user name.',
    params: { key: 'personId' },
  });

const email = z.string().trim().max(254).pipe(z.email());
const regionCodes: [string, ...string[]] = [NATIONAL, ...regions.map((r) => r.code)];
const associationCodes = associations.map((a) => a.code) as [string, ...string[]];

function fieldsFor(kind: Source) {
  const capacity = z.number().int().min(MIN_CAPACITY).max(MAX_CAPACITY);
  const active = z.boolean();
  return {
    personId,
    displayName,
    email,
    role: z.enum(roles),
    region: z.enum(regionCodes),
    association: z.preprocess(blankToUndefined, z.enum(associationCodes).optional()),
    preferredLanguage: z.enum(personLanguages),
    capacity:
      kind === 'form'
        ? z.preprocess((value) => {
            const blank = blankToUndefined(value);
            if (typeof blank !== 'string') return blank;
            const digits = asciiDigits(blank.trim());
            return /^\d{1,6}$/.test(digits) ? Number(digits) : blank;
          }, capacity.optional())
        : z.preprocess(blankToUndefined, capacity.optional()),
    active:
      kind === 'form'
        ? z.preprocess((value) => (value === 'true' ? true : value === 'false' ? false : value), active)
        : active,
  };
}

/** What each field expects, in English for the JSON API, with the key of the screen texts. */
const expected: Record<string, { key: string; message: string }> = {
  personId: {
    key: 'personId',
    message: 'Must be 2 to 64 capital letters, digits or hyphens (e.g. "COACH-TTA-3").',
  },
  displayName: { key: 'required', message: 'Required: the name the person is known by.' },
  email: {
    key: 'email',
    message: 'Must be an e-mail address such as "amina@example.ma" (at most 254 characters).',
  },
  role: { key: 'role', message: `Must be one of: ${roles.join(', ')}.` },
  region: { key: 'region', message: `Must be one of: ${regionCodes.join(', ')}.` },
  association: { key: 'association', message: `Must be one of: ${associationCodes.join(', ')}, or empty.` },
  preferredLanguage: { key: 'language', message: `Must be one of: ${personLanguages.join(', ')}.` },
  capacity: {
    key: 'capacity',
    message: `Must be a whole number from ${MIN_CAPACITY} to ${MAX_CAPACITY} (the most beneficiaries a coach follows at once).`,
  },
  active: {
    key: 'active',
    message: 'Must be true or false (the JSON boolean; "true" or "false" in a form).',
  },
};

function errorsOf(error: z.ZodError, allowed: readonly string[], input: object): FieldError[] {
  return error.issues.map((i): FieldError => {
    if (i.code === 'unrecognized_keys') {
      return {
        field: i.keys.join(', '),
        message: `Unknown field. This takes: ${allowed.join(', ')}.`,
        key: 'unknownField',
      };
    }
    const field = i.path.map(String).join('.') || 'body';
    if (i.code === 'custom' && typeof i.params?.key === 'string') {
      const { key, ...params } = i.params as { key: string } & Record<string, string | number>;
      return { field, message: i.message, key, ...(Object.keys(params).length > 0 ? { params } : {}) };
    }
    const known = expected[field];
    if (!known) return { field, message: i.message, key: 'invalid' };
    const value: unknown = Object.hasOwn(input, field)
      ? (input as Record<string, unknown>)[field]
      : undefined;
    const missing =
      value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
    return {
      field,
      message: missing ? `Required. ${known.message}` : known.message,
      key: missing ? 'required' : known.key,
    };
  });
}

/**
 * The rules of a person as a whole: national only for governance and administration; an
 * association for intake workers, coaches and supervisors, of their region, and none for the
 * others; a capacity for coaches only.
 */
export function scopeErrors(
  person: Pick<ManagedPerson, 'role' | 'region' | 'association' | 'capacity'>,
): FieldError[] {
  const errors: FieldError[] = [];
  if (person.region === NATIONAL && !nationalRoles.includes(person.role)) {
    errors.push({
      field: 'region',
      message: `A ${person.role} works in one region: choose ${regions.map((r) => r.code).join(' or ')} (national is for governance and admin only).`,
      key: 'regionNational',
    });
  }
  if (rolesWithAssociation.includes(person.role)) {
    const ofRegion = associations.filter((a) => a.region === person.region);
    const association = associations.find((a) => a.code === person.association);
    if (!association) {
      errors.push({
        field: 'association',
        message: `Required for a ${person.role}: the association they work for, of region ${person.region} (${ofRegion.map((a) => a.code).join(', ') || 'none'}).`,
        key: 'associationRequired',
      });
    } else if (association.region !== person.region) {
      errors.push({
        field: 'association',
        message: `${association.code} is an association of region ${association.region}, not ${person.region}: choose one of ${ofRegion.map((a) => a.code).join(', ') || 'none'}.`,
        key: 'associationOfRegion',
      });
    }
  } else if (person.association !== undefined) {
    errors.push({
      field: 'association',
      message: `A ${person.role} belongs to no association: leave it empty.`,
      key: 'associationNone',
    });
  }
  if (person.capacity !== undefined && person.role !== 'coach') {
    errors.push({
      field: 'capacity',
      message: 'Only a coach has a capacity: leave it empty.',
      key: 'capacityOnlyCoach',
    });
  }
  return errors;
}

export type PersonDecision = { ok: true; person: ManagedPerson } | { ok: false; errors: FieldError[] };

const notAnObject = (allowed: readonly string[]): { ok: false; errors: FieldError[] } => ({
  ok: false,
  errors: [{ field: 'body', message: `Must be a JSON object of: ${allowed.join(', ')}.`, key: 'bodyType' }],
});

/** A new person, active; a coach gets the default capacity unless one is given. */
export function checkNewPerson(input: unknown, kind: Source = 'json'): PersonDecision {
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    return notAnObject(newPersonFields);
  const result = z.strictObject(fieldsFor(kind)).omit({ active: true }).safeParse(input);
  if (!result.success) return { ok: false, errors: errorsOf(result.error, newPersonFields, input) };
  const { capacity, association, ...rest } = result.data;
  const person: ManagedPerson = {
    ...rest,
    ...(association ? { association } : {}),
    active: true,
    ...(capacity !== undefined ? { capacity } : {}),
  };
  const errors = scopeErrors(person);
  if (errors.length > 0) return { ok: false, errors };
  if (person.role === 'coach' && person.capacity === undefined) person.capacity = DEFAULT_COACH_CAPACITY;
  return { ok: true, person };
}

export type ChangeDecision =
  { ok: true; person: ManagedPerson; changed: ChangeableField[] } | { ok: false; errors: FieldError[] };

/**
 * A change to a person: the fields sent replace theirs (an association sent empty, or `null`,
 * is taken out), and the person that results must hold together. Administrators cannot make
 * themselves inactive or give themselves another role: another administrator does that, so the
 * platform never loses its last one by a slip. `changed` lists the fields that really change.
 */
export function checkPersonChange(
  input: unknown,
  current: ManagedPerson,
  actorId: string,
  kind: Source = 'json',
): ChangeDecision {
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    return notAnObject(changeableFields);
  const result = z.strictObject(fieldsFor(kind)).omit({ personId: true }).partial().safeParse(input);
  if (!result.success) return { ok: false, errors: errorsOf(result.error, changeableFields, input) };
  const sent = result.data;
  const has = (field: ChangeableField) => Object.hasOwn(input, field);
  const role = sent.role ?? current.role;
  const association = has('association') ? sent.association : current.association;
  // A coach keeps their capacity unless another is given; someone becoming a coach gets the
  // default. A coach who takes another role drops it, even if the form still sends the old one.
  const capacity =
    role === 'coach'
      ? (sent.capacity ?? current.capacity ?? DEFAULT_COACH_CAPACITY)
      : current.role === 'coach'
        ? undefined
        : sent.capacity;
  const person: ManagedPerson = {
    personId: current.personId,
    displayName: sent.displayName ?? current.displayName,
    email: sent.email ?? current.email,
    role,
    region: sent.region ?? current.region,
    preferredLanguage: sent.preferredLanguage ?? current.preferredLanguage,
    active: sent.active ?? current.active,
    ...(association !== undefined ? { association } : {}),
    ...(capacity !== undefined ? { capacity } : {}),
  };
  const errors = scopeErrors(person);
  if (current.personId === actorId) {
    if (person.role !== current.role)
      errors.push({
        field: 'role',
        message: 'You cannot change your own role: another administrator must do it.',
        key: 'selfChange',
      });
    if (!person.active)
      errors.push({
        field: 'active',
        message: 'You cannot make yourself inactive: another administrator must do it.',
        key: 'selfChange',
      });
  }
  if (errors.length > 0) return { ok: false, errors };
  const changed = changeableFields.filter((field) => person[field] !== current[field]);
  return { ok: true, person, changed };
}

/** Whether two people are the same person as an administrator described them (a retried add). */
export function samePerson(a: ManagedPerson, b: ManagedPerson): boolean {
  const described = [
    'personId',
    'displayName',
    'email',
    'role',
    'region',
    'association',
    'preferredLanguage',
  ] as const;
  return described.every((field) => a[field] === b[field]);
}

const passwordAlphabets = {
  upper: 'ABCDEFGHJKLMNPQRSTUVWXYZ',
  lower: 'abcdefghijkmnpqrstuvwxyz',
  digits: '23456789',
  symbols: '!@#%*-_=+?',
};
export const PASSWORD_LENGTH = 16;

/** Cognito's default password policy: 8 characters or more, a capital, a small letter, a digit, a symbol. */
export function meetsPasswordPolicy(password: string): boolean {
  return (
    password.length >= 8 &&
    /[A-Z]/.test(password) &&
    /[a-z]/.test(password) &&
    /\d/.test(password) &&
    /[^A-Za-z0-9]/.test(password)
  );
}

/**
 * A first password: 16 characters from letters (without the ones read alike: I, l, O, o),
 * digits 2–9 and symbols, with one of each kind at least, shuffled. `randomInt(n)` must give a
 * uniform whole number from 0 to n − 1 (node:crypto's `randomInt`).
 */
export function generatePassword(randomInt: (max: number) => number): string {
  const { upper, lower, digits, symbols } = passwordAlphabets;
  const all = upper + lower + digits + symbols;
  const pick = (alphabet: string) => alphabet[randomInt(alphabet.length)] ?? '';
  const characters = [pick(upper), pick(lower), pick(digits), pick(symbols)];
  while (characters.length < PASSWORD_LENGTH) characters.push(pick(all));
  for (let i = characters.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [characters[i], characters[j]] = [characters[j] ?? '', characters[i] ?? ''];
  }
  return characters.join('');
}
