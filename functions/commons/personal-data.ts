/**
 * The effects of erasing a beneficiary's personal data and of a withdrawal of consent. Every write
 * is idempotent and the order makes a redo finish the job: the erasure is marked started first
 * (its time names its audit entry), the tasks' and notes' free texts go next, then the audit entry,
 * and the record's own fields last — with them the record leaves the retention index, so a crash
 * anywhere before leaves it found again by the next run, or by the withdrawal asked again.
 */
import { QueryCommand, UpdateCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { StopExecutionCommand } from '@aws-sdk/client-sfn';
import { dynamo, stepFunctions } from './clients';
import { stateMachineArn, tableName } from './settings';
import { logger } from './powertools';
import { closeTask, type CoachTask } from './coach-tasks';
import { journeyTasks } from './journey-tasks';
import { tasksOfBeneficiary } from './task-queries';
import { getBeneficiary, type Beneficiary } from './beneficiaries';
import { auditEntryId, type AuditEntry } from '../domain/audit';
import { answersErasure, erasureDetail, recordErasure, type ErasedBy } from '../domain/personal-data';
import { followUpExecutionName, journeyExecutionName } from '../domain/placement';
import type { WorkflowId } from './environment-names';

/** The sparse index of records still holding personal data, by region and last journey activity. */
export const LAST_ACTIVITY_INDEX = 'by-last-activity';

/** Every task the beneficiary ever had: the index's, and each journey's stable ids (the index may lag). */
export async function allTasksOf(beneficiary: Beneficiary): Promise<CoachTask[]> {
  const byId = new Map<string, CoachTask>();
  for (const task of await tasksOfBeneficiary(beneficiary.beneficiaryId)) byId.set(task.taskId, task);
  for (let journey = 1; journey <= (beneficiary.journeyNumber ?? 1); journey += 1) {
    for (const task of await journeyTasks(beneficiary.beneficiaryId, journey)) byId.set(task.taskId, task);
  }
  return [...byId.values()].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

/** Closes every task still open or answered but not delivered: its links then say the journey ended. */
export async function closeTasksOf(tasks: readonly CoachTask[], reason: string, now: Date): Promise<number> {
  let closed = 0;
  for (const task of tasks) {
    if (task.status === 'open' || task.status === 'answered') {
      if (await closeTask(task.taskId, reason, now)) closed += 1;
    }
  }
  return closed;
}

async function stopOne(workflow: WorkflowId, name: string): Promise<'stopped' | 'absent'> {
  const executionArn = `${stateMachineArn(workflow).replace(':stateMachine:', ':execution:')}:${name}`;
  try {
    await stepFunctions.send(
      new StopExecutionCommand({
        executionArn,
        error: 'ConsentWithdrawn',
        cause: 'The beneficiary withdrew consent.',
      }),
    );
    return 'stopped';
  } catch (error) {
    // Never started, or ended already: nothing to stop (a redo finds it so).
    if ((error as Error).name === 'ExecutionDoesNotExist') return 'absent';
    throw error;
  }
}

/** Stops the current journey's execution, and the follow-up execution waiting, if any. */
export async function stopJourney(beneficiary: Beneficiary): Promise<void> {
  const journey = beneficiary.journeyNumber ?? 1;
  await stopOne('journey', journeyExecutionName(beneficiary.beneficiaryId, journey));
  if (beneficiary.nextFollowUp) {
    await stopOne(
      'followUp',
      followUpExecutionName(beneficiary.beneficiaryId, journey, beneficiary.nextFollowUp.month),
    );
  }
}

/**
 * Marks the withdrawal on the record, once: the first day and person recorded are kept. Returns the
 * withdrawal as stored (a redo finds the first one).
 */
export async function markWithdrawal(
  beneficiaryId: string,
  withdrawal: { on: string; recordedBy: string; role: string; recordedAt: string },
): Promise<{ on: string; recordedBy: string; role: string; recordedAt: string }> {
  const { Attributes } = await dynamo.send(
    new UpdateCommand({
      TableName: tableName('beneficiaries'),
      Key: { beneficiaryId },
      UpdateExpression: 'SET consentWithdrawal = if_not_exists(consentWithdrawal, :w)',
      ConditionExpression: 'attribute_exists(beneficiaryId)',
      ExpressionAttributeValues: { ':w': withdrawal },
      ReturnValues: 'ALL_NEW',
    }),
  );
  return (Attributes as Beneficiary).consentWithdrawal ?? withdrawal;
}

/** Writes an audit entry once (its id is fixed by the caller, so a redo finds it there). */
export async function putAuditOnce(entry: AuditEntry): Promise<void> {
  try {
    await dynamo.send(
      new PutCommand({
        TableName: tableName('caseFiles'),
        Item: entry,
        ConditionExpression: 'attribute_not_exists(entryId)',
      }),
    );
  } catch (error) {
    if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
  }
}

interface CaseFileItem {
  beneficiaryId: string;
  entryId: string;
  kind?: string;
  text?: string;
  field?: string;
  oldValue?: string;
  erasedAt?: string;
}

async function caseFileItems(beneficiaryId: string): Promise<CaseFileItem[]> {
  const items: CaseFileItem[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await dynamo.send(
      new QueryCommand({
        TableName: tableName('caseFiles'),
        KeyConditionExpression: 'beneficiaryId = :id',
        ExpressionAttributeValues: { ':id': beneficiaryId },
        ConsistentRead: true,
        ExclusiveStartKey: start,
      }),
    );
    items.push(...((page.Items ?? []) as CaseFileItem[]));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

/** Fields whose masked old value in a correction's audit entry still keeps a part of it. */
const PARTLY_MASKED = new Set(['firstName', 'lastName', 'phone', 'email']);

export interface ErasureReport {
  /** False when the record had already been erased and nothing was left to erase. */
  erasedNow: boolean;
  fields: string[];
  tasks: number;
  notes: number;
  erasedAt: string;
}

/**
 * Erases the personal data of one beneficiary (withdrawal or retention), and audits it. Converges
 * when redone after a crash at any point; erasing an erased record changes nothing.
 */
export async function erasePersonalData(
  beneficiaryId: string,
  by: ErasedBy,
  now: Date,
): Promise<ErasureReport | undefined> {
  const before = await getBeneficiary(beneficiaryId);
  if (!before) return undefined;
  const who = by === 'retention' ? { personId: 'retention', role: 'retention' } : by;
  // 1. The erasure marked begun, once: its time names the audit entry, whatever the redo.
  const { Attributes } = await dynamo.send(
    new UpdateCommand({
      TableName: tableName('beneficiaries'),
      Key: { beneficiaryId },
      UpdateExpression: 'SET erasure = if_not_exists(erasure, :e)',
      ConditionExpression: 'attribute_exists(beneficiaryId)',
      ExpressionAttributeValues: { ':e': { startedAt: now.toISOString(), by: who.personId, role: who.role } },
      ReturnValues: 'ALL_NEW',
    }),
  );
  const record = Attributes as Beneficiary;
  const erasure = record.erasure ?? { startedAt: now.toISOString(), by: who.personId, role: who.role };
  const plan = recordErasure(record as unknown as Record<string, unknown>);

  // 2. Coaches' free text in the tasks' answers.
  let tasks = 0;
  for (const task of await allTasksOf(record)) {
    const { answers, fields } = answersErasure(task.answers);
    if (fields.length === 0) continue;
    await dynamo.send(
      new UpdateCommand({
        TableName: tableName('tasks'),
        Key: { taskId: task.taskId },
        UpdateExpression: 'SET answers = :answers, answersErasedAt = :at',
        ConditionExpression: 'attribute_exists(taskId)',
        ExpressionAttributeValues: { ':answers': answers, ':at': erasure.startedAt },
      }),
    );
    tasks += 1;
  }

  // 3. The case file: notes' text, and what corrections' masked old values kept of a name or a number.
  let notes = 0;
  for (const item of await caseFileItems(beneficiaryId)) {
    if (item.kind === 'note' && item.text !== '') {
      await dynamo.send(
        new UpdateCommand({
          TableName: tableName('caseFiles'),
          Key: { beneficiaryId, entryId: item.entryId },
          UpdateExpression: 'SET #text = :empty, erasedAt = :at',
          ExpressionAttributeNames: { '#text': 'text' },
          ExpressionAttributeValues: { ':empty': '', ':at': erasure.startedAt },
        }),
      );
      notes += 1;
    } else if (
      item.kind === 'audit' &&
      item.field &&
      PARTLY_MASKED.has(item.field) &&
      item.oldValue !== '•••'
    ) {
      await dynamo.send(
        new UpdateCommand({
          TableName: tableName('caseFiles'),
          Key: { beneficiaryId, entryId: item.entryId },
          UpdateExpression: 'SET oldValue = :masked',
          ExpressionAttributeValues: { ':masked': '•••' },
        }),
      );
    }
  }

  // 4. The audit entry: who, when, which fields — names only.
  // Its id comes from the erasure's start: a redo finds it written (the first run's detail stays).
  const erasedNow = !before.erasedAt;
  {
    await putAuditOnce({
      beneficiaryId,
      entryId: auditEntryId(new Date(erasure.startedAt), 'erasure'),
      kind: 'audit',
      action: 'erase',
      at: erasure.startedAt,
      personId: who.personId,
      role: who.role as AuditEntry['role'],
      via: by === 'retention' ? 'retention' : 'consent-withdrawal',
      detail: erasureDetail(plan.fields, tasks, notes),
    });
  }

  // 5. The record's own fields, last; the record leaves the retention index with them.
  const names: Record<string, string> = { '#lastActivityAt': 'lastActivityAt' };
  const values: Record<string, unknown> = { ':on': erasure.startedAt };
  const sets = ['erasedAt = if_not_exists(erasedAt, :on)'];
  const removes = ['#lastActivityAt'];
  plan.remove.forEach((field, i) => {
    names[`#r${i}`] = field;
    removes.push(`#r${i}`);
  });
  Object.entries(plan.set).forEach(([field, value], i) => {
    names[`#s${i}`] = field;
    values[`:s${i}`] = value;
    sets.push(`#s${i} = :s${i}`);
  });
  await dynamo.send(
    new UpdateCommand({
      TableName: tableName('beneficiaries'),
      Key: { beneficiaryId },
      UpdateExpression: `SET ${sets.join(', ')} REMOVE ${removes.join(', ')}`,
      ConditionExpression: 'attribute_exists(beneficiaryId)',
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    }),
  );
  logger.info('Personal data erased', {
    beneficiaryId,
    by: by === 'retention' ? 'retention' : 'person',
    fields: plan.fields,
    tasks,
    notesErased: notes,
  });
  return { erasedNow, fields: plan.fields, tasks, notes, erasedAt: record.erasedAt ?? erasure.startedAt };
}

/** Records whose last journey activity in this region is at or before `cutoff`, oldest first. */
export async function recordsInactiveSince(region: string, cutoff: string): Promise<Beneficiary[]> {
  const found: Beneficiary[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await dynamo.send(
      new QueryCommand({
        TableName: tableName('beneficiaries'),
        IndexName: LAST_ACTIVITY_INDEX,
        KeyConditionExpression: '#region = :region AND lastActivityAt <= :cutoff',
        ExpressionAttributeNames: { '#region': 'region' },
        ExpressionAttributeValues: { ':region': region, ':cutoff': cutoff },
        ExclusiveStartKey: start,
      }),
    );
    found.push(...((page.Items ?? []) as Beneficiary[]));
    start = page.LastEvaluatedKey;
  } while (start);
  return found;
}
