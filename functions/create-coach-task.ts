/**
 * Journey step behind every coach task (a `.waitForTaskToken` state): records the task under its
 * stable id, keeps the workflow's task token in that record, and emails the coach a signed link.
 *
 * It runs again for a reminder (the task timed out: the workflow sends a new token) and may run
 * twice for one send (a Lambda retry). Each time it decides from the record what is left to do:
 * a reminder keeps the same link and says so; a retry sends no second email; an answer that came
 * in while the old token was closing is handed to the new token (the tasks stream delivers it).
 */
import type { Context } from 'aws-lambda';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { dynamo } from './commons/clients';
import { logger, metrics } from './commons/powertools';
import { tableName } from './commons/settings';
import { setting } from './commons/settings';
import { instrumented } from './commons/instrumented';
import { linkSigningSecret } from './commons/secrets';
import { requireBeneficiary } from './commons/beneficiaries';
import { sendEmail } from './commons/mailer';
import { createTask, getTask, markEmailed, renewToken, type CoachTask } from './commons/coach-tasks';
import { coachTaskEmail } from './views/coach-email';
import { signedTaskPath } from './domain/coach-task';
import { decideSend, linkExpiresAt, taskIdFor, TASK_RETENTION_DAYS } from './domain/task-protocol';
import { createCoachTaskInput, parseStepInput, type CreateCoachTaskInput } from './domain/step-inputs';
import type { Coach } from './domain/reference-data';

const referenceTable = tableName('reference');
const publicBaseUrl = setting('PUBLIC_BASE_URL').replace(/\/$/, '');
const timeScale = Number(process.env.TIME_SCALE ?? '1') || 1;

export class CoachNotFound extends Error {
  override name = 'CoachNotFound';
}

export const handler = instrumented(
  async (event: unknown, _context: Context): Promise<{ taskId: string }> => {
    const input = parseStepInput(createCoachTaskInput, event, 'Create Coach Task');
    const now = new Date();
    const secret = await linkSigningSecret();
    const taskId = taskIdFor(secret, input.beneficiaryId, input.taskType);
    let task = await getTask(taskId);
    const decision = decideSend(task, input.taskToken, input.reminders);

    if (decision.record === 'create') {
      const created = newTask(taskId, input, await getCoach(input.coachId), now);
      // A concurrent send may have created it first: then we go on with what is there.
      task = (await createTask(created)) ? created : await getTask(taskId);
    } else if (decision.record === 'renew' && task) {
      await renewToken(taskId, task.taskToken, input.taskToken, input.reminders, now);
      task = await getTask(taskId);
    }
    if (!task) throw new Error(`Task ${taskId} vanished while it was being sent`);
    if (decision.email === 'none') {
      logger.info('Coach task renewed without email', { taskId, status: task.status });
      return { taskId };
    }

    await emailCoach(task, input);
    await markEmailed(taskId, input.reminders);
    metrics.addDimension('taskType', input.taskType);
    metrics.addMetric(
      decision.email === 'reminder' ? 'CoachTaskReminded' : 'CoachTaskSent',
      MetricUnit.Count,
      1,
    );
    logger.info('Coach task sent', {
      taskId,
      taskType: task.taskType,
      coachId: task.coachId,
      reminders: input.reminders,
    });
    return { taskId };
  },
);

function newTask(taskId: string, input: CreateCoachTaskInput, coach: Coach, now: Date): CoachTask {
  const expiresAt = linkExpiresAt(now, input.timeoutSeconds, timeScale);
  return {
    taskId,
    taskType: input.taskType,
    beneficiaryId: input.beneficiaryId,
    coachId: coach.code,
    coachName: coach.displayName,
    dimensions: input.dimensions,
    taskToken: input.taskToken,
    status: 'open',
    createdAt: now.toISOString(),
    lastSentAt: now.toISOString(),
    reminders: input.reminders,
    expiresAt,
    purgeAt: expiresAt + TASK_RETENTION_DAYS * 86400,
  };
}

async function emailCoach(task: CoachTask, input: CreateCoachTaskInput): Promise<void> {
  const [beneficiary, coach] = await Promise.all([
    requireBeneficiary(task.beneficiaryId),
    getCoach(task.coachId),
  ]);
  const lang = coach.preferredLanguage;
  const link = `${publicBaseUrl}${signedTaskPath(await linkSigningSecret(), task.taskId, task.expiresAt)}&lang=${lang}`;
  const message = coachTaskEmail({
    lang,
    taskType: task.taskType,
    coachName: coach.displayName,
    beneficiaryFirstName: beneficiary.firstName,
    link,
    expiresAt: new Date(task.expiresAt * 1000),
    ...(input.reminders > 0
      ? { reminder: { count: input.reminders, firstSentAt: new Date(task.createdAt) } }
      : {}),
  });
  await sendEmail(coach.email, message);
}

async function getCoach(code: string): Promise<Coach> {
  const { Item } = await dynamo.send(
    new GetCommand({ TableName: referenceTable, Key: { kind: 'coach', code } }),
  );
  if (!Item) throw new CoachNotFound(`No coach ${code}`);
  return Item as Coach;
}
