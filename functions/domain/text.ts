/**
 * Text that people type: trimmed, NFC-normalised, and refused when it holds characters no one can
 * see or read back (control, invisible and bidirectional-control characters, invalid UTF-8).
 * Every script is welcome: Arabic, Tifinagh, Latin with accents. Plain rules, no AWS.
 */

/** What invalid UTF-8 turns into (U+FFFD), and UTF-16 halves with no other half: unreadable. */
const UNREADABLE = /\uFFFD|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Characters that show nothing or change how the rest shows: controls (Cc), format characters (Cf:
 * zero-width spaces and joiners, bidirectional controls, soft hyphen, BOM...), line and paragraph
 * separators, private-use and unassigned code points, and the invisible letters and marks
 * (combining grapheme joiner, variation selectors, Hangul fillers, Khmer and Mongolian fillers).
 */
const INVISIBLE =
  /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Co}\p{Cn}\u3164\uFFA0]|\u034F|\u115F|\u1160|\u17B4|\u17B5|[\u180B-\u180F]|[\uFE00-\uFE0F]|[\u{E0100}-\u{E01EF}]/u;

/** A name: letters of any script with their marks, spaces, apostrophes, hyphens and dots. */
const NAME_CHARACTERS = /^[\p{L}\p{M}\p{Zs}'’ʼ.\-‐‑]+$/u;

/** In notes: controls other than the newline, and the bidirectional embeddings, overrides, isolates. */
const NOTES_FORBIDDEN = /(?!\n)\p{Cc}|[\u2028\u2029\u202A-\u202E\u2066-\u2069]/u;

export type TextProblem = 'empty' | 'unreadable' | 'invisible' | 'characters' | 'tooLong';
export type TextCheck = { ok: true; value: string } | { ok: false; problem: TextProblem };

export function hasUnreadable(text: string): boolean {
  return UNREADABLE.test(text);
}

/** Arabic-Indic (٠١٢…) and extended Arabic-Indic (۰۱۲…) digits become 0-9. */
export function asciiDigits(text: string): string {
  return text.replace(/[\u0660-\u0669\u06F0-\u06F9]/g, (d) => {
    const code = d.charCodeAt(0);
    return String(code - (code >= 0x06f0 ? 0x06f0 : 0x0660));
  });
}

/** A first or last name: one space between words, NFC, at most `max` characters. */
export function checkName(raw: string, max: number): TextCheck {
  if (hasUnreadable(raw)) return { ok: false, problem: 'unreadable' };
  const value = raw
    .normalize('NFC')
    .replace(/\p{Zs}+/gu, ' ')
    .trim();
  if (value === '') return { ok: false, problem: 'empty' };
  if (INVISIBLE.test(value)) return { ok: false, problem: 'invisible' };
  if (!NAME_CHARACTERS.test(value) || !/\p{L}/u.test(value)) return { ok: false, problem: 'characters' };
  if (value.length > max) return { ok: false, problem: 'tooLong' };
  return { ok: true, value };
}

/** Free text over several lines: newlines kept (CRLF and CR become LF), tabs become spaces. */
export function checkNotes(raw: string, max: number): TextCheck {
  if (hasUnreadable(raw)) return { ok: false, problem: 'unreadable' };
  const value = raw.replace(/\r\n?/g, '\n').replace(/\t/g, ' ').normalize('NFC').trim();
  if (value === '') return { ok: false, problem: 'empty' };
  if (NOTES_FORBIDDEN.test(value)) return { ok: false, problem: 'invisible' };
  if (value.length > max) return { ok: false, problem: 'tooLong' };
  return { ok: true, value };
}
