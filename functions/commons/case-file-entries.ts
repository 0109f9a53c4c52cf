/**
 * The case-files table: per beneficiary, the audit trail (every read of their personal data, every
 * change) and their coach's notes. Entries are only ever added.
 */
import { randomBytes } from 'node:crypto';
import { BatchWriteCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from './clients';
import { tableName } from './settings';
import { auditEntryId, noteEntryId, type AuditAction, type AuditEntry } from '../domain/audit';
import type { Principal, Role } from '../domain/access';

export interface CaseNote {
  beneficiaryId: string;
  entryId: string;
  kind: 'note';
  at: string;
  personId: string;
  authorName: string;
  text: string;
}

const table = () => tableName('caseFiles');
const random = () => randomBytes(6).toString('hex');

export interface Actor {
  personId: string;
  role: Role | 'coach-link';
}

/** An audit entry, ready to be written alone or inside a transaction with the change it records. */
export function auditItem(
  beneficiaryId: string,
  actor: Actor,
  action: AuditAction,
  via: string,
  at: Date,
  extra: Pick<AuditEntry, 'field' | 'oldValue' | 'detail'> = {},
): AuditEntry {
  return {
    beneficiaryId,
    entryId: auditEntryId(at, random()),
    kind: 'audit',
    action,
    at: at.toISOString(),
    personId: actor.personId,
    role: actor.role,
    via,
    ...extra,
  };
}

/**
 * Records that these beneficiaries' personal data was read, before it is shown: a read that
 * could not be recorded is not shown (the caller's request fails).
 */
export async function recordReads(
  actor: Actor,
  beneficiaryIds: readonly string[],
  via: string,
  at = new Date(),
): Promise<void> {
  const items = [...new Set(beneficiaryIds)].map((id) => auditItem(id, actor, 'read', via, at));
  for (let i = 0; i < items.length; i += 25) {
    let requests = items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } }));
    for (let attempt = 0; requests.length > 0; attempt += 1) {
      if (attempt > 5) throw new Error('Audit entries could not be written');
      const { UnprocessedItems } = await dynamo.send(
        new BatchWriteCommand({ RequestItems: { [table()]: requests } }),
      );
      requests = (UnprocessedItems?.[table()] ?? []) as typeof requests;
      if (requests.length > 0) await new Promise((r) => setTimeout(r, 50 * 2 ** attempt));
    }
  }
}

export async function recordAudit(entry: AuditEntry): Promise<void> {
  await dynamo.send(new PutCommand({ TableName: table(), Item: entry }));
}

async function entries<T>(beneficiaryId: string, prefix: string, newestFirst: boolean): Promise<T[]> {
  const found: T[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await dynamo.send(
      new QueryCommand({
        TableName: table(),
        KeyConditionExpression: 'beneficiaryId = :id AND begins_with(entryId, :prefix)',
        ExpressionAttributeValues: { ':id': beneficiaryId, ':prefix': prefix },
        ScanIndexForward: !newestFirst,
        ExclusiveStartKey: start,
      }),
    );
    found.push(...((page.Items ?? []) as T[]));
    start = page.LastEvaluatedKey;
  } while (start);
  return found;
}

/** The whole trail of one beneficiary, newest first. */
export function auditTrail(beneficiaryId: string): Promise<AuditEntry[]> {
  return entries<AuditEntry>(beneficiaryId, 'audit#', true);
}

export function caseNotes(beneficiaryId: string): Promise<CaseNote[]> {
  return entries<CaseNote>(beneficiaryId, 'note#', true);
}

export async function addCaseNote(
  principal: Principal,
  beneficiaryId: string,
  text: string,
  at = new Date(),
): Promise<CaseNote> {
  const note: CaseNote = {
    beneficiaryId,
    entryId: noteEntryId(at, random()),
    kind: 'note',
    at: at.toISOString(),
    personId: principal.personId,
    authorName: principal.displayName,
    text,
  };
  await dynamo.send(new PutCommand({ TableName: table(), Item: note }));
  return note;
}
