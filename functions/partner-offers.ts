/**
 * A training provider's own offers (issue 10), as pages and as the API (`offers.manage`):
 * - GET /partner/offers: its offers with their seats taken (live), open seats, dates and the stale
 *   flag (the catalogue's rule, on the platform's clock), a link to edit each, the CSV import form;
 * - GET /partner/offers/new, GET /partner/offers/{offerId}: the offer's form;
 * - POST /partner/offers, POST /partner/offers/{offerId} (form): 303 back to the list with a
 *   notice, or 400 with the form and each error on its field, in the page's language;
 * - POST /partner/offers/import (the page's file, multipart/form-data) and
 *   POST /api/training-offers/import (`text/csv`): every offer, or nothing and the report of every
 *   bad row and field;
 * - POST /api/training-offers: one offer as JSON, `201` when written, `200` when unchanged.
 * The provider is always the signed-in partner: its region is the offers' region, and nobody
 * writes another provider's offer (nor one of no provider: only the catalogue file changes those).
 */
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import {
  badRequest,
  checkSameOrigin,
  header,
  html,
  json,
  readBody,
  redirect,
  type FieldError,
  type HttpResult,
} from './commons/http';
import { languageOf, translator } from './commons/i18n';
import { instrumented } from './commons/instrumented';
import { fileOfForm } from './commons/form-files';
import { logger, metrics } from './commons/powertools';
import { authorize, checkAccess } from './commons/sessions';
import { timeScale } from './commons/settings';
import {
  getHeldOffer,
  listProviderOffers,
  saveProviderOffers,
  type ProviderSaveOutcome,
} from './commons/training-offers';
import type { Principal } from './domain/access';
import {
  MAX_CSV_BYTES,
  importMessages,
  readCsv,
  type FileError,
  type MessageParams,
} from './domain/csv-import';
import { importTrainingOffers, offerColumns } from './domain/offer-import';
import {
  cellsOfJson,
  cellsOfOffer,
  jsonFieldOf,
  providerOfPartner,
  providerOfferRow,
  readProviderOffer,
  type ProviderOffer,
  type SignedInProvider,
} from './domain/partner-offers';
import { regions, type Lang } from './domain/reference-data';
import { notFoundPage } from './views/not-found';
import { offerFormPage, offersPage, type ShownError } from './views/partner-offers-page';

const MAX_FORM_BYTES = 32 * 1024;

export const handler = instrumented(
  async (event: APIGatewayProxyEventV2, _context: Context): Promise<HttpResult> => {
    const lang = languageOf(event);
    const offerId = event.pathParameters?.offerId;
    switch (event.routeKey) {
      case 'GET /partner/offers':
        return listPage(event, lang);
      case 'GET /partner/offers/new':
        return formPage(event, lang);
      case 'GET /partner/offers/{offerId}':
        return formPage(event, lang, offerId ?? '');
      case 'POST /partner/offers':
        return saveForm(event, lang);
      case 'POST /partner/offers/{offerId}':
        return saveForm(event, lang, offerId ?? '');
      case 'POST /partner/offers/import':
        return importPage(event, lang);
      case 'POST /api/training-offers':
        return saveJson(event);
      case 'POST /api/training-offers/import':
        return importApi(event);
      default:
        return json(404, { message: 'Not Found' });
    }
  },
);

type SignedIn =
  { ok: true; principal: Principal; provider: SignedInProvider } | { ok: false; result: HttpResult };

/** The session, its right to manage offers, and the training provider it is (else 403). */
async function signedIn(event: APIGatewayProxyEventV2): Promise<SignedIn> {
  const access = await authorize(event, 'offers.manage');
  if (!access.ok) return access;
  const provider = providerOfPartner(access.principal.partner);
  if (!provider || provider.partner.region !== access.principal.region) {
    // Not a training provider of the reference data: refused as a record out of scope is.
    const refused = checkAccess(event, access.principal, 'offers.manage', { partner: '' });
    return refused.ok ? { ok: false, result: json(403, { message: 'Not a training provider.' }) } : refused;
  }
  return { ok: true, principal: access.principal, provider };
}

// ---------------------------------------------------------------------------------------------
// Saying errors in the page's language.

/** An error of an import's row: the import's own (csv-import.ts) or this page's (`partnerOffers.errors`). */
interface ReportError {
  row: number;
  field: string;
  message: string;
  key?: string;
  params?: MessageParams;
}

const regionName = (lang: Lang, code: unknown) => regions.find((r) => r.code === code)?.name[lang];

/** An error's values as people read them: a region's name rather than its code. */
function readable(lang: Lang, params: MessageParams = {}): MessageParams {
  const region = regionName(lang, params.region);
  return region ? { ...params, region } : params;
}

/** An import's or a form's error in the page's language: the imports' texts, else this page's. */
function shown(lang: Lang, error: { message: string; key?: string; params?: MessageParams }): string {
  const t = translator(lang);
  const params = readable(lang, error.params);
  if (error.key && Object.hasOwn(importMessages, error.key)) return t(`imports.${error.key}`, params);
  if (
    error.key &&
    ['seatsBelowTaken', 'notYours', 'offerExists', 'region', 'fileMissing', 'fileUnreadable'].includes(
      error.key,
    )
  )
    return t(`partnerOffers.errors.${error.key}`, params);
  if (error.key && ['crossSite', 'bodyTooLarge', 'bodyType', 'bodyEncoding', 'encoding'].includes(error.key))
    return t(`errors.${error.key}`, params);
  return error.message;
}

function reportOf(
  lang: Lang,
  fileErrors: readonly FileError[],
  rowErrors: readonly ReportError[],
): ShownError[] {
  return [
    ...fileErrors.map((e) => ({ field: e.field, message: shown(lang, e), ...(e.row ? { row: e.row } : {}) })),
    ...rowErrors.map((e) => ({ field: e.field, message: shown(lang, e), row: e.row })),
  ];
}

// ---------------------------------------------------------------------------------------------
// The pages.

const notices = ['created', 'updated', 'unchanged', 'imported'] as const;

function noticeOf(event: APIGatewayProxyEventV2, lang: Lang): string | undefined {
  const query = event.queryStringParameters ?? {};
  const kind = notices.find((n) => n === query.notice);
  if (!kind) return undefined;
  const count = (name: string) => (/^\d{1,6}$/.test(query[name] ?? '') ? Number(query[name]) : 0);
  return translator(lang)(`partnerOffers.notices.${kind}`, {
    written: count('written'),
    unchanged: count('unchanged'),
  });
}

async function listPage(
  event: APIGatewayProxyEventV2,
  lang: Lang,
  refused?: { status: number; report: ShownError[] },
): Promise<HttpResult> {
  const who = await signedIn(event);
  if (!who.ok) return who.result;
  const now = new Date();
  const scale = timeScale();
  const offers = await listProviderOffers(who.provider.partner.code);
  const notice = refused ? undefined : noticeOf(event, lang);
  return html(
    refused?.status ?? 200,
    offersPage({
      lang,
      principal: who.principal,
      provider: who.provider,
      rows: offers.map((offer) => providerOfferRow(offer, now, scale)),
      now,
      timeScale: scale,
      ...(notice ? { notice } : {}),
      ...(refused ? { report: refused.report } : {}),
    }),
  );
}

function notFound(event: APIGatewayProxyEventV2, lang: Lang): HttpResult {
  return html(404, notFoundPage(lang, event.rawPath));
}

async function formPage(event: APIGatewayProxyEventV2, lang: Lang, offerId?: string): Promise<HttpResult> {
  const who = await signedIn(event);
  if (!who.ok) return who.result;
  if (offerId === undefined)
    return html(
      200,
      offerFormPage({ lang, principal: who.principal, provider: who.provider, seatsTaken: 0, values: {} }),
    );
  const held = await getHeldOffer(offerId);
  if (!held) return notFound(event, lang);
  const mine = checkAccess(event, who.principal, 'offers.manage', { partner: held.providerId ?? '' });
  if (!mine.ok) return mine.result;
  return html(
    200,
    offerFormPage({
      lang,
      principal: who.principal,
      provider: who.provider,
      offerId,
      seatsTaken: held.seatsTaken,
      values: cellsOfOffer(held),
    }),
  );
}

/** A form's values as the file's cells: lists (check boxes) joined by `|`, the region the provider's. */
function cellsOfForm(
  form: Record<string, string | string[]>,
  provider: SignedInProvider,
  offerId?: string,
): Record<string, string> {
  const cells: Record<string, string> = {};
  for (const { name } of offerColumns) {
    const value = Object.hasOwn(form, name) ? form[name] : undefined;
    if (value !== undefined) cells[name] = Array.isArray(value) ? value.join('|') : value;
  }
  delete cells.offerId;
  cells.region = provider.partner.region;
  if (offerId !== undefined) cells.offerId = offerId;
  return cells;
}

async function saveForm(event: APIGatewayProxyEventV2, lang: Lang, offerId?: string): Promise<HttpResult> {
  const who = await signedIn(event);
  if (!who.ok) return who.result;
  const { principal, provider } = who;
  const held = offerId === undefined ? undefined : await getHeldOffer(offerId);
  if (offerId !== undefined) {
    if (!held) return notFound(event, lang);
    const mine = checkAccess(event, principal, 'offers.manage', { partner: held.providerId ?? '' });
    if (!mine.ok) return mine.result;
  }
  const again = (status: number, values: Record<string, string>, errors: FieldError[]) =>
    html(
      status,
      offerFormPage({
        lang,
        principal,
        provider,
        ...(offerId !== undefined ? { offerId } : {}),
        seatsTaken: held?.seatsTaken ?? 0,
        values,
        errors: errors.map((e) => ({ field: e.field, message: shown(lang, e) })),
      }),
    );
  const origin = checkSameOrigin(event);
  if (!origin.ok) return again(403, {}, [{ ...origin.error, field: 'body' }]);
  const body = readBody(event, MAX_FORM_BYTES);
  if (!body.ok) return again(body.status, {}, [body.error]);
  if (body.kind !== 'form' || typeof body.value !== 'object' || body.value === null)
    return again(400, {}, [{ field: 'body', message: 'Send the form of the page.', key: 'bodyType' }]);
  const cells = cellsOfForm(body.value as Record<string, string | string[]>, provider, offerId);
  const read = readProviderOffer(cells, provider);
  if (!read.ok) return again(400, cells, read.errors);
  const offer = read.value;
  if (offerId === undefined) {
    // A new offer whose id (made from its title, province and start) is taken: edit that one.
    const existing = await getHeldOffer(offer.offerId);
    if (existing)
      return again(400, cells, [
        {
          field: 'title_fr',
          message: 'An offer with this id exists.',
          key: 'offerExists',
          params: { offerId: offer.offerId },
        },
      ]);
  }
  const saved = await saveProviderOffers([offer], provider.partner.code, principal.personId, new Date());
  if (saved.notYours.length > 0)
    return again(409, cells, [
      { field: 'body', message: 'Not yours.', key: 'notYours', params: { offerId: offer.offerId } },
    ]);
  const below = saved.belowTaken[0];
  if (below)
    return again(400, cells, [
      {
        field: 'seats',
        message: 'Below the seats taken.',
        key: 'seatsBelowTaken',
        params: { taken: below.seatsTaken },
      },
    ]);
  logSaved('page', provider, saved);
  const notice = saved.written.length === 0 ? 'unchanged' : offerId === undefined ? 'created' : 'updated';
  return redirect(`/partner/offers?${new URLSearchParams({ lang, notice }).toString()}`);
}

async function importPage(event: APIGatewayProxyEventV2, lang: Lang): Promise<HttpResult> {
  const who = await signedIn(event);
  if (!who.ok) return who.result;
  const refuse = (status: number, report: ShownError[]) => listPage(event, lang, { status, report });
  const origin = checkSameOrigin(event);
  if (!origin.ok) return refuse(403, [{ field: 'file', message: shown(lang, origin.error) }]);
  const upload = await fileOfForm(event, 'file', MAX_CSV_BYTES);
  if (!upload.ok) {
    const error =
      upload.reason === 'tooLarge'
        ? { message: '', key: 'csvTooLarge', params: { size: `> ${MAX_CSV_BYTES}`, max: MAX_CSV_BYTES } }
        : { message: '', key: upload.reason === 'missing' ? 'fileMissing' : 'fileUnreadable' };
    return refuse(400, [{ field: 'file', message: shown(lang, error) }]);
  }
  const outcome = await importFile(upload.bytes, who.principal, who.provider);
  if (!outcome.ok) return refuse(outcome.status, reportOf(lang, outcome.fileErrors, outcome.rowErrors));
  return redirect(
    `/partner/offers?${new URLSearchParams({
      lang,
      notice: 'imported',
      written: String(outcome.saved.written.length),
      unchanged: String(outcome.saved.unchanged.length),
    }).toString()}`,
  );
}

// ---------------------------------------------------------------------------------------------
// The API.

async function saveJson(event: APIGatewayProxyEventV2): Promise<HttpResult> {
  const who = await signedIn(event);
  if (!who.ok) return who.result;
  const { principal, provider } = who;
  if (!checkSameOrigin(event).ok) return json(403, { message: 'Cross-site posts are refused.' });
  const body = readBody(event, MAX_FORM_BYTES);
  if (!body.ok) return badRequest([body.error]);
  if (body.kind !== 'json')
    return json(415, { errors: [{ field: 'body', message: 'Send one offer as application/json.' }] });
  const cells = cellsOfJson(body.value, provider.partner.region);
  if (!cells.ok) return badRequest(cells.errors);
  if (cells.cells.region?.toUpperCase() !== provider.partner.region)
    return badRequest([{ field: 'region', message: `Must be your region (${provider.partner.region}).` }]);
  const read = readProviderOffer(cells.cells, provider);
  if (!read.ok) return badRequest(read.errors.map((e) => ({ ...e, field: jsonFieldOf(e.field) })));
  const offer = read.value;
  const saved = await saveProviderOffers([offer], provider.partner.code, principal.personId, new Date());
  if (saved.notYours.length > 0) return notYours(saved);
  const below = saved.belowTaken[0];
  if (below)
    return badRequest([
      { field: 'seats', message: `Must be at least ${below.seatsTaken}: those seats are taken already.` },
    ]);
  logSaved('api', provider, saved);
  return json(saved.written.length > 0 ? 201 : 200, {
    offer,
    status: saved.written.length > 0 ? 'written' : 'unchanged',
  });
}

async function importApi(event: APIGatewayProxyEventV2): Promise<HttpResult> {
  const who = await signedIn(event);
  if (!who.ok) return who.result;
  if (!checkSameOrigin(event).ok) return json(403, { message: 'Cross-site posts are refused.' });
  const type = (header(event, 'content-type') ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'text/csv')
    return json(415, {
      errors: [
        { field: 'body', message: 'Send the file as text/csv (UTF-8, comma or semicolon separated).' },
      ],
    });
  const raw = event.body ?? '';
  const bytes = event.isBase64Encoded ? Buffer.from(raw, 'base64') : Buffer.from(raw, 'utf8');
  const outcome = await importFile(bytes, who.principal, who.provider);
  if (!outcome.ok) {
    if (outcome.status === 409) return json(409, { message: outcome.message, offerIds: outcome.offerIds });
    return json(outcome.status, {
      imported: 0,
      fileErrors: outcome.fileErrors.map(({ field, row, message }) => ({
        field,
        ...(row ? { row } : {}),
        message,
      })),
      rowErrors: outcome.rowErrors.map(({ row, field, message }) => ({ row, field, message })),
    });
  }
  return json(200, {
    imported: outcome.saved.written.length,
    unchanged: outcome.saved.unchanged.length,
    separator: outcome.separator,
  });
}

function notYours(saved: ProviderSaveOutcome): HttpResult {
  return json(409, {
    message: 'Some offers belong to another provider, or to none: nothing was written.',
    offerIds: saved.notYours,
  });
}

// ---------------------------------------------------------------------------------------------
// One import, for the page and the API.

type ImportOutcome =
  | { ok: true; saved: ProviderSaveOutcome; separator: string }
  | {
      ok: false;
      status: number;
      fileErrors: FileError[];
      rowErrors: ReportError[];
      message?: string;
      offerIds?: string[];
    };

async function importFile(
  bytes: Uint8Array,
  principal: Principal,
  provider: SignedInProvider,
): Promise<ImportOutcome> {
  const code = provider.partner.code;
  const region = provider.partner.region;
  const report = importTrainingOffers(bytes, provider.provider, {}, region);
  if (!report.ok) {
    logger.info('Training offers file refused', {
      provider: code,
      fileErrors: report.fileErrors.length,
      rowErrors: report.rowErrors.length,
    });
    return { ok: false, status: 400, fileErrors: report.fileErrors, rowErrors: report.rowErrors };
  }
  // Every row was read: the spreadsheet's row of each offer, for the refusals below.
  const rowNumbers = readCsv(bytes, offerColumns).rows.map((r) => r.row);
  const rowOf = (i: number) => rowNumbers[i] ?? i + 2;
  const offers: ProviderOffer[] = report.rows.map((offer) => ({ ...offer, providerId: code }));
  const saved = await saveProviderOffers(offers, code, principal.personId, new Date());
  const index = new Map(offers.map((offer, i) => [offer.offerId, i]));
  if (saved.notYours.length > 0)
    return {
      ok: false,
      status: 409,
      fileErrors: [],
      rowErrors: saved.notYours.map((offerId) => ({
        row: rowOf(index.get(offerId) ?? 0),
        field: 'offerId',
        message: `The offer ${offerId} belongs to another provider, or to none: it cannot be changed here.`,
        key: 'notYours',
        params: { offerId },
      })),
      message: 'Some offers belong to another provider, or to none: nothing was written.',
      offerIds: saved.notYours,
    };
  if (saved.belowTaken.length > 0)
    return {
      ok: false,
      status: 400,
      fileErrors: [],
      rowErrors: saved.belowTaken.map(({ offerId, seatsTaken }) => ({
        row: rowOf(index.get(offerId) ?? 0),
        field: 'seats',
        message: `Must be at least ${seatsTaken}: those seats are taken already.`,
        key: 'seatsBelowTaken',
        params: { taken: seatsTaken },
      })),
    };
  logSaved('import', provider, saved);
  return { ok: true, saved, separator: report.separator };
}

function logSaved(via: string, provider: SignedInProvider, saved: ProviderSaveOutcome): void {
  metrics.addMetric('TrainingOffersSaved', MetricUnit.Count, saved.written.length);
  logger.info('Training offers saved', {
    via,
    provider: provider.partner.code,
    written: saved.written.length,
    unchanged: saved.unchanged.length,
  });
}
