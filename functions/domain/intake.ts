/**
 * The intake form: what a first interview needs, checked field by field. Plain rules, no AWS.
 * The same schema reads the JSON API and the HTML form; only the form's values arrive as strings,
 * so only they are turned into numbers and booleans (`kind`): JSON must send the JSON types.
 * Each error says, in English for the API, what is wrong and what is expected, and carries a key
 * of the screen texts (with its values) so that the pages say it in the user's language.
 *
 * What the first interview needs (situation, vulnerability factors, aspiration, sector of
 * interest) was added later: optional, so that an intake without it is taken as before. Left out
 * (or left empty in the form), a field is absent from the result, never `undefined`.
 */
import * as z from 'zod';
import type { FieldError } from './errors';
import { consentPurposes } from './coaching';
import { asciiDigits, checkName, type TextProblem } from './text';
import {
  aspirations,
  educationLevels,
  isProvinceOfRegion,
  provinces,
  regions,
  sectors,
  situations,
  vulnerabilityFactors,
  type Named,
} from './reference-data';

export type { FieldError } from './errors';

export const MAX_INTAKE_BODY_BYTES = 16 * 1024;
export const NAME_MAX_CHARACTERS = 100;
export const MIN_AGE = 15;
export const MAX_AGE = 80;

/** Where the values come from: a JSON body (typed values) or an HTML form (strings). */
export type IntakeSource = 'json' | 'form';

export const intakeFields = [
  'firstName',
  'lastName',
  'sex',
  'birthYear',
  'region',
  'province',
  'phone',
  'email',
  'educationLevel',
  'consent',
  'situation',
  'vulnerabilityFactors',
  'aspiration',
  'sectorOfInterest',
  'sharingConsents',
] as const;
export type IntakeField = (typeof intakeFields)[number];

/** The fields the first interview needs: optional at intake (older clients do not send them). */
export const firstInterviewFields = [
  'situation',
  'vulnerabilityFactors',
  'aspiration',
  'sectorOfInterest',
] as const;
const isFirstInterviewField = (field: string): boolean =>
  (firstInterviewFields as readonly string[]).includes(field);

/** Birth years accepted this year: people aged 15 to 80. */
export function birthYearRange(now: Date): { min: number; max: number } {
  const thisYear = now.getUTCFullYear();
  return { min: thisYear - MAX_AGE, max: thisYear - MIN_AGE };
}

const codes = <Code extends string>(items: readonly { code: Code }[]): [Code, ...Code[]] => {
  const list = items.map((i) => i.code);
  if (list.length === 0) throw new Error('empty reference list');
  return list as [Code, ...Code[]];
};
const listOf = (items: readonly Named[]) => items.map((i) => i.code).join(', ');

/**
 * A Moroccan number once spaces, dots, hyphens and brackets are taken out: 0 and 9 digits (05…,
 * 06…, 07…, 08…), or +212 / 00212 and the same 9 digits (a 0 after 212, as in "+212 (0)6…", allowed).
 */
const MOROCCAN_PHONE = /^(?:0|(?:\+|00)2120?)[5-8]\d{8}$/;

export function isMoroccanPhone(value: string): boolean {
  return (
    value.length <= 30 &&
    /^\+?[\d .\-()]+$/.test(value) &&
    MOROCCAN_PHONE.test(value.replace(/[ .\-()]/g, ''))
  );
}

const NAME_EXPECTED = `Must be text: letters of any alphabet, with spaces, apostrophes or hyphens, at most ${NAME_MAX_CHARACTERS} characters.`;

const nameProblems: Record<Exclude<TextProblem, 'empty'>, { key: string; message: string }> = {
  unreadable: {
    key: 'encoding',
    message:
      'Contains characters that could not be read (invalid UTF-8, or U+FFFD): send the name as UTF-8 text.',
  },
  invisible: {
    key: 'nameInvisible',
    message:
      'Contains control, invisible (zero-width) or bidirectional-control characters: send only letters, spaces, apostrophes and hyphens.',
  },
  characters: {
    key: 'name',
    message: 'Must be letters of any alphabet, with only spaces, apostrophes or hyphens between them.',
  },
  tooLong: { key: 'nameTooLong', message: `Must be at most ${NAME_MAX_CHARACTERS} characters.` },
};

const name = z.string().transform((raw, ctx) => {
  const checked = checkName(raw, NAME_MAX_CHARACTERS);
  if (checked.ok) return checked.value;
  const problem =
    checked.problem === 'empty'
      ? { key: 'required', message: `Required. ${NAME_EXPECTED}` }
      : nameProblems[checked.problem];
  ctx.addIssue({
    code: 'custom',
    message: problem.message,
    params: { key: problem.key, max: NAME_MAX_CHARACTERS },
  });
  return z.NEVER;
});

const blankToUndefined = (value: unknown) =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;

const phone = z.preprocess(
  blankToUndefined,
  z
    .string()
    .transform((raw) =>
      asciiDigits(raw)
        .replace(/\p{Zs}+/gu, ' ')
        .trim(),
    )
    .refine(isMoroccanPhone)
    .optional(),
);

const email = z.preprocess(blankToUndefined, z.string().trim().max(254).pipe(z.email()).optional());

/** The HTML form's strings turned into the JSON API's types. */
const fromForm = {
  year: (value: unknown) => {
    if (typeof value !== 'string') return value;
    const digits = asciiDigits(value.trim());
    return /^\d{4}$/.test(digits) ? Number(digits) : value.trim() === '' ? undefined : value;
  },
  checkbox: (value: unknown) => (value === 'on' || value === 'true' ? true : value),
  /** Ticked boxes of one name: none (absent), one (a string) or several (an array). */
  checkboxes: (value: unknown) => (typeof value === 'string' ? [value] : value),
};

/** One code of a list, or nothing: the form's empty choice is nothing; JSON leaves the field out. */
function optionalCode<Code extends string>(items: readonly { code: Code }[], kind: IntakeSource) {
  const code = z.enum(codes(items)).optional();
  return kind === 'form' ? z.preprocess(blankToUndefined, code) : code;
}

/** Vulnerability factors: a list of codes, each at most once (empty: none applies). */
function factorList(kind: IntakeSource) {
  const list = z
    .array(z.enum(codes(vulnerabilityFactors)))
    .superRefine((factors, ctx) => {
      const twice = factors.filter((f, i) => factors.indexOf(f) !== i);
      if (twice.length > 0) {
        ctx.addIssue({
          code: 'custom',
          message: `Lists ${[...new Set(twice)].map((f) => `"${f}"`).join(', ')} more than once: give each factor once.`,
          params: { key: 'vulnerabilityFactors' },
        });
      }
    })
    .optional();
  return kind === 'form' ? z.preprocess(fromForm.checkboxes, list) : list;
}

/**
 * What the beneficiary agrees to share beyond the programme (see domain/coaching.ts): a list of
 * purposes, each at most once (empty or left out: nothing shared). Kept with the day and the
 * version of the text they were shown.
 */
function purposeList(kind: IntakeSource) {
  const list = z
    .array(z.enum(consentPurposes))
    .refine((purposes) => new Set(purposes).size === purposes.length, {
      message: 'Lists a purpose more than once.',
    })
    .optional();
  return kind === 'form' ? z.preprocess(fromForm.checkboxes, list) : list;
}

export function intakeSchema(now: Date, kind: IntakeSource = 'json') {
  const { min, max } = birthYearRange(now);
  const year = z.number().int().min(min).max(max);
  const consent = z.literal(true);
  return z
    .object({
      firstName: name,
      lastName: name,
      sex: z.enum(['F', 'M']),
      birthYear: kind === 'form' ? z.preprocess(fromForm.year, year) : year,
      region: z.enum(codes(regions)),
      province: z.enum(codes(provinces)),
      phone,
      email,
      educationLevel: z.enum(codes(educationLevels)),
      consent: kind === 'form' ? z.preprocess(fromForm.checkbox, consent) : consent,
      situation: optionalCode(situations, kind),
      vulnerabilityFactors: factorList(kind),
      aspiration: optionalCode(aspirations, kind),
      sectorOfInterest: optionalCode(sectors, kind),
      sharingConsents: purposeList(kind),
    })
    .strict()
    .superRefine((form, ctx) => {
      if (!isProvinceOfRegion(form.province, form.region)) {
        const ofRegion = provinces.filter((p) => p.region === form.region).map((p) => p.code);
        ctx.addIssue({
          code: 'custom',
          path: ['province'],
          message: `Is not a province of region ${form.region}: must be one of ${ofRegion.join(', ')}.`,
          params: { key: 'provinceOfRegion', region: form.region },
        });
      }
      if (form.phone === undefined && form.email === undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['phone'],
          message: 'Give a Moroccan phone number or an e-mail address (at least one of the two).',
          params: { key: 'contact' },
        });
      }
    });
}

export type IntakeForm = z.infer<ReturnType<typeof intakeSchema>>;

/** What each field expects, in English for the JSON API. */
const expected: Record<IntakeField, (kind: IntakeSource, years: { min: number; max: number }) => string> = {
  firstName: () => NAME_EXPECTED,
  lastName: () => NAME_EXPECTED,
  sex: () => 'Must be "F" or "M".',
  birthYear: (kind, { min, max }) =>
    kind === 'form'
      ? `Must be a year of 4 digits from ${min} to ${max}, e.g. 1998: the programme takes people aged ${MIN_AGE} to ${MAX_AGE}.`
      : `Must be a whole number (a JSON number, not text) from ${min} to ${max}, e.g. 1998: the programme takes people aged ${MIN_AGE} to ${MAX_AGE}.`,
  region: () => `Must be one of: ${regions.map((r) => r.code).join(', ')}.`,
  province: () =>
    'Must be the code of a province of the chosen region, from GET /api/reference (e.g. "TNG" in region "TTA").',
  phone: () =>
    'Must be a Moroccan phone number: 10 digits starting with 05, 06, 07 or 08 (e.g. "06 12 34 56 78"), or +212 and 9 digits (e.g. "+212 6 12 34 56 78").',
  email: () => 'Must be an e-mail address such as "amina@example.ma" (at most 254 characters).',
  educationLevel: () => `Must be one of: ${educationLevels.map((e) => e.code).join(', ')}.`,
  consent: (kind) =>
    kind === 'form'
      ? 'Tick the consent box: the beneficiary must agree before anything is recorded.'
      : 'Must be true (the JSON boolean): the beneficiary must agree before anything is recorded.',
  situation: (kind) => `Must be one of: ${listOf(situations)}${optional(kind)}`,
  vulnerabilityFactors: (kind) =>
    kind === 'form'
      ? `Tick the factors that apply, each one of: ${listOf(vulnerabilityFactors)}.`
      : `Must be a JSON array of codes, each at most once, from: ${listOf(vulnerabilityFactors)} (an empty array when none applies; leave the field out when not asked).`,
  aspiration: (kind) => `Must be one of: ${listOf(aspirations)}${optional(kind)}`,
  sectorOfInterest: (kind) => `Must be one of: ${listOf(sectors)}${optional(kind)}`,
  sharingConsents: (kind) =>
    kind === 'form'
      ? `Tick what the beneficiary agrees to share, each one of: ${consentPurposes.join(', ')}.`
      : `Must be a JSON array of purposes, each at most once, from: ${consentPurposes.join(', ')} (leave the field out, or send [], when the beneficiary shares nothing).`,
};

/** How an optional field is left unsaid, by source. */
function optional(kind: IntakeSource): string {
  return kind === 'form'
    ? ', or the empty choice.'
    : '. Send the code as a JSON string (GET /api/reference names each one), or leave the field out when it is not known.';
}

/** The screen-text key of each field's expectation (see `errors` in functions/commons/messages.ts). */
const keyOf: Record<IntakeField, string> = {
  firstName: 'name',
  lastName: 'name',
  sex: 'sex',
  birthYear: 'birthYear',
  region: 'region',
  province: 'province',
  phone: 'phone',
  email: 'email',
  educationLevel: 'educationLevel',
  consent: 'consent',
  situation: 'situation',
  vulnerabilityFactors: 'vulnerabilityFactors',
  aspiration: 'aspiration',
  sectorOfInterest: 'sectorOfInterest',
  sharingConsents: 'sharingConsents',
};

const isIntakeField = (field: string): field is IntakeField =>
  (intakeFields as readonly string[]).includes(field);

/** A field left out, or an HTML form field left empty. */
function isMissing(input: object, field: string): boolean {
  if (!Object.hasOwn(input, field)) return true;
  const value: unknown = (input as Record<string, unknown>)[field];
  return value === undefined || (typeof value === 'string' && value.trim() === '');
}

export type IntakeDecision = { ok: true; form: IntakeForm } | { ok: false; errors: FieldError[] };

/**
 * Checks an intake. `kind` says where the values come from: an HTML form's strings are turned into
 * a number (birthYear) and a boolean (consent); a JSON body must already send those types.
 */
export function checkIntake(input: unknown, now: Date, kind: IntakeSource = 'json'): IntakeDecision {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return {
      ok: false,
      errors: [
        {
          field: 'body',
          message: `Must be a JSON object of the intake fields: ${intakeFields.join(', ')}.`,
          key: 'bodyType',
        },
      ],
    };
  }
  const result = intakeSchema(now, kind).safeParse(input);
  if (result.success) return { ok: true, form: withoutUnsaid(result.data) };
  const years = birthYearRange(now);
  const errors = result.error.issues.map((issue): FieldError => {
    if (issue.code === 'unrecognized_keys') {
      return {
        field: issue.keys.join(', '),
        message: `Unknown field. The intake takes: ${intakeFields.join(', ')}.`,
        key: 'unknownField',
      };
    }
    // An item of a list (a vulnerability factor) is an error of the list's field.
    const top = String(issue.path[0] ?? '');
    const field = isIntakeField(top) ? top : issue.path.map(String).join('.') || 'body';
    if (issue.code === 'custom' && typeof issue.params?.key === 'string') {
      const { key, ...params } = issue.params as { key: string } & Record<string, string | number>;
      return { field, message: issue.message, key, ...(Object.keys(params).length > 0 ? { params } : {}) };
    }
    if (!isIntakeField(field)) return { field, message: issue.message, key: 'invalid' };
    const what = expected[field](kind, years);
    const params = field === 'birthYear' ? { params: { ...years } } : {};
    // An optional field is never "required": what it was sent as is wrong, whatever it was.
    if (!isMissing(input, field) || isFirstInterviewField(field))
      return { field, message: what, key: keyOf[field], ...params };
    // A missing name is said plainly; other fields say what to give (a year, a choice, the consent).
    const key = field === 'firstName' || field === 'lastName' ? 'required' : keyOf[field];
    return { field, message: `Required. ${what}`, key, ...params };
  });
  return { ok: false, errors: once(errors) };
}

/**
 * The form without the first-interview fields left unsaid (an empty choice): an intake without
 * them is stored, and hashed for idempotency, exactly as before they existed.
 */
function withoutUnsaid(form: IntakeForm): IntakeForm {
  const kept: IntakeForm = { ...form };
  for (const field of firstInterviewFields) if (kept[field] === undefined) delete kept[field];
  return kept;
}

/** One error per field and problem: three unknown factors are one error on the list. */
function once(errors: readonly FieldError[]): FieldError[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const id = JSON.stringify([e.field, e.key, e.message]);
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}
