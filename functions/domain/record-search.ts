/**
 * An association's list of beneficiaries: what a search term matches, and the opaque cursor of a
 * page. Plain rules, no AWS.
 *
 * A term matches a name whatever its case and accents, in any script (`Chaïmae` is found by
 * `chaimae`, `أمينة` by `امينة`), a phone number whatever its form (`06…`, `+212 6…`, `00212 6…`
 * are one number), an e-mail address, or the record's reference (whole, or its first 8 characters).
 */
import { asciiDigits } from './text';

/** Rows of one page of the list. */
export const PAGE_SIZE = 25;
/** The longest search term read: longer ones are refused (nobody's name or number is longer). */
export const MAX_SEARCH_CHARACTERS = 100;
/** Fewer digits than this are not looked for in phone numbers (`12` would match everyone). */
const MIN_PHONE_DIGITS = 4;
/** The short reference shown in lists: the first characters of the id. */
export const SHORT_REFERENCE_LENGTH = 8;

export function shortReference(beneficiaryId: string): string {
  return beneficiaryId.slice(0, SHORT_REFERENCE_LENGTH);
}

/**
 * Text folded for comparison: decomposed (NFD) with its marks taken out (accents, Arabic
 * vowel signs and hamza), the Arabic tatweel dropped, lower case, apostrophes, hyphens and dots
 * as spaces, one space between words.
 */
export function foldText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/\u0640/g, '')
    .toLowerCase()
    .replace(/['’ʼ.\-‐‑]/g, ' ')
    .replace(/\s+/gu, ' ')
    .trim();
}

/**
 * A Moroccan number in its national form (`0` and 9 digits) whatever way it was written:
 * `+212 6…`, `00212 6…`, `212 6…` (12 digits) and `+212 (0)6…` all become `06…`. Digits that are
 * not a whole number with a country code are returned as they are (a part of a number).
 */
export function nationalPhone(text: string): string {
  const written = asciiDigits(text).trim();
  const digits = written.replace(/\D/g, '');
  const international = digits.startsWith('00212')
    ? digits.slice(5)
    : written.startsWith('+') && digits.startsWith('212')
      ? digits.slice(3)
      : digits.length >= 12 && digits.startsWith('212')
        ? digits.slice(3)
        : undefined;
  if (international === undefined) return digits;
  return `0${international.replace(/^0/, '')}`;
}

/** A search term read once: its folded words, and the phone digits or reference it may be. */
export interface Search {
  words: string[];
  /** The term in lower case, for e-mail addresses. */
  lowered: string;
  /** When the term is written like a phone number (digits, spaces, + . - ( )): its national form. */
  phone?: string;
  /** When the term may be a reference (8 to 36 hexadecimal digits and hyphens): in lower case. */
  reference?: string;
}

/** The search of a term typed by someone; undefined for a blank term (the whole list). */
export function parseSearch(term: string): Search | undefined {
  const trimmed = term.trim();
  if (trimmed === '') return undefined;
  const folded = foldText(trimmed);
  const lowered = trimmed.toLowerCase();
  const asDigits = asciiDigits(trimmed);
  const phone =
    /^\+?[\d\s.\-()]+$/.test(asDigits) && asDigits.replace(/\D/g, '').length >= MIN_PHONE_DIGITS
      ? nationalPhone(asDigits)
      : undefined;
  const reference = /^[0-9a-f-]{8,36}$/.test(lowered) ? lowered : undefined;
  return {
    words: folded === '' ? [] : folded.split(' '),
    lowered,
    ...(phone ? { phone } : {}),
    ...(reference ? { reference } : {}),
  };
}

/** What a search looks at in a record. */
export interface Searchable {
  beneficiaryId: string;
  firstName: string;
  lastName: string;
  phone?: string | undefined;
  email?: string | undefined;
  /** An erased record holds no name or contact: no search finds it. */
  erasedAt?: string | undefined;
}

/**
 * Whether a record matches: every word of the term in its first and last names (in either
 * order), or the term in its e-mail address, or its phone number holding the term's digits
 * (national form on both sides), or its reference starting with the term.
 */
export function matchesSearch(record: Searchable, search: Search): boolean {
  if (record.erasedAt !== undefined) return false;
  const name = foldText(`${record.firstName} ${record.lastName}`);
  if (search.words.length > 0 && search.words.every((word) => name.includes(word))) return true;
  if (record.email && record.email.toLowerCase().includes(search.lowered)) return true;
  if (search.phone && record.phone && nationalPhone(record.phone).includes(search.phone)) return true;
  if (search.reference && record.beneficiaryId.toLowerCase().startsWith(search.reference)) return true;
  return false;
}

/** Where a page of the list starts: after this record, in the association's index (newest first). */
export interface ListCursor {
  createdAt: string;
  beneficiaryId: string;
}

export function encodeCursor(cursor: ListCursor): string {
  return Buffer.from(JSON.stringify([cursor.createdAt, cursor.beneficiaryId]), 'utf8').toString('base64url');
}

/** The cursor a page link carries, or undefined when it is not one this list made. */
export function decodeCursor(text: string): ListCursor | undefined {
  if (text.length > 200 || !/^[A-Za-z0-9_-]+$/.test(text)) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (!Array.isArray(value) || value.length !== 2) return undefined;
    const [createdAt, beneficiaryId] = value as unknown[];
    if (typeof createdAt !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/.test(createdAt))
      return undefined;
    if (typeof beneficiaryId !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(beneficiaryId)) return undefined;
    return { createdAt, beneficiaryId };
  } catch {
    return undefined;
  }
}
