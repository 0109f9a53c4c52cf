/**
 * The public training catalogue (the read side of the regional training-offer information system):
 * its filters, its pages and their cursor, which offers are stale, and the open data files. Plain
 * rules, no AWS: functions/training-catalogue.ts reads the offers and answers.
 *
 * Offers are not personal data: anyone may read them, as JSON, as a page or as open data.
 */
import * as z from 'zod';
import { sectors } from './coach-task';
import { keysAsField, type FieldError } from './errors';
import { provinces, regions } from './reference-data';
import { openSeats, type CatalogueOffer } from './training-offers';

/** An offer whose content has not changed for this many days is flagged stale. */
export const STALE_AFTER_DAYS = 90;
export const DEFAULT_PAGE_SIZE = 25;
export const MAX_PAGE_SIZE = 100;

/**
 * When the offer was last updated: its `updatedAt`; an offer loaded before `updatedAt` was kept has
 * none, and counts as updated when it was loaded (`loadedAt`), as the loader assumes too.
 */
export function lastUpdateOf(offer: Pick<CatalogueOffer, 'updatedAt' | 'loadedAt'>): string {
  return offer.updatedAt ?? offer.loadedAt;
}

/**
 * Whether the offer is stale on `now`: not updated for STALE_AFTER_DAYS days, on the platform's
 * clock (locally time may run `timeScale` times faster, as the journeys' waits do). A date that
 * cannot be read counts as stale: no one can say the offer is current.
 */
export function isStale(
  offer: Pick<CatalogueOffer, 'updatedAt' | 'loadedAt'>,
  now: Date,
  timeScale = 1,
): boolean {
  const since = Date.parse(lastUpdateOf(offer));
  if (Number.isNaN(since)) return true;
  const days = ((now.getTime() - since) * Math.max(1, timeScale)) / 86_400_000;
  return days >= STALE_AFTER_DAYS;
}

/** What a search of the catalogue asks; every filter optional. */
export interface CatalogueFilters {
  region?: string;
  province?: string;
  sector?: string;
  /** Only offers with a seat left. */
  openSeats?: boolean;
  /** Offers that end on or after this day (YYYY-MM-DD). */
  from?: string;
  /** Offers that start on or before this day (YYYY-MM-DD). */
  to?: string;
}

/** A search and where its page starts: after the offer `after` (offers come in offerId order). */
export interface CatalogueQuery {
  filters: CatalogueFilters;
  limit: number;
  after?: string;
}

/** The query parameters the catalogue reads; the page also takes `lang`. */
export const queryParameters = [
  'region',
  'province',
  'sector',
  'openSeats',
  'from',
  'to',
  'limit',
  'next',
] as const;

const regionCodes = regions.map((r) => r.code);
const provinceCodes = provinces.map((p) => p.code);
const OFFER_ID = /^[A-Z0-9][A-Z0-9-]{2,39}$/;
const DATE_EXPECTED = 'Must be a date that exists, written YYYY-MM-DD (e.g. "2027-03-15").';
const isDate = (value: string) => z.iso.date().safeParse(value).success;

/**
 * Reads a search from the query string: each bad parameter is a field error saying what is
 * expected (`key`: the page's text for it, in catalogue texts' `errors`). An empty value is no
 * filter (a GET form sends its empty choices). `unknown`: what to do with other parameters — the
 * API refuses them (a misspelt filter would silently match everything), the page ignores them.
 */
export function parseCatalogueQuery(
  params: Readonly<Record<string, string | undefined>>,
  unknown: 'refuse' | 'ignore' = 'refuse',
): { ok: true; query: CatalogueQuery } | { ok: false; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const given = (name: string) => {
    const value = Object.hasOwn(params, name) ? params[name] : undefined;
    return value === undefined || value.trim() === '' ? undefined : value.trim();
  };
  const filters: CatalogueFilters = {};

  const region = given('region');
  if (region !== undefined) {
    if (regionCodes.includes(region)) filters.region = region;
    else
      errors.push({ field: 'region', message: `Must be one of: ${regionCodes.join(', ')}.`, key: 'region' });
  }
  const province = given('province');
  if (province !== undefined) {
    const known = provinces.find((p) => p.code === province);
    if (!known) {
      errors.push({
        field: 'province',
        message: `Must be one of: ${provinceCodes.join(', ')}.`,
        key: 'province',
      });
    } else if (filters.region !== undefined && known.region !== filters.region) {
      const ofRegion = provinces.filter((p) => p.region === filters.region).map((p) => p.code);
      errors.push({
        field: 'province',
        message: `Must be a province of ${filters.region}: ${ofRegion.join(', ')}.`,
        key: 'provinceOfRegion',
      });
    } else filters.province = province;
  }
  const sector = given('sector');
  if (sector !== undefined) {
    if ((sectors as readonly string[]).includes(sector)) filters.sector = sector;
    else errors.push({ field: 'sector', message: `Must be one of: ${sectors.join(', ')}.`, key: 'sector' });
  }
  const open = given('openSeats');
  if (open !== undefined) {
    if (open === 'true') filters.openSeats = true;
    else if (open !== 'false') {
      errors.push({
        field: 'openSeats',
        message: 'Must be true (only offers with a seat left) or false.',
        key: 'openSeats',
      });
    }
  }
  for (const name of ['from', 'to'] as const) {
    const day = given(name);
    if (day === undefined) continue;
    if (isDate(day)) filters[name] = day;
    else errors.push({ field: name, message: DATE_EXPECTED, key: 'date' });
  }
  // Same-length ISO dates compare as text.
  if (filters.from !== undefined && filters.to !== undefined && filters.to < filters.from) {
    errors.push({
      field: 'to',
      message: `Must be on or after from (${filters.from}).`,
      key: 'dateOrder',
    });
  }

  let limit = DEFAULT_PAGE_SIZE;
  const asked = given('limit');
  if (asked !== undefined) {
    if (/^\d{1,3}$/.test(asked) && Number(asked) >= 1 && Number(asked) <= MAX_PAGE_SIZE)
      limit = Number(asked);
    else {
      errors.push({
        field: 'limit',
        message: `Must be a whole number from 1 to ${MAX_PAGE_SIZE} (${DEFAULT_PAGE_SIZE} when left out).`,
        key: 'limit',
      });
    }
  }
  const cursor = given('next');
  const after = cursor === undefined ? undefined : decodeCursor(cursor);
  if (cursor !== undefined && after === undefined) {
    errors.push({
      field: 'next',
      message:
        'Not a cursor this catalogue gave: leave it out for the first page, or pass `next` of the previous page as it came.',
      key: 'next',
    });
  }

  if (unknown === 'refuse') {
    const others = Object.keys(params).filter(
      (name) => !(queryParameters as readonly string[]).includes(name),
    );
    if (others.length > 0) {
      errors.push({
        field: keysAsField(others.sort()),
        message: `Not a parameter of the catalogue: use ${queryParameters.join(', ')}.`,
        key: 'unknown',
      });
    }
  }
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, query: { filters, limit, ...(after !== undefined ? { after } : {}) } };
}

/** Whether an offer answers the search. */
export function matchesFilters(offer: CatalogueOffer, filters: CatalogueFilters): boolean {
  return (
    (filters.region === undefined || offer.region === filters.region) &&
    (filters.province === undefined || offer.province === filters.province) &&
    (filters.sector === undefined || offer.sector === filters.sector) &&
    (filters.openSeats !== true || openSeats(offer) > 0) &&
    (filters.from === undefined || offer.endDate >= filters.from) &&
    (filters.to === undefined || offer.startDate <= filters.to)
  );
}

const CURSOR_VERSION = 1;

/**
 * The cursor of the page after `offerId`: opaque to clients (base64url of a small JSON), checked
 * when it comes back (`decodeCursor`).
 */
export function encodeCursor(offerId: string): string {
  return Buffer.from(JSON.stringify({ v: CURSOR_VERSION, after: offerId }), 'utf8').toString('base64url');
}

/** The offer a cursor says a page starts after, or undefined when it is not one this catalogue made. */
export function decodeCursor(text: string): string | undefined {
  if (text.length > 200 || !/^[A-Za-z0-9_-]+$/.test(text)) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    const parsed = z
      .strictObject({ v: z.literal(CURSOR_VERSION), after: z.string().regex(OFFER_ID) })
      .safeParse(value);
    return parsed.success ? parsed.data.after : undefined;
  } catch {
    return undefined;
  }
}

/** One page of a search: its offers, and the cursor of the next page when there is one. */
export interface CataloguePage {
  offers: CatalogueOffer[];
  next?: string;
}

/**
 * The page of a search, from the catalogue's offers in offerId order (after the cursor's offer):
 * reads until it has one offer more than the page holds, so `next` is given only when another
 * page has something in it, and stops reading there.
 */
export async function collectPage(
  offers: AsyncIterable<CatalogueOffer>,
  query: CatalogueQuery,
): Promise<CataloguePage> {
  const found: CatalogueOffer[] = [];
  for await (const offer of offers) {
    if (!matchesFilters(offer, query.filters)) continue;
    found.push(offer);
    if (found.length > query.limit) break;
  }
  const page = found.slice(0, query.limit);
  const last = page[page.length - 1];
  return found.length > query.limit && last
    ? { offers: page, next: encodeCursor(last.offerId) }
    : { offers: page };
}

/** An offer as the public reads it: the API's items, the open data's rows. */
export interface PublicOffer {
  offerId: string;
  title: { fr: string; ar: string; en: string };
  provider: { name: string; kind: string };
  region: string;
  province: string;
  sector: string;
  startDate: string;
  endDate: string;
  seats: number;
  seatsTaken: number;
  openSeats: number;
  leadsTo: string;
  tracks: string[];
  educationLevelMin?: string;
  updatedAt?: string;
  stale: boolean;
}

export function publicOffer(offer: CatalogueOffer, now: Date, timeScale = 1): PublicOffer {
  return {
    offerId: offer.offerId,
    title: { fr: offer.title.fr, ar: offer.title.ar, en: offer.title.en },
    provider: { name: offer.provider.name, kind: offer.provider.kind },
    region: offer.region,
    province: offer.province,
    sector: offer.sector,
    startDate: offer.startDate,
    endDate: offer.endDate,
    seats: offer.seats,
    seatsTaken: offer.seatsTaken,
    openSeats: openSeats(offer),
    leadsTo: offer.leadsTo,
    tracks: [...offer.tracks],
    ...(offer.educationLevelMin !== undefined ? { educationLevelMin: offer.educationLevelMin } : {}),
    ...(offer.updatedAt !== undefined ? { updatedAt: offer.updatedAt } : {}),
    stale: isStale(offer, now, timeScale),
  };
}

/** The open data's licence: attribution, free reuse (compatible with CC BY 2.0 and ODC-BY). */
export const OPEN_DATA_LICENCE = {
  name: 'Licence Ouverte / Open Licence 2.0',
  url: 'https://www.etalab.gouv.fr/licence-ouverte-open-licence/',
} as const;

/** Who to credit when reusing the data. */
export const OPEN_DATA_PUBLISHER = 'Kafaat';

/** The open data sets, by the name their files take: `/api/open-data/<name>.csv` and `.json`. */
export type OpenDataSet = 'training-offers';

/** A file's name for the download: the data set and the day it was produced (UTC). */
export function openDataFileName(set: string, format: 'csv' | 'json', generatedAt: Date): string {
  return `kafaat-${set}-${generatedAt.toISOString().slice(0, 10)}.${format}`;
}

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, a quote, a line break or spaces at its
 * ends, its quotes doubled. `neutralise`: text typed by someone that a spreadsheet would read as a
 * formula (starting with =, +, -, @, a tab or a carriage return) gets a leading apostrophe, as
 * OWASP advises for CSV files opened in spreadsheets; the JSON keeps the text exactly.
 */
export function csvField(value: string | number | boolean | undefined, neutralise = false): string {
  let text = value === undefined ? '' : String(value);
  if (neutralise && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The open data CSV's columns, in order: the header row. */
export const offerCsvColumns = [
  'offerId',
  'title_fr',
  'title_ar',
  'title_en',
  'provider_name',
  'provider_kind',
  'region',
  'province',
  'sector',
  'startDate',
  'endDate',
  'seats',
  'seatsTaken',
  'openSeats',
  'leadsTo',
  'tracks',
  'educationLevelMin',
  'updatedAt',
  'stale',
] as const;

/** The byte order mark that tells spreadsheet programs the file is UTF-8 (Arabic then reads right). */
export const UTF8_BOM = '\uFEFF';

/**
 * The catalogue as CSV: UTF-8 with a byte order mark, comma-separated, one header row, CRLF line
 * ends (RFC 4180). Tracks are one field, separated by spaces (codes hold none).
 */
export function offersCsv(offers: readonly PublicOffer[]): string {
  const rows = offers.map((o) =>
    [
      csvField(o.offerId),
      csvField(o.title.fr, true),
      csvField(o.title.ar, true),
      csvField(o.title.en, true),
      csvField(o.provider.name, true),
      csvField(o.provider.kind),
      csvField(o.region),
      csvField(o.province),
      csvField(o.sector),
      csvField(o.startDate),
      csvField(o.endDate),
      csvField(o.seats),
      csvField(o.seatsTaken),
      csvField(o.openSeats),
      csvField(o.leadsTo),
      csvField(o.tracks.join(' ')),
      csvField(o.educationLevelMin),
      csvField(o.updatedAt),
      csvField(o.stale),
    ].join(','),
  );
  return `${UTF8_BOM}${[offerCsvColumns.join(','), ...rows].join('\r\n')}\r\n`;
}
