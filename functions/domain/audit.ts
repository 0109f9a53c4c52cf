/**
 * The audit trail of a beneficiary's record: who read it, who changed which field. Old values are
 * kept masked, so the trail itself shows no one's full name or number. Plain rules, no AWS.
 */
import type { Principal, Role } from './access';

/**
 * `erase`: the personal data erased (withdrawal of consent, or retention; `detail` names what, never
 * a value); `withdraw`: a withdrawal of consent recorded; `export`: an export of everything held.
 */
export type AuditAction = 'read' | 'change' | 'reassign' | 'export' | 'erase' | 'withdraw';

export interface AuditEntry {
  beneficiaryId: string;
  /** `audit#<ISO time>#<random>`: the trail sorts by time. */
  entryId: string;
  kind: 'audit';
  action: AuditAction;
  at: string;
  /** A person, or `retention` for an erasure the retention rule made. */
  personId: string;
  role: Role | 'coach-link' | 'retention';
  /** Which page or route read or changed it (e.g. `case-file`, `task-link`, `record`). */
  via: string;
  field?: string;
  /** The old value, masked (see `maskValue`). */
  oldValue?: string;
  /** For a reassignment: the coach before and after (codes, not personal data of beneficiaries). */
  detail?: string;
}

/** Fields whose masked value keeps a part (names, contacts); any other is masked whole. */
const maskedInPart = new Set(['firstName', 'lastName', 'phone', 'email']);

/**
 * Masks a value for the trail: the first character of each word and the last two digits of a
 * number stay, so a supervisor can tell which correction it was without the trail holding the data.
 */
export function maskValue(value: unknown, field?: string): string {
  if (value === undefined || value === null || value === '') return '∅';
  // A year, a sex or a code would be told by any part of it: nothing of it is kept.
  if (field !== undefined && !maskedInPart.has(field)) return '•••';
  const text = String(value);
  if (/^[+\d\s.-]+$/.test(text)) {
    const digits = text.replace(/\D/g, '');
    return `${'•'.repeat(Math.max(digits.length - 2, 1))}${digits.slice(-2)}`;
  }
  if (text.includes('@')) return `${text[0] ?? ''}•••@•••`;
  return text
    .split(/\s+/)
    .map((word) =>
      word.length <= 1 ? word : `${[...word][0]}${'•'.repeat(Math.min([...word].length - 1, 6))}`,
    )
    .join(' ');
}

export function auditEntryId(at: Date, random: string): string {
  return `audit#${at.toISOString()}#${random}`;
}

/** Who did it, as the trail names them: a signed-in person, or the coach behind a task link. */
export function actorOf(principal: Pick<Principal, 'personId' | 'role'>): {
  personId: string;
  role: Role | 'coach-link';
} {
  return { personId: principal.personId, role: principal.role };
}

/**
 * The trail is read a page at a time, newest first: a record read every day for years has
 * thousands of entries, more than one page should show. The page shows 200 by default; the API,
 * which gave the whole trail before it had pages, gives up to 10,000 (about 1.5 MB) unless asked
 * for fewer, so its clients get what they got before and `next` only past that.
 */
export const AUDIT_PAGE_SIZE = { page: 200, api: 10_000 } as const;
export const AUDIT_PAGE_MAX = 10_000;

/** Where the next (older) page starts: after this entry. Opaque to clients. */
export function encodeAuditCursor(entryId: string): string {
  return Buffer.from(entryId, 'utf8').toString('base64url');
}

/** The entry a cursor names, or undefined when it is not one this trail gave. */
export function decodeAuditCursor(text: string): string | undefined {
  if (text.length > 200 || !/^[A-Za-z0-9_-]+$/.test(text)) return undefined;
  const entryId = Buffer.from(text, 'base64url').toString('utf8');
  return /^audit#\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z#[A-Za-z0-9_-]{1,64}$/.test(entryId)
    ? entryId
    : undefined;
}

/**
 * The page size a `limit` asks for (1 to AUDIT_PAGE_MAX, `fallback` when none is given), or
 * undefined when it is no such number.
 */
export function auditPageSize(text: string | undefined, fallback: number): number | undefined {
  if (text === undefined || text === '') return fallback;
  if (!/^[1-9]\d{0,4}$/.test(text)) return undefined;
  const n = Number(text);
  return n <= AUDIT_PAGE_MAX ? n : undefined;
}
