/**
 * The public training catalogue, for anyone (offers are not personal data: no session):
 * - `GET /api/training-offers`: the offers as JSON, filtered (`region`, `province`, `sector`,
 *   `openSeats=true`, `from`, `to`) and paged (`limit`, the opaque cursor `next`); a bad filter is
 *   `400 {"errors": [{"field", "message"}]}` saying what is expected.
 * - `GET /catalogue`: the same search as a page in French, Arabic or English.
 * - `GET /api/open-data/training-offers.csv` and `.json`: every offer, as open data, with the date
 *   they were produced and their licence (README, "Training catalogue").
 *
 * The offers are read from the reference table by their kind (a Query, a page at a time, never a
 * Scan) in offerId order and filtered here; each says whether it is stale, on the platform's clock.
 */
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { badRequest, html, json, type HttpResult } from './commons/http';
import { languageOf, translator } from './commons/i18n';
import { instrumented } from './commons/instrumented';
import { logger } from './commons/powertools';
import { timeScale } from './commons/settings';
import { trainingOffersInOrder } from './commons/training-offers';
import {
  OPEN_DATA_LICENCE,
  OPEN_DATA_PUBLISHER,
  collectPage,
  offersCsv,
  openDataFileName,
  parseCatalogueQuery,
  publicOffer,
  type PublicOffer,
} from './domain/catalogue';
import type { Lang } from './domain/reference-data';
import { cataloguePage } from './views/catalogue-page';

/** Anyone may read the catalogue, from any site's scripts too: it is public and carries no session. */
const openToAll = { 'access-control-allow-origin': '*' };

const securityHeaders = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};

export const handler = instrumented(
  async (event: APIGatewayProxyEventV2, _context: Context): Promise<HttpResult> => {
    switch (event.rawPath) {
      case '/api/training-offers':
        return search(event);
      case '/api/open-data/training-offers.csv':
        return openData('csv');
      case '/api/open-data/training-offers.json':
        return openData('json');
      case '/catalogue':
        return page(event);
      default:
        return json(404, { message: 'Not Found' });
    }
  },
);

function withHeaders(result: HttpResult, headers: Record<string, string>): HttpResult {
  return { ...result, headers: { ...result.headers, ...headers } };
}

async function search(event: APIGatewayProxyEventV2): Promise<HttpResult> {
  const parsed = parseCatalogueQuery(event.queryStringParameters ?? {}, 'refuse');
  if (!parsed.ok) return withHeaders(badRequest(parsed.errors), openToAll);
  const { query } = parsed;
  const now = new Date();
  const scale = timeScale();
  const found = await collectPage(trainingOffersInOrder(query.after), query);
  logger.info('Training catalogue searched', { filters: query.filters, count: found.offers.length });
  return withHeaders(
    json(200, {
      items: found.offers.map((offer) => publicOffer(offer, now, scale)),
      ...(found.next ? { next: found.next } : {}),
    }),
    openToAll,
  );
}

async function page(event: APIGatewayProxyEventV2): Promise<HttpResult> {
  const lang: Lang = languageOf(event);
  const values: Record<string, string | undefined> = { ...event.queryStringParameters };
  delete values.lang;
  const parsed = parseCatalogueQuery(values, 'ignore');
  if (!parsed.ok) {
    const t = translator(lang);
    const errors = parsed.errors.map((e) => ({
      field: e.field,
      message: t(`catalogue.errors.${e.key ?? 'unknown'}`),
    }));
    return html(400, cataloguePage({ lang, values, offers: [], errors }));
  }
  const { query } = parsed;
  const now = new Date();
  const scale = timeScale();
  const found = await collectPage(trainingOffersInOrder(query.after), query);
  return html(
    200,
    cataloguePage({
      lang,
      values,
      offers: found.offers.map((offer) => publicOffer(offer, now, scale)),
      ...(found.next ? { next: found.next } : {}),
    }),
  );
}

async function openData(format: 'csv' | 'json'): Promise<HttpResult> {
  const generatedAt = new Date();
  const scale = timeScale();
  // Every offer, in offerId order, read a page of the table at a time.
  const offers: PublicOffer[] = [];
  for await (const offer of trainingOffersInOrder()) offers.push(publicOffer(offer, generatedAt, scale));
  logger.info('Training catalogue exported', { format, count: offers.length });
  const fileName = openDataFileName('training-offers', format, generatedAt);
  // The licence and the date travel in headers too; the CSV has them only there (its first row is
  // the header row, for spreadsheets), the JSON also in its body.
  const metadata = {
    link: `<${OPEN_DATA_LICENCE.url}>; rel="license"`,
    'x-licence': OPEN_DATA_LICENCE.name,
    'x-generated-at': generatedAt.toISOString(),
    'access-control-expose-headers': 'content-disposition, link, x-licence, x-generated-at',
    ...openToAll,
  };
  if (format === 'json') {
    return withHeaders(
      json(200, {
        licence: OPEN_DATA_LICENCE,
        publisher: OPEN_DATA_PUBLISHER,
        generatedAt: generatedAt.toISOString(),
        offers,
      }),
      { ...metadata, 'content-disposition': `inline; filename="${fileName}"` },
    );
  }
  return {
    statusCode: 200,
    headers: {
      'content-type': 'text/csv; charset=utf-8; header=present',
      'content-disposition': `attachment; filename="${fileName}"`,
      ...metadata,
      ...securityHeaders,
    },
    body: offersCsv(offers),
  };
}
