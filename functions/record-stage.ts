/**
 * Journey step "Close Unanswered Journey": a coach task stayed unanswered after every reminder and
 * the escalation. The journey's open tasks close first (so their links say so); an answer recorded
 * as the last period ran out is taken, not closed: the step fails with LateAnswerArrived and the
 * workflow waits once more on that task. Then the stage is recorded once (the event id is the
 * stage) and the coach's place frees.
 */
import type { Context } from 'aws-lambda';
import { logger } from './commons/powertools';
import { instrumented } from './commons/instrumented';
import { recordStage } from './commons/journeys';
import { closeOpenTasks, freeCoachPlace } from './commons/journey-end';
import { journeyEvent } from './domain/journey-events';
import { parseStepInput, recordStageInput } from './domain/step-inputs';

export { LateAnswerArrived } from './commons/journey-end';

export const handler = instrumented(async (event: unknown, _context: Context): Promise<{ stage: string }> => {
  const input = parseStepInput(recordStageInput, event, 'Record Stage');
  const now = new Date();
  if (input.closeOpenTasks) {
    await closeOpenTasks(input.beneficiaryId, `journey-${input.stage}`, now, { takeLateAnswers: true });
  }
  const recorded = await recordStage(journeyEvent(input.beneficiaryId, input.stage, input.dimensions, now));
  await freeCoachPlace(input.beneficiaryId, input.dimensions.region, now);
  if (recorded === 'journeyEndedBefore')
    logger.warn('Stage not recorded: the journey had already ended', {
      beneficiaryId: input.beneficiaryId,
      stage: input.stage,
    });
  else logger.info('Journey stage recorded', { beneficiaryId: input.beneficiaryId, stage: input.stage });
  return { stage: input.stage };
});
