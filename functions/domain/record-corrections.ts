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
 * - The first-interview fields (situation, vulnerability factors, aspiration, sector) may be
 *   corrected and taken out (law 09-08's right to correction: a disability ticked by mistake goes).
 *   When a correction changes what the employability profile reads, the stored profile is worked
 *   out again (`profileAfter`); the journey's dimensions stay as the intake made them.
 */
import type { FieldError } from './errors';
import { checkIntake, intakeSchema, type IntakeForm, type IntakeSource } from './intake';
import { asciiDigits } from './text';
import { isProvinceOfRegion, provinces } from './reference-data';
import { ageBand, type AgeBand } from './profile';
import { employabilityProfile, type EmployabilityProfile } from './profiling-rules';

export const correctableFields = [
  'firstName',
  'lastName',
  'sex',
  'birthYear',
  'province',
  'phone',
  'email',
  'educationLevel',
  'situation',
  'vulnerabilityFactors',
  'aspiration',
  'sectorOfInterest',
] as const;
export type CorrectableField = (typeof correctableFields)[number];

/** The record as a correction sees it: its correctable values, its region, its version. */
export type CorrectableRecord = Pick<IntakeForm, CorrectableField> & { region: string; version: number };

export type FieldValue = string | number | readonly string[] | undefined;

/** Optional fields that a JSON `null` (or the form's empty value) takes out of the record. */
const removable: readonly CorrectableField[] = [
  'phone',
  'email',
  'situation',
  'vulnerabilityFactors',
  'aspiration',
  'sectorOfInterest',
];

/**
 * Sent by the page's form beside its factor boxes: the boxes were shown, so none ticked means
 * "none applies" (a browser sends nothing for an unticked box). Only the form may send it.
 */
export const FACTORS_LISTED = 'vulnerabilityFactorsListed';

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

const TAKES = `A correction takes: version, ${correctableFields.join(', ')} (null takes an optional field out). The region, consent, association, coach, stage and id are not changed here.`;

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
  if (kept === undefined || Array.isArray(kept)) return false;
  return raw === kept || (typeof raw === 'string' && raw.trim() === String(kept));
}

/** A list as the form means it: no box ticked is no factor. */
const asList = (value: FieldValue, kind: IntakeSource): readonly string[] | undefined =>
  Array.isArray(value) ? value : value === undefined && kind === 'form' ? [] : undefined;

/** Two parsed values the same: lists of factors in any order; in the form, no box is no factor. */
function sameValue(a: FieldValue, b: FieldValue, kind: IntakeSource): boolean {
  if (!Array.isArray(a) && !Array.isArray(b)) return a === b;
  const x = asList(a, kind);
  const y = asList(b, kind);
  return x !== undefined && y !== undefined && x.length === y.length && x.every((v) => y.includes(v));
}

/** What a correction reads of a field: `null` (JSON) takes an optional one out; unticked boxes. */
function rawOf(sent: Record<string, unknown>, field: CorrectableField, kind: IntakeSource): unknown {
  const value = sent[field];
  if (value === null && removable.includes(field)) {
    return field === 'phone' || field === 'email' ? '' : undefined;
  }
  if (field === 'vulnerabilityFactors' && kind === 'form' && value === undefined) return [];
  return value;
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
  const unknown = Object.keys(sent).filter(
    (key) => key !== 'version' && !isCorrectable(key) && !(kind === 'form' && key === FACTORS_LISTED),
  );
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
    const listed = field === 'vulnerabilityFactors' && kind === 'form' && Object.hasOwn(sent, FACTORS_LISTED);
    if (!Object.hasOwn(sent, field) && !listed) continue;
    const raw = rawOf(sent, field, kind);
    if (sameAsKept(raw, record[field])) continue;
    const result = shape[field].safeParse(raw);
    if (result.success && sameValue(result.data as FieldValue, record[field], kind)) continue;
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

/** What the employability profile reads: a change to one of them works the profile out again. */
export const profileInputs: readonly CorrectableField[] = [
  'situation',
  'vulnerabilityFactors',
  'aspiration',
  'educationLevel',
  'birthYear',
];

/** The record's values the profile reads, and when and how it was profiled. */
export interface ProfiledRecord {
  educationLevel: string;
  birthYear: number;
  situation?: IntakeForm['situation'];
  vulnerabilityFactors?: IntakeForm['vulnerabilityFactors'];
  aspiration?: IntakeForm['aspiration'];
  createdAt: string;
  dimensions?: { ageBand: AgeBand };
  profile?: EmployabilityProfile;
}

/**
 * The profile the record has once corrected: undefined when no change touches what the profile
 * reads; 'still-none' when the record has no profile yet (the journey's first step stores it, from
 * the corrected values if the correction lands first: the write must then find it still without
 * one). The age band is the journey's while the birth year stays; a corrected one gives the age
 * at intake.
 */
/** The record's correctable values once `changes` are applied. */
export function correctedOf(record: CorrectableRecord, changes: readonly FieldChange[]): CorrectableRecord {
  const after: Record<string, unknown> = { ...record };
  for (const change of changes) after[change.field] = change.newValue;
  return after as CorrectableRecord;
}

export function profileAfter(
  record: ProfiledRecord,
  changes: readonly FieldChange[],
): EmployabilityProfile | 'still-none' | undefined {
  if (!changes.some((c) => profileInputs.includes(c.field))) return undefined;
  if (record.profile === undefined) return 'still-none';
  const after = { ...record } as Record<string, unknown>;
  for (const change of changes) after[change.field] = change.newValue;
  const values = after as unknown as ProfiledRecord;
  const band =
    record.dimensions !== undefined && values.birthYear === record.birthYear
      ? record.dimensions.ageBand
      : ageBand(values.birthYear, new Date(record.createdAt));
  return employabilityProfile(values, band);
}
