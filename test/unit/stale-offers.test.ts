/**
 * Telling providers of their stale offers, as plain rules: which offers (stale, not told yet for
 * their last update, owned by a provider), grouped by provider, to whom (its active people); and
 * the email in French, Arabic and English, with each offer's link, its texts escaped.
 */
import type { Person } from '../../functions/domain/people';
import {
  recipientsOf,
  staleNoticeFor,
  staleNotices,
  staleToldOf,
  toldAlready,
  type NoticeOffer,
} from '../../functions/domain/stale-offers';
import { offerFormLink, staleOffersEmail } from '../../functions/views/stale-offers-email';

const now = new Date('2027-06-01T08:00:00Z');
const daysAgo = (days: number) => new Date(now.getTime() - days * 86_400_000).toISOString();

function offer(offerId: string, fields: Partial<NoticeOffer> = {}): NoticeOffer {
  return { offerId, providerId: 'PRV-TTA-OFPPT', loadedAt: daysAgo(200), updatedAt: daysAgo(120), ...fields };
}

function person(personId: string, fields: Partial<Person> = {}): Person {
  return {
    personId,
    displayName: `Person ${personId}`,
    email: `${personId.toLowerCase()}@provider.example`,
    role: 'training-provider',
    region: 'TTA',
    partner: 'PRV-TTA-OFPPT',
    preferredLanguage: 'fr',
    active: true,
    ...fields,
  };
}

const ofppt = person('PROVIDER-PRV-TTA-OFPPT');
const nour = person('PROVIDER-PRV-TTA-NOUR', { partner: 'PRV-TTA-NOUR', preferredLanguage: 'ar' });

describe('which offers are told', () => {
  it('tells an offer not updated for 90 days, not one updated 89 days ago', () => {
    // Act
    const plan = staleNotices([offer('TRN-OLD'), offer('TRN-NEW', { updatedAt: daysAgo(89) })], [ofppt], now);

    // Assess
    expect(plan.notices.map((n) => n.offers.map((o) => o.offerId))).toEqual([['TRN-OLD']]);
  });

  it('counts days on the platform’s clock: 9 real days are 90 at ten times the speed', () => {
    // Act
    const fast = staleNotices([offer('TRN-A', { updatedAt: daysAgo(9) })], [ofppt], now, 10);
    const real = staleNotices([offer('TRN-A', { updatedAt: daysAgo(9) })], [ofppt], now, 1);

    // Assess
    expect(fast.notices).toHaveLength(1);
    expect(real.notices).toHaveLength(0);
  });

  it('reads an offer without updatedAt as updated when it was loaded', () => {
    // Prepare
    const legacy = offer('TRN-LEGACY', { loadedAt: daysAgo(100) });
    delete legacy.updatedAt;

    // Act
    const plan = staleNotices([legacy], [ofppt], now);

    // Assess
    expect(staleNoticeFor(legacy)).toBe(daysAgo(100));
    expect(plan.notices[0]?.offers.map((o) => o.offerId)).toEqual(['TRN-LEGACY']);
  });

  it('does not tell again an offer told for its last update', () => {
    // Prepare
    const told = offer('TRN-TOLD', { staleToldFor: daysAgo(120) });

    // Act
    const plan = staleNotices([told], [ofppt], now);

    // Assess
    expect(toldAlready(told)).toBe(true);
    expect(plan).toEqual({ notices: [], unreachable: [] });
  });

  it('tells again an offer told for an earlier update, updated since and stale again', () => {
    // Prepare: told when last updated 300 days ago; updated 120 days ago.
    const again = offer('TRN-AGAIN', { staleToldFor: daysAgo(300), updatedAt: daysAgo(120) });

    // Act
    const plan = staleNotices([again], [ofppt], now);

    // Assess
    expect(toldAlready(again)).toBe(false);
    expect(plan.notices[0]?.offers.map((o) => o.offerId)).toEqual(['TRN-AGAIN']);
  });

  it('tells no one of an offer without a provider', () => {
    // Prepare
    const ownerless = offer('TRN-FILE');
    delete ownerless.providerId;

    // Act
    const plan = staleNotices([ownerless], [ofppt, nour], now);

    // Assess
    expect(plan).toEqual({ notices: [], unreachable: [] });
  });

  it('groups the offers by provider, each its own offers only, in id order', () => {
    // Act
    const plan = staleNotices(
      [
        offer('TRN-C'),
        offer('TRN-N', { providerId: 'PRV-TTA-NOUR' }),
        offer('TRN-A'),
        offer('TRN-B', { updatedAt: daysAgo(10) }),
      ],
      [nour, ofppt],
      now,
    );

    // Assess
    expect(
      plan.notices.map((n) => [
        n.providerId,
        n.offers.map((o) => o.offerId),
        n.recipients.map((r) => r.personId),
      ]),
    ).toEqual([
      ['PRV-TTA-NOUR', ['TRN-N'], ['PROVIDER-PRV-TTA-NOUR']],
      ['PRV-TTA-OFPPT', ['TRN-A', 'TRN-C'], ['PROVIDER-PRV-TTA-OFPPT']],
    ]);
  });

  it('leaves untold, and says so, the offers of a provider with no active person', () => {
    // Act
    const plan = staleNotices([offer('TRN-A')], [{ ...ofppt, active: false }, nour], now);

    // Assess
    expect(plan).toEqual({
      notices: [],
      unreachable: [{ providerId: 'PRV-TTA-OFPPT', offerIds: ['TRN-A'] }],
    });
  });

  it('reads the marker only when it is a text', () => {
    // Act, Assess
    expect(staleToldOf({ staleToldFor: '2027-01-01T00:00:00.000Z' })).toEqual({
      staleToldFor: '2027-01-01T00:00:00.000Z',
    });
    expect(staleToldOf({ staleToldFor: 42 })).toEqual({});
    expect(staleToldOf({})).toEqual({});
  });
});

describe('who is told', () => {
  it('emails the provider’s active training-provider people, not its employers nor other partners', () => {
    // Prepare
    const people = [
      person('P-2', { preferredLanguage: 'en' }),
      person('P-1'),
      person('P-OFF', { active: false }),
      person('P-OTHER', { partner: 'PRV-ORI-OFPPT' }),
      person('E-1', { role: 'employer' }),
      person('P-NOMAIL', { email: '' }),
    ];

    // Act
    const recipients = recipientsOf(people, 'PRV-TTA-OFPPT');

    // Assess
    expect(recipients.map((r) => [r.personId, r.preferredLanguage])).toEqual([
      ['P-1', 'fr'],
      ['P-2', 'en'],
    ]);
  });

  it('writes in French to someone whose language the table does not know', () => {
    // Prepare
    const odd = { ...person('P-1'), preferredLanguage: 'de' } as unknown as Person;

    // Act, Assess
    expect(recipientsOf([odd], 'PRV-TTA-OFPPT')[0]?.preferredLanguage).toBe('fr');
  });
});

describe('the email', () => {
  const base = 'https://kafaat.example/';
  const input = {
    name: 'OFPPT <Tanger>',
    providerName: 'OFPPT — Complexe de formation Tanger',
    staleAfterDays: 90,
  };
  const titles = { fr: 'Agent logistique', ar: 'عون لوجستيك', en: 'Logistics agent' } as const;

  it.each(['fr', 'ar', 'en'] as const)('lists each offer with its link to its form, in %s', (lang) => {
    // Act
    const email = staleOffersEmail({
      ...input,
      lang,
      offers: [
        {
          offerId: 'TRN-TNG-LOG',
          title: titles[lang],
          days: 120,
          link: offerFormLink(base, 'TRN-TNG-LOG', lang),
        },
        {
          offerId: 'TRN-TNG-SOU',
          title: `${titles[lang]} "2" & co`,
          days: 95,
          link: offerFormLink(base, 'TRN-TNG-SOU', lang),
        },
      ],
    });

    // Assess
    expect(email.subject).toContain('2');
    expect(email.text).toContain(titles[lang]);
    expect(email.text).toContain('120');
    expect(email.text).toContain(`https://kafaat.example/partner/offers/TRN-TNG-LOG?lang=${lang}`);
    expect(email.text).toContain(`https://kafaat.example/partner/offers/TRN-TNG-SOU?lang=${lang}`);
    expect(email.text).toContain('OFPPT — Complexe de formation Tanger');
    expect(email.html).toContain(`<html lang="${lang}" dir="${lang === 'ar' ? 'rtl' : 'ltr'}">`);
    expect(email.html).toContain(`href="https://kafaat.example/partner/offers/TRN-TNG-LOG?lang=${lang}"`);
    expect(email.html).toContain('OFPPT &lt;Tanger&gt;');
    expect(email.html).toContain('&quot;2&quot; &amp; co');
    expect(email.html).not.toContain('<Tanger>');
    expect(`${email.subject}${email.text}`).not.toMatch(/staleOffers\.|\{\{/);
  });

  it('speaks each language', () => {
    // Act
    const subject = (lang: 'fr' | 'ar' | 'en') => staleOffersEmail({ ...input, lang, offers: [] }).subject;

    // Assess
    expect(subject('fr')).toContain('à mettre à jour');
    expect(subject('ar')).toContain('تحيين');
    expect(subject('en')).toContain('to update');
  });

  it('makes a link of an offer id that needs escaping in a path', () => {
    // Act, Assess
    expect(offerFormLink('https://kafaat.example', 'TRN/1 2', 'ar')).toBe(
      'https://kafaat.example/partner/offers/TRN%2F1%202?lang=ar',
    );
  });
});
