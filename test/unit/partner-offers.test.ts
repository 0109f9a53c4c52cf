/**
 * A provider's own offers, as plain rules: the catalogue file's owner is a provider partner with its
 * region and name, a provider's file names only its region, an offer sent as JSON read by the
 * file's rules, and what counts as a change.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { importTrainingOffers } from '../../functions/domain/offer-import';
import {
  cellsOfJson,
  cellsOfOffer,
  daysSinceUpdate,
  heldOfferOf,
  providerOfPartner,
  providerOfferChanged,
  providerSaveWrites,
  readProviderOffer,
  type ProviderOffer,
} from '../../functions/domain/partner-offers';
import { parseTrainingOfferFile } from '../../functions/domain/training-offers';

const fileOffer = {
  offerId: 'TRN-TNG-LOG',
  title: { fr: 'Agent logistique', ar: 'عون لوجستيك', en: 'Logistics agent' },
  region: 'TTA',
  province: 'TNG',
  sector: 'logistics',
  provider: { name: 'OFPPT — Complexe de formation Tanger', kind: 'public' },
  providerId: 'PRV-TTA-OFPPT',
  startDate: '2027-02-01',
  endDate: '2027-04-23',
  seats: 20,
  leadsTo: 'wage-employment',
  tracks: ['direct-placement'],
};

const signedIn = providerOfPartner('PRV-TTA-OFPPT');
if (!signedIn) throw new Error('PRV-TTA-OFPPT is no longer a training provider');

const jsonOffer = {
  title: { fr: 'Maintenance industrielle', ar: 'الصيانة الصناعية', en: 'Industrial maintenance' },
  province: 'TNG',
  sector: 'industry',
  occupation: 'Technicien',
  startDate: '2027-10-04',
  endDate: '2028-03-31',
  durationHours: 700,
  seats: 10,
  costMad: 0,
  languages: ['fr'],
  place: 'Tanger',
  leadsTo: 'qualification',
  tracks: ['training-first'],
};

describe('the catalogue file and its providers', () => {
  it('takes an offer owned by a provider partner of its region, with its name and kind', () => {
    // Act
    const parsed = parseTrainingOfferFile(JSON.stringify({ version: 1, offers: [fileOffer] }));

    // Assess
    expect(parsed).toMatchObject({ ok: true, offers: [{ providerId: 'PRV-TTA-OFPPT' }] });
  });

  it('refuses an owner that is not a provider, or of another region, or named otherwise', () => {
    // Act
    const parsed = parseTrainingOfferFile(
      JSON.stringify({
        version: 1,
        offers: [
          { ...fileOffer, providerId: 'EMP-TTA-AUTOPARK' },
          { ...fileOffer, offerId: 'TRN-OUJ-X', region: 'ORI', province: 'OUJ' },
          { ...fileOffer, offerId: 'TRN-TNG-Y', provider: { name: 'OFPPT Tanger', kind: 'private' } },
        ],
      }),
    );

    // Assess
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.errors.map((e) => [e.entry, e.field])).toEqual([
      [0, 'providerId'],
      [1, 'region'],
      [2, 'provider.name'],
      [2, 'provider.kind'],
    ]);
  });

  it('data/training-offers.json gives offers to the seeded providers', () => {
    // Act
    const parsed = parseTrainingOfferFile(
      readFileSync(join(__dirname, '..', '..', 'data', 'training-offers.json'), 'utf8'),
    );

    // Assess
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    const owners = new Set(parsed.offers.map((o) => o.providerId).filter(Boolean));
    expect([...owners].sort()).toEqual(['PRV-ORI-OFPPT', 'PRV-TTA-NOUR', 'PRV-TTA-OFPPT']);
    expect(parsed.offers.some((o) => o.providerId === undefined)).toBe(true);
  });
});

describe("a provider's file and form", () => {
  it('refuses a row of another region than the provider’s, said on its row and column', () => {
    // Prepare
    const file = [
      'title_fr,title_ar,title_en,region,province,sector,occupation,start_date,end_date,duration_hours,seats,cost_mad,language,place,leads_to,tracks',
      'Couture,خياطة,Sewing,ORI,NAD,crafts,Couturière,2027-03-01,2027-05-30,200,12,0,ar,Nador,self-employment,self-employment',
    ].join('\n');

    // Act
    const report = importTrainingOffers(Buffer.from(file), signedIn.provider, {}, 'TTA');

    // Assess
    expect(report).toMatchObject({ ok: false, rowErrors: [{ row: 2, field: 'region', key: 'oneOf' }] });
  });

  it('reads an offer sent as JSON by the file’s rules, and says bad fields by their JSON names', () => {
    // Act
    const cells = cellsOfJson(jsonOffer, 'TTA');
    const wrong = cellsOfJson({ ...jsonOffer, providerId: 'PRV-TTA-NOUR', tracks: 'training-first' }, 'TTA');

    // Assess
    if (!cells.ok) throw new Error(JSON.stringify(cells.errors));
    const read = readProviderOffer(cells.cells, signedIn);
    expect(read).toMatchObject({
      ok: true,
      value: { providerId: 'PRV-TTA-OFPPT', region: 'TTA', durationHours: 700, languages: ['fr'] },
    });
    expect(wrong).toMatchObject({ ok: false, errors: [{ field: 'tracks' }, { field: 'providerId' }] });
  });

  it('an offer saved unchanged is no change; any field of the provider’s is one', () => {
    // Prepare
    const cells = cellsOfJson(jsonOffer, 'TTA');
    if (!cells.ok) throw new Error('bad offer');
    const read = readProviderOffer(cells.cells, signedIn);
    if (!read.ok) throw new Error('bad offer');
    const offer: ProviderOffer = read.value;
    const held = { kind: 'training-offer', code: offer.offerId, ...offer, seatsTaken: 3, loadedAt: 'x' };

    // Act / Assess
    expect(providerOfferChanged(undefined, offer)).toBe(true);
    expect(providerOfferChanged(held, offer)).toBe(false);
    expect(providerOfferChanged(held, { ...offer, place: 'Tétouan' })).toBe(true);
    expect(providerOfferChanged(held, { ...offer, seats: 11 })).toBe(true);
    // The form shows what is held, and reads back the same offer.
    const again = readProviderOffer(cellsOfOffer(heldOfferOf(held) ?? (held as never)), signedIn);
    expect(again).toMatchObject({ ok: true, value: offer });
  });

  it('writes an offer saved unchanged only when it is stale: its provider confirms it is current', () => {
    // Prepare
    const cells = cellsOfJson(jsonOffer, 'TTA');
    if (!cells.ok) throw new Error('bad offer');
    const read = readProviderOffer(cells.cells, signedIn);
    if (!read.ok) throw new Error('bad offer');
    const offer: ProviderOffer = read.value;
    const now = new Date('2027-06-01T00:00:00Z');
    const heldOn = (updatedAt: string) => ({
      ...offer,
      seatsTaken: 0,
      loadedAt: '2027-01-01T00:00:00Z',
      updatedAt,
    });

    // Act / Assess
    expect(providerSaveWrites(heldOn('2027-05-01T00:00:00Z'), offer, now)).toBe(false);
    expect(providerSaveWrites(heldOn('2027-03-03T00:00:00Z'), offer, now)).toBe(true);
    // On the platform's clock: 10 days at ten times the speed are 100 days.
    expect(providerSaveWrites(heldOn('2027-05-22T00:00:00Z'), offer, now, 10)).toBe(true);
    expect(providerSaveWrites(heldOn('2027-05-01T00:00:00Z'), { ...offer, seats: 11 }, now)).toBe(true);
  });

  it('counts the days since the last update on the platform’s clock', () => {
    const now = new Date('2027-06-01T00:00:00Z');
    expect(daysSinceUpdate({ loadedAt: '2027-05-01T00:00:00Z' }, now)).toBe(31);
    expect(daysSinceUpdate({ updatedAt: '2027-05-31T12:00:00Z', loadedAt: 'x' }, now, 10)).toBe(5);
  });
});
