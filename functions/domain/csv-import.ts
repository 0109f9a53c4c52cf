/**
 * Reading a CSV file that partners export from their spreadsheet (issue 10), and the import report
 * every CSV import gives: the rows it read, or every error of the file and of every row at once, so
 * the partner fixes everything in one go. A file with any error imports nothing.
 *
 * Accepted: UTF-8 with or without a BOM, comma or semicolon separators (found from the header
 * line), CRLF, LF or CR line ends, quoted fields holding separators, quotes and new lines, blank
 * lines anywhere (a spreadsheet's empty rows). Header names are trimmed and case-insensitive.
 * Plain rules, no AWS; parsing itself is csv-parse's.
 */
import { isUtf8 } from 'node:buffer';
import { createHash } from 'node:crypto';
import { CsvError, parse } from 'csv-parse/sync';
import * as z from 'zod';
import type { FieldError } from './errors';
import { asciiDigits, checkNotes } from './text';

/** A file larger than this is refused before it is read (about 1 MB). */
export const MAX_CSV_BYTES = 1_000_000;
/** Rows of data (the header and blank rows not counted) one file may hold. */
export const MAX_CSV_ROWS = 2_000;

export type Separator = ',' | ';';
export type MessageParams = Record<string, string | number>;

/**
 * The English text of every key an import says, with its `{{params}}` (i18next's syntax). Keys
 * already in the screen texts' `errors` section (functions/commons/messages.ts): `required`,
 * `invalid`, `textTooLong`, `encoding`, `provinceOfRegion`; the others are to be added there in the three
 * languages before a page shows them.
 */
export const importMessages = {
  csvTooLarge: 'The file is too large ({{size}} bytes): at most {{max}} bytes. Split it into smaller files.',
  csvEncoding: 'The file is not UTF-8 text. In your spreadsheet, save it as "CSV UTF-8" and import it again.',
  csvUtf16:
    'The file is saved as UTF-16 ("Unicode text"). In your spreadsheet, save it as "CSV UTF-8" and import it again.',
  csvEmpty: 'The file is empty: it must have a header line naming the columns, then one line per entry.',
  csvNoRows: 'The file has a header but no entries: add one line per entry under the header.',
  csvTooManyRows: 'The file has {{rows}} entries: at most {{max}} can be imported at once. Split it.',
  csvMalformed: 'The file could not be read as CSV near line {{line}}: {{reason}}',
  csvMissingColumns: 'The header lacks the required column(s): {{columns}}.',
  csvUnknownColumns:
    'The header has column(s) this import does not know: {{columns}}. Expected: {{expected}}.',
  csvDuplicateColumns: 'The header names a column more than once: {{columns}}.',
  csvUnnamedColumn: 'Column {{column}} has values but no name in the header.',
  csvFieldCount:
    'Row {{row}} has {{found}} fields where the header has {{expected}}: check the separators and quotes of this row.',
  required: 'Required: must not be empty.',
  textTooLong: 'Must be at most {{max}} characters.',
  textInvisible:
    'Contains control or invisible characters (often from copy and paste): type the text again, at most {{max}} characters.',
  encoding: 'Contains characters that could not be read (U+FFFD): type the text again.',
  csvDate:
    'Must be a date that exists, written YYYY-MM-DD (e.g. 2027-03-15) or DD/MM/YYYY (e.g. 15/03/2027).',
  dateOrder: 'Must be on or after the start date ({{start}}).',
  wholeNumber: 'Must be a whole number from {{min}} to {{max}}.',
  oneOf: 'Must be one of: {{codes}}.',
  listOf: 'Must be one or more of: {{codes}}, separated by "|", each once.',
  provinceOfRegion: 'Must be a province of the region {{region}}: {{provinces}}.',
  idFormat:
    'Must be 3 to 40 capital letters, digits or dashes (e.g. "{{example}}"), or left empty for an id made from the row.',
  csvDuplicateId: 'Row(s) {{rows}} have the same {{column}}: each entry once per file.',
  invalid: 'Invalid value.',
  csvDuplicateRow:
    'Row(s) {{rows}} have the same {{columns}}: the same entry twice. Keep one, or give each its own {{column}}.',
} as const;
export type ImportMessageKey = keyof typeof importMessages;

/** An error of one cell (or of a row, for the rules across rows): a field error with its key. */
export type CellError = FieldError & { key: ImportMessageKey };

/** An error of the file as a whole: `file`, `header`, or `row` (a row that does not read as CSV). */
export interface FileError {
  field: 'file' | 'header' | 'row';
  /** For `row`: the row, numbered as the spreadsheet shows it (the header is row 1). */
  row?: number;
  message: string;
  key: ImportMessageKey;
  params?: MessageParams;
}

export interface RowError {
  /** The row as the spreadsheet shows it: the header is row 1, the first entry row 2. */
  row: number;
  /** The column, as this import names it. */
  field: string;
  message: string;
  key: ImportMessageKey;
  params?: MessageParams;
}

/** What an import gives: every row, or nothing and every error (the caller writes nothing). */
export type ImportReport<T> =
  | { ok: true; rows: T[]; separator: Separator }
  | { ok: false; fileErrors: FileError[]; rowErrors: RowError[]; separator?: Separator };

/** A message and its key, the English text filled in. */
export function say(
  key: ImportMessageKey,
  params?: MessageParams,
): { message: string; key: ImportMessageKey; params?: MessageParams } {
  const message = importMessages[key].replace(/\{\{(\w+)\}\}/g, (whole, name: string) =>
    params && Object.hasOwn(params, name) ? String(params[name]) : whole,
  );
  return params ? { message, key, params } : { message, key };
}

export interface CsvColumn {
  /** The name as the documentation spells it; the header may write it in any case. */
  name: string;
  required: boolean;
}

export interface CsvLimits {
  maxBytes: number;
  maxRows: number;
}

/** The cells of one row by column name (as CsvColumn spells it); a column not in the file is absent. */
export type CsvCells = Readonly<Record<string, string | undefined>>;

export interface CsvRow {
  row: number;
  cells: CsvCells;
}

/**
 * The file's rows, or what keeps it from being read. Rows that do not have the header's number of
 * fields are file errors and left out of `rows`: the others are still given, so their errors are
 * said at the same time.
 */
export interface CsvTable {
  separator?: Separator;
  rows: CsvRow[];
  fileErrors: FileError[];
}

function fileError(field: FileError['field'], key: ImportMessageKey, params?: MessageParams): FileError {
  return { field, ...say(key, params) };
}

/** The separator of the header line: the one of `;` and `,` found more often outside quotes. */
export function detectSeparator(text: string): Separator {
  let semicolons = 0;
  let commas = 0;
  let quoted = false;
  for (const c of text) {
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === '\n' || c === '\r')) break;
    else if (!quoted && c === ';') semicolons += 1;
    else if (!quoted && c === ',') commas += 1;
  }
  return semicolons > commas ? ';' : ',';
}

/** A column's letter as a spreadsheet shows it: 1 → A, 27 → AA. */
function columnLetter(n: number): string {
  let letters = '';
  for (let k = n; k > 0; k = Math.floor((k - 1) / 26))
    letters = String.fromCharCode(65 + ((k - 1) % 26)) + letters;
  return letters;
}

const isBlank = (record: readonly string[]) => record.every((field) => field.trim() === '');

/**
 * Reads the bytes of a CSV file against its columns: the separator found, the rows of data with
 * their spreadsheet row numbers (blank rows skipped, not renumbered), and the file's errors.
 */
export function readCsv(
  bytes: Uint8Array,
  columns: readonly CsvColumn[],
  limits: Partial<CsvLimits> = {},
): CsvTable {
  const { maxBytes = MAX_CSV_BYTES, maxRows = MAX_CSV_ROWS } = limits;
  if (bytes.byteLength > maxBytes) {
    return {
      rows: [],
      fileErrors: [fileError('file', 'csvTooLarge', { size: bytes.byteLength, max: maxBytes })],
    };
  }
  if (
    bytes.byteLength >= 2 &&
    ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))
  ) {
    return { rows: [], fileErrors: [fileError('file', 'csvUtf16')] };
  }
  if (!isUtf8(bytes)) return { rows: [], fileErrors: [fileError('file', 'csvEncoding')] };
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    .toString('utf8')
    .replace(/^\uFEFF/, '');
  if (text.trim() === '') return { rows: [], fileErrors: [fileError('file', 'csvEmpty')] };

  const separator = detectSeparator(text);
  let records: string[][];
  try {
    records = parse(text, {
      delimiter: separator,
      record_delimiter: ['\r\n', '\n', '\r'],
      relax_column_count: true,
      relax_quotes: true,
      ltrim: true,
      rtrim: true,
    });
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    const line = typeof error.lines === 'number' ? error.lines : 1;
    return {
      separator,
      rows: [],
      fileErrors: [fileError('file', 'csvMalformed', { line, reason: error.message })],
    };
  }

  const [header = [], ...data] = records;
  const headerErrors = checkHeader(header, data, columns);
  if (headerErrors.length > 0) return { separator, rows: [], fileErrors: headerErrors };

  const entries = data.filter((record) => !isBlank(record)).length;
  if (entries === 0) return { separator, rows: [], fileErrors: [fileError('file', 'csvNoRows')] };
  if (entries > maxRows) {
    return {
      separator,
      rows: [],
      fileErrors: [fileError('file', 'csvTooManyRows', { rows: entries, max: maxRows })],
    };
  }

  const canonical = new Map(columns.map((c) => [c.name.trim().toLowerCase(), c.name]));
  const names = header.map((h) => canonical.get(h.trim().toLowerCase()));
  const rows: CsvRow[] = [];
  const fileErrors: FileError[] = [];
  data.forEach((record, index) => {
    const row = index + 2;
    if (isBlank(record)) return;
    if (record.length !== header.length) {
      fileErrors.push({
        ...fileError('row', 'csvFieldCount', { row, found: record.length, expected: header.length }),
        row,
      });
      return;
    }
    const cells: Record<string, string> = {};
    names.forEach((name, i) => {
      if (name !== undefined) cells[name] = record[i] ?? '';
    });
    rows.push({ row, cells });
  });
  return { separator, rows, fileErrors };
}

function checkHeader(
  header: readonly string[],
  data: readonly string[][],
  columns: readonly CsvColumn[],
): FileError[] {
  const known = new Map(columns.map((c) => [c.name.trim().toLowerCase(), c]));
  const seen = new Map<string, string>();
  const duplicated = new Set<string>();
  const unknown: string[] = [];
  const errors: FileError[] = [];
  header.forEach((raw, i) => {
    const name = raw.trim().toLowerCase();
    if (name === '') {
      // A spreadsheet writes a trailing empty column when a cell beyond the table was once used.
      if (data.some((record) => (record[i] ?? '').trim() !== '')) {
        errors.push(fileError('header', 'csvUnnamedColumn', { column: columnLetter(i + 1) }));
      }
      return;
    }
    const column = known.get(name);
    if (!column) unknown.push(raw.trim());
    else if (seen.has(name)) duplicated.add(column.name);
    else seen.set(name, column.name);
  });
  const missing = columns
    .filter((c) => c.required && !seen.has(c.name.trim().toLowerCase()))
    .map((c) => c.name);
  if (missing.length > 0)
    errors.push(fileError('header', 'csvMissingColumns', { columns: missing.join(', ') }));
  if (unknown.length > 0) {
    errors.push(
      fileError('header', 'csvUnknownColumns', {
        columns: unknown.join(', '),
        expected: columns.map((c) => c.name).join(', '),
      }),
    );
  }
  if (duplicated.size > 0) {
    errors.push(fileError('header', 'csvDuplicateColumns', { columns: [...duplicated].join(', ') }));
  }
  return errors;
}

/** The id a row gives (its own, or one made from its natural key): two rows with one id are an error. */
export interface RowId {
  value: string;
  derived: boolean;
}

export type RowResult<T> =
  { ok: true; value: T; id?: RowId } | { ok: false; errors: CellError[]; id?: RowId };

/**
 * A row reader that also refuses, on its `region` column, a row naming another region than
 * `region` (a partner works in its own); without `region`, the reader as it is.
 */
export function withinRegion<T>(
  readRow: (cells: CsvCells) => RowResult<T>,
  region: string | undefined,
): (cells: CsvCells) => RowResult<T> {
  if (region === undefined) return readRow;
  return (cells) => {
    const result = readRow(cells);
    const named = cells.region?.trim().toUpperCase();
    if (!named || named === region) return result;
    const errors = result.ok ? [] : result.errors;
    if (errors.some((e) => e.field === 'region')) return result;
    const regionError = { field: 'region', ...say('oneOf', { codes: region }) };
    return { ok: false, errors: [...errors, regionError], ...(result.id ? { id: result.id } : {}) };
  };
}

export interface ImportSpec<T> {
  columns: readonly CsvColumn[];
  /** One row's cells as an entry, or every error of its cells. */
  readRow: (cells: CsvCells) => RowResult<T>;
  /** The column of the entries' ids, and the columns an id is made from when the row has none. */
  id?: { column: string; naturalKey: readonly string[] };
  limits?: Partial<CsvLimits>;
}

/**
 * Imports a CSV file: every entry, or every error of the file and of every row, row by row in the
 * order of the columns (a file with any error imports nothing).
 */
export function importCsv<T>(bytes: Uint8Array, spec: ImportSpec<T>): ImportReport<T> {
  const table = readCsv(bytes, spec.columns, spec.limits);
  const separator = table.separator ? { separator: table.separator } : {};
  const rowErrors: RowError[] = [];
  const values: T[] = [];
  const rowsOfId = new Map<string, { row: number; derived: boolean }[]>();
  for (const { row, cells } of table.rows) {
    const result = spec.readRow(cells);
    if (result.ok) values.push(result.value);
    else rowErrors.push(...result.errors.map((e) => ({ row, ...e })));
    if (result.id) {
      const same = rowsOfId.get(result.id.value) ?? [];
      same.push({ row, derived: result.id.derived });
      rowsOfId.set(result.id.value, same);
    }
  }
  if (spec.id) {
    const { column, naturalKey } = spec.id;
    for (const same of rowsOfId.values()) {
      if (same.length < 2) continue;
      for (const { row, derived } of same) {
        const rows = same
          .filter((other) => other.row !== row)
          .map((other) => other.row)
          .join(', ');
        rowErrors.push({
          row,
          field: derived ? naturalKey.join(', ') : column,
          ...(derived
            ? say('csvDuplicateRow', { rows, columns: naturalKey.join(', '), column })
            : say('csvDuplicateId', { rows, column })),
        });
      }
    }
  }
  const order = new Map(spec.columns.map((c, i) => [c.name, i]));
  const position = (field: string) => order.get(field.split(', ')[0] ?? field) ?? spec.columns.length;
  rowErrors.sort((a, b) => a.row - b.row || position(a.field) - position(b.field));
  if (table.fileErrors.length > 0 || rowErrors.length > 0) {
    return { ok: false, fileErrors: table.fileErrors, rowErrors, ...separator };
  }
  return { ok: true, rows: values, separator: table.separator ?? ',' };
}

/**
 * A short stable id: `PREFIX-PROVINCE-` and 10 hex digits of the SHA-256 of the natural key, each
 * part trimmed, NFC, spaces collapsed and lower-cased, so that importing the same file twice, or
 * with a title's case changed, gives the same ids.
 */
export function derivedId(prefix: string, province: string, naturalKey: readonly string[]): string {
  const parts = naturalKey.map((part) => part.normalize('NFC').replace(/\s+/g, ' ').trim().toLowerCase());
  const digest = createHash('sha256').update(JSON.stringify(parts), 'utf8').digest('hex');
  return `${prefix}-${province}-${digest.slice(0, 10).toUpperCase()}`;
}

/** The ids of entries: 3 to 40 capital letters, digits or dashes, as the training catalogue's. */
export const ENTRY_ID = /^[A-Z0-9][A-Z0-9-]{2,39}$/;

export type TextResult =
  | { ok: true; value: string }
  | { ok: false; key: 'required' | 'textTooLong' | 'textInvisible' | 'encoding'; params: MessageParams };

/**
 * Free text of a cell or a form: checkNotes' rules (no control, invisible or bidirectional-control
 * characters), at most `max` characters; on one line unless `multiline` (a line break typed in a
 * spreadsheet cell becomes a space).
 */
export function checkText(raw: string, max: number, multiline = false): TextResult {
  const lines = multiline ? raw : raw.replace(/[ \t]*(?:\r\n|\r|\n)[ \t]*/g, ' ');
  const checked = checkNotes(lines, max);
  if (checked.ok) return checked;
  const key = ({ empty: 'required', tooLong: 'textTooLong', unreadable: 'encoding' } as const)[
    checked.problem as 'empty' | 'tooLong' | 'unreadable'
  ];
  return { ok: false, key: key ?? 'textInvisible', params: { max } };
}

/** A whole number as a cell writes it: ASCII or Arabic-Indic digits, groups of three set apart by spaces. */
export function wholeNumberOf(raw: string): number | undefined {
  const text = asciiDigits(raw.trim());
  if (!/^\d+$/.test(text) && !/^\d{1,3}(?:[ \u00A0\u202F]\d{3})+$/.test(text)) return undefined;
  const n = Number(text.replace(/[ \u00A0\u202F]/g, ''));
  return Number.isSafeInteger(n) ? n : undefined;
}

const isoDate = z.iso.date();

/** A date as YYYY-MM-DD, from YYYY-MM-DD or DD/MM/YYYY (a French or Arabic spreadsheet's); else undefined. */
export function isoDateOf(raw: string): string | undefined {
  const text = asciiDigits(raw.trim());
  const dmy = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
  const iso = dmy ? `${dmy[3]}-${dmy[2]?.padStart(2, '0')}-${dmy[1]?.padStart(2, '0')}` : text;
  return isoDate.safeParse(iso).success ? iso : undefined;
}

export interface CodeOptions {
  required?: boolean;
  /** The codes the cell may hold; when absent, a schema checks them. */
  codes?: readonly string[];
}

/**
 * Reads the cells of one row, each into the value its rules want, and keeps every error, at most
 * one per column (the first found).
 */
export class RowReader {
  readonly errors: CellError[] = [];

  constructor(private readonly cells: CsvCells) {}

  /** The cell trimmed; undefined when the column is not in the file or the cell is empty. */
  raw(column: string): string | undefined {
    const value = this.cells[column]?.trim();
    return value === undefined || value === '' ? undefined : value;
  }

  failed(column: string): boolean {
    return this.errors.some((e) => e.field === column);
  }

  fail(column: string, key: ImportMessageKey, params?: MessageParams): undefined {
    if (!this.failed(column)) this.errors.push({ field: column, ...say(key, params) });
    return undefined;
  }

  /** A required cell that is empty is an error; an optional one is undefined. */
  private present(column: string, required: boolean): string | undefined {
    const value = this.raw(column);
    if (value === undefined && required) this.fail(column, 'required');
    return value;
  }

  text(column: string, max: number, { required = true, multiline = false } = {}): string | undefined {
    const value = this.present(column, required);
    if (value === undefined) return undefined;
    const checked = checkText(value, max, multiline);
    return checked.ok ? checked.value : this.fail(column, checked.key, checked.params);
  }

  /** A whole number; its bounds are checked when `check` (else left to a schema). */
  whole(
    column: string,
    min: number,
    max: number,
    { required = true, check = true } = {},
  ): number | undefined {
    const value = this.present(column, required);
    if (value === undefined) return undefined;
    const n = wholeNumberOf(value);
    if (n === undefined || (check && (n < min || n > max)))
      return this.fail(column, 'wholeNumber', { min, max });
    return n;
  }

  date(column: string, { required = true } = {}): string | undefined {
    const value = this.present(column, required);
    if (value === undefined) return undefined;
    return isoDateOf(value) ?? this.fail(column, 'csvDate');
  }

  /** A code, its case set as the codes write it; checked against `codes` when given. */
  code(column: string, letterCase: 'upper' | 'lower', { required = true, codes }: CodeOptions = {}) {
    const value = this.present(column, required);
    if (value === undefined) return undefined;
    const code = letterCase === 'upper' ? value.toUpperCase() : value.toLowerCase();
    if (codes && !codes.includes(code)) return this.fail(column, 'oneOf', { codes: codes.join(', ') });
    return code;
  }

  /** Codes separated by `|`, lower-cased; checked (known, each once, one at least) when `codes` is given. */
  codeList(column: string, { required = true, codes }: CodeOptions = {}) {
    const value = this.present(column, required);
    if (value === undefined) return undefined;
    const list = value.split('|').map((c) => c.trim().toLowerCase());
    if (codes && (list.some((c) => !codes.includes(c)) || new Set(list).size !== list.length)) {
      return this.fail(column, 'listOf', { codes: codes.join(', ') });
    }
    return list;
  }
}
