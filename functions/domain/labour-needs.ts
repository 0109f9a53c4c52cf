/**
 * An employer's labour needs (issue 10): how many people it wants to hire, for which occupation,
 * where, when and on which contract. One need is checked by one schema, whether it comes from a
 * page's form or a row of the CSV file the employer's spreadsheet exports; the file's import says
 * every error of every row at once and imports nothing while one remains. The employer comes from
 * the signed-in partner, never from the form or the file. Plain rules, no AWS.
 */
import * as z from 'zod';
import { csvField, UTF8_BOM } from './catalogue';
import { sectors } from './coach-task';
import {
  checkText,
  derivedId,
  ENTRY_ID,
  importCsv,
  importMessages,
  RowReader,
  say,
  wholeNumberOf,
  withinRegion,
  type CsvCells,
  type CsvColumn,
  type CsvLimits,
  type ImportMessageKey,
  type ImportReport,
  type MessageParams,
  type RowResult,
} from './csv-import';
import { issueAsFieldError, type Expected, type FieldError } from './errors';
import { contractTypes } from './placement';
import { educationLevels, isProvinceOfRegion, provinces, regions } from './reference-data';

export const OCCUPATION_MAX_CHARACTERS = 120;
export const SKILLS_MAX_CHARACTERS = 300;
export const EMPLOYER_NAME_MAX_CHARACTERS = 120;
export const MAX_POSITIONS = 10_000;

const regionCodes = regions.map((r) => r.code);
const provinceCodes = provinces.map((p) => p.code);
const educationCodes = educationLevels.map((e) => e.code);

/** The employer publishing the need: the signed-in partner's code and name. */
export interface Employer {
  code: string;
  name: string;
}

/** Free text, refused rather than cut (checkText); an optional one may be left empty. */
function freeText(max: number, multiline: boolean) {
  return z.string().transform((raw, ctx) => {
    const checked = checkText(raw, max, multiline);
    if (checked.ok) return checked.value;
    ctx.addIssue({ code: 'custom', ...say(checked.key, checked.params), params: { key: checked.key, max } });
    return z.NEVER;
  });
}
const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

/** A whole number from `min` to `max`, given as a number or as digits (a form's field). */
function wholeNumber(min: number, max: number) {
  return z.unknown().transform((raw, ctx): number => {
    const value = blankToUndefined(raw);
    const n =
      typeof value === 'number' ? value : typeof value === 'string' ? wholeNumberOf(value) : undefined;
    if (n !== undefined && Number.isInteger(n) && n >= min && n <= max) return n;
    if (value === undefined)
      ctx.addIssue({ code: 'custom', ...say('required'), params: { key: 'required' } });
    else
      ctx.addIssue({
        code: 'custom',
        ...say('wholeNumber', { min, max }),
        params: { key: 'wholeNumber', min, max },
      });
    return z.NEVER;
  });
}

/** The checks between fields; they run even when another field is wrong, so every error shows. */
function checkAcrossFields(value: Record<string, unknown>, ctx: z.RefinementCtx) {
  const issue = (path: string, key: ImportMessageKey, params: MessageParams) =>
    ctx.addIssue({ code: 'custom', path: [path], ...say(key, params), params: { key, ...params } });
  const { region, province, periodStart, periodEnd } = value;
  if (typeof province === 'string') {
    if (typeof region === 'string' && regionCodes.includes(region)) {
      if (!isProvinceOfRegion(province, region)) {
        const ofRegion = provinces.filter((p) => p.region === region).map((p) => p.code);
        issue('province', 'provinceOfRegion', { region, provinces: ofRegion.join(', ') });
      }
    } else if (!provinceCodes.includes(province)) {
      issue('province', 'oneOf', { codes: provinceCodes.join(', ') });
    }
  }
  const isDate = (v: unknown): v is string => typeof v === 'string' && z.iso.date().safeParse(v).success;
  // Same-length ISO dates compare as text.
  if (isDate(periodStart) && isDate(periodEnd) && periodEnd < periodStart) {
    issue('periodEnd', 'dateOrder', { start: periodStart });
  }
}

/** One labour need, as a page's form sends it (blank optional fields are no answer) or a CSV row gives it. */
export const labourNeedSchema = z
  .strictObject({
    needId: z.string().regex(ENTRY_ID),
    employer: z.strictObject({
      code: z.string().regex(ENTRY_ID),
      name: freeText(EMPLOYER_NAME_MAX_CHARACTERS, false),
    }),
    sector: z.enum(sectors),
    occupation: freeText(OCCUPATION_MAX_CHARACTERS, false),
    region: z.enum(regionCodes as [string, ...string[]]),
    // Checked against the region below, where both are known.
    province: z.string(),
    positions: wholeNumber(1, MAX_POSITIONS),
    skills: z.preprocess(blankToUndefined, freeText(SKILLS_MAX_CHARACTERS, true).optional()),
    educationLevel: z.preprocess(
      blankToUndefined,
      z.enum(educationCodes as [string, ...string[]]).optional(),
    ),
    periodStart: z.iso.date(),
    periodEnd: z.iso.date(),
    contractType: z.enum(contractTypes),
  })
  .superRefine(checkAcrossFields, {
    when: (payload) => typeof payload.value === 'object' && payload.value !== null,
  });

export type LabourNeed = z.output<typeof labourNeedSchema>;

const DATE_EXPECTED = 'Must be a date that exists, written YYYY-MM-DD (e.g. "2027-03-15").';

/** What each field expects, for the API's English and the pages' keys (see errors.ts). */
const needExpectations: Readonly<Record<string, Expected>> = {
  needId: { key: 'idFormat', message: 'Must be 3 to 40 capital letters, digits or dashes.' },
  sector: { key: 'sector', message: `Must be one of: ${sectors.join(', ')}.` },
  region: { key: 'region', message: `Must be one of: ${regionCodes.join(', ')}.` },
  province: { key: 'province', message: 'Must be the code of a province of the need’s region.' },
  occupation: {
    key: 'textTooLong',
    message: `Must be a text of 1 to ${OCCUPATION_MAX_CHARACTERS} characters.`,
  },
  skills: { key: 'textTooLong', message: `Must be a text of at most ${SKILLS_MAX_CHARACTERS} characters.` },
  educationLevel: { key: 'educationLevel', message: `Must be one of: ${educationCodes.join(', ')}.` },
  periodStart: { key: 'date', message: DATE_EXPECTED },
  periodEnd: { key: 'date', message: DATE_EXPECTED },
  contractType: { key: 'contractType', message: `Must be one of: ${contractTypes.join(', ')}.` },
};

export type NeedCheck = { ok: true; need: LabourNeed } | { ok: false; errors: FieldError[] };

/** Checks one need: every error, each with its field, its English message and its key. */
export function checkLabourNeed(input: unknown): NeedCheck {
  const result = labourNeedSchema.safeParse(input);
  if (result.success) {
    // Optional fields left empty are absent, not undefined (a stored item keeps no empty attribute).
    const { skills, educationLevel, ...need } = result.data;
    return {
      ok: true,
      need: {
        ...need,
        ...(skills === undefined ? {} : { skills }),
        ...(educationLevel === undefined ? {} : { educationLevel }),
      },
    };
  }
  const given = typeof input === 'object' && input !== null ? input : {};
  return {
    ok: false,
    errors: result.error.issues.map((issue) =>
      issueAsFieldError(issue, given, needExpectations, 'Not a field of a labour need.'),
    ),
  };
}

/**
 * The id of a need that names none: `NEED-<province>-` and a hash of the employer's code, the
 * occupation, the province and the period's start; the same need always gives the same id.
 */
export function needIdOf(
  employerCode: string,
  need: { occupation: string; province: string; periodStart: string },
): string {
  return derivedId('NEED', need.province, [
    'need',
    employerCode,
    need.occupation,
    need.province,
    need.periodStart,
  ]);
}

/** The columns of the file, in the order the errors are said; `needId` may be left out. */
export const needColumns: readonly CsvColumn[] = [
  { name: 'needId', required: false },
  { name: 'sector', required: true },
  { name: 'occupation', required: true },
  { name: 'region', required: true },
  { name: 'province', required: true },
  { name: 'positions', required: true },
  { name: 'skills', required: false },
  { name: 'education_level', required: false },
  { name: 'period_start', required: true },
  { name: 'period_end', required: true },
  { name: 'contract_type', required: true },
];

/** What makes a row the same need when it has no needId: the employer's, plus these. */
export const NEED_NATURAL_KEY = ['occupation', 'province', 'period_start'] as const;

const columnOfField: Record<string, string> = {
  needId: 'needId',
  sector: 'sector',
  occupation: 'occupation',
  region: 'region',
  province: 'province',
  positions: 'positions',
  skills: 'skills',
  educationLevel: 'education_level',
  periodStart: 'period_start',
  periodEnd: 'period_end',
  contractType: 'contract_type',
};

/** In a file, a choice is said with its codes (a form says "choose from the list"). */
const fileExpectations: Record<string, [ImportMessageKey, MessageParams?]> = {
  needId: ['idFormat', { example: 'NEED-TNG-01' }],
  sector: ['oneOf', { codes: sectors.join(', ') }],
  region: ['oneOf', { codes: regionCodes.join(', ') }],
  province: ['oneOf', { codes: provinceCodes.join(', ') }],
  education_level: ['oneOf', { codes: educationCodes.join(', ') }],
  period_start: ['csvDate'],
  period_end: ['csvDate'],
  contract_type: ['oneOf', { codes: contractTypes.join(', ') }],
};

const isImportKey = (key: string | undefined): key is ImportMessageKey =>
  key !== undefined && Object.hasOwn(importMessages, key);

function readNeed(cells: CsvCells, employer: Employer): RowResult<LabourNeed> {
  const r = new RowReader(cells);
  const ownId = r.raw('needId')?.toUpperCase();
  const occupation = r.raw('occupation');
  const province = r.code('province', 'upper');
  const periodStart = r.date('period_start');
  const periodEnd = r.date('period_end');
  const needId =
    ownId ??
    (occupation && province && provinceCodes.includes(province) && periodStart
      ? needIdOf(employer.code, { occupation, province, periodStart })
      : undefined);
  const id = needId !== undefined && ENTRY_ID.test(needId) ? { value: needId, derived: !ownId } : undefined;
  const check = checkLabourNeed({
    needId,
    employer,
    sector: r.code('sector', 'lower'),
    occupation,
    region: r.code('region', 'upper'),
    province,
    positions: r.raw('positions'),
    skills: r.raw('skills'),
    educationLevel: r.code('education_level', 'lower', { required: false }),
    periodStart,
    periodEnd,
    contractType: r.code('contract_type', 'lower'),
  });
  if (check.ok && r.errors.length === 0) return { ok: true, value: check.need, id };
  for (const error of check.ok ? [] : check.errors) {
    const column = columnOfField[error.field];
    // An entry with no id of its own gets one once its occupation, province and start are right.
    if (column === undefined || r.failed(column) || (column === 'needId' && !ownId)) continue;
    // The rules' own keys (they carry their values) and "required" say it as well in a file.
    if (isImportKey(error.key) && (error.key === 'required' || error.params)) {
      r.fail(column, error.key, error.params);
    } else {
      const [key, params] = fileExpectations[column] ?? ['invalid'];
      r.fail(column, key, params);
    }
  }
  return { ok: false, errors: r.errors, id };
}

/**
 * Imports an employer's needs from the bytes of its CSV file: every need, or every error. The
 * employer is the signed-in partner (a wrong one is the caller's bug: it throws). Whether the
 * employer may write each needId (an id of another employer's need) is for the caller to check.
 */
export function importLabourNeeds(
  bytes: Uint8Array,
  employer: Employer,
  limits: Partial<CsvLimits> = {},
  region?: string,
): ImportReport<LabourNeed> {
  const checkedEmployer = labourNeedSchema.shape.employer.parse(employer);
  return importCsv(bytes, {
    columns: needColumns,
    readRow: withinRegion((cells: CsvCells) => readNeed(cells, checkedEmployer), region),
    id: { column: 'needId', naturalKey: NEED_NATURAL_KEY },
    limits,
  });
}

/** The open data CSV's columns, in order: the header row. */
export const needCsvColumns = [
  'needId',
  'employer_code',
  'employer_name',
  'sector',
  'occupation',
  'region',
  'province',
  'positions',
  'skills',
  'education_level',
  'period_start',
  'period_end',
  'contract_type',
  'updatedAt',
] as const;

/**
 * Published needs as CSV: UTF-8 with a byte order mark, comma-separated, one header row, CRLF
 * line ends (RFC 4180); text an employer typed is neutralised against spreadsheet formulas.
 */
export function needsCsv(needs: readonly (LabourNeed & { updatedAt?: string })[]): string {
  const rows = needs.map((need) =>
    [
      csvField(need.needId),
      csvField(need.employer.code),
      csvField(need.employer.name, true),
      csvField(need.sector),
      csvField(need.occupation, true),
      csvField(need.region),
      csvField(need.province),
      csvField(need.positions),
      csvField(need.skills, true),
      csvField(need.educationLevel),
      csvField(need.periodStart),
      csvField(need.periodEnd),
      csvField(need.contractType),
      csvField(need.updatedAt),
    ].join(','),
  );
  return `${UTF8_BOM}${[needCsvColumns.join(','), ...rows].join('\r\n')}\r\n`;
}
