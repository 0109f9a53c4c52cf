/**
 * POST /tasks/{taskId}?exp&sig — the coach submits the task's form. Checked answers complete the
 * task once: the task is claimed with a conditional write, the workflow is told (SendTaskSuccess),
 * then the task is marked done. A second submission changes nothing.
 */
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { SendTaskSuccessCommand } from '@aws-sdk/client-sfn';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { dynamo, stepFunctions } from './commons/clients';
import { html, readBody, type HttpResult } from './commons/http';
import { languageOf, translator } from './commons/i18n';
import { logger, metrics } from './commons/powertools';
import { tableName } from './commons/tables';
import { getStringFromEnv } from './commons/env';
import { getTask, type CoachTask } from './commons/coach-tasks';
import { getBeneficiary } from './commons/beneficiaries';
import { onlyConditionsFailed, putJourneyEventOnce } from './commons/journey-events';
import { readTaskLink } from './commons/task-links';
import { checkTaskAnswers, type TaskAnswers, type TaskType } from './domain/coach-task';
import { journeyEvent } from './domain/journey-events';
import { taskFormPage, taskMessagePage } from './views/task-pages';

const tasksTable = tableName('tasks');
const linkSecret = getStringFromEnv('LINK_SIGNING_SECRET');
const MAX_TASK_BODY_BYTES = 8 * 1024;

export async function handler(event: APIGatewayProxyEventV2, context: Context): Promise<HttpResult> {
  logger.addContext(context);
  const lang = languageOf(event);
  const now = new Date();
  const link = readTaskLink(event, linkSecret, now);
  const self = `/tasks/${encodeURIComponent(link.taskId)}`;
  const message = (status: number, kind: Parameters<typeof taskMessagePage>[1]) =>
    html(status, taskMessagePage(lang, kind, self, link.query));
  if (link.check === 'invalid') return message(403, 'invalid');
  if (link.check === 'expired') return message(410, 'expired');

  const task = await getTask(link.taskId);
  if (!task) return message(404, 'invalid');
  if (task.status === 'completed' || task.status === 'completing') return message(409, 'alreadyDone');
  if (task.status === 'expired') return message(410, 'expired');

  const body = readBody(event, MAX_TASK_BODY_BYTES);
  const input = body.ok ? body.value : {};
  const checked = body.ok
    ? checkTaskAnswers(task.taskType, input, now)
    : { ok: false as const, errors: [body.error] };
  if (!checked.ok) {
    const t = translator(lang);
    const values = (typeof input === 'object' && input !== null ? input : {}) as Record<string, unknown>;
    const errors = checked.errors.map((e) => ({
      field: e.field,
      message:
        values[e.field] === undefined || values[e.field] === '' ? t('errors.required') : t('errors.invalid'),
    }));
    const beneficiary = await getBeneficiary(task.beneficiaryId);
    return html(400, taskFormPage(lang, task, beneficiary?.firstName ?? '', link.query, { values, errors }));
  }

  const outcome = await completeOnce(task, checked.answers, now);
  if (outcome !== 'done')
    return message(outcome === 'alreadyDone' ? 409 : outcome === 'expired' ? 410 : 503, outcome);
  metrics.addDimension('taskType', task.taskType);
  metrics.addMetric('CoachTaskCompleted', MetricUnit.Count, 1);
  metrics.publishStoredMetrics();
  return message(200, 'done');
}

/** What the workflow receives: the answers it decides on, never free text (which may be personal). */
export function workflowOutput(taskType: TaskType, answers: TaskAnswers[TaskType]): Record<string, unknown> {
  const decisions: Record<string, unknown> = { ...answers };
  delete decisions.notes;
  return { taskType, ...decisions };
}

async function completeOnce(
  task: CoachTask,
  answers: TaskAnswers[TaskType],
  now: Date,
): Promise<'done' | 'alreadyDone' | 'expired' | 'unavailable'> {
  const key = { taskId: task.taskId };
  try {
    await dynamo.send(
      new UpdateCommand({
        TableName: tasksTable,
        Key: key,
        UpdateExpression: 'SET #status = :completing, answers = :answers, completedAt = :now',
        ConditionExpression: '#status = :open',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':completing': 'completing',
          ':open': 'open',
          ':answers': answers,
          ':now': now.toISOString(),
        },
      }),
    );
  } catch (error) {
    if ((error as Error).name === 'ConditionalCheckFailedException') return 'alreadyDone';
    throw error;
  }

  try {
    await stepFunctions.send(
      new SendTaskSuccessCommand({
        taskToken: task.taskToken,
        output: JSON.stringify({ taskId: task.taskId, ...workflowOutput(task.taskType, answers) }),
      }),
    );
  } catch (error) {
    const name = (error as Error).name;
    const closed = name === 'TaskTimedOut' || name === 'TaskDoesNotExist' || name === 'InvalidToken';
    logger.warn('Workflow did not take the task', { taskId: task.taskId, error: name });
    await setStatus(task.taskId, closed ? 'expired' : 'open');
    return closed ? 'expired' : 'unavailable';
  }

  const stage = task.taskType === 'initial-interview' ? 'interviewed' : undefined;
  const statusUpdate = {
    Update: {
      TableName: tasksTable,
      Key: key,
      UpdateExpression: 'SET #status = :completed',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':completed': 'completed' },
    },
  };
  try {
    await dynamo.send(
      new TransactWriteCommand({
        TransactItems: stage
          ? [statusUpdate, putJourneyEventOnce(journeyEvent(task.beneficiaryId, stage, task.dimensions, now))]
          : [statusUpdate],
      }),
    );
  } catch (error) {
    if (!onlyConditionsFailed(error)) throw error;
    await dynamo.send(new UpdateCommand(statusUpdate.Update));
  }
  logger.info('Coach task completed', { taskId: task.taskId, taskType: task.taskType });
  return 'done';
}

async function setStatus(taskId: string, status: 'open' | 'expired'): Promise<void> {
  await dynamo.send(
    new UpdateCommand({
      TableName: tasksTable,
      Key: { taskId },
      UpdateExpression:
        status === 'open' ? 'SET #status = :status REMOVE answers, completedAt' : 'SET #status = :status',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':status': status },
    }),
  );
}
