/**
 * Journey step behind every coach task (a `.waitForTaskToken` state): records the task under a
 * random id, keeps the task token in that record, and emails the coach a signed link to it.
 */
import type { Context } from 'aws-lambda';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { SendEmailCommand } from '@aws-sdk/client-sesv2';
import { dynamo, email } from './commons/clients';
import { logger } from './commons/powertools';
import { tableName } from './commons/tables';
import { getStringFromEnv } from './commons/env';
import { requireBeneficiary } from './commons/beneficiaries';
import { coachTaskEmail } from './views/coach-email';
import type { CoachTask } from './commons/coach-tasks';
import {
  LINK_VALIDITY_DAYS,
  newTaskId,
  signedTaskPath,
  TASK_RETENTION_DAYS,
  type TaskType,
} from './domain/coach-task';
import type { Coach } from './domain/reference-data';
import type { Dimensions } from './domain/profile';

const tasksTable = tableName('tasks');
const referenceTable = tableName('reference');
const publicBaseUrl = getStringFromEnv('PUBLIC_BASE_URL').replace(/\/$/, '');
const emailFrom = getStringFromEnv('EMAIL_FROM');
const linkSecret = getStringFromEnv('LINK_SIGNING_SECRET');

export interface CreateCoachTaskInput {
  taskToken: string;
  taskType: TaskType;
  beneficiaryId: string;
  coachId: string;
  dimensions: Dimensions;
}

export class CoachNotFound extends Error {
  override name = 'CoachNotFound';
}

export async function handler(input: CreateCoachTaskInput, context: Context): Promise<{ taskId: string }> {
  logger.addContext(context);
  const [beneficiary, coach] = await Promise.all([
    requireBeneficiary(input.beneficiaryId),
    getCoach(input.coachId),
  ]);
  const now = new Date();
  const expiresAt = Math.floor(now.getTime() / 1000) + LINK_VALIDITY_DAYS * 86400;
  const task: CoachTask = {
    taskId: newTaskId(),
    taskType: input.taskType,
    beneficiaryId: input.beneficiaryId,
    coachId: coach.code,
    coachName: coach.displayName,
    dimensions: input.dimensions,
    taskToken: input.taskToken,
    status: 'open',
    createdAt: now.toISOString(),
    expiresAt,
    purgeAt: expiresAt + TASK_RETENTION_DAYS * 86400,
  };
  await dynamo.send(
    new PutCommand({
      TableName: tasksTable,
      Item: task,
      ConditionExpression: 'attribute_not_exists(taskId)',
    }),
  );

  const link = `${publicBaseUrl}${signedTaskPath(linkSecret, task.taskId, expiresAt)}&lang=${coach.preferredLanguage}`;
  const message = coachTaskEmail(
    coach.preferredLanguage,
    input.taskType,
    coach.displayName,
    beneficiary.firstName,
    link,
    new Date(expiresAt * 1000),
  );
  await email.send(
    new SendEmailCommand({
      FromEmailAddress: emailFrom,
      Destination: { ToAddresses: [coach.email] },
      Content: {
        Simple: {
          Subject: { Data: message.subject, Charset: 'UTF-8' },
          Body: {
            Text: { Data: message.text, Charset: 'UTF-8' },
            Html: { Data: message.html, Charset: 'UTF-8' },
          },
        },
      },
    }),
  );
  logger.info('Coach task sent', { taskId: task.taskId, taskType: task.taskType, coachId: coach.code });
  return { taskId: task.taskId };
}

async function getCoach(code: string): Promise<Coach> {
  const { Item } = await dynamo.send(
    new GetCommand({ TableName: referenceTable, Key: { kind: 'coach', code } }),
  );
  if (!Item) throw new CoachNotFound(`No coach ${code}`);
  return Item as Coach;
}
