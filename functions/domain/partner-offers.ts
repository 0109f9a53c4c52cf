/**
 * A training provider's own offers (issue 10): who the signed-in provider is as its offers name it,
 * an offer as the provider's page and the JSON API give it (read by the same rules as a row of its
 * CSV file: offer-import.ts), an offer as the catalogue holds it with what the provider says
 * besides, and whether a save changes anything. Plain rules, no AWS.
 */
import * as z from 'zod';
import { isStale, lastUpdateOf } from './catalogue';
import { say, type CsvCells, type ImportMessageKey, type MessageParams, type RowResult } from './csv-import';
import type { FieldError } from './errors';
import { readOfferCells, type ImportedOffer, type OfferProvider } from './offer-import';
import type { Partner } from './reference-data';
import {
  canonical,
  catalogueOfferSchema,
  offerContentChanged,
  providerKindOf,
  providerPartners,
  type CatalogueOffer,
} from './training-offers';

/** An offer a provider publishes: the imported offer, and who owns it. */
export type ProviderOffer = ImportedOffer & { providerId: string };

/** The signed-in provider: its partner record, and the provider its offers name. */
export interface SignedInProvider {
  partner: Partner;
  provider: OfferProvider;
}

/** The provider a partner code stands for; undefined when it is not a training provider's. */
export function providerOfPartner(code: string | undefined): SignedInProvider | undefined {
  const partner = providerPartners.find((p) => p.code === code);
  return partner
    ? { partner, provider: { name: partner.name, kind: providerKindOf(partner.category) } }
    : undefined;
}

/** What a provider says of its offer beyond the catalogue's fields, and who changed it last. */
const providerFields = z.object({
  occupation: z.string().optional(),
  durationHours: z.number().optional(),
  certification: z.string().optional(),
  costMad: z.number().optional(),
  languages: z.array(z.string()).optional(),
  place: z.string().optional(),
  updatedBy: z.string().optional(),
});

/**
 * An offer as the catalogue holds it, with the provider's own fields when it has them (an offer of
 * the catalogue file has none until its provider edits it).
 */
export type HeldOffer = CatalogueOffer & z.infer<typeof providerFields>;

/** An item of the table as a held offer; undefined for what does not read as an offer. */
export function heldOfferOf(item: Record<string, unknown> | undefined): HeldOffer | undefined {
  if (!item) return undefined;
  const offer = catalogueOfferSchema.safeParse(item);
  if (!offer.success) return undefined;
  const extra = providerFields.safeParse(item);
  return { ...offer.data, ...(extra.success ? extra.data : {}) };
}

const providerKeys = [
  'occupation',
  'durationHours',
  'certification',
  'costMad',
  'languages',
  'place',
] as const;

/** Whether saving `offer` would change what the table holds (nothing held: it is new). */
export function providerOfferChanged(
  held: Readonly<Record<string, unknown>> | undefined,
  offer: ProviderOffer,
): boolean {
  if (held === undefined || offerContentChanged(held, offer)) return true;
  return providerKeys.some((key) => canonical(held[key]) !== canonical(offer[key]));
}

/**
 * Whether a provider's save writes the offer: when it changes it, or when the offer held is stale —
 * its provider saving it as it is confirms it is current (its `updatedAt` moves to now), which is
 * what the stale flag and the provider's email ask for.
 */
export function providerSaveWrites(
  held: Readonly<Record<string, unknown>> | undefined,
  offer: ProviderOffer,
  now: Date,
  timeScale = 1,
): boolean {
  if (providerOfferChanged(held, offer)) return true;
  const updatedAt = typeof held?.updatedAt === 'string' ? held.updatedAt : undefined;
  const loadedAt = typeof held?.loadedAt === 'string' ? held.loadedAt : '';
  return isStale({ ...(updatedAt === undefined ? {} : { updatedAt }), loadedAt }, now, timeScale);
}

/** How many whole days since the offer was last updated, on the platform's clock. */
export function daysSinceUpdate(
  offer: Pick<CatalogueOffer, 'updatedAt' | 'loadedAt'>,
  now: Date,
  timeScale = 1,
): number {
  const since = Date.parse(lastUpdateOf(offer));
  if (Number.isNaN(since)) return 0;
  return Math.max(0, Math.floor(((now.getTime() - since) * Math.max(1, timeScale)) / 86_400_000));
}

/** The provider's list: its offer, the seats left, and whether it is stale (the catalogue's rule). */
export interface ProviderOfferRow {
  offer: HeldOffer;
  openSeats: number;
  stale: boolean;
  daysSinceUpdate: number;
}

export function providerOfferRow(offer: HeldOffer, now: Date, timeScale = 1): ProviderOfferRow {
  return {
    offer,
    openSeats: Math.max(0, offer.seats - offer.seatsTaken),
    stale: isStale(offer, now, timeScale),
    daysSinceUpdate: daysSinceUpdate(offer, now, timeScale),
  };
}

/** An offer's cells, named as the file's columns: what the page's form shows to edit it. */
export function cellsOfOffer(offer: HeldOffer): Record<string, string> {
  return {
    offerId: offer.offerId,
    title_fr: offer.title.fr,
    title_ar: offer.title.ar,
    title_en: offer.title.en,
    region: offer.region,
    province: offer.province,
    sector: offer.sector,
    occupation: offer.occupation ?? '',
    start_date: offer.startDate,
    end_date: offer.endDate,
    duration_hours: offer.durationHours === undefined ? '' : String(offer.durationHours),
    seats: String(offer.seats),
    education_level_min: offer.educationLevelMin ?? '',
    certification: offer.certification ?? '',
    cost_mad: offer.costMad === undefined ? '' : String(offer.costMad),
    language: (offer.languages ?? []).join('|'),
    place: offer.place ?? '',
    leads_to: offer.leadsTo,
    tracks: offer.tracks.join('|'),
  };
}

/** The JSON API's fields, and the columns the same values have in the file and the form. */
export const columnOfJsonField = {
  offerId: 'offerId',
  region: 'region',
  province: 'province',
  sector: 'sector',
  occupation: 'occupation',
  startDate: 'start_date',
  endDate: 'end_date',
  durationHours: 'duration_hours',
  seats: 'seats',
  educationLevelMin: 'education_level_min',
  certification: 'certification',
  costMad: 'cost_mad',
  languages: 'language',
  place: 'place',
  leadsTo: 'leads_to',
  tracks: 'tracks',
} as const;

const lists = new Set<string>(['languages', 'tracks']);

/** A column as the JSON API names its field (`title_fr` → `title.fr`). */
export function jsonFieldOf(column: string): string {
  const title = /^title_(fr|ar|en)$/.exec(column);
  if (title) return `title.${title[1]}`;
  const found = Object.entries(columnOfJsonField).find(([, c]) => c === column);
  return found ? found[0] : column;
}

function cellError(field: string, key: ImportMessageKey, params?: MessageParams): FieldError {
  return { field, ...say(key, params) };
}

/**
 * One offer sent as JSON (`POST /api/training-offers`), as cells: each field of the right JSON type
 * (texts and codes as strings, numbers as numbers, `languages` and `tracks` as lists of codes,
 * `title` as `{ fr, ar, en }`); `region` defaults to the provider's. The provider is the one
 * signed in: `provider` and `providerId` are refused, as any field the offer does not have.
 */
export function cellsOfJson(
  value: unknown,
  region: string,
): { ok: true; cells: CsvCells } | { ok: false; errors: FieldError[] } {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return {
      ok: false,
      errors: [{ field: 'body', message: 'Must be a JSON object: one training offer.', key: 'bodyType' }],
    };
  const cells: Record<string, string> = { region };
  const errors: FieldError[] = [];
  for (const [field, raw] of Object.entries(value as Record<string, unknown>)) {
    if (field === 'title') {
      const title = raw as Record<string, unknown> | null;
      if (typeof title !== 'object' || title === null || Array.isArray(title)) {
        errors.push({
          field,
          message: 'Must be the title in French, Arabic and English: { "fr", "ar", "en" }.',
        });
        continue;
      }
      for (const [lang, text] of Object.entries(title)) {
        if (!['fr', 'ar', 'en'].includes(lang)) errors.push(cellError(`title.${lang}`, 'invalid'));
        else if (typeof text !== 'string')
          errors.push(cellError(`title.${lang}`, 'textTooLong', { max: 120 }));
        else cells[`title_${lang}`] = text;
      }
      continue;
    }
    const column = Object.hasOwn(columnOfJsonField, field)
      ? columnOfJsonField[field as keyof typeof columnOfJsonField]
      : undefined;
    if (!column) {
      errors.push({
        field,
        message:
          field === 'provider' || field === 'providerId'
            ? 'The provider is the one signed in: leave it out.'
            : 'Not a field of a training offer.',
        key: 'unknownField',
      });
      continue;
    }
    if (raw === null || raw === undefined) continue;
    if (lists.has(field)) {
      if (Array.isArray(raw) && raw.every((code) => typeof code === 'string')) cells[column] = raw.join('|');
      else errors.push({ field, message: 'Must be a list of codes: ["…", …].', key: 'invalid' });
    } else if (typeof raw === 'string') cells[column] = raw;
    else if (typeof raw === 'number' && Number.isFinite(raw)) cells[column] = String(raw);
    else errors.push({ field, message: 'Must be a text or a number, as the field expects.', key: 'invalid' });
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, cells };
}

/** One offer from cells (the page's form, the JSON API), owned by the signed-in provider. */
export function readProviderOffer(cells: CsvCells, signedIn: SignedInProvider): RowResult<ProviderOffer> {
  const result = readOfferCells(cells, signedIn.provider);
  return result.ok
    ? {
        ok: true,
        value: { ...result.value, providerId: signedIn.partner.code },
        ...(result.id ? { id: result.id } : {}),
      }
    : result;
}
