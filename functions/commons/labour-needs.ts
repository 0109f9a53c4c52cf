/**
 * The labour needs employers publish, kept in the reference table (`kind` `labour-need`, `code`
 * the need's id) beside the training offers they are weighed against. Saving converges: a need
 * whose content has not changed is not written again (importing the same file twice changes
 * nothing), and a need is only ever written by the employer who published it.
 */
import { QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from './clients';
import { tableName } from './settings';
import type { LabourNeed } from '../domain/labour-needs';

export const LABOUR_NEED = 'labour-need';
/** DynamoDB takes at most 100 writes in one transaction. */
const TRANSACTION_MAX = 100;

/** A need as kept: the need, when it was last changed, and by whom. */
export type StoredNeed = LabourNeed & { updatedAt: string; updatedBy: string };

/** Every labour need (a few hundred in a pilot: one Query of the kind, through every page). */
export async function listLabourNeeds(): Promise<StoredNeed[]> {
  const needs: StoredNeed[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await dynamo.send(
      new QueryCommand({
        TableName: tableName('reference'),
        KeyConditionExpression: 'kind = :kind',
        ExpressionAttributeValues: { ':kind': LABOUR_NEED },
        ConsistentRead: true,
        ExclusiveStartKey: start,
      }),
    );
    // The key (kind, code) stays behind: the need names itself by needId.
    for (const item of page.Items ?? [])
      needs.push(
        Object.fromEntries(Object.entries(item).filter(([k]) => k !== 'kind' && k !== 'code')) as StoredNeed,
      );
    start = page.LastEvaluatedKey;
  } while (start);
  return needs;
}

/** The content of a need, to tell a change from a repeat: its fields, in one order. */
function contentOf(need: LabourNeed): string {
  const { needId, employer, sector, occupation, region, province, positions } = need;
  return JSON.stringify([
    needId,
    employer.code,
    employer.name,
    sector,
    occupation,
    region,
    province,
    positions,
    need.skills ?? null,
    need.educationLevel ?? null,
    need.periodStart,
    need.periodEnd,
    need.contractType,
  ]);
}

export interface SaveOutcome {
  written: string[];
  unchanged: string[];
  /** Ids already published by another employer: nothing was written (the caller says so). */
  notYours: string[];
}

/**
 * Saves one employer's needs: those new or changed, in transactions of up to 100 (each write on
 * condition that the need is new or this employer's). Any id of another employer's need: nothing
 * is written. A retry after a crash writes what is left and finds the rest unchanged.
 */
export async function saveLabourNeeds(
  needs: readonly LabourNeed[],
  employerCode: string,
  personId: string,
  now: Date,
): Promise<SaveOutcome> {
  const existing = new Map((await listLabourNeeds()).map((need) => [need.needId, need]));
  const notYours = needs
    .filter((need) => {
      const current = existing.get(need.needId);
      return current !== undefined && current.employer.code !== employerCode;
    })
    .map((need) => need.needId);
  if (notYours.length > 0) return { written: [], unchanged: [], notYours };
  const changed = needs.filter((need) => {
    const current = existing.get(need.needId);
    return current === undefined || contentOf(current) !== contentOf(need);
  });
  for (let i = 0; i < changed.length; i += TRANSACTION_MAX) {
    await dynamo.send(
      new TransactWriteCommand({
        TransactItems: changed.slice(i, i + TRANSACTION_MAX).map((need) => ({
          Put: {
            TableName: tableName('reference'),
            Item: {
              kind: LABOUR_NEED,
              code: need.needId,
              ...need,
              updatedAt: now.toISOString(),
              updatedBy: personId,
            },
            ConditionExpression: 'attribute_not_exists(code) OR employer.code = :mine',
            ExpressionAttributeValues: { ':mine': employerCode },
          },
        })),
      }),
    );
  }
  const written = new Set(changed.map((need) => need.needId));
  return {
    written: [...written],
    unchanged: needs.map((need) => need.needId).filter((id) => !written.has(id)),
    notYours: [],
  };
}
