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
import { closeTask, markDelivered } from './commons/coach-tasks';
import { journeyEvent } from './domain/journey-events';
import { taskIdFor } from './domain/task-protocol';
import { parseStepInput, recordStageInput } from './domain/step-inputs';

export const handler = instrumented(async (event: unknown, _context: Context): Promise<{ stage: string }> => {
  const input = parseStepInput(recordStageInput, event, 'Record Stage');
  const now = new Date();
  await recordStage(journeyEvent(input.beneficiaryId, input.stage, input.dimensions, now));
  if (input.taskId) await markDelivered(input.taskId, now);
  const secret = await linkSigningSecret();
  for (const taskType of input.closeTaskTypes ?? []) {
    await closeTask(taskIdFor(secret, input.beneficiaryId, taskType), `journey-${input.stage}`, now);
  }
  logger.info('Journey stage recorded', { beneficiaryId: input.beneficiaryId, stage: input.stage });
  return { stage: input.stage };
});
