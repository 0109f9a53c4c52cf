/**
 * Follow-up step "Record The Follow-Up" (and "Record Unanswered Follow-Up"): the coach's answer —
 * still in the job or the business, in another, in training, or not working, with the decent-work
 * facts — goes on the beneficiary and, as codes, into the journey event the dashboards count
 * (`follow-up`, its occurrence the month). A follow-up nobody answered after reminders and
 * escalation is recorded as such (`follow-up-unanswered`) and the next one is still planned.
 * Returns what comes next: the next follow-up, reopening accompaniment, or the end.
 */
import type { Context } from 'aws-lambda';
import * as z from 'zod';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logger, metrics } from './commons/powertools';
import { instrumented } from './commons/instrumented';
import { dynamo } from './commons/clients';
import { tableName } from './commons/settings';
import { putJourneyEvent } from './commons/journeys';
import { closeTask, getTask, markDelivered } from './commons/coach-tasks';
import { linkSigningSecret } from './commons/secrets';
import { LateAnswerArrived } from './commons/journey-end';
import type { FollowUpRecord } from './commons/beneficiaries';
import { journeyEvent, type WorkFacts } from './domain/journey-events';
import {
  afterFollowUp,
  followUpMonths,
  incomeBands,
  workingTimes,
  workStatuses,
  type AfterFollowUp,
  type FollowUpMonth,
} from './domain/placement';
import { taskIdFor } from './domain/task-protocol';
import { beneficiaryIdSchema, dimensionsSchema, parseStepInput } from './domain/step-inputs';

const recordFollowUpInput = z.object({
  beneficiaryId: beneficiaryIdSchema,
  dimensions: dimensionsSchema,
  month: z.number().refine((m): m is FollowUpMonth => (followUpMonths as readonly number[]).includes(m)),
  kind: z.enum(['answered', 'unanswered']),
  /** The task whose answer brought the workflow here (answered only). */
  taskId: z.string().optional(),
});

/** The follow-up as the task's answer holds it (checked when the coach posted it). */
const followUpAnswer = z.looseObject({
  followUpDate: z.iso.date(),
  workStatus: z.enum(workStatuses),
  incomeBand: z.enum(incomeBands).optional(),
  cnssDeclared: z.enum(['yes', 'no']).optional(),
  workingTime: z.enum(workingTimes).optional(),
  next: z.enum(['reopen', 'close']).optional(),
});

export const handler = instrumented(async (event: unknown, _context: Context): Promise<AfterFollowUp> => {
  const input = parseStepInput(recordFollowUpInput, event, 'Record The Follow-Up');
  const month = input.month as FollowUpMonth;
  const journey = input.dimensions.journey ?? 1;
  const now = new Date();
  if (input.kind === 'unanswered') {
    await closeUnanswered(input.beneficiaryId, journey, month, now);
    await record(
      input.beneficiaryId,
      journeyEvent(input.beneficiaryId, 'follow-up-unanswered', input.dimensions, now, { occurrence: month }),
      {
        month,
        journey,
        workStatus: 'unanswered',
        recordedAt: now.toISOString(),
      },
    );
    metrics.addMetric('FollowUpUnanswered', MetricUnit.Count, 1);
    return afterFollowUp(month, {});
  }
  if (!input.taskId) throw new Error('Record The Follow-Up needs the answered task');
  const answer = followUpAnswer.parse((await getTask(input.taskId))?.answers);
  const work: WorkFacts = Object.fromEntries(
    Object.entries({
      workStatus: answer.workStatus,
      incomeBand: answer.incomeBand,
      cnssDeclared: answer.cnssDeclared,
      workingTime: answer.workingTime,
    }).filter(([, value]) => value !== undefined),
  );
  await record(
    input.beneficiaryId,
    journeyEvent(input.beneficiaryId, 'follow-up', input.dimensions, now, { occurrence: month, work }),
    {
      month,
      journey,
      workStatus: answer.workStatus,
      followUpDate: answer.followUpDate,
      ...(answer.incomeBand ? { incomeBand: answer.incomeBand } : {}),
      ...(answer.cnssDeclared ? { cnssDeclared: answer.cnssDeclared } : {}),
      ...(answer.workingTime ? { workingTime: answer.workingTime } : {}),
      recordedAt: now.toISOString(),
    },
  );
  await markDelivered(input.taskId, now);
  const after = afterFollowUp(month, answer);
  metrics.addDimension('workStatus', answer.workStatus);
  metrics.addMetric('FollowUpRecorded', MetricUnit.Count, 1);
  logger.info('Follow-up recorded', { beneficiaryId: input.beneficiaryId, month, next: after.next });
  return after;
});

/**
 * The event first (written once: its id is the stage and the month), then the record: the
 * follow-up's answer under `<journey>-<month>`, the stage, and no follow-up waiting any more
 * (the next step plans the next one). Each write converges when redone.
 */
async function record(
  beneficiaryId: string,
  event: ReturnType<typeof journeyEvent>,
  followUp: FollowUpRecord,
): Promise<void> {
  await putJourneyEvent(event);
  const table = tableName('beneficiaries');
  await dynamo.send(
    new UpdateCommand({
      TableName: table,
      Key: { beneficiaryId },
      UpdateExpression: 'SET followUps = if_not_exists(followUps, :none)',
      ConditionExpression: 'attribute_exists(beneficiaryId)',
      ExpressionAttributeValues: { ':none': {} },
    }),
  );
  await dynamo.send(
    new UpdateCommand({
      TableName: table,
      Key: { beneficiaryId },
      UpdateExpression: 'SET followUps.#key = :followUp, #stage = :stage REMOVE nextFollowUp, lateSince',
      ConditionExpression: 'attribute_exists(beneficiaryId)',
      ExpressionAttributeNames: { '#key': `${followUp.journey}-${followUp.month}`, '#stage': 'stage' },
      ExpressionAttributeValues: { ':followUp': followUp, ':stage': event.stage },
    }),
  );
}

/**
 * The follow-up's task closes (its link says so). An answer recorded as it was closing is taken
 * instead: LateAnswerArrived sends the workflow back to the task, whose next send delivers it.
 */
async function closeUnanswered(
  beneficiaryId: string,
  journey: number,
  month: FollowUpMonth,
  now: Date,
): Promise<void> {
  const taskId = taskIdFor(await linkSigningSecret(), beneficiaryId, 'follow-up', month, journey);
  const task = await getTask(taskId);
  if (task?.status === 'open' && (await closeTask(taskId, 'follow-up-unanswered', now, 'onlyIfOpen'))) return;
  const current = task?.status === 'open' ? await getTask(taskId) : task;
  if (current?.status === 'answered')
    throw new LateAnswerArrived(`Follow-up task ${taskId} was answered as it was closing`);
}
