/**
 * A coach's note in a case file: its text (1 to 1000 characters, checked as task notes are), and
 * the idempotency key that makes a double submission one note. Plain rules, no AWS.
 */
import { createHash } from 'node:crypto';
import * as z from 'zod';
import type { FieldError } from './errors';
import { NOTES_MAX_CHARACTERS } from './coach-task';
import { checkNotes, type TextProblem } from './text';

export const NOTE_MAX_CHARACTERS = NOTES_MAX_CHARACTERS;
/** A form's hidden field that carries its idempotency key (the API may send a header instead). */
export const NOTE_KEY_FIELD = 'idempotencyKey';
const KEY_PATTERN = /^[A-Za-z0-9_.:-]{8,128}$/;

const textProblems: Record<TextProblem, Omit<FieldError, 'field'>> = {
  empty: {
    key: 'required',
    message: `Required: the note's text, 1 to ${NOTE_MAX_CHARACTERS} characters.`,
  },
  unreadable: {
    key: 'encoding',
    message:
      'Contains characters that could not be read (invalid UTF-8, or U+FFFD): send the note as UTF-8 text.',
  },
  invisible: {
    key: 'notesInvisible',
    message: `Must be text without control characters (other than new lines) or bidirectional controls, at most ${NOTE_MAX_CHARACTERS} characters.`,
  },
  characters: {
    key: 'notesInvisible',
    message: `Must be text of at most ${NOTE_MAX_CHARACTERS} characters.`,
  },
  tooLong: {
    key: 'notesTooLong',
    message: `Must be at most ${NOTE_MAX_CHARACTERS} characters.`,
    params: { max: NOTE_MAX_CHARACTERS },
  },
};

const noteInput = z.strictObject({
  text: z.string().transform((raw, ctx) => {
    const checked = checkNotes(raw, NOTE_MAX_CHARACTERS);
    if (checked.ok) return checked.value;
    ctx.addIssue({ code: 'custom', message: checked.problem, params: { problem: checked.problem } });
    return z.NEVER;
  }),
  [NOTE_KEY_FIELD]: z.string().optional(),
});

export type NoteCheck = { ok: true; text: string; formKey?: string } | { ok: false; errors: FieldError[] };

/** Checks a note as sent (JSON `{ text }` or the form's fields): each error names its field. */
export function checkCaseNote(input: unknown): NoteCheck {
  const result = noteInput.safeParse(input);
  if (result.success) {
    const { text, [NOTE_KEY_FIELD]: formKey } = result.data;
    return { ok: true, text, ...(formKey === undefined ? {} : { formKey }) };
  }
  return {
    ok: false,
    errors: result.error.issues.map((issue): FieldError => {
      if (issue.code === 'unrecognized_keys') {
        return {
          field: issue.keys.join(', '),
          message: 'Unknown field. A note takes: text.',
          key: 'unknownField',
        };
      }
      const field = issue.path.map(String).join('.') || 'body';
      if (field === 'body') {
        return { field, message: 'Must be an object: { "text": "…" }.', key: 'bodyType' };
      }
      if (field === 'text') {
        const problem =
          issue.code === 'custom' ? (issue.params?.problem as TextProblem | undefined) : undefined;
        // Not a string at all (absent, a number, a repeated form field): said as "required" or "invalid".
        if (!problem) {
          const missing = typeof input !== 'object' || input === null || !Object.hasOwn(input, 'text');
          return missing
            ? { field, ...textProblems.empty }
            : { field, message: `Must be text of 1 to ${NOTE_MAX_CHARACTERS} characters.`, key: 'invalid' };
        }
        return { field, ...textProblems[problem] };
      }
      return { field, message: 'Must be 8 to 128 characters: letters, digits, and _ . : - only.' };
    }),
  };
}

export type KeyCheck = { ok: true; key?: string } | { ok: false; error: FieldError };

/**
 * The note's idempotency key: the `Idempotency-Key` header, else the form's hidden field; none
 * given, the note is simply new.
 */
export function checkNoteKey(header: string | undefined, formKey: string | undefined): KeyCheck {
  const field = header !== undefined ? 'Idempotency-Key' : NOTE_KEY_FIELD;
  const key = header ?? formKey;
  if (key === undefined) return { ok: true };
  if (!KEY_PATTERN.test(key)) {
    return {
      ok: false,
      error: {
        field,
        message: 'Must be 8 to 128 characters: letters, digits, and _ . : - only.',
        key: 'invalid',
      },
    };
  }
  return { ok: true, key };
}

/**
 * The note's entry id, derived from its key, its author and its beneficiary: the same submission
 * sent twice is the same entry (written once, by a conditional put), and no one's key can land on
 * another person's note.
 */
export function noteEntryIdFor(beneficiaryId: string, personId: string, key: string): string {
  const digest = createHash('sha256').update(`note/${beneficiaryId}/${personId}/${key}`).digest('base64url');
  return `note#${digest.slice(0, 32)}`;
}
