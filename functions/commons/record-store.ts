/**
 * Reads and writes of the records pages beyond commons/beneficiaries.ts: a page of an
 * association's list (searched), a correction with its audit entries in one transaction, and
 * reference items by kind (coaches' names, the administration's reference page).
 */
import { randomUUID } from 'node:crypto';
import { QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from './clients';
import { tableName } from './settings';
import { beneficiariesBy, type Beneficiary } from './beneficiaries';
import type { AuditEntry } from '../domain/audit';
import { matchesSearch, PAGE_SIZE, type ListCursor, type Search } from '../domain/record-search';
import type { FieldChange } from '../domain/record-corrections';
import type { EmployabilityProfile } from '../domain/profiling-rules';
import type { ReferenceKind } from '../domain/reference-data';
import { DUPLICATE_KEY_FIELDS, type DuplicateKeys } from '../domain/duplicates';

/**
 * Applies the changed fields of one record and adds their audit entries, all or nothing, if the
 * record is still at `version` (0: never corrected) and of this association; the record goes to
 * `version + 1`. 'stale' when someone changed it meanwhile (or is changing it now): nothing is
 * written then. A `profile` worked out again from the corrected values is set in the same update;
 * 'still-none': the record must still have none (else 'stale': the journey profiled it meanwhile).
 * `keys`: the corrected record's duplicate keys, set in the same update (an absent one is removed).
 */
export async function applyCorrection(
  record: { beneficiaryId: string; association: string },
  version: number,
  changes: readonly FieldChange[],
  entries: readonly AuditEntry[],
  at: Date,
  profile?: EmployabilityProfile | 'still-none',
  keys?: DuplicateKeys,
): Promise<'applied' | 'stale'> {
  const names: Record<string, string> = { '#version': 'version', '#association': 'association' };
  const values: Record<string, unknown> = {
    ':next': version + 1,
    ':association': record.association,
    ':at': at.toISOString(),
  };
  const sets = ['#version = :next', 'correctedAt = :at'];
  const removes: string[] = [];
  changes.forEach((change, i) => {
    names[`#f${i}`] = change.field;
    if (change.newValue === undefined) {
      removes.push(`#f${i}`);
    } else {
      sets.push(`#f${i} = :v${i}`);
      values[`:v${i}`] = change.newValue;
    }
  });
  if (keys !== undefined) {
    for (const field of DUPLICATE_KEY_FIELDS) {
      names[`#${field}`] = field;
      const key = keys[field];
      if (key === undefined) removes.push(`#${field}`);
      else {
        sets.push(`#${field} = :${field}`);
        values[`:${field}`] = key;
      }
    }
  }
  if (profile !== undefined) names['#profile'] = 'profile';
  if (profile !== undefined && profile !== 'still-none') {
    values[':profile'] = profile;
    sets.push('#profile = :profile');
  }
  if (version > 0) values[':version'] = version;
  const condition = [
    'attribute_exists(beneficiaryId)',
    '#association = :association',
    version > 0 ? '#version = :version' : 'attribute_not_exists(#version)',
    ...(profile === 'still-none' ? ['attribute_not_exists(#profile)'] : []),
  ].join(' AND ');
  const transaction = new TransactWriteCommand({
    // The SDK's own retry of a write whose answer was lost is then the same write (not 'stale').
    ClientRequestToken: randomUUID(),
    TransactItems: [
      {
        Update: {
          TableName: tableName('beneficiaries'),
          Key: { beneficiaryId: record.beneficiaryId },
          UpdateExpression: `SET ${sets.join(', ')}${removes.length > 0 ? ` REMOVE ${removes.join(', ')}` : ''}`,
          ConditionExpression: condition,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        },
      },
      ...entries.map((Item) => ({
        Put: {
          TableName: tableName('caseFiles'),
          Item,
          ConditionExpression: 'attribute_not_exists(entryId)',
        },
      })),
    ],
  });
  // A journey step writing the same record at the same moment (a coach assigned) cancels the
  // transaction with a conflict, not a failed condition: tried again a few times, then stale.
  for (let attempt = 0; ; attempt++) {
    try {
      await dynamo.send(transaction);
      return 'applied';
    } catch (error) {
      const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
      if ((error as Error).name !== 'TransactionCanceledException') throw error;
      if (reasons.some((r) => r.Code === 'ConditionalCheckFailed')) return 'stale';
      if (!reasons.some((r) => r.Code === 'TransactionConflict')) throw error;
      if (attempt >= 3) return 'stale';
      await new Promise((resolve) => setTimeout(resolve, 40 * 2 ** attempt));
    }
  }
}

/** Every reference item of one kind (a few dozen at most), by code. */
export async function referenceOfKind(kind: ReferenceKind): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await dynamo.send(
      new QueryCommand({
        TableName: tableName('reference'),
        KeyConditionExpression: 'kind = :kind',
        ExpressionAttributeValues: { ':kind': kind },
        ExclusiveStartKey: start,
      }),
    );
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

/** Coaches' display names by code, from the reference table. */
export async function coachNames(): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  for (const item of await referenceOfKind('coach')) {
    if (typeof item.code === 'string' && typeof item.displayName === 'string')
      names.set(item.code, item.displayName);
  }
  return names;
}

/**
 * One page of an association's beneficiaries, newest first, from `after` (the previous page's
 * last record) on: those that match `search`, or all. The index is read in slices until the page
 * is full and one more match shows that another page follows, or the index ends.
 */
export async function associationPage(
  association: string,
  search: Search | undefined,
  after?: ListCursor,
): Promise<{ items: Beneficiary[]; next?: ListCursor }> {
  const found: Beneficiary[] = [];
  let start: Record<string, unknown> | undefined = after ? { association, ...after } : undefined;
  let more = false;
  do {
    const slice = await beneficiariesBy('by-association', association, {
      limit: search ? 200 : PAGE_SIZE + 1,
      newestFirst: true,
      ...(start ? { start } : {}),
    });
    for (const beneficiary of slice.items) {
      if (search && !matchesSearch(beneficiary, search)) continue;
      if (found.length === PAGE_SIZE) {
        more = true;
        break;
      }
      found.push(beneficiary);
    }
    start = slice.next;
  } while (!more && start);
  const last = found[found.length - 1];
  return {
    items: found,
    ...(more && last ? { next: { createdAt: last.createdAt, beneficiaryId: last.beneficiaryId } } : {}),
  };
}
