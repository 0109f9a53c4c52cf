/**
 * Journey step "Record Interview" (and "Close Unanswered Journey"): the workflow itself records
 * the stage its coach task brought, once — the event id is the stage, so a redelivered answer or a
 * retried step counts nothing twice — and marks the task's answer delivered.
 */
import type { Context } from 'aws-lambda';
import { logger } from './commons/powertools';
import { instrumented } from './commons/instrumented';
import { linkSigningSecret } from './commons/secrets';
import { recordStage } from './commons/journeys';
import { closeTask, getTask, markDelivered } from './commons/coach-tasks';
import { journeyEvent } from './domain/journey-events';
import { taskIdFor } from './domain/task-protocol';
import { parseStepInput, recordStageInput } from './domain/step-inputs';

export class LateAnswerArrived extends Error {
  override name = 'LateAnswerArrived';
}

export const handler = instrumented(async (event: unknown, _context: Context): Promise<{ stage: string }> => {
  const input = parseStepInput(recordStageInput, event, 'Record Stage');
  const now = new Date();
  const secret = await linkSigningSecret();
  const closing = (input.closeTaskTypes ?? []).map((taskType) =>
    taskIdFor(secret, input.beneficiaryId, taskType),
  );
  // Open tasks close first (so a link says so); an answer recorded as the last period ran out is
  // taken, not closed: the step fails with LateAnswerArrived and the workflow waits once more.
  for (const taskId of closing) {
    if (await closeTask(taskId, `journey-${input.stage}`, now, 'onlyIfOpen')) continue;
    if ((await getTask(taskId))?.status === 'answered') {
      throw new LateAnswerArrived(`Task ${taskId} was answered as the journey was closing`);
    }
  }
  await recordStage(journeyEvent(input.beneficiaryId, input.stage, input.dimensions, now));
  if (input.taskId) await markDelivered(input.taskId, now);
  logger.info('Journey stage recorded', { beneficiaryId: input.beneficiaryId, stage: input.stage });
  return { stage: input.stage };
});
