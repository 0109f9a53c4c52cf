/**
 * A new training offer announced to the coaches of the beneficiaries it suits: one email per coach
 * listing them, each with the link to their open training choice. Those waiting are read from the
 * tasks' sparse index of open training choices (by region), never by a scan.
 *
 * Each coach's email is marked sent (a reference item `offer-announcement`, `<offerId>#<coachId>`)
 * once it went out; a redelivered stream record finds the mark and sends nothing again. A crash
 * between the send and the mark sends that one email twice: the same at-least-once window as a
 * coach task's email (README).
 */
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from './clients';
import { tableName, setting } from './settings';
import { logger } from './powertools';
import { tasksAwaitingTraining, type CoachTask } from './coach-tasks';
import { getBeneficiary } from './beneficiaries';
import { getCoachRecord } from './coach-loads';
import { linkSigningSecret } from './secrets';
import { taskLinkUrl } from './task-links';
import { sendEmail } from './mailer';
import { announcementsOf, type WaitingForTraining } from '../domain/offer-announcement';
import { openSeats, type CatalogueOffer } from '../domain/training-offers';
import { provinces } from '../domain/reference-data';
import type { Track } from '../domain/profiling-rules';
import { offerAnnouncementEmail } from '../views/offer-announcement-email';

const ANNOUNCEMENT = 'offer-announcement';

type Waiting = WaitingForTraining & { task: CoachTask; firstName: string };

/** The beneficiaries of the offer's region waiting for a training, with what the offer must suit. */
async function waitingIn(region: string): Promise<Waiting[]> {
  const tasks = await tasksAwaitingTraining(region);
  const waiting = await Promise.all(
    tasks.map(async (task): Promise<Waiting | undefined> => {
      const beneficiary = await getBeneficiary(task.beneficiaryId);
      if (!beneficiary) return undefined;
      const track: Track = beneficiary.profile?.track ?? 'training-first';
      return {
        task,
        taskId: task.taskId,
        beneficiaryId: task.beneficiaryId,
        coachId: task.coachId,
        firstName: beneficiary.firstName,
        region: beneficiary.region,
        province: beneficiary.province,
        ...(beneficiary.sectorOfInterest ? { sector: beneficiary.sectorOfInterest } : {}),
        track,
        educationLevel: beneficiary.educationLevel,
      };
    }),
  );
  return waiting.filter((w): w is Waiting => w !== undefined);
}

async function announcedTo(offerId: string, coachId: string): Promise<boolean> {
  const { Item } = await dynamo.send(
    new GetCommand({
      TableName: tableName('reference'),
      Key: { kind: ANNOUNCEMENT, code: `${offerId}#${coachId}` },
      ConsistentRead: true,
    }),
  );
  return Item !== undefined;
}

async function markAnnounced(offerId: string, coachId: string, listed: number, now: Date): Promise<void> {
  await dynamo.send(
    new PutCommand({
      TableName: tableName('reference'),
      Item: { kind: ANNOUNCEMENT, code: `${offerId}#${coachId}`, listed, sentAt: now.toISOString() },
    }),
  );
}

/** Announces a new offer; the number of emails sent (0 when it suits no one waiting). */
export async function announceNewOffer(offer: CatalogueOffer, now: Date): Promise<number> {
  const byCoach = announcementsOf(offer, await waitingIn(offer.region), now.toISOString().slice(0, 10));
  let sent = 0;
  for (const [coachId, waiting] of byCoach) {
    if (await announcedTo(offer.offerId, coachId)) continue;
    const coach = await getCoachRecord(coachId);
    if (!coach) {
      logger.warn('New offer not announced: the coach is not in the reference data', { coachId });
      continue;
    }
    const lang = coach.preferredLanguage ?? 'fr';
    const secret = await linkSigningSecret();
    const base = setting('PUBLIC_BASE_URL');
    await sendEmail(
      coach.email,
      offerAnnouncementEmail({
        lang,
        coachName: coach.displayName,
        offer: {
          title: offer.title[lang],
          providerName: offer.provider.name,
          province: provinces.find((p) => p.code === offer.province)?.name[lang] ?? offer.province,
          startDate: offer.startDate,
          endDate: offer.endDate,
          openSeats: openSeats(offer),
        },
        waiting: waiting.map((w) => ({
          firstName: w.firstName,
          link: taskLinkUrl(base, secret, w.task, lang),
        })),
      }),
    );
    await markAnnounced(offer.offerId, coachId, waiting.length, now);
    sent += 1;
    logger.info('New offer announced to a coach', {
      offerId: offer.offerId,
      coachId,
      beneficiaries: waiting.length,
    });
  }
  return sent;
}
