/**
 * Journey step "Escalate The Task": a coach task went unanswered through
 * every reminder. The supervisor of the beneficiary's association is told (once, whatever the
 * retries), the journey is marked late, and the task keeps waiting on the same link. The coach
 * named is the task's own (after a reassignment, no longer the one the workflow started with).
 */
import type { Context } from 'aws-lambda';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { dynamo } from './commons/clients';
import { logger, metrics } from './commons/powertools';
import { tableName } from './commons/settings';
import { instrumented } from './commons/instrumented';
import { linkSigningSecret } from './commons/secrets';
import { sendEmail } from './commons/mailer';
import { markLate } from './commons/journeys';
import { getTask, markEscalated, markEscalationEmailed } from './commons/coach-tasks';
import { escalationEmail } from './views/coach-email';
import { taskIdFor } from './domain/task-protocol';
import { escalateCoachTaskInput, parseStepInput, stepOf } from './domain/step-inputs';
import type { Association, Coach } from './domain/reference-data';

const referenceTable = tableName('reference');

async function reference<T>(kind: 'coach' | 'association', code: string): Promise<T> {
  const { Item } = await dynamo.send(new GetCommand({ TableName: referenceTable, Key: { kind, code } }));
  if (!Item) throw new Error(`No ${kind} ${code} in the reference data`);
  return Item as T;
}

export const handler = instrumented(
  async (event: unknown, _context: Context): Promise<{ escalated: boolean }> => {
    const input = parseStepInput(escalateCoachTaskInput, event, 'Escalate Coach Task');
    const now = new Date();
    const step = input.journey ? stepOf(input.taskType, input.journey) : input.step;
    const taskId = taskIdFor(
      await linkSigningSecret(),
      input.beneficiaryId,
      input.taskType,
      step,
      input.dimensions.journey,
    );
    // Answered as the period ran out: nobody is late; the workflow's next wait takes the answer.
    if ((await getTask(taskId))?.status !== 'open') return { escalated: false };
    await markEscalated(taskId, now);
    const task = await getTask(taskId);
    await markLate(input.beneficiaryId, task?.escalatedAt ? new Date(task.escalatedAt) : now, input.taskType);
    if (!task || task.escalationEmailed) return { escalated: true };

    const coach = await reference<Coach>('coach', task.coachId);
    const association = await reference<Association>('association', task.association ?? coach.association);
    await sendEmail(
      association.supervisorEmail,
      escalationEmail({
        lang: association.preferredLanguage,
        supervisorName: association.supervisorName,
        taskType: input.taskType,
        coachName: coach.displayName,
        reminders: input.reminders - 1,
        firstSentAt: new Date(task.createdAt),
        reference: input.beneficiaryId,
      }),
    );
    await markEscalationEmailed(taskId);
    metrics.addDimension('taskType', input.taskType);
    metrics.addMetric('CoachTaskEscalated', MetricUnit.Count, 1);
    logger.info('Coach task escalated', { taskId, taskType: input.taskType, association: association.code });
    return { escalated: true };
  },
);
