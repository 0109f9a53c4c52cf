/**
 * The training offer against the demand: what an offer's or a need's change adds to the counters,
 * the aspiration an intake adds, the gap by region and sector; and the rule that picks whom a new
 * offer is announced to (the choice page's own rule, the education level included).
 */
import fc from 'fast-check';
import {
  aspirationKey,
  foldIntoTotal,
  measures,
  offerDemandByRegionAndSector,
  offerDemandFromTotals,
  offerDemandKey,
  supplyChange,
  supplyOf,
  totalChanges,
  totalKeyOf,
} from '../../functions/domain/offer-demand';
import { counterItem, countersFor, summarize, type Counter } from '../../functions/domain/aggregates';
import { sectors } from '../../functions/domain/coach-task';
import { provinces } from '../../functions/domain/reference-data';
import { journeyEvent } from '../../functions/domain/journey-events';
import { announcementsOf, type WaitingForTraining } from '../../functions/domain/offer-announcement';
import { matchingOffers, meetsLevel, type CatalogueOffer } from '../../functions/domain/training-offers';
import { offerAnnouncementEmail } from '../../functions/views/offer-announcement-email';

const offerItem = {
  kind: 'training-offer',
  code: 'TRN-TNG-LOG',
  region: 'TTA',
  province: 'TNG',
  sector: 'logistics',
  startDate: '2027-02-01',
  seats: 20,
  seatsTaken: 3,
};
const needItem = {
  kind: 'labour-need',
  code: 'EMP-TTA-AUTOPARK#NEED-1',
  region: 'TTA',
  province: 'TNG',
  sector: 'industry',
  periodStart: '2027-03-01',
  positions: 12,
};

describe('what an offer or a need adds to the counters', () => {
  it('counts an offer and its seats in the month it starts, a need and its positions in the month its period starts', () => {
    // Act
    const offer = supplyOf(offerItem);
    const need = supplyOf(needItem);

    // Assess
    expect([...offer]).toEqual([
      ['TTA#TNG#logistics#2027-02#offers', 1],
      ['TTA#TNG#logistics#2027-02#seats', 20],
    ]);
    expect([...need]).toEqual([
      ['TTA#TNG#industry#2027-03#needs', 1],
      ['TTA#TNG#industry#2027-03#positions', 12],
    ]);
  });

  it('ignores other reference items and items that do not read as offers or needs', () => {
    // Act
    const coach = supplyOf({ kind: 'coach', code: 'C-1', region: 'TTA' });
    const broken = supplyOf({ ...offerItem, seats: 'many' });

    // Assess
    expect(coach.size).toBe(0);
    expect(broken.size).toBe(0);
  });

  it('counts a new offer whole, and a deleted one taken away', () => {
    // Act
    const created = supplyChange(undefined, offerItem);
    const deleted = supplyChange(offerItem, undefined);

    // Assess
    expect(created).toEqual([
      { sk: 'TTA#TNG#logistics#2027-02#offers', by: 1 },
      { sk: 'TTA#TNG#logistics#2027-02#seats', by: 20 },
    ]);
    expect(deleted).toEqual([
      { sk: 'TTA#TNG#logistics#2027-02#offers', by: -1 },
      { sk: 'TTA#TNG#logistics#2027-02#seats', by: -20 },
    ]);
  });

  it('counts only the seats a provider added, and nothing when only seats taken or a title changed', () => {
    // Act
    const moreSeats = supplyChange(offerItem, { ...offerItem, seats: 25 });
    const seatTaken = supplyChange(offerItem, { ...offerItem, seatsTaken: 4, title: { fr: 'Autre' } });

    // Assess
    expect(moreSeats).toEqual([{ sk: 'TTA#TNG#logistics#2027-02#seats', by: 5 }]);
    expect(seatTaken).toEqual([]);
  });

  it('moves a need that changed province from the old cell to the new one', () => {
    // Act
    const moved = supplyChange(needItem, { ...needItem, province: 'TET', positions: 10 });

    // Assess
    expect(moved).toEqual([
      { sk: 'TTA#TET#industry#2027-03#needs', by: 1 },
      { sk: 'TTA#TET#industry#2027-03#positions', by: 10 },
      { sk: 'TTA#TNG#industry#2027-03#needs', by: -1 },
      { sk: 'TTA#TNG#industry#2027-03#positions', by: -12 },
    ]);
  });
});

describe('the aspiration an intake adds', () => {
  const dimensions = {
    region: 'ORI',
    province: 'NAD',
    sex: 'F' as const,
    ageBand: '18-24' as const,
    educationLevel: 'primary',
  };
  const at = new Date('2026-11-20T10:00:00Z');

  it('counts an intake with a sector of interest in its region, province, sector and month', () => {
    // Act
    const keys = countersFor(journeyEvent('b-1', 'intake', { ...dimensions, sector: 'agri-food' }, at));

    // Assess: in its month, and in its total over the months.
    expect(keys).toContainEqual({ pk: 'offerDemand', sk: 'ORI#NAD#agri-food#2026-11#aspirations' });
    expect(keys).toContainEqual({ pk: 'offerDemandTotal', sk: 'ORI#agri-food#aspirations' });
  });

  it('counts no aspiration for an intake without a sector, nor for any later step', () => {
    // Act
    const noSector = countersFor(journeyEvent('b-1', 'intake', dimensions, at));
    const later = countersFor(journeyEvent('b-1', 'interviewed', { ...dimensions, sector: 'agri-food' }, at));
    const reopened = countersFor(
      journeyEvent('b-1', 'reopened', { ...dimensions, sector: 'agri-food', journey: 2 }, at),
    );

    // Assess
    for (const keys of [noSector, later, reopened])
      expect(keys.some((k) => k.pk.startsWith('offerDemand'))).toBe(false);
    expect(aspirationKey({ ...dimensions, occurredAt: at.toISOString() })).toBeUndefined();
  });
});

describe('the gap by region and sector', () => {
  const counters = [
    { sk: 'TTA#TNG#logistics#2027-02#offers', count: 2 },
    { sk: 'TTA#TNG#logistics#2027-02#seats', count: 35 },
    { sk: 'TTA#TET#logistics#2027-04#seats', count: 15 },
    { sk: 'TTA#TET#logistics#2027-04#offers', count: 1 },
    { sk: 'TTA#TNG#logistics#2027-03#positions', count: 40 },
    { sk: 'TTA#TNG#logistics#2027-03#needs', count: 3 },
    { sk: 'TTA#TNG#logistics#2026-11#aspirations', count: 9 },
    { sk: 'TTA#TNG#hospitality#2026-11#aspirations', count: 3 },
    { sk: 'ORI#NAD#agri-food#2026-11#aspirations', count: 0 },
    { sk: 'broken-key', count: 99 },
  ];

  it('sums provinces and months in the sector list’s order, and leaves out sectors with nothing in them', () => {
    // Act
    const gap = offerDemandByRegionAndSector(counters, 5);

    // Assess
    expect(gap.rows).toEqual([
      {
        region: 'TTA',
        sector: 'hospitality',
        offers: 0,
        seats: 0,
        needs: 0,
        positions: 0,
        aspirations: { suppressed: true },
      },
      {
        region: 'TTA',
        sector: 'logistics',
        offers: 3,
        seats: 50,
        needs: 3,
        positions: 40,
        aspirations: 9,
      },
    ]);
  });

  it('counts only the months asked', () => {
    // Act
    const gap = offerDemandByRegionAndSector(counters, 5, { from: '2027-01', to: '2027-03' });

    // Assess
    expect(gap.rows).toEqual([
      { region: 'TTA', sector: 'logistics', offers: 2, seats: 35, needs: 3, positions: 40, aspirations: 0 },
    ]);
    expect(gap).toMatchObject({ from: '2027-01', to: '2027-03' });
  });
});

describe('the totals over every month', () => {
  it('names the total of a monthly counter by its region, sector and measure', () => {
    expect(totalKeyOf('TTA#TNG#logistics#2027-02#seats')).toBe('TTA#logistics#seats');
    expect(totalKeyOf('broken-key')).toBeUndefined();
  });

  it('adds a change to its total once, and a need moved to another province of the region to none', () => {
    // Act: a need moved from Tangier to Tétouan (and its month with it), an offer's seats raised.
    const moved = supplyChange(
      { ...needItem, province: 'TNG', periodStart: '2027-03-01' },
      { ...needItem, province: 'TET', periodStart: '2027-04-01' },
    );
    const raised = supplyChange(offerItem, { ...offerItem, seats: 26 });

    // Assess
    expect(moved.length).toBe(4);
    expect(totalChanges(moved)).toEqual([]);
    expect(totalChanges([...raised, ...raised])).toEqual([{ sk: 'TTA#logistics#seats', by: 12 }]);
  });

  it('folds into a total what of a monthly counter is not in it yet', () => {
    expect(foldIntoTotal({ count: 7 })).toBe(7);
    expect(foldIntoTotal({ count: 7, inTotals: 2 })).toBe(5);
    expect(foldIntoTotal({ count: 7, inTotals: 7 })).toBe(0);
    // A counter loaded as its writers leave it is in step.
    expect(
      foldIntoTotal(counterItem({ pk: 'offerDemand', sk: 'TTA#TNG#logistics#2027-02#seats', count: 9 })),
    ).toBe(0);
  });

  it('gives the same gap as the monthly counters it sums, whatever they are', () => {
    const cell = fc.record({
      province: fc.constantFrom(...provinces.filter((p) => ['TTA', 'ORI', 'CS'].includes(p.region))),
      sector: fc.constantFrom(...sectors),
      month: fc.constantFrom('2025-12', '2026-01', '2026-11', '2027-04'),
      measure: fc.constantFrom(...measures),
      count: fc.integer({ min: 0, max: 40 }),
    });
    fc.assert(
      fc.property(fc.array(cell, { maxLength: 60 }), (cells) => {
        // Prepare: the monthly counters (one per cell: a key counted twice is summed), and their totals.
        const monthly = new Map<string, number>();
        for (const c of cells) {
          const sk = offerDemandKey(
            { region: c.province.region, province: c.province.code, sector: c.sector, month: c.month },
            c.measure,
          );
          monthly.set(sk, (monthly.get(sk) ?? 0) + c.count);
        }
        const totals = new Map<string, number>();
        for (const [sk, count] of monthly) {
          const total = totalKeyOf(sk) ?? '';
          totals.set(total, (totals.get(total) ?? 0) + count);
        }

        // Assess
        expect(
          offerDemandFromTotals(
            [...totals].map(([sk, count]) => ({ sk, count })),
            5,
          ),
        ).toEqual(
          offerDemandByRegionAndSector(
            [...monthly].map(([sk, count]) => ({ sk, count })),
            5,
          ),
        );
      }),
      { numRuns: 300 },
    );
  });

  it('is what the summary reads once the totals are ready, the monthly counters until then', () => {
    // Prepare: monthly counters with one count the totals lack (as before the fold).
    const monthly: Counter[] = [
      { pk: 'offerDemand', sk: 'TTA#TNG#logistics#2027-02#offers', count: 3 },
      { pk: 'offerDemand', sk: 'TTA#TET#logistics#2027-04#offers', count: 1 },
    ];
    const totals: Counter[] = [{ pk: 'offerDemandTotal', sk: 'TTA#logistics#offers', count: 3 }];
    const ready: Counter = { pk: 'offerDemandTotal', sk: '!ready', count: 0 };
    const at = new Date('2026-11-30T12:00:00Z');
    const offers = (counters: Counter[]) =>
      summarize(counters, at).offerDemand.rows.find((r) => r.sector === 'logistics')?.offers;

    // Assess
    expect(offers([...monthly, ...totals])).toBe(4);
    expect(offers([...monthly, ...totals, ready])).toBe(3);
  });
});

describe('whom a new offer is announced to', () => {
  const today = '2026-12-01';
  const offer: CatalogueOffer = {
    offerId: 'TRN-NEW',
    title: { fr: 'Cariste', ar: 'سائق رافعة', en: 'Forklift driver' },
    region: 'TTA',
    province: 'TNG',
    sector: 'logistics',
    provider: { name: 'OFPPT', kind: 'public' },
    startDate: '2027-01-10',
    endDate: '2027-03-10',
    seats: 10,
    leadsTo: 'wage-employment',
    tracks: ['training-first', 'direct-placement'],
    educationLevelMin: 'lower-secondary',
    seatsTaken: 0,
    loadedAt: '2026-11-30T00:00:00.000Z',
  };
  const waiting = (id: string, coachId: string, changes: Partial<WaitingForTraining> = {}) => ({
    taskId: `t-${id}`,
    beneficiaryId: id,
    coachId,
    region: 'TTA',
    province: 'TET',
    sector: 'logistics',
    track: 'training-first' as const,
    educationLevel: 'baccalaureate',
    ...changes,
  });

  it('groups by coach the beneficiaries the offer suits, and leaves the others out', () => {
    // Prepare
    const all = [
      waiting('b-1', 'C-2'),
      waiting('b-2', 'C-1'),
      waiting('b-3', 'C-2', { sector: undefined }),
      waiting('b-4', 'C-1', { sector: 'hospitality' }),
      waiting('b-5', 'C-1', { educationLevel: 'primary' }),
      waiting('b-6', 'C-3', { track: 'self-employment' }),
    ];

    // Act
    const byCoach = announcementsOf(offer, all, today);

    // Assess
    expect([...byCoach.keys()]).toEqual(['C-1', 'C-2']);
    expect(byCoach.get('C-1')?.map((w) => w.beneficiaryId)).toEqual(['b-2']);
    expect(byCoach.get('C-2')?.map((w) => w.beneficiaryId)).toEqual(['b-1', 'b-3']);
  });

  it('announces nothing for an offer already started or without a seat left', () => {
    // Act
    const started = announcementsOf({ ...offer, startDate: '2026-11-15' }, [waiting('b-1', 'C-1')], today);
    const full = announcementsOf({ ...offer, seatsTaken: 10 }, [waiting('b-1', 'C-1')], today);

    // Assess
    expect(started.size).toBe(0);
    expect(full.size).toBe(0);
  });

  it('proposes on the choice page only offers whose level the beneficiary meets', () => {
    // Act
    const forPrimary = matchingOffers([offer], waiting('b-1', 'C-1', { educationLevel: 'primary' }), today);
    const forVocational = matchingOffers(
      [offer],
      waiting('b-1', 'C-1', { educationLevel: 'vocational' }),
      today,
    );

    // Assess
    expect(forPrimary).toEqual([]);
    expect(forVocational.map((o) => o.offerId)).toEqual(['TRN-NEW']);
    expect(meetsLevel({ educationLevelMin: 'baccalaureate' }, 'vocational')).toBe(false);
    expect(meetsLevel({ educationLevelMin: 'baccalaureate' }, 'higher')).toBe(true);
    expect(meetsLevel({}, 'none')).toBe(true);
  });
});

describe('the announcement email', () => {
  const input = {
    coachName: 'Karima Alaoui',
    offer: {
      title: 'Cariste',
      providerName: 'OFPPT Tanger',
      province: 'Tanger-Assilah',
      startDate: '2027-01-10',
      endDate: '2027-03-10',
      openSeats: 10,
    },
    waiting: [
      { firstName: 'Salma', link: 'https://kafaat.example/tasks/t-1?exp=1&sig=a&lang=fr' },
      { firstName: 'Youssef <b>', link: 'https://kafaat.example/tasks/t-2?exp=1&sig=b&lang=fr' },
    ],
  };

  it.each(['fr', 'ar', 'en'] as const)('lists each beneficiary with their link, in %s', (lang) => {
    // Act
    const email = offerAnnouncementEmail({ ...input, lang });

    // Assess
    expect(email.subject).toContain('Cariste');
    expect(email.subject).toContain('(2)');
    expect(email.text).toContain('- Salma: https://kafaat.example/tasks/t-1?exp=1&sig=a&lang=fr');
    expect(email.text).toContain('OFPPT Tanger');
    expect(email.html).toContain(`dir="${lang === 'ar' ? 'rtl' : 'ltr'}"`);
    expect(email.html).toContain('Youssef &lt;b&gt;');
    expect(email.html).toContain('href="https://kafaat.example/tasks/t-2?exp=1&amp;sig=b&amp;lang=fr"');
    expect(email.text).not.toMatch(/offerAnnouncement\./);
  });
});
