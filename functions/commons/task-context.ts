/**
 * What a task's page needs besides the task: the personal plan (a coaching session updates its
 * steps), the training offers to choose from, and the consent to collect. Read when the page is
 * shown and again when its form is posted, so the offers are those open at that moment.
 */
import type { Beneficiary } from './beneficiaries';
import type { CoachTask } from './coach-tasks';
import { listTrainingOffers } from './training-offers';
import { matchingOffers, openSeats, type CatalogueOffer } from '../domain/training-offers';
import { provinces, type Lang } from '../domain/reference-data';
import type { Track } from '../domain/profiling-rules';
import { accompanimentTimeOver, journeyStartOf } from '../domain/coaching';
import { timeScale } from './settings';
import type { ProposedOffer, TaskFormExtra } from '../views/task-pages';

/** The offers that match the beneficiary today: their region, sector of interest and track. */
export async function offersFor(beneficiary: Beneficiary, now: Date): Promise<CatalogueOffer[]> {
  const track: Track = beneficiary.profile?.track ?? 'training-first';
  return matchingOffers(
    await listTrainingOffers(beneficiary.region),
    {
      region: beneficiary.region,
      province: beneficiary.province,
      ...(beneficiary.sectorOfInterest ? { sector: beneficiary.sectorOfInterest } : {}),
      track,
      educationLevel: beneficiary.educationLevel,
    },
    now.toISOString().slice(0, 10),
  );
}

export function proposedOffer(offer: CatalogueOffer, lang: Lang): ProposedOffer {
  return {
    offerId: offer.offerId,
    title: offer.title,
    providerName: offer.provider.name,
    providerKind: offer.provider.kind,
    province: provinces.find((p) => p.code === offer.province)?.name[lang] ?? offer.province,
    startDate: offer.startDate,
    endDate: offer.endDate,
    openSeats: openSeats(offer),
    leadsTo: offer.leadsTo,
  };
}

export async function taskFormExtra(
  task: CoachTask,
  beneficiary: Beneficiary,
  lang: Lang,
  now: Date,
): Promise<TaskFormExtra> {
  const phase = accompanimentTimeOver(journeyStartOf(beneficiary), now, timeScale())
    ? { coachingPhaseOver: true }
    : {};
  if (task.taskType === 'coaching-session')
    return { ...phase, ...(beneficiary.plan ? { plan: beneficiary.plan } : {}) };
  if (task.taskType === 'consent') return { ...phase, consentPurpose: 'training-providers' };
  if (task.taskType === 'training-choice')
    return {
      ...phase,
      offers: (await offersFor(beneficiary, now)).map((offer) => proposedOffer(offer, lang)),
    };
  return phase;
}
