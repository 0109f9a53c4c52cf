/**
 * Journey step "Wait For A Coach" (a `.waitForTaskToken` state): every coach of the region is
 * full. The journey joins the region's queue with its task token, the association's supervisor is
 * told (once per wait, whatever the retries and daily re-tries), and the queue is woken at once in
 * case a place freed between the failed assignment and now. It resumes when a place frees
 * (`wakeCoachQueue`, called when a journey ends or an administrator raises a capacity) or after a
 * day, when it tries the assignment again.
 */
import type { Context } from 'aws-lambda';
import * as z from 'zod';
import { logger } from './commons/powertools';
import { instrumented } from './commons/instrumented';
import { sendEmail } from './commons/mailer';
import { getAssociation } from './commons/association-store';
import { requireBeneficiary } from './commons/beneficiaries';
import { enqueue, markSupervisorTold, wakeCoachQueue } from './commons/coach-queue';
import { recordStage } from './commons/journeys';
import { journeyEvent } from './domain/journey-events';
import { QUEUE_MAX_DAYS } from './domain/coach-assignment';
import { beneficiaryIdSchema, dimensionsSchema, parseStepInput } from './domain/step-inputs';
import { queueEmail } from './views/queue-email';

const queueForCoachInput = z.object({
  taskToken: z.string().min(1),
  beneficiaryId: beneficiaryIdSchema,
  dimensions: dimensionsSchema,
});

export const handler = instrumented(async (event: unknown, _context: Context): Promise<{ queued: true }> => {
  const input = parseStepInput(queueForCoachInput, event, 'Wait For A Coach');
  const now = new Date();
  const { region } = input.dimensions;
  const beneficiary = await requireBeneficiary(input.beneficiaryId);
  const queued = await enqueue(input.beneficiaryId, region, beneficiary.association, input.taskToken, now);
  await recordStage(journeyEvent(input.beneficiaryId, 'waiting-for-coach', input.dimensions, now));
  if (!queued.supervisorToldAt && beneficiary.association) {
    const association = await getAssociation(beneficiary.association);
    if (association) {
      await sendEmail(
        association.supervisorEmail,
        queueEmail({
          lang: association.preferredLanguage,
          supervisorName: association.supervisorName,
          reference: input.beneficiaryId,
          queuedAt: new Date(queued.queuedAt),
          maxDays: QUEUE_MAX_DAYS,
        }),
      );
    }
    await markSupervisorTold(region, input.beneficiaryId, now);
  }
  logger.info('Journey waits for a coach', { beneficiaryId: input.beneficiaryId, region });
  await wakeCoachQueue(region);
  return { queued: true };
});
