/**
 * Correcting a beneficiary's record: which fields may change, checked by the intake's own rules,
 * and which of them really change. Plain rules, no AWS.
 *
 * - Only the intake's personal fields may be corrected; the region (the record's province stays in
 *   it), the consent, the association, the coach, the stage and the id may not: naming them is an
 *   unknown field, as the intake's strict schema says of any other.
 * - A field sent as it already is (once normalised as the intake normalises it) is no change and
 *   is not checked again: the birth-year range moves every year, and a record taken at 80 must
 *   stay correctable.
 * - The correction names the version of the record it was made on; the handler refuses it (409)
 *   when the record has changed since, unless it changes nothing.
 */
import type { FieldError } from './errors';
import { checkIntake, intakeSchema, type IntakeForm, type IntakeSource } from './intake';
import { asciiDigits } from './text';
import { isProvinceOfRegion, provinces } from './reference-data';

export const correctableFields = [
  'firstName',
  'lastName',
  'sex',
  'birthYear',
  'province',
  'phone',
  'email',
  'educationLevel',
] as const;
export type CorrectableField = (typeof correctableFields)[number];

/** The record as a correction sees it: its correctable values, its region, its version. */
export type CorrectableRecord = Pick<IntakeForm, CorrectableField> & { region: string; version: number };

export type FieldValue = string | number | undefined;

/** One field that changes: its value before and after (undefined: no value, a contact taken out). */
export interface FieldChange {
  field: CorrectableField;
  oldValue: FieldValue;
  newValue: FieldValue;
}

export type CorrectionDecision =
  { ok: true; version: number; changes: FieldChange[] } | { ok: false; errors: FieldError[] };

const isCorrectable = (key: string): key is CorrectableField =>
  (correctableFields as readonly string[]).includes(key);

const TAKES = `A correction takes: version, ${correctableFields.join(', ')}. The region, consent, association, coach, stage and id are not changed here.`;

/** The record's version: 0 for a record never corrected. */
export function versionOf(record: object): number {
  const version: unknown = Object.hasOwn(record, 'version')
    ? (record as { version: unknown }).version
    : undefined;
  return typeof version === 'number' && Number.isInteger(version) && version >= 0 ? version : 0;
}

function readVersion(value: unknown, kind: IntakeSource): number | undefined {
  const number =
    kind === 'form' && typeof value === 'string' && /^\d{1,9}$/.test(asciiDigits(value.trim()))
      ? Number(asciiDigits(value.trim()))
      : value;
  return typeof number === 'number' && Number.isInteger(number) && number >= 0 ? number : undefined;
}

/** A value sent back exactly as the record holds it (as its form shows it): no change. */
function sameAsKept(raw: unknown, kept: FieldValue): boolean {
  if (kept === undefined) return false;
  return raw === kept || (typeof raw === 'string' && raw.trim() === String(kept));
}

/**
 * Checks a correction against the record it corrects. `input` holds some of the correctable
 * fields (an HTML form sends them all; a JSON client may send only those it changes) and the
 * `version` it was made on. A phone or e-mail sent empty (or `null` in JSON) is taken out, as
 * long as the other contact stays.
 */
export function checkCorrection(
  input: unknown,
  record: CorrectableRecord,
  now: Date,
  kind: IntakeSource = 'json',
): CorrectionDecision {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return {
      ok: false,
      errors: [{ field: 'body', message: `Must be a JSON object. ${TAKES}`, key: 'bodyType' }],
    };
  }
  const sent = input as Record<string, unknown>;
  const errors: FieldError[] = [];
  const unknown = Object.keys(sent).filter((key) => key !== 'version' && !isCorrectable(key));
  if (unknown.length > 0) {
    errors.push({ field: unknown.join(', '), message: `Unknown field. ${TAKES}`, key: 'unknownField' });
  }
  const version = readVersion(sent.version, kind);
  if (version === undefined) {
    errors.push({
      field: 'version',
      message:
        'Required: the version of the record the correction was made on, a whole number ≥ 0, as GET /api/beneficiaries/{id} gives it.',
    });
  }

  // Each field sent, read as the intake reads it; the ones that differ from the record are changes.
  const shape = intakeSchema(now, kind).shape;
  const changed: Partial<Record<CorrectableField, unknown>> = {};
  const parsed: Partial<Record<CorrectableField, FieldValue>> = {};
  const failing: CorrectableField[] = [];
  for (const field of correctableFields) {
    if (!Object.hasOwn(sent, field)) continue;
    const raw = (field === 'phone' || field === 'email') && sent[field] === null ? '' : sent[field];
    if (sameAsKept(raw, record[field])) continue;
    const result = shape[field].safeParse(raw);
    if (result.success && result.data === record[field]) continue;
    changed[field] = raw;
    if (result.success) parsed[field] = result.data as FieldValue;
    else failing.push(field);
  }
  if (failing.length > 0) {
    // The intake's own messages: the record as it would be, checked whole, its failing fields kept.
    const values: Record<string, unknown> = { ...record, ...changed };
    delete values.version;
    const whole = checkIntake({ ...values, consent: true }, now, kind);
    const said = whole.ok ? [] : whole.errors.filter((e) => failing.includes(e.field as CorrectableField));
    errors.push(...said);
    for (const field of failing.filter((f) => !said.some((e) => e.field === f))) {
      errors.push({ field, message: 'Is not a valid value for this field.', key: 'invalid' });
    }
  }

  // What holds across fields: the province stays in the region, one contact at least stays.
  const after = (field: CorrectableField): FieldValue =>
    Object.hasOwn(changed, field) ? parsed[field] : record[field];
  const province = parsed.province;
  if (typeof province === 'string' && !isProvinceOfRegion(province, record.region)) {
    const ofRegion = provinces.filter((p) => p.region === record.region).map((p) => p.code);
    errors.push({
      field: 'province',
      message: `Is not a province of region ${record.region}: must be one of ${ofRegion.join(', ')}. The region is not changed by a correction.`,
      key: 'provinceOfRegion',
      params: { region: record.region },
    });
  }
  const contactTouched = Object.hasOwn(changed, 'phone') || Object.hasOwn(changed, 'email');
  const contactFailed = failing.includes('phone') || failing.includes('email');
  if (contactTouched && !contactFailed && after('phone') === undefined && after('email') === undefined) {
    errors.push({
      field: 'phone',
      message: 'Give a Moroccan phone number or an e-mail address (at least one of the two).',
      key: 'contact',
    });
  }
  if (errors.length > 0 || version === undefined) return { ok: false, errors };

  const changes = correctableFields
    .filter((field) => Object.hasOwn(changed, field))
    .map((field) => ({ field, oldValue: record[field] as FieldValue, newValue: parsed[field] }));
  return { ok: true, version, changes };
}

export type CorrectionOutcome = 'unchanged' | 'stale' | 'apply';

/**
 * What to do with a checked correction: nothing when it changes nothing (a correction posted
 * twice), refuse it when it was made on another version than the record's, else apply it.
 */
export function correctionOutcome(
  changes: readonly FieldChange[],
  version: number,
  current: number,
): CorrectionOutcome {
  if (changes.length === 0) return 'unchanged';
  return version === current ? 'apply' : 'stale';
}
