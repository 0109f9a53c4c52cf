/**
 * What an administrator may change of a partner association: its name, its supervisor's name and
 * e-mail (who is told when a coach's task stays unanswered) and the language of those e-mails.
 * The code and the region are its identity: they change with a release, as does adding or
 * removing an association. Plain rules, no AWS.
 */
import * as z from 'zod';
import { issueAsFieldError, type FieldError } from './errors';
import { personLanguages } from './people-admin';
import type { Lang } from './reference-data';
import { hasUnreadable } from './text';

export const ASSOCIATION_TEXT_MAX_CHARACTERS = 120;
export const MAX_ASSOCIATION_BODY_BYTES = 4 * 1024;

/** A code as the reference data writes them (ASSO-TNG-1): anything else is no association. */
export const associationCodePattern = /^[A-Z0-9][A-Z0-9-]{1,63}$/;

export const associationChangeFields = [
  'name',
  'supervisorName',
  'supervisorEmail',
  'preferredLanguage',
] as const;
export type AssociationChangeField = (typeof associationChangeFields)[number];

/** An association as the administration reads and shows it (the reference item's own fields). */
export interface ManagedAssociation {
  code: string;
  region: string;
  name: string;
  supervisorName: string;
  supervisorEmail: string;
  preferredLanguage: Lang;
}

const isLanguage = (value: unknown): value is Lang => (personLanguages as readonly unknown[]).includes(value);

/**
 * The reference item's fields, when they read as an association; undefined otherwise (an item
 * that is not there, or not one).
 */
export function associationOfItem(item: Record<string, unknown> | undefined): ManagedAssociation | undefined {
  if (!item) return undefined;
  const { code, region, name, supervisorName, supervisorEmail, preferredLanguage } = item;
  if (
    typeof code !== 'string' ||
    typeof region !== 'string' ||
    typeof name !== 'string' ||
    typeof supervisorName !== 'string' ||
    typeof supervisorEmail !== 'string' ||
    !isLanguage(preferredLanguage)
  )
    return undefined;
  return { code, region, name, supervisorName, supervisorEmail, preferredLanguage };
}

/** Controls (tab and newline included), format and invisible characters, separators, unassigned. */
const CONTROL = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Co}\p{Cn}]/u;

const issue = (key: string, message: string, params: Record<string, string | number> = {}) => ({
  code: 'custom' as const,
  message,
  params: { key, ...params },
});

/**
 * A name (the association's, its supervisor's): NFC, spaces run together and trimmed, 1 to 120
 * characters, none of them a control or invisible character. Digits and punctuation are welcome
 * ("Association 2M & Co").
 */
const text = (what: string) =>
  z.string().transform((raw, ctx) => {
    const max = ASSOCIATION_TEXT_MAX_CHARACTERS;
    if (hasUnreadable(raw)) {
      ctx.addIssue(
        issue('encoding', `Contains characters that could not be read: send ${what} as UTF-8 text.`),
      );
      return z.NEVER;
    }
    const value = raw
      .normalize('NFC')
      .replace(/\p{Zs}+/gu, ' ')
      .trim();
    if (value === '') {
      ctx.addIssue(issue('required', `Required: ${what}, 1 to ${max} characters.`));
      return z.NEVER;
    }
    if (CONTROL.test(value)) {
      ctx.addIssue(issue('nameInvisible', `Contains control or invisible characters: type ${what} again.`));
      return z.NEVER;
    }
    if (value.length > max) {
      ctx.addIssue(issue('nameTooLong', `Must be at most ${max} characters.`, { max }));
      return z.NEVER;
    }
    return value;
  });

/** Every field may be sent alone; the code and region are not fields (a strict object refuses them). */
export const associationChangeSchema = z
  .strictObject({
    name: text("the association's name"),
    supervisorName: text("the supervisor's name"),
    supervisorEmail: z.string().trim().max(254).pipe(z.email()),
    preferredLanguage: z.enum(personLanguages),
  })
  .partial();

/** What each field expects, in English for the JSON API, with the key of the screen texts. */
const expected: Record<AssociationChangeField, { key: string; message: string }> = {
  name: {
    key: 'invalid',
    message: `Must be the association's name as text, 1 to ${ASSOCIATION_TEXT_MAX_CHARACTERS} characters.`,
  },
  supervisorName: {
    key: 'invalid',
    message: `Must be the supervisor's name as text, 1 to ${ASSOCIATION_TEXT_MAX_CHARACTERS} characters.`,
  },
  supervisorEmail: {
    key: 'email',
    message: 'Must be an e-mail address such as "supervision@example.ma" (at most 254 characters).',
  },
  preferredLanguage: { key: 'language', message: `Must be one of: ${personLanguages.join(', ')}.` },
};

function errorsOf(error: z.ZodError, input: object): FieldError[] {
  const unknown = `Unknown field: the code and region of an association change with a release. This takes: ${associationChangeFields.join(', ')}.`;
  return error.issues.map((issue) => issueAsFieldError(issue, input, expected, unknown));
}

export type AssociationDecision =
  | { ok: true; association: ManagedAssociation; changed: AssociationChangeField[] }
  | { ok: false; errors: FieldError[] };

/**
 * A change to an association: the fields sent replace its own; `changed` lists those that really
 * change (none: a repeat of the same change, nothing to write). At least one field must be sent.
 * Every field is text, so a form's values and JSON's read the same.
 */
export function checkAssociationChange(input: unknown, current: ManagedAssociation): AssociationDecision {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return {
      ok: false,
      errors: [
        {
          field: 'body',
          message: `Must be a JSON object of: ${associationChangeFields.join(', ')}.`,
          key: 'bodyType',
        },
      ],
    };
  }
  const result = associationChangeSchema.safeParse(input);
  if (!result.success) return { ok: false, errors: errorsOf(result.error, input) };
  const sent = result.data;
  if (Object.keys(sent).length === 0) {
    return {
      ok: false,
      errors: [
        {
          field: 'body',
          message: `Nothing to change: send at least one of ${associationChangeFields.join(', ')}.`,
          key: 'associationNothing',
        },
      ],
    };
  }
  const association: ManagedAssociation = { ...current, ...sent };
  const changed = associationChangeFields.filter((field) => association[field] !== current[field]);
  return { ok: true, association, changed };
}
