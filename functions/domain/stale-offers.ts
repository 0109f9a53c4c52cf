/**
 * Telling training providers that offers of theirs have gone stale (the training-offer issue: "an
 * offer not updated for 90 days is flagged stale to its provider and on the catalogue"): which
 * offers to tell, grouped by provider, and to whom. Once per offer per stale period: an offer is
 * marked told for the update it had (`staleToldFor`, its `updatedAt`, else its `loadedAt`); updated
 * later and stale again, it is told again. Plain rules, no AWS: functions/tell-stale-offers.ts
 * reads the offers and the people, sends the emails and marks the offers.
 */
import { isStale, lastUpdateOf } from './catalogue';
import type { Person } from './people';
import { personLanguages } from './people-admin';
import type { Lang } from './reference-data';
import type { CatalogueOffer } from './training-offers';

/** An offer as this rule reads it, with the update its provider was last told it is stale for. */
export type NoticeOffer = Pick<CatalogueOffer, 'offerId' | 'providerId' | 'updatedAt' | 'loadedAt'> & {
  staleToldFor?: string;
};

/** The marker an item carries (a text), or nothing: anything else counts as never told. */
export function staleToldOf(item: Readonly<Record<string, unknown>>): { staleToldFor?: string } {
  return typeof item.staleToldFor === 'string' ? { staleToldFor: item.staleToldFor } : {};
}

/** The update a stale notice of the offer is for: its last one (`updatedAt`, else `loadedAt`). */
export function staleNoticeFor(offer: Pick<CatalogueOffer, 'updatedAt' | 'loadedAt'>): string {
  return lastUpdateOf(offer);
}

/** Whether the provider has been told already that the offer, as last updated, is stale. */
export function toldAlready(offer: NoticeOffer): boolean {
  return offer.staleToldFor !== undefined && offer.staleToldFor === staleNoticeFor(offer);
}

const FALLBACK_LANGUAGE: Lang = 'fr';

/** Code-point order, the same on every machine. */
const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Who is told of a provider's offers: its people, as the people table keeps them. */
export type Recipient = Pick<Person, 'personId' | 'displayName' | 'email' | 'preferredLanguage'>;

/**
 * The provider's people to email: training providers of that partner, active, with an address.
 * A language the table does not know is read as French (the reference language).
 */
export function recipientsOf(
  people: readonly Pick<
    Person,
    'personId' | 'displayName' | 'email' | 'preferredLanguage' | 'role' | 'partner' | 'active'
  >[],
  providerId: string,
): Recipient[] {
  return people
    .filter(
      (p) =>
        p.role === 'training-provider' &&
        p.partner === providerId &&
        p.active === true &&
        typeof p.email === 'string' &&
        p.email.includes('@'),
    )
    .map((p) => ({
      personId: p.personId,
      displayName: p.displayName,
      email: p.email,
      preferredLanguage: (personLanguages as readonly string[]).includes(p.preferredLanguage)
        ? p.preferredLanguage
        : FALLBACK_LANGUAGE,
    }))
    .sort((a, b) => byText(a.personId, b.personId));
}

/** One provider's notice: its stale offers not told yet (offerId order), and who gets the email. */
export interface StaleNotice<O extends NoticeOffer> {
  providerId: string;
  offers: O[];
  recipients: Recipient[];
}

export interface StaleNoticePlan<O extends NoticeOffer> {
  notices: StaleNotice<O>[];
  /** Providers with offers to tell but no active person to tell them to: left untold (not marked). */
  unreachable: { providerId: string; offerIds: string[] }[];
}

/**
 * The notices to send on `now`: each provider's offers that are stale (the catalogue's rule, on the
 * platform's clock) and not yet told for their last update, grouped by provider (providerId
 * order). An offer without `providerId` belongs to no partner: no one is told. A provider with no
 * active person is `unreachable`: its offers stay untold, so a person added later is told.
 */
export function staleNotices<O extends NoticeOffer>(
  offers: readonly O[],
  people: Parameters<typeof recipientsOf>[0],
  now: Date,
  timeScale = 1,
): StaleNoticePlan<O> {
  const byProvider = new Map<string, O[]>();
  for (const offer of offers) {
    if (offer.providerId === undefined || !isStale(offer, now, timeScale) || toldAlready(offer)) continue;
    const list = byProvider.get(offer.providerId) ?? [];
    list.push(offer);
    byProvider.set(offer.providerId, list);
  }
  const plan: StaleNoticePlan<O> = { notices: [], unreachable: [] };
  for (const providerId of [...byProvider.keys()].sort(byText)) {
    const stale = (byProvider.get(providerId) ?? []).sort((a, b) => byText(a.offerId, b.offerId));
    const recipients = recipientsOf(people, providerId);
    if (recipients.length === 0) plan.unreachable.push({ providerId, offerIds: stale.map((o) => o.offerId) });
    else plan.notices.push({ providerId, offers: stale, recipients });
  }
  return plan;
}
