/**
 * The intake form: what a first interview needs, checked field by field. Plain rules, no AWS.
 * The same schema reads the JSON API and the HTML form (whose values arrive as strings).
 */
import { z } from 'zod';
import { educationLevels, isProvinceOfRegion, provinces, regions } from './reference-data';

export const MAX_INTAKE_BODY_BYTES = 16 * 1024;

const codes = <T extends { code: string }>(items: readonly T[]): [string, ...string[]] => {
  const list = items.map((i) => i.code);
  if (list.length === 0) throw new Error('empty reference list');
  return list as [string, ...string[]];
};

const name = z
  .string({ error: 'Required, as text.' })
  .trim()
  .min(1, 'Required.')
  .max(100, 'At most 100 characters.');

/** Turns the HTML form's strings into the JSON API's types; JSON values pass through unchanged. */
const fromForm = {
  number: (value: unknown) =>
    typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : value,
  checkbox: (value: unknown) => (value === 'on' || value === 'true' ? true : value),
  optionalText: (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value),
};

export function intakeSchema(now: Date) {
  const thisYear = now.getUTCFullYear();
  return z
    .object({
      firstName: name,
      lastName: name,
      sex: z.enum(['F', 'M'], { error: 'Must be "F" or "M".' }),
      birthYear: z.preprocess(
        fromForm.number,
        z
          .number({ error: 'Required, as a whole number (e.g. 1998).' })
          .int('Must be a whole number.')
          .min(thisYear - 80, `Must be ${thisYear - 80} or later.`)
          .max(
            thisYear - 15,
            `Must be ${thisYear - 15} or earlier: the programme takes people aged 15 and over.`,
          ),
      ),
      region: z.enum(codes(regions), { error: `Must be one of: ${regions.map((r) => r.code).join(', ')}.` }),
      province: z.enum(codes(provinces), { error: 'Must be a province code from GET /api/reference.' }),
      phone: z.preprocess(
        fromForm.optionalText,
        z
          .string({ error: 'Must be text.' })
          .trim()
          .max(30, 'At most 30 characters.')
          .regex(
            /^\+?(?:[ ().-]*\d){6,20}[ ().-]*$/,
            'Must be a phone number of 6 to 20 digits, e.g. +212 6 12 34 56 78.',
          )
          .optional(),
      ),
      email: z.preprocess(
        fromForm.optionalText,
        z
          .string({ error: 'Must be text.' })
          .trim()
          .max(254)
          .pipe(z.email('Must be an email address.'))
          .optional(),
      ),
      educationLevel: z.enum(codes(educationLevels), {
        error: 'Must be an education level code from GET /api/reference.',
      }),
      consent: z.preprocess(
        fromForm.checkbox,
        z.literal(true, { error: 'The beneficiary must give consent (true) before anything is recorded.' }),
      ),
    })
    .strict()
    .superRefine((form, ctx) => {
      if (!isProvinceOfRegion(form.province, form.region)) {
        ctx.addIssue({
          code: 'custom',
          path: ['province'],
          message: `Is not a province of region ${form.region}.`,
        });
      }
      if (form.phone === undefined && form.email === undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['phone'],
          message: 'Give a phone number or an email address.',
        });
      }
    });
}

export type IntakeForm = z.infer<ReturnType<typeof intakeSchema>>;

export interface FieldProblem {
  field: string;
  message: string;
}

export type IntakeDecision = { ok: true; form: IntakeForm } | { ok: false; errors: FieldProblem[] };

export function checkIntake(input: unknown, now: Date): IntakeDecision {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { ok: false, errors: [{ field: 'body', message: 'Must be a JSON object of the intake fields.' }] };
  }
  const result = intakeSchema(now).safeParse(input);
  if (result.success) return { ok: true, form: result.data };
  const errors = result.error.issues.map((issue) => {
    if (issue.code === 'unrecognized_keys') {
      return { field: issue.keys.join(', '), message: 'Unknown field.' };
    }
    return { field: issue.path.map(String).join('.') || 'body', message: issue.message };
  });
  return { ok: false, errors };
}
