/**
 * The training catalogue's rules: reading the file (every bad field said, duplicates refused) and
 * which offers the training step proposes.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  MAX_PROPOSED_OFFERS,
  matchingOffers,
  openSeats,
  parseTrainingOfferFile,
  type CatalogueOffer,
  type TrainingOffer,
} from '../../functions/domain/training-offers';
import { tracks } from '../../functions/domain/profiling-rules';

const catalogueFile = join(__dirname, '..', '..', 'data', 'training-offers.json');

const offer: TrainingOffer = {
  offerId: 'TRN-TNG-LOG',
  title: { fr: 'Agent logistique portuaire', ar: 'عون لوجستيك مينائي', en: 'Port logistics agent' },
  region: 'TTA',
  province: 'TNG',
  sector: 'logistics',
  provider: { name: 'OFPPT', kind: 'public' },
  startDate: '2027-02-01',
  endDate: '2027-04-23',
  seats: 20,
  leadsTo: 'wage-employment',
  tracks: ['direct-placement', 'training-first'],
};

function file(offers: unknown[], extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ version: 1, offers, ...extra });
}

/** The errors of a file holding the offer with `changes` (undefined removes the field). */
function errorsOf(changes: Record<string, unknown>) {
  const entry: Record<string, unknown> = { ...offer, ...changes };
  for (const [key, value] of Object.entries(changes)) if (value === undefined) delete entry[key];
  const result = parseTrainingOfferFile(file([entry]));
  return result.ok ? [] : result.errors;
}

describe('reading the catalogue file', () => {
  it('reads the pilot’s catalogue', () => {
    // Act
    const result = parseTrainingOfferFile(readFileSync(catalogueFile, 'utf8'));

    // Assess
    if (!result.ok) throw new Error(JSON.stringify(result.errors, null, 2));
    expect(result.offers.length).toBeGreaterThanOrEqual(14);
    const lastSeat = result.offers.find((o) => o.offerId === 'TRN-TEST-LASTSEAT');
    expect(lastSeat).toMatchObject({ region: 'TTA', province: 'TNG', sector: 'logistics', seats: 1 });
    expect([...(lastSeat?.tracks ?? [])].sort()).toEqual([...tracks].sort());
  });

  it.each(tracks)(
    'has in the pilot’s catalogue logistics offers in TTA and offers in ORI for %s',
    (track) => {
      // Prepare
      const result = parseTrainingOfferFile(readFileSync(catalogueFile, 'utf8'));
      const offers = result.ok ? result.offers : [];

      // Assess
      const of = (region: string) => offers.filter((o) => o.region === region && o.tracks.includes(track));
      expect(of('TTA').filter((o) => o.sector === 'logistics').length).toBeGreaterThanOrEqual(2);
      expect(of('ORI').length).toBeGreaterThanOrEqual(1);
    },
  );

  it('reads a good entry as it is, the optional minimum education level included', () => {
    // Act
    const result = parseTrainingOfferFile(file([{ ...offer, educationLevelMin: 'primary' }]));

    // Assess
    expect(result).toEqual({ ok: true, offers: [{ ...offer, educationLevelMin: 'primary' }] });
  });

  it.each([
    ['offerId', { offerId: 'trn tng' }, /capital letters, digits or dashes/],
    ['title.ar', { title: { fr: 'a', ar: '', en: 'c' } }, /1 to 120 characters/],
    ['title.en', { title: { fr: 'a', ar: 'b' } }, /^Required\. .*1 to 120 characters/],
    ['title.en', { title: { fr: 'a', ar: 'b', en: 'x'.repeat(121) } }, /1 to 120 characters/],
    ['region', { region: 'CAS' }, /one of: TTA, ORI/],
    ['province', { province: 'OUJ' }, /province of TTA: TNG,/],
    ['sector', { sector: 'fishing' }, /one of: agriculture,/],
    ['provider.kind', { provider: { name: 'OFPPT', kind: 'ngo' } }, /public, private/],
    ['provider.name', { provider: { name: '', kind: 'public' } }, /provider’s name/],
    ['startDate', { startDate: '2027-02-30' }, /date that exists, written YYYY-MM-DD/],
    ['endDate', { endDate: '2027-01-31' }, /on or after startDate \(2027-02-01\)/],
    ['seats', { seats: 2.5 }, /whole number from 0 to 10000/],
    ['seats', { seats: 10_001 }, /whole number from 0 to 10000/],
    ['seats', { seats: undefined }, /^Required\./],
    ['leadsTo', { leadsTo: 'a-job' }, /wage-employment, self-employment, cooperative, qualification/],
    ['tracks', { tracks: [] }, /one or more of: direct-placement/],
    ['tracks', { tracks: ['training-first', 'training-first'] }, /each track once/],
    ['tracks.0', { tracks: ['apprenticeship'] }, /one of: direct-placement/],
    ['educationLevelMin', { educationLevelMin: 'phd' }, /one of: none, primary/],
    ['durationWeeks', { durationWeeks: 8 }, /Not a field of this format/],
  ])('names %s when it is wrong, and says what it expects', (field, changes, message) => {
    // Act
    const errors = errorsOf(changes);

    // Assess
    expect(errors).toEqual([
      { entry: 0, offerId: expect.any(String), field, message: expect.stringMatching(message) },
    ]);
  });

  it('reports every bad field of every entry at once, each with its entry and offerId', () => {
    // Prepare
    const bad = { ...offer, offerId: 'TRN-BAD', region: 'TTA', province: 'NAD', seats: -1, leadsTo: 'x' };

    // Act
    const result = parseTrainingOfferFile(file([offer, bad, { ...offer, offerId: 'TRN-OK', sector: 'x' }]));

    // Assess
    expect(result.ok).toBe(false);
    const errors = result.ok ? [] : result.errors;
    expect(errors.map((e) => `${e.entry} ${e.offerId} ${e.field}`).sort()).toEqual([
      '1 TRN-BAD leadsTo',
      '1 TRN-BAD province',
      '1 TRN-BAD seats',
      '2 TRN-OK sector',
    ]);
  });

  it('refuses an offerId used twice, naming the entry that has it first', () => {
    // Act
    const result = parseTrainingOfferFile(file([offer, { ...offer, province: 'FAH' }]));

    // Assess
    expect(result).toEqual({
      ok: false,
      errors: [
        {
          entry: 1,
          offerId: 'TRN-TNG-LOG',
          field: 'offerId',
          message: 'Must be unique: entry 0 has the same offerId.',
        },
      ],
    });
  });

  it.each([
    ['not JSON', '{ "version": 1,', 'file', /^Not JSON/],
    ['another version', file([], { version: 2 }), 'version', /Must be 1/],
    ['no list of offers', JSON.stringify({ version: 1 }), 'offers', /^Required\./],
    ['an unknown field', file([], { comment: 'x' }), 'comment', /Not a field/],
  ])('refuses a file with %s', (_, text, field, message) => {
    // Act
    const result = parseTrainingOfferFile(text);

    // Assess
    expect(result).toEqual({
      ok: false,
      errors: [{ entry: null, field, message: expect.stringMatching(message) }],
    });
  });
});

describe('the offers proposed to a beneficiary', () => {
  const today = '2026-12-01';
  const amina = { region: 'TTA', province: 'TET', sector: 'logistics', track: 'training-first' } as const;

  function inCatalogue(changes: Partial<CatalogueOffer> & { offerId: string }): CatalogueOffer {
    return { ...offer, seatsTaken: 0, loadedAt: '2026-11-01T00:00:00.000Z', ...changes };
  }

  it('proposes only offers of their region, sector and track', () => {
    // Prepare
    const offers = [
      inCatalogue({ offerId: 'TRN-MATCH' }),
      inCatalogue({ offerId: 'TRN-ORI', region: 'ORI', province: 'NAD' }),
      inCatalogue({ offerId: 'TRN-HOT', sector: 'hospitality' }),
      inCatalogue({ offerId: 'TRN-SELF', tracks: ['self-employment'] }),
    ];

    // Act
    const proposed = matchingOffers(offers, amina, today);

    // Assess
    expect(proposed.map((o) => o.offerId)).toEqual(['TRN-MATCH']);
  });

  it('proposes every sector to one with no sector of interest', () => {
    // Prepare
    const offers = [
      inCatalogue({ offerId: 'TRN-LOG' }),
      inCatalogue({ offerId: 'TRN-HOT', sector: 'hospitality' }),
    ];

    // Act
    const proposed = matchingOffers(
      offers,
      { region: 'TTA', province: 'TET', track: 'training-first' },
      today,
    );

    // Assess
    expect(proposed.map((o) => o.offerId)).toEqual(['TRN-HOT', 'TRN-LOG']);
  });

  it('leaves out full offers, those whose seats were lowered below the seats taken included', () => {
    // Prepare
    const offers = [
      inCatalogue({ offerId: 'TRN-FULL', seats: 3, seatsTaken: 3 }),
      inCatalogue({ offerId: 'TRN-LOWERED', seats: 2, seatsTaken: 5 }),
      inCatalogue({ offerId: 'TRN-LAST', seats: 3, seatsTaken: 2 }),
    ];

    // Act
    const proposed = matchingOffers(offers, amina, today);

    // Assess
    expect(proposed.map((o) => o.offerId)).toEqual(['TRN-LAST']);
    expect(offers.map(openSeats)).toEqual([0, 0, 1]);
  });

  it('leaves out offers that have started, and proposes one starting today', () => {
    // Prepare
    const offers = [
      inCatalogue({ offerId: 'TRN-STARTED', startDate: '2026-11-30', endDate: '2027-01-30' }),
      inCatalogue({ offerId: 'TRN-TODAY', startDate: today, endDate: '2027-01-30' }),
    ];

    // Act
    const proposed = matchingOffers(offers, amina, today);

    // Assess
    expect(proposed.map((o) => o.offerId)).toEqual(['TRN-TODAY']);
  });

  it('lists their province first, then the soonest, then by id', () => {
    // Prepare
    const offers = [
      inCatalogue({ offerId: 'TRN-TNG-LATE', startDate: '2027-03-01' }),
      inCatalogue({ offerId: 'TRN-TNG-B', startDate: '2027-01-10' }),
      inCatalogue({ offerId: 'TRN-TNG-A', startDate: '2027-01-10' }),
      inCatalogue({ offerId: 'TRN-TET-LATE', province: 'TET', startDate: '2027-06-01' }),
      inCatalogue({ offerId: 'TRN-TET-SOON', province: 'TET', startDate: '2027-02-01' }),
    ];

    // Act
    const proposed = matchingOffers(offers, amina, today);

    // Assess
    expect(proposed.map((o) => o.offerId)).toEqual([
      'TRN-TET-SOON',
      'TRN-TET-LATE',
      'TRN-TNG-A',
      'TRN-TNG-B',
      'TRN-TNG-LATE',
    ]);
  });

  it(`proposes at most ${MAX_PROPOSED_OFFERS}, the first of the order`, () => {
    // Prepare
    const offers = Array.from({ length: MAX_PROPOSED_OFFERS + 3 }, (_, i) =>
      inCatalogue({ offerId: `TRN-${String(i).padStart(2, '0')}` }),
    );

    // Act
    const proposed = matchingOffers(offers, amina, today);

    // Assess
    expect(proposed).toHaveLength(MAX_PROPOSED_OFFERS);
    expect(proposed[0]?.offerId).toBe('TRN-00');
    expect(proposed[MAX_PROPOSED_OFFERS - 1]?.offerId).toBe(`TRN-0${MAX_PROPOSED_OFFERS - 1}`);
  });
});
