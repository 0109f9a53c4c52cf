/**
 * A training provider's offers, imported from the CSV file its spreadsheet exports (issue 10):
 * one row per offer, every error of every row said at once, nothing imported while one remains.
 * The catalogue's rules (training-offers.ts) decide what an offer is — region and province, dates in
 * order, seats, outcomes and tracks —; this module reads the cells into an offer, adds what a
 * provider says of its offers besides (occupation, hours, cost, languages, place), and says each
 * error in the file's own terms (its columns and rows). The provider comes from the signed-in
 * partner, never from the file. Plain rules, no AWS.
 */
import {
  derivedId,
  ENTRY_ID,
  importCsv,
  RowReader,
  withinRegion,
  type CsvCells,
  type CsvColumn,
  type CsvLimits,
  type ImportMessageKey,
  type ImportReport,
  type MessageParams,
  type RowResult,
} from './csv-import';
import { sectors } from './coach-task';
import { tracks } from './profiling-rules';
import { educationLevels, provinces, regions } from './reference-data';
import {
  MAX_SEATS,
  TITLE_MAX_CHARACTERS,
  trainingOfferSchema,
  trainingOutcomes,
  type TrainingOffer,
} from './training-offers';

/** The languages a training is given in: French, Arabic (Darija or standard), English, Amazigh. */
export const offerLanguages = ['fr', 'ar', 'en', 'ber'] as const;
export type OfferLanguage = (typeof offerLanguages)[number];

export const OFFER_TEXT_MAX_CHARACTERS = 120;
export const MAX_DURATION_HOURS = 10_000;
export const MAX_COST_MAD = 1_000_000;

/** The columns of the file, in the order the errors are said; `offerId` may be left out. */
export const offerColumns: readonly CsvColumn[] = [
  { name: 'offerId', required: false },
  { name: 'title_fr', required: true },
  { name: 'title_ar', required: true },
  { name: 'title_en', required: true },
  { name: 'region', required: true },
  { name: 'province', required: true },
  { name: 'sector', required: true },
  { name: 'occupation', required: true },
  { name: 'start_date', required: true },
  { name: 'end_date', required: true },
  { name: 'duration_hours', required: true },
  { name: 'seats', required: true },
  { name: 'education_level_min', required: false },
  { name: 'certification', required: false },
  { name: 'cost_mad', required: true },
  { name: 'language', required: true },
  { name: 'place', required: true },
  { name: 'leads_to', required: true },
  { name: 'tracks', required: true },
];

/** What makes a row the same offer when it has no offerId: the provider's, plus these. */
export const OFFER_NATURAL_KEY = ['title_fr', 'province', 'start_date'] as const;

export type OfferProvider = TrainingOffer['provider'];

/** An offer as a provider publishes it: the catalogue's offer and what the file says besides. */
export type ImportedOffer = TrainingOffer & {
  occupation: string;
  durationHours: number;
  /** The certificate or diploma the training gives, when it gives one. */
  certification?: string;
  /** What the trainee pays, in dirhams; 0 when free. */
  costMad: number;
  languages: OfferLanguage[];
  place: string;
};

/**
 * The id of an offer that the file does not name: `TRN-<province>-` and a hash of the provider's
 * name, the French title, the province and the start date; the same row always gives the same id.
 */
export function offerIdOf(
  providerName: string,
  offer: { titleFr: string; province: string; startDate: string },
): string {
  return derivedId('TRN', offer.province, [
    'offer',
    providerName,
    offer.titleFr,
    offer.province,
    offer.startDate,
  ]);
}

const isOfferLanguage = (code: string): code is OfferLanguage =>
  (offerLanguages as readonly string[]).includes(code);

const regionCodes = regions.map((r) => r.code);
const provinceCodes = provinces.map((p) => p.code);
const educationCodes = educationLevels.map((e) => e.code);

/** The schema's fields as the file's columns. */
const columnOfField: Record<string, string> = {
  offerId: 'offerId',
  region: 'region',
  province: 'province',
  sector: 'sector',
  startDate: 'start_date',
  endDate: 'end_date',
  seats: 'seats',
  leadsTo: 'leads_to',
  tracks: 'tracks',
  educationLevelMin: 'education_level_min',
};

/** What a column expects, when the catalogue's schema refuses its value. */
const expectedOf: Record<string, [ImportMessageKey, MessageParams?]> = {
  offerId: ['idFormat', { example: 'TRN-TNG-LOG' }],
  title_fr: ['textTooLong', { max: TITLE_MAX_CHARACTERS }],
  title_ar: ['textTooLong', { max: TITLE_MAX_CHARACTERS }],
  title_en: ['textTooLong', { max: TITLE_MAX_CHARACTERS }],
  region: ['oneOf', { codes: regionCodes.join(', ') }],
  province: ['oneOf', { codes: provinceCodes.join(', ') }],
  sector: ['oneOf', { codes: sectors.join(', ') }],
  start_date: ['csvDate'],
  end_date: ['csvDate'],
  seats: ['wholeNumber', { min: 0, max: MAX_SEATS }],
  leads_to: ['oneOf', { codes: trainingOutcomes.join(', ') }],
  tracks: ['listOf', { codes: tracks.join(', ') }],
  education_level_min: ['oneOf', { codes: educationCodes.join(', ') }],
};

/**
 * One offer from its cells, named as the file's columns (a row of the file, or the provider's page
 * form, whose fields are named so): the offer, or every error of its cells.
 */
export function readOfferCells(cells: CsvCells, provider: OfferProvider): RowResult<ImportedOffer> {
  const r = new RowReader(cells);
  const ownId = r.raw('offerId')?.toUpperCase();
  const title = {
    fr: r.text('title_fr', TITLE_MAX_CHARACTERS),
    ar: r.text('title_ar', TITLE_MAX_CHARACTERS),
    en: r.text('title_en', TITLE_MAX_CHARACTERS),
  };
  const region = r.code('region', 'upper');
  const province = r.code('province', 'upper');
  const sector = r.code('sector', 'lower');
  const occupation = r.text('occupation', OFFER_TEXT_MAX_CHARACTERS);
  const startDate = r.date('start_date');
  const endDate = r.date('end_date');
  const durationHours = r.whole('duration_hours', 1, MAX_DURATION_HOURS);
  // Bounds are the catalogue's: checked by its schema below.
  const seats = r.whole('seats', 0, MAX_SEATS, { check: false });
  const educationLevelMin = r.code('education_level_min', 'lower', { required: false });
  const certification = r.text('certification', OFFER_TEXT_MAX_CHARACTERS, { required: false });
  const costMad = r.whole('cost_mad', 0, MAX_COST_MAD);
  const languages = r.codeList('language', { codes: offerLanguages })?.filter(isOfferLanguage);
  const place = r.text('place', OFFER_TEXT_MAX_CHARACTERS);
  const leadsTo = r.code('leads_to', 'lower');
  const trackList = r.codeList('tracks');

  const titleFr = title.fr;
  const offerId =
    ownId ??
    (titleFr && province && provinceCodes.includes(province) && startDate
      ? offerIdOf(provider.name, { titleFr, province, startDate })
      : undefined);
  const id =
    offerId !== undefined && ENTRY_ID.test(offerId) ? { value: offerId, derived: !ownId } : undefined;

  const result = trainingOfferSchema.safeParse({
    offerId,
    title,
    region,
    province,
    sector,
    provider,
    startDate,
    endDate,
    seats,
    leadsTo,
    tracks: trackList,
    ...(educationLevelMin === undefined ? {} : { educationLevelMin }),
  });
  if (!result.success) {
    for (const issue of result.error.issues) {
      const [head, sub] = issue.path;
      const column = head === 'title' ? `title_${String(sub)}` : columnOfField[String(head)];
      // An offer with no id of its own gets one once its title, province and start are right.
      if (column === undefined || r.failed(column) || (column === 'offerId' && !ownId)) continue;
      if (issue.code === 'custom' && column === 'province' && region && regionCodes.includes(region)) {
        const ofRegion = provinces.filter((p) => p.region === region).map((p) => p.code);
        r.fail(column, 'provinceOfRegion', { region, provinces: ofRegion.join(', ') });
      } else if (issue.code === 'custom' && column === 'end_date' && startDate) {
        r.fail(column, 'dateOrder', { start: startDate });
      } else {
        const [key, params] = expectedOf[column] ?? ['oneOf'];
        r.fail(column, key, params);
      }
    }
  }
  if (!result.success || r.errors.length > 0) return { ok: false, errors: r.errors, id };
  if (durationHours === undefined || costMad === undefined || !languages || !occupation || !place) {
    throw new Error('A row read with no error lacks a value: readOffer is wrong.');
  }
  return {
    ok: true,
    id,
    value: {
      ...result.data,
      occupation,
      durationHours,
      ...(certification === undefined ? {} : { certification }),
      costMad,
      languages,
      place,
    },
  };
}

/**
 * Imports a provider's offers from the bytes of its CSV file: every offer, or every error. The
 * provider is the signed-in partner's (a wrong one is the caller's bug: it throws). `region`, when
 * given, is the only region the provider's rows may name (a provider works in its own). Whether the
 * provider may write each offerId (an id of another provider's offer) is for the caller to check.
 */
export function importTrainingOffers(
  bytes: Uint8Array,
  provider: OfferProvider,
  limits: Partial<CsvLimits> = {},
  region?: string,
): ImportReport<ImportedOffer> {
  const checkedProvider = trainingOfferSchema.shape.provider.parse(provider);
  const readRow = withinRegion(
    (cells: CsvCells): RowResult<ImportedOffer> => readOfferCells(cells, checkedProvider),
    region,
  );
  return importCsv(bytes, {
    columns: offerColumns,
    readRow,
    id: { column: 'offerId', naturalKey: OFFER_NATURAL_KEY },
    limits,
  });
}
