/**
 * What an administrator may say of a person: a new person, or a change to one, checked field by
 * field and as a whole (a role's region and its association or partner organisation) and against
 * the version it was based on (a form loaded before someone else's change is stale); a request for
 * a new password; the idempotency key of an add or a new password; and the passwords people get.
 * Plain rules, no AWS.
 */
import * as z from 'zod';
import { isPartnerRole, NATIONAL, roles, type Role } from './access';
import { issueAsFieldError, type FieldError } from './errors';
import { normalisePersonId, personIdPattern, type Person } from './people';
import {
  associations,
  DEFAULT_COACH_CAPACITY,
  partners,
  regions,
  type Lang,
  type Partner,
} from './reference-data';
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
  'partner',
  'preferredLanguage',
  'capacity',
] as const;
export const changeableFields = [
  'displayName',
  'email',
  'role',
  'region',
  'association',
  'partner',
  'preferredLanguage',
  'active',
  'capacity',
] as const;
export type ChangeableField = (typeof changeableFields)[number];
/**
 * The version of the people item a change is based on: the change form carries it (hidden), the
 * JSON API may send it. Each change that writes adds one; an item without one is at 0.
 */
export const VERSION_FIELD = 'version';
/** What a change may send: the fields, and the version it is based on. */
const changeFields = [...changeableFields, VERSION_FIELD] as const;
/** `{"newPassword": true}` (JSON) or `newPassword=true` (the form's button): a new password, shown once. */
export const NEW_PASSWORD_FIELD = 'newPassword';
/** The hidden idempotency key of the add form and of the new-password button. */
export const KEY_FIELD = 'idempotencyKey';

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
const partnerCodes = partners.map((p) => p.code) as [string, ...string[]];

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
    partner: z.preprocess(blankToUndefined, z.enum(partnerCodes).optional()),
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
  partner: {
    key: 'partner',
    message: `Must be one of: ${partnerCodes.join(', ')} (a partner organisation's code), or empty.`,
  },
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
  const unknown = `Unknown field. This takes: ${allowed.join(', ')}.`;
  return error.issues.map((issue) => issueAsFieldError(issue, input, expected, unknown));
}

/**
 * The partner organisations a person of this role and region may work for: those of the role's
 * kind (a training provider's, an employer's) and of the region. None for other roles.
 */
export function partnersFor(role: Role, region: string): Partner[] {
  return partners.filter((p) => p.kind === role && p.region === region);
}

/**
 * The rules of a partner organisation: a training provider or an employer works for one, of
 * their role's kind and of their region; the other roles for none.
 */
export function partnerErrors(person: Pick<ManagedPerson, 'role' | 'region' | 'partner'>): FieldError[] {
  if (!isPartnerRole(person.role)) {
    return person.partner === undefined
      ? []
      : [
          {
            field: 'partner',
            message: `A ${person.role} works for no partner organisation: leave it empty.`,
            key: 'partnerNone',
          },
        ];
  }
  const choices =
    partnersFor(person.role, person.region)
      .map((p) => p.code)
      .join(', ') || 'none';
  const partner = partners.find((p) => p.code === person.partner);
  if (!partner) {
    return [
      {
        field: 'partner',
        message: `Required for a ${person.role}: the partner organisation they work for, a ${person.role} of region ${person.region} (${choices}).`,
        key: 'partnerRequired',
      },
    ];
  }
  if (partner.kind !== person.role) {
    return [
      {
        field: 'partner',
        message: `${partner.code} is a partner of kind ${partner.kind}, not ${person.role}: choose one of ${choices}.`,
        key: 'partnerOfKind',
      },
    ];
  }
  if (partner.region !== person.region) {
    return [
      {
        field: 'partner',
        message: `${partner.code} is a partner of region ${partner.region}, not ${person.region}: choose one of ${choices}.`,
        key: 'partnerOfRegion',
      },
    ];
  }
  return [];
}

/**
 * The rules of a person as a whole: national only for governance and administration; an
 * association for intake workers, coaches and supervisors, of their region, and none for the
 * others; a partner organisation for training providers and employers (partnerErrors), and none
 * for the others; a capacity for coaches only.
 */
export function scopeErrors(
  person: Pick<ManagedPerson, 'role' | 'region' | 'association' | 'partner' | 'capacity'>,
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
  errors.push(...partnerErrors(person));
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
  const { capacity, association, partner, ...rest } = result.data;
  const person: ManagedPerson = {
    ...rest,
    ...(association ? { association } : {}),
    ...(partner ? { partner } : {}),
    active: true,
    ...(capacity !== undefined ? { capacity } : {}),
  };
  const errors = scopeErrors(person);
  if (errors.length > 0) return { ok: false, errors };
  if (person.role === 'coach' && person.capacity === undefined) person.capacity = DEFAULT_COACH_CAPACITY;
  return { ok: true, person };
}

export type ChangeDecision =
  | {
      ok: true;
      person: ManagedPerson;
      /** The fields that really change (none: nothing to write). */
      changed: ChangeableField[];
      /** The version the change is based on: the write is made only if the item is still at it. */
      version: number;
      /** Whether the request said that version (then a write that finds it changed is a 409). */
      versionSent: boolean;
    }
  | { ok: false; errors: FieldError[]; stale?: false }
  /** The change was made on an older version of the person: nothing is written (409). */
  | { ok: false; errors: [FieldError]; stale: true };

/** The error of a change based on a version the person is no longer at. */
export function staleVersionError(sent: number | undefined, current?: number): FieldError {
  const now = current === undefined ? '' : ` (it is at version ${current} now)`;
  return {
    field: VERSION_FIELD,
    message: `${
      sent === undefined
        ? 'This form does not say which version of the person it was loaded with'
        : `This person was changed since version ${sent}${now}`
    }: nothing was saved. Read them again (GET /api/people) and send the change with their current version, or without one to change only the fields sent.`,
    key: 'stale',
  };
}

/**
 * The version a change says it is based on. A form must say it (it sends every field: without a
 * version, or with one that is not a number, it is taken as stale); the JSON API may leave it out.
 */
function sentVersion(
  input: object,
  kind: Source,
): { ok: true; version?: number } | { ok: false; error: FieldError } {
  if (!Object.hasOwn(input, VERSION_FIELD)) return { ok: true };
  const raw: unknown = (input as Record<string, unknown>)[VERSION_FIELD];
  const text = typeof raw === 'string' ? asciiDigits(raw.trim()) : undefined;
  const version = kind === 'form' && text !== undefined && /^\d{1,15}$/.test(text) ? Number(text) : raw;
  if (typeof version === 'number' && Number.isSafeInteger(version) && version >= 0)
    return { ok: true, version };
  return {
    ok: false,
    error: {
      field: VERSION_FIELD,
      message:
        'Must be a whole number from 0: the person’s version as GET /api/people gives it (or leave it out).',
      key: 'invalid',
    },
  };
}

/**
 * A change to a person: the fields sent replace theirs (an association or a partner sent empty,
 * or `null`, is taken out), and the person that results must hold together. Administrators
 * cannot make themselves inactive or give themselves another role: another administrator does
 * that, so the platform never loses its last one by a slip. `changed` lists the fields that
 * really change.
 *
 * A change that says its version (always a form) must be based on the person's current one
 * (`current.version`, 0 when absent), else it is stale — before anything else is checked: the
 * values of a stale form were chosen against what the person no longer is.
 */
export function checkPersonChange(
  input: unknown,
  current: ManagedPerson & { version?: number },
  actorId: string,
  kind: Source = 'json',
): ChangeDecision {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return notAnObject(changeFields);
  const currentVersion = current.version ?? 0;
  const version = sentVersion(input, kind);
  if (kind === 'form' && (!version.ok || version.version === undefined)) {
    return { ok: false, stale: true, errors: [staleVersionError(undefined, currentVersion)] };
  }
  if (version.ok && version.version !== undefined && version.version !== currentVersion) {
    return { ok: false, stale: true, errors: [staleVersionError(version.version, currentVersion)] };
  }
  const result = z
    .strictObject({ ...fieldsFor(kind), [VERSION_FIELD]: z.unknown() })
    .omit({ personId: true })
    .partial()
    .safeParse(input);
  const errors = result.success ? [] : errorsOf(result.error, changeFields, input);
  if (!version.ok) errors.push(version.error);
  if (!result.success || errors.length > 0) return { ok: false, errors };
  const sent = result.data;
  const has = (field: ChangeableField) => Object.hasOwn(input, field);
  const role = sent.role ?? current.role;
  const association = has('association') ? sent.association : current.association;
  const partner = has('partner') ? sent.partner : current.partner;
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
    ...(partner !== undefined ? { partner } : {}),
    ...(capacity !== undefined ? { capacity } : {}),
  };
  errors.push(...scopeErrors(person));
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
  return {
    ok: true,
    person,
    changed,
    version: currentVersion,
    versionSent: version.ok && version.version !== undefined,
  };
}

/** Whether a change request asks for a new password rather than a change of fields. */
export function asksNewPassword(input: unknown): boolean {
  return typeof input === 'object' && input !== null && Object.hasOwn(input, NEW_PASSWORD_FIELD);
}

export type NewPasswordDecision = { ok: true; formKey?: string } | { ok: false; errors: FieldError[] };

/**
 * A request for a new password: `{"newPassword": true}` alone (JSON), or the button's form
 * (`newPassword=true` and its hidden idempotency key). Nothing else goes with it.
 */
export function checkNewPasswordRequest(input: unknown, kind: Source = 'json'): NewPasswordDecision {
  const schema =
    kind === 'form'
      ? z.strictObject({ [NEW_PASSWORD_FIELD]: z.literal('true'), [KEY_FIELD]: z.string().optional() })
      : z.strictObject({ [NEW_PASSWORD_FIELD]: z.literal(true) });
  const result = schema.safeParse(input);
  if (result.success) {
    const key: unknown = (result.data as Record<string, unknown>)[KEY_FIELD];
    return { ok: true, ...(typeof key === 'string' ? { formKey: key } : {}) };
  }
  const allowed = kind === 'form' ? [NEW_PASSWORD_FIELD, KEY_FIELD] : [NEW_PASSWORD_FIELD];
  return {
    ok: false,
    errors: result.error.issues.map((i): FieldError =>
      i.code === 'unrecognized_keys'
        ? {
            field: i.keys.join(', '),
            message: `A new password is asked alone: send only ${allowed.join(' and ')}, and change the other fields in another request.`,
            key: 'unknownField',
          }
        : {
            field: i.path.map(String).join('.') || 'body',
            message: `Must be ${kind === 'form' ? '"true"' : 'true (the JSON boolean)'} to set a new password.`,
            key: 'invalid',
          },
    ),
  };
}

const KEY_PATTERN = /^[A-Za-z0-9_.:-]{8,128}$/;

export type KeyCheck = { ok: true; key?: string } | { ok: false; error: FieldError };

/**
 * The idempotency key of an add or a new password: the `Idempotency-Key` header, else the form's
 * hidden field; none given, the request is simply new.
 */
export function checkRequestKey(header: string | undefined, formKey: unknown): KeyCheck {
  const field = header !== undefined ? 'Idempotency-Key' : KEY_FIELD;
  const key = header ?? formKey;
  if (key === undefined) return { ok: true };
  if (typeof key === 'string' && KEY_PATTERN.test(key)) return { ok: true, key };
  return {
    ok: false,
    error: {
      field,
      message: 'Must be 8 to 128 characters: letters, digits, and _ . : - only.',
      key: 'invalid',
    },
  };
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
    'partner',
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

/** The pool's password policy (infra/cdk/identity.ts): 12 characters or more, a capital, a small letter, a digit, a symbol. */
export const MIN_PASSWORD_LENGTH = 12;

export function meetsPasswordPolicy(password: string): boolean {
  return (
    password.length >= MIN_PASSWORD_LENGTH &&
    /[A-Z]/.test(password) &&
    /[a-z]/.test(password) &&
    /\d/.test(password) &&
    /[^A-Za-z0-9]/.test(password)
  );
}

/**
 * A password (a new person's first, or a new one): 16 characters from letters (without the ones read alike: I, l, O, o),
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
