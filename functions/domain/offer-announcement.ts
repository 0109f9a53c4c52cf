/**
 * Which coaches a new training offer is announced to, and whom each email lists: the beneficiaries
 * waiting for a training (an open training choice) whom the offer suits by the very rule the
 * choice page proposes offers with (region, sector, level, track, a seat left, not yet started).
 * Plain rules, no AWS.
 */
import { matchingOffers, type CatalogueOffer, type TrainingCandidate } from './training-offers';

/** A beneficiary waiting for a training: their open choice, their coach, what the offer must suit. */
export interface WaitingForTraining extends TrainingCandidate {
  taskId: string;
  beneficiaryId: string;
  coachId: string;
}

/**
 * The waiting beneficiaries the offer suits on `today` (YYYY-MM-DD), by coach: one email each.
 * Coaches in code order, their beneficiaries as they came (oldest choice first).
 */
export function announcementsOf<W extends WaitingForTraining>(
  offer: CatalogueOffer,
  waiting: readonly W[],
  today: string,
): Map<string, W[]> {
  const byCoach = new Map<string, W[]>();
  for (const who of waiting) {
    if (matchingOffers([offer], who, today).length === 0) continue;
    byCoach.set(who.coachId, [...(byCoach.get(who.coachId) ?? []), who]);
  }
  return new Map([...byCoach].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
