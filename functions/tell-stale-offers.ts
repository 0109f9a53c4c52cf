/**
 * Once a day (an EventBridge rule on AWS; locally at start and on a timer): emails each training
 * provider's people the offers of theirs that have gone stale (not updated for STALE_AFTER_DAYS
 * days, on the platform's clock), each with the link to its form, in each person's language; then
 * marks each offer told for the update it had (`staleToldFor`). Once per offer per stale period:
 * a run finds the offers it told marked, and an offer updated since is told again when it goes
 * stale again. Rules: domain/stale-offers.ts.
 *
 * The email goes out before the mark: a run that stops between the two (a crash, a time-out, a
 * mark that fails) tells those offers again at the next run — a repeated email rather than a
 * missed one. Two runs at the same moment (a scheduled event delivered twice) may both send too.
 */
import type { Context } from 'aws-lambda';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import * as z from 'zod';
import { logger, metrics } from './commons/powertools';
import { instrumented } from './commons/instrumented';
import { sendEmail } from './commons/mailer';
import { listPeople } from './commons/people';
import { setting, timeScale } from './commons/settings';
import { markStaleTold, offersForStaleNotice } from './commons/training-offers';
import { STALE_AFTER_DAYS } from './domain/catalogue';
import { daysSinceUpdate } from './domain/partner-offers';
import { staleNoticeFor, staleNotices, type StaleNotice } from './domain/stale-offers';
import { providerPartners, type CatalogueOffer } from './domain/training-offers';
import { offerFormLink, staleOffersEmail } from './views/stale-offers-email';

const publicBaseUrl = setting('PUBLIC_BASE_URL');

/** The function takes no input: any event runs it (EventBridge's, the local timer's, a test's). */
const trigger = z.looseObject({ source: z.string().optional() });

/** Time kept for one provider's emails and marks: a provider not begun by then waits for the next run. */
const MARGIN_MS = 15_000;

export interface StaleNoticeReport {
  /** Providers told, emails sent, offers marked told. */
  providers: number;
  emails: number;
  offers: number;
  /** Providers with stale offers but no active person to tell (their offers stay untold). */
  unreachable: number;
  /** Providers whose emails or marks failed: told again at the next run. */
  failed: number;
  /** Providers left for the next run, the run's time running out. */
  deferred: number;
}

type Offer = CatalogueOffer & { staleToldFor?: string };

/** Emails each of the provider's people, then marks each offer told; the offers marked. */
async function tellProvider(notice: StaleNotice<Offer>, now: Date, scale: number): Promise<number> {
  const providerName =
    providerPartners.find((p) => p.code === notice.providerId)?.name ??
    notice.offers[0]?.provider.name ??
    notice.providerId;
  for (const person of notice.recipients) {
    const lang = person.preferredLanguage;
    await sendEmail(
      person.email,
      staleOffersEmail({
        lang,
        name: person.displayName,
        providerName,
        staleAfterDays: STALE_AFTER_DAYS,
        offers: notice.offers.map((offer) => ({
          offerId: offer.offerId,
          title: offer.title[lang],
          days: daysSinceUpdate(offer, now, scale),
          link: offerFormLink(publicBaseUrl, offer.offerId, lang),
        })),
      }),
    );
  }
  let marked = 0;
  for (const offer of notice.offers) {
    // False: edited (or given to another provider) since it was read; its next stale period is told.
    if (await markStaleTold(offer.offerId, notice.providerId, staleNoticeFor(offer), now)) marked += 1;
  }
  return marked;
}

export const handler = instrumented(async (event: unknown, context: Context): Promise<StaleNoticeReport> => {
  // Parse: nothing to read but where the run comes from.
  const source = trigger.safeParse(event).data?.source ?? 'unknown';
  const now = new Date();
  const scale = timeScale();
  // The people table is small (the staff of associations, boards and partners) and has no index by
  // partner: it is read whole (a Scan, `listPeople`), once a run.
  const [offers, people] = await Promise.all([offersForStaleNotice(), listPeople()]);

  // Decide
  const { notices, unreachable } = staleNotices(offers, people, now, scale);

  // Effects
  const report: StaleNoticeReport = {
    providers: 0,
    emails: 0,
    offers: 0,
    unreachable: unreachable.length,
    failed: 0,
    deferred: 0,
  };
  for (const notice of notices) {
    if (context.getRemainingTimeInMillis() < MARGIN_MS) {
      report.deferred += 1;
      continue;
    }
    try {
      report.offers += await tellProvider(notice, now, scale);
      report.providers += 1;
      report.emails += notice.recipients.length;
    } catch (error) {
      // One provider that fails (an address SES refuses, a throttle) does not stop the others: its
      // offers are not marked, so the next run tells them.
      report.failed += 1;
      logger.error('Stale offers not told to a provider', {
        providerId: notice.providerId,
        error: (error as Error).name,
      });
    }
  }
  for (const { providerId, offerIds } of unreachable)
    logger.warn('Stale offers with no active person of their provider to tell', { providerId, offerIds });
  if (report.offers > 0) metrics.addMetric('StaleOffersTold', MetricUnit.Count, report.offers);
  logger.info('Stale offers told', { source, ...report });
  return report;
});
