/**
 * The training catalogue: what one offer of the file says, reading the file (every bad entry and
 * field said at once, so whoever edits it fixes everything in one go), and which offers the
 * training step proposes to a beneficiary. Plain rules, no AWS: commons/training-offers.ts keeps
 * the offers and their seats in the reference table.
 */
import * as z from 'zod';
import { sectors } from './coach-task';
import { tracks, type Track } from './profiling-rules';
import { educationLevels, isProvinceOfRegion, partners, provinces, regions } from './reference-data';

/** What an offer prepares for (the programme's outcomes, or a qualification before them). */
export const trainingOutcomes = [
  'wage-employment',
  'self-employment',
  'cooperative',
  'qualification',
] as const;
export type TrainingOutcome = (typeof trainingOutcomes)[number];

export const providerKinds = ['public', 'private'] as const;

export const TRAINING_OFFER_FILE_VERSION = 1;
export const TITLE_MAX_CHARACTERS = 120;
export const MAX_SEATS = 10_000;
/** A coach picks from a short list: more offers than this are not read. */
export const MAX_PROPOSED_OFFERS = 8;

const regionCodes = regions.map((r) => r.code);
const educationCodes = educationLevels.map((e) => e.code);
/** The training providers among the partners: who may own an offer (`providerId`). */
export const providerPartners = partners.filter((p) => p.kind === 'training-provider');
const providerCodes = providerPartners.map((p) => p.code);

const oneOf = (values: readonly string[]) => `Must be one of: ${values.join(', ')}.`;

/** The message of a field; "Required." first when it is missing, so the file's author sees which. */
function expected(message: string) {
  return {
    error: (issue: { input?: unknown }) => (issue.input === undefined ? `Required. ${message}` : message),
  };
}

const TITLE_EXPECTED = `Must be a text of 1 to ${TITLE_MAX_CHARACTERS} characters.`;
const DATE_EXPECTED = 'Must be a date that exists, written YYYY-MM-DD (e.g. "2027-03-15").';

const text = (message: string) =>
  z.string(expected(message)).trim().min(1, expected(message)).max(TITLE_MAX_CHARACTERS, expected(message));

const offerFields = {
  offerId: z
    .string(expected('Must be 3 to 40 capital letters, digits or dashes (e.g. "TRN-TNG-LOG").'))
    .regex(
      /^[A-Z0-9][A-Z0-9-]{2,39}$/,
      expected('Must be 3 to 40 capital letters, digits or dashes (e.g. "TRN-TNG-LOG").'),
    ),
  title: z.strictObject(
    { fr: text(TITLE_EXPECTED), ar: text(TITLE_EXPECTED), en: text(TITLE_EXPECTED) },
    expected('Must be the title in French, Arabic and English: { "fr": …, "ar": …, "en": … }.'),
  ),
  region: z.enum(regionCodes as [string, ...string[]], expected(oneOf(regionCodes))),
  // Checked against the region below, where both are known.
  province: z.string(expected('Must be the code of a province of the offer’s region.')),
  sector: z.enum(sectors, expected(oneOf(sectors))),
  provider: z.strictObject(
    {
      name: text(`Must be the provider’s name, 1 to ${TITLE_MAX_CHARACTERS} characters.`),
      kind: z.enum(providerKinds, expected(oneOf(providerKinds))),
    },
    expected('Must be the provider: { "name": …, "kind": "public" or "private" }.'),
  ),
  startDate: z.iso.date(expected(DATE_EXPECTED)),
  endDate: z.iso.date(expected(DATE_EXPECTED)),
  // A refinement rather than .int(): zod's failed .int() skips the checks across fields below.
  seats: z
    .number(expected(`Must be a whole number from 0 to ${MAX_SEATS}.`))
    .refine(
      (n) => Number.isInteger(n) && n >= 0 && n <= MAX_SEATS,
      `Must be a whole number from 0 to ${MAX_SEATS}.`,
    ),
  leadsTo: z.enum(trainingOutcomes, expected(oneOf(trainingOutcomes))),
  tracks: z
    .array(
      z.enum(tracks, expected(oneOf(tracks))),
      expected(`Must be a list of one or more of: ${tracks.join(', ')}.`),
    )
    .min(1, expected(`Must be a list of one or more of: ${tracks.join(', ')}.`))
    .refine((list) => new Set(list).size === list.length, 'Must list each track once.'),
  educationLevelMin: z
    .enum(educationCodes as [string, ...string[]], expected(oneOf(educationCodes)))
    .optional(),
  /**
   * The training provider (a partner's code) who owns the offer and edits it on its page or by
   * its CSV file; absent: the offer belongs to no partner, and only the catalogue file changes it.
   */
  providerId: z.enum(providerCodes as [string, ...string[]], expected(oneOf(providerCodes))).optional(),
};

/**
 * The checks between fields. They run even when another field is wrong (`when`), so the file's
 * author sees these too; each looks only at values of the right type.
 */
function checkAcrossFields(value: Record<string, unknown>, issue: (path: string, message: string) => void) {
  const { region, province, startDate, endDate } = value;
  if (typeof province === 'string') {
    if (typeof region === 'string' && regionCodes.includes(region)) {
      if (!isProvinceOfRegion(province, region)) {
        const ofRegion = provinces.filter((p) => p.region === region).map((p) => p.code);
        issue('province', `Must be a province of ${region}: ${ofRegion.join(', ')}.`);
      }
    } else if (!provinces.some((p) => p.code === province)) {
      issue('province', oneOf(provinces.map((p) => p.code)));
    }
  }
  const isDate = (v: unknown): v is string => typeof v === 'string' && z.iso.date().safeParse(v).success;
  // Same-length ISO dates compare as text.
  if (isDate(startDate) && isDate(endDate) && endDate < startDate) {
    issue('endDate', `Must be on or after startDate (${startDate}).`);
  }
}

/** One offer of the catalogue file. */
export const trainingOfferSchema = z
  .strictObject(offerFields)
  .superRefine(
    (value, ctx) =>
      checkAcrossFields(value, (path, message) => ctx.addIssue({ code: 'custom', path: [path], message })),
    { when: (payload) => typeof payload.value === 'object' && payload.value !== null },
  );

export type TrainingOffer = z.infer<typeof trainingOfferSchema>;

/**
 * An offer as the catalogue holds it: the file's entry, the seats taken so far, when it was loaded,
 * and when its content last changed (`updatedAt`: absent on offers loaded before it was kept; see
 * `updatedAtOnLoad`).
 */
export type CatalogueOffer = TrainingOffer & { seatsTaken: number; loadedAt: string; updatedAt?: string };

/**
 * An offer as read back from the table: the same fields (extra attributes ignored, e.g. the table's
 * key), and the live count. Items that do not read so are not offers of the catalogue.
 */
export const catalogueOfferSchema = z
  .object({
    ...offerFields,
    seatsTaken: z.number().int().min(0),
    loadedAt: z.string(),
    updatedAt: z.string().optional(),
  })
  .superRefine((value, ctx) =>
    checkAcrossFields(value, (path, message) => ctx.addIssue({ code: 'custom', path: [path], message })),
  );

export interface OfferFileError {
  /** The entry's index in `offers` (from 0); null for the file as a whole. */
  entry: number | null;
  /** The entry's offerId, when it has one, so the author finds it. */
  offerId?: string;
  /** The field at fault, e.g. `title.ar`; `file`, `version` or `offers` for the file. */
  field: string;
  message: string;
}

export type OfferFileResult = { ok: true; offers: TrainingOffer[] } | { ok: false; errors: OfferFileError[] };

const fileSchema = z.strictObject({
  version: z.literal(
    TRAINING_OFFER_FILE_VERSION,
    expected(`Must be ${TRAINING_OFFER_FILE_VERSION} (the format of this file).`),
  ),
  offers: z.array(z.unknown(), expected('Must be the list of offers: "offers": [ { … }, … ].')),
});

type Issue = { code: string; path: readonly PropertyKey[]; message: string; keys?: readonly string[] };

function fieldOf(issue: Issue, whole: string): { field: string; message: string } {
  if (issue.code === 'unrecognized_keys' && issue.keys) {
    const prefix = issue.path.map(String).join('.');
    return {
      field: issue.keys.map((k) => (prefix ? `${prefix}.${k}` : k)).join(', '),
      message: 'Not a field of this format: check its spelling (README, "Training catalogue").',
    };
  }
  return { field: issue.path.map(String).join('.') || whole, message: issue.message };
}

/**
 * An offer of the file that names its provider (`providerId`) is of that partner's region and
 * carries its name and kind, so the catalogue shows the provider as the partner is known.
 */
function providerErrors(offer: TrainingOffer): { field: string; message: string }[] {
  const partner = providerPartners.find((p) => p.code === offer.providerId);
  if (!partner) return [];
  const errors: { field: string; message: string }[] = [];
  if (offer.region !== partner.region)
    errors.push({ field: 'region', message: `Must be ${partner.region}, the region of ${partner.code}.` });
  if (offer.provider.name !== partner.name)
    errors.push({
      field: 'provider.name',
      message: `Must be "${partner.name}", the name of ${partner.code}.`,
    });
  const kind = providerKindOf(partner.category);
  if (offer.provider.kind !== kind)
    errors.push({ field: 'provider.kind', message: `Must be "${kind}", as ${partner.code} is.` });
  return errors;
}

/** A provider partner's kind as offers say it: a public body, or a private one. */
export function providerKindOf(category: string): (typeof providerKinds)[number] {
  return category === 'public' ? 'public' : 'private';
}

/**
 * Reads the catalogue file `{ "version": 1, "offers": [ … ] }`: every offer, or every error of
 * every entry (a file with any error loads nothing, so the catalogue never holds half a file).
 */
export function parseTrainingOfferFile(text: string): OfferFileResult {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return {
      ok: false,
      errors: [{ entry: null, field: 'file', message: `Not JSON: ${(error as Error).message}` }],
    };
  }
  const file = fileSchema.safeParse(json);
  if (!file.success) {
    return { ok: false, errors: file.error.issues.map((i) => ({ entry: null, ...fieldOf(i, 'file') })) };
  }
  const errors: OfferFileError[] = [];
  const offers: TrainingOffer[] = [];
  const firstEntryOf = new Map<string, number>();
  file.data.offers.forEach((raw, entry) => {
    const id = (raw as { offerId?: unknown } | null)?.offerId;
    const offerId = typeof id === 'string' ? { offerId: id } : {};
    const result = trainingOfferSchema.safeParse(raw);
    if (!result.success) {
      errors.push(...result.error.issues.map((i) => ({ entry, ...offerId, ...fieldOf(i, 'offer') })));
    } else {
      errors.push(...providerErrors(result.data).map((e) => ({ entry, ...offerId, ...e })));
    }
    if (typeof id === 'string') {
      const first = firstEntryOf.get(id);
      if (first === undefined) firstEntryOf.set(id, entry);
      else {
        errors.push({
          entry,
          offerId: id,
          field: 'offerId',
          message: `Must be unique: entry ${first} has the same offerId.`,
        });
      }
    }
    if (result.success) offers.push(result.data);
  });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, offers };
}

/** The fields of an offer that the file gives: what "its content" is, for `updatedAtOnLoad`. */
const contentFields = Object.keys(offerFields) as (keyof TrainingOffer)[];

/** A value written the same way whatever the order of its objects' keys (as DynamoDB gives maps back). */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'undefined';
}

/** Whether the file's offer says something else than the item the catalogue holds (none: new). */
export function offerContentChanged(
  held: Readonly<Record<string, unknown>> | undefined,
  offer: TrainingOffer,
): boolean {
  if (held === undefined) return true;
  return contentFields.some((field) => canonical(held[field]) !== canonical(offer[field]));
}

/**
 * When the offer was last updated, once the file is loaded at `loadedAt`: then, for a new offer or
 * one whose content changed; otherwise what the catalogue held. An offer loaded before `updatedAt`
 * was kept has none: it counts as updated at its last load (its `loadedAt` before this one), the
 * same rule readers apply (`lastUpdateOf` in catalogue.ts), so re-loading an unchanged file never
 * makes an old offer look fresh.
 */
export function updatedAtOnLoad(
  held: Readonly<Record<string, unknown>> | undefined,
  offer: TrainingOffer,
  loadedAt: string,
): string {
  if (offerContentChanged(held, offer)) return loadedAt;
  const before = held?.updatedAt ?? held?.loadedAt;
  return typeof before === 'string' ? before : loadedAt;
}

/** Seats still free; none when the file lowered the seats below those already taken. */
export function openSeats(offer: Pick<CatalogueOffer, 'seats' | 'seatsTaken'>): number {
  return Math.max(0, offer.seats - offer.seatsTaken);
}

/** Code-point order, the same on every machine (localeCompare depends on the locale). */
const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export interface TrainingCandidate {
  region: string;
  province: string;
  /** The sector of interest, when the beneficiary has one: else every sector is proposed. */
  sector?: string;
  track: Track;
  /** The beneficiary's education level: an offer asking more is not proposed. */
  educationLevel?: string;
}

/**
 * Education levels in the order an offer's prerequisite reads them. A vocational training without
 * the baccalaureate sits with the upper secondary; the baccalaureate above both.
 */
const levelRank: Record<string, number> = {
  none: 0,
  primary: 1,
  'lower-secondary': 2,
  'upper-secondary': 3,
  vocational: 3,
  baccalaureate: 4,
  higher: 5,
};

/** Whether someone of this level meets the offer's prerequisite (none, or an unknown level: yes). */
export function meetsLevel(
  offer: Pick<TrainingOffer, 'educationLevelMin'>,
  level: string | undefined,
): boolean {
  if (offer.educationLevelMin === undefined || level === undefined) return true;
  const needed = levelRank[offer.educationLevelMin];
  const has = levelRank[level];
  return needed === undefined || has === undefined || has >= needed;
}

/**
 * The offers to propose to a beneficiary on `today` (YYYY-MM-DD): of their region, of their track,
 * of their sector if they have one, whose prerequisite level they meet, with a seat left, and not
 * yet started — the catalogue's offers
 * are cohorts with a start date, and one joins before it (an offer with rolling intake says so
 * by its start date being the next intake). Nearest first (their province), then the soonest,
 * then by id so that the same catalogue always gives the same list; at most MAX_PROPOSED_OFFERS.
 */
export function matchingOffers(
  offers: readonly CatalogueOffer[],
  who: TrainingCandidate,
  today: string,
): CatalogueOffer[] {
  const nearFirst = (o: CatalogueOffer) => (o.province === who.province ? 0 : 1);
  return offers
    .filter(
      (o) =>
        o.region === who.region &&
        openSeats(o) > 0 &&
        o.startDate >= today &&
        o.tracks.includes(who.track) &&
        (who.sector === undefined || o.sector === who.sector) &&
        meetsLevel(o, who.educationLevel),
    )
    .sort(
      (a, b) =>
        nearFirst(a) - nearFirst(b) || byText(a.startDate, b.startDate) || byText(a.offerId, b.offerId),
    )
    .slice(0, MAX_PROPOSED_OFFERS);
}
