/**
 * Labour needs, as the API (the employer's page comes with the training-offer pages):
 * - GET /api/labour-needs (`needs.read`): the needs of the person's region (a national person:
 *   every region), filtered by `sector`, `province` (and `region` for a national person), paged
 *   (`limit`, `next`);
 * - POST /api/labour-needs (`needs.manage`): an employer publishes or updates one need (JSON);
 * - POST /api/labour-needs/import (`needs.manage`): an employer's CSV file (`text/csv`, UTF-8,
 *   comma or semicolon): every need, or nothing and a report of every bad row and field.
 * The employer is always the signed-in partner: nobody writes another employer's needs.
 */
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import * as z from 'zod';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import {
  badRequest,
  checkSameOrigin,
  formValues,
  header,
  html,
  json,
  readBody,
  redirect,
  type HttpResult,
} from './commons/http';
import { forbiddenPageHtml, localizeFieldErrors } from './commons/html';
import { languageOf, translator, type Translate } from './commons/i18n';
import { fileOfForm } from './commons/form-files';
import { labourNeedsPage } from './views/labour-needs-page';
import { needsCsv } from './domain/labour-needs';
import { OPEN_DATA_LICENCE, OPEN_DATA_PUBLISHER, openDataFileName } from './domain/catalogue';
import { instrumented } from './commons/instrumented';
import { logger, metrics } from './commons/powertools';
import { authorize } from './commons/sessions';
import { listLabourNeeds, saveLabourNeeds, type SaveOutcome, type StoredNeed } from './commons/labour-needs';
import { NATIONAL, type Principal } from './domain/access';
import { checkLabourNeed, importLabourNeeds, needIdOf, type Employer } from './domain/labour-needs';
import { MAX_CSV_BYTES } from './domain/csv-import';
import { partners, provinces, regions } from './domain/reference-data';
import { sectors } from './domain/coach-task';
import type { FieldError } from './domain/errors';

const MAX_NEED_BODY_BYTES = 8 * 1024;
const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 100;

export const handler = instrumented(
  async (event: APIGatewayProxyEventV2, _context: Context): Promise<HttpResult> => {
    switch (event.routeKey) {
      case 'GET /api/labour-needs':
        return list(event);
      case 'POST /api/labour-needs':
        return publish(event);
      case 'POST /api/labour-needs/import':
        return importFile(event);
      case 'GET /partner/needs':
        return needsPage(event);
      case 'POST /partner/needs':
        return publishFromPage(event);
      case 'POST /partner/needs/import':
        return importFromPage(event);
      case 'GET /api/open-data/labour-needs.csv':
        return openData('csv');
      case 'GET /api/open-data/labour-needs.json':
        return openData('json');
      default:
        return json(404, { message: 'Not Found' });
    }
  },
);

const listQuery = z.strictObject({
  sector: z.enum(sectors).optional(),
  province: z
    .string()
    .refine((code) => provinces.some((p) => p.code === code), 'Must be a province code of /api/reference.')
    .optional(),
  region: z
    .string()
    .refine((code) => regions.some((r) => r.code === code), 'Must be a region code of /api/reference.')
    .optional(),
  limit: z.coerce.number().int().min(1).max(MAX_LIMIT).optional(),
  next: z
    .string()
    .regex(/^\d{1,6}$/, 'Must be the `next` of the page before.')
    .optional(),
});

async function list(event: APIGatewayProxyEventV2): Promise<HttpResult> {
  const access = await authorize(event, 'needs.read');
  if (!access.ok) return access.result;
  const { principal } = access;
  const query = listQuery.safeParse(event.queryStringParameters ?? {});
  if (!query.success) return badRequest(queryErrors(query.error));
  const { sector, province, region, limit = DEFAULT_LIMIT, next } = query.data;
  // A region's person reads their region only: another region asked for is refused, not emptied.
  if (region && principal.region !== NATIONAL && region !== principal.region)
    return json(403, {
      message: `The role ${principal.role} may read the needs of ${principal.region} only.`,
    });
  const inScope = (need: StoredNeed) =>
    principal.region === NATIONAL
      ? region === undefined || need.region === region
      : need.region === principal.region;
  const needs = (await listLabourNeeds())
    .filter(inScope)
    .filter((need) => sector === undefined || need.sector === sector)
    .filter((need) => province === undefined || need.province === province)
    .sort((a, b) => a.needId.localeCompare(b.needId));
  const from = next === undefined ? 0 : Number(next);
  const items = needs.slice(from, from + limit);
  const more = from + limit < needs.length;
  return json(200, {
    items,
    total: needs.length,
    ...(more ? { next: String(from + limit) } : {}),
  });
}

/**
 * The signed-in employer, as their needs name them. The access table's `partner` scope is the
 * employer's own organisation: what it writes is always theirs (the employer is never read from
 * the request), and an id of another employer's need is refused when saving.
 */
function employerOf(principal: Principal): Employer | undefined {
  const partner = partners.find((p) => p.code === principal.partner && p.kind === 'employer');
  return partner ? { code: partner.code, name: partner.name } : undefined;
}

async function publish(event: APIGatewayProxyEventV2): Promise<HttpResult> {
  const access = await authorize(event, 'needs.manage');
  if (!access.ok) return access.result;
  const principal = access.principal;
  const employer = employerOf(principal);
  if (!employer) return json(403, { message: 'Only an employer partner publishes labour needs.' });
  if (!checkSameOrigin(event).ok) return json(403, { message: 'Cross-site posts are refused.' });
  const body = readBody(event, MAX_NEED_BODY_BYTES);
  if (!body.ok) return badRequest([body.error]);
  if (typeof body.value !== 'object' || body.value === null || Array.isArray(body.value))
    return badRequest([
      { field: 'body', message: 'Must be a JSON object: one labour need.', key: 'bodyType' },
    ]);
  const sent = body.value as Record<string, unknown>;
  if (Object.hasOwn(sent, 'employer'))
    return badRequest([
      { field: 'employer', message: 'The employer is the one signed in: leave it out.', key: 'unknownField' },
    ]);
  const draft = { ...sent, employer };
  const needId =
    typeof sent.needId === 'string'
      ? sent.needId
      : needIdOf(employer.code, {
          occupation: String(sent.occupation ?? ''),
          province: String(sent.province ?? ''),
          periodStart: String(sent.periodStart ?? ''),
        });
  const checked = checkLabourNeed({ ...draft, needId });
  if (!checked.ok) return badRequest(checked.errors);
  if (checked.need.region !== principal.region)
    return badRequest([
      {
        field: 'region',
        message: `Must be your region (${principal.region}).`,
        key: 'region',
      },
    ]);
  const saved = await saveLabourNeeds([checked.need], employer.code, principal.personId, new Date());
  if (saved.notYours.length > 0) return notYours(saved);
  metrics.addMetric('LabourNeedsPublished', MetricUnit.Count, saved.written.length);
  logger.info('Labour need published', {
    needId,
    employerCode: employer.code,
    written: saved.written.length,
  });
  return json(saved.written.length > 0 ? 201 : 200, {
    need: checked.need,
    status: saved.written.length > 0 ? 'written' : 'unchanged',
  });
}

async function importFile(event: APIGatewayProxyEventV2): Promise<HttpResult> {
  const access = await authorize(event, 'needs.manage');
  if (!access.ok) return access.result;
  const employer = employerOf(access.principal);
  if (!employer) return json(403, { message: 'Only an employer partner imports labour needs.' });
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
  if (bytes.length > MAX_CSV_BYTES)
    return json(413, {
      errors: [{ field: 'file', message: `The file is larger than ${MAX_CSV_BYTES} bytes.` }],
    });
  const report = importLabourNeeds(bytes, employer, {}, access.principal.region);
  if (!report.ok) {
    logger.info('Labour needs file refused', {
      employerCode: employer.code,
      fileErrors: report.fileErrors.length,
      rowErrors: report.rowErrors.length,
    });
    return json(400, { imported: 0, fileErrors: report.fileErrors, rowErrors: report.rowErrors });
  }
  const saved = await saveLabourNeeds(report.rows, employer.code, access.principal.personId, new Date());
  if (saved.notYours.length > 0) return notYours(saved);
  metrics.addMetric('LabourNeedsImported', MetricUnit.Count, saved.written.length);
  logger.info('Labour needs imported', { employerCode: employer.code, written: saved.written.length });
  return json(200, {
    imported: saved.written.length,
    unchanged: saved.unchanged.length,
    separator: report.separator,
  });
}

function notYours(saved: SaveOutcome): HttpResult {
  return json(409, {
    message: 'Some needs belong to another employer: nothing was written.',
    needIds: saved.notYours,
  });
}

function queryErrors(error: z.ZodError): FieldError[] {
  return error.issues.map((issue) => {
    if (issue.code === 'unrecognized_keys')
      return {
        field: issue.keys.join(', '),
        message: 'Unknown filter: sector, province, region, limit, next.',
        key: 'unknownField',
      };
    const field = issue.path.map(String).join('.') || 'query';
    return { field, message: issue.message, key: 'invalid' };
  });
}

/** The employer's page: their needs, the form to publish one, the file to import. */
async function needsPage(event: APIGatewayProxyEventV2): Promise<HttpResult> {
  const access = await authorize(event, 'needs.manage');
  if (!access.ok) return access.result;
  const lang = languageOf(event);
  const query = event.queryStringParameters ?? {};
  const count = (name: string) => (/^\d{1,6}$/.test(query[name] ?? '') ? Number(query[name]) : 0);
  const t = translator(lang);
  const notices: Record<string, string> = {
    published: t('needs.published'),
    unchanged: t('needs.unchanged'),
    imported: t('needs.imported', { imported: count('imported'), unchanged: count('unchanged') }),
  };
  const done = query.done && Object.hasOwn(notices, query.done) ? notices[query.done] : undefined;
  return html(
    200,
    labourNeedsPage(lang, access.principal, await ownNeeds(access.principal), done ? { notice: done } : {}),
  );
}

async function ownNeeds(principal: Principal): Promise<StoredNeed[]> {
  return (await listLabourNeeds())
    .filter((need) => need.employer.code === principal.partner)
    .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
}

/** The form's post: 303 back to the page with a notice, or the page again with the errors. */
async function publishFromPage(event: APIGatewayProxyEventV2): Promise<HttpResult> {
  const access = await authorize(event, 'needs.manage');
  if (!access.ok) return access.result;
  const { principal } = access;
  const lang = languageOf(event);
  const employer = employerOf(principal);
  if (!employer || !checkSameOrigin(event).ok)
    return html(403, forbiddenPageHtml(lang, principal, event.rawPath));
  const body = readBody(event, MAX_NEED_BODY_BYTES);
  const values = formValues(body.ok ? body.value : undefined);
  const sent = Object.fromEntries(
    [
      'occupation',
      'sector',
      'province',
      'positions',
      'skills',
      'educationLevel',
      'periodStart',
      'periodEnd',
      'contractType',
    ]
      .filter((field) => typeof values[field] === 'string')
      .map((field) => [field, values[field]]),
  );
  const draft = { ...sent, region: principal.region, employer };
  const needId = needIdOf(employer.code, {
    occupation: String(sent.occupation ?? ''),
    province: String(sent.province ?? ''),
    periodStart: String(sent.periodStart ?? ''),
  });
  const checked = body.ok
    ? checkLabourNeed({ ...draft, needId })
    : { ok: false as const, errors: [body.error] };
  if (!checked.ok)
    return html(
      400,
      labourNeedsPage(lang, principal, await ownNeeds(principal), {
        values,
        errors: localizeFieldErrors(lang, checked.errors, values),
      }),
    );
  const saved = await saveLabourNeeds([checked.need], employer.code, principal.personId, new Date());
  if (saved.notYours.length > 0)
    return html(
      409,
      labourNeedsPage(lang, principal, await ownNeeds(principal), {
        values,
        notice: translator(lang)('needs.notYours'),
      }),
    );
  metrics.addMetric('LabourNeedsPublished', MetricUnit.Count, saved.written.length);
  return redirect(`/partner/needs?lang=${lang}&done=${saved.written.length > 0 ? 'published' : 'unchanged'}`);
}

/** The page's file: every need or nothing, the report shown as a table of rows and columns. */
async function importFromPage(event: APIGatewayProxyEventV2): Promise<HttpResult> {
  const access = await authorize(event, 'needs.manage');
  if (!access.ok) return access.result;
  const { principal } = access;
  const lang = languageOf(event);
  const t = translator(lang);
  const employer = employerOf(principal);
  if (!employer || !checkSameOrigin(event).ok)
    return html(403, forbiddenPageHtml(lang, principal, event.rawPath));
  const file = await fileOfForm(event, 'file', MAX_CSV_BYTES);
  const refuse = async (status: number, importErrors: { row?: number; field: string; message: string }[]) =>
    html(status, labourNeedsPage(lang, principal, await ownNeeds(principal), { importErrors }));
  if (!file.ok) {
    // The same words as the provider's import page.
    const message =
      file.reason === 'tooLarge'
        ? importText(t, {
            key: 'csvTooLarge',
            message: `At most ${MAX_CSV_BYTES} bytes.`,
            params: { size: `> ${MAX_CSV_BYTES}`, max: MAX_CSV_BYTES },
          })
        : t(`partnerOffers.errors.${file.reason === 'missing' ? 'fileMissing' : 'fileUnreadable'}`);
    return refuse(400, [{ field: 'file', message }]);
  }
  const report = importLabourNeeds(file.bytes, employer, {}, principal.region);
  if (!report.ok)
    return refuse(400, [
      ...report.fileErrors.map((e) => ({
        ...(e.row ? { row: e.row } : {}),
        field: e.field,
        message: importText(t, e),
      })),
      ...report.rowErrors.map((e) => ({ row: e.row, field: e.field, message: importText(t, e) })),
    ]);
  const saved = await saveLabourNeeds(report.rows, employer.code, principal.personId, new Date());
  if (saved.notYours.length > 0) return refuse(409, [{ field: 'needId', message: t('needs.notYours') }]);
  metrics.addMetric('LabourNeedsImported', MetricUnit.Count, saved.written.length);
  return redirect(
    `/partner/needs?lang=${lang}&done=imported&imported=${saved.written.length}&unchanged=${saved.unchanged.length}`,
  );
}

/** An import message in the page's language when the texts have it, else its English. */
function importText(
  t: Translate,
  error: { key: string; message: string; params?: Record<string, string | number> },
): string {
  return t(`imports.${error.key}`, { ...(error.params ?? {}), defaultValue: error.message });
}

/** Every need, as open data: CSV (UTF-8 with BOM) or JSON, with the date and the licence. */
async function openData(format: 'csv' | 'json'): Promise<HttpResult> {
  const generatedAt = new Date();
  const needs = (await listLabourNeeds()).sort((a, b) => a.needId.localeCompare(b.needId));
  const published = needs.map(openNeed);
  const fileName = openDataFileName('labour-needs', format, generatedAt);
  const metadata = {
    link: `<${OPEN_DATA_LICENCE.url}>; rel="license"`,
    'x-licence': OPEN_DATA_LICENCE.name,
    'x-generated-at': generatedAt.toISOString(),
    'access-control-allow-origin': '*',
    'access-control-expose-headers': 'content-disposition, link, x-licence, x-generated-at',
  };
  logger.info('Labour needs exported', { format, count: published.length });
  if (format === 'json') {
    const result = json(200, {
      licence: OPEN_DATA_LICENCE,
      publisher: OPEN_DATA_PUBLISHER,
      generatedAt: generatedAt.toISOString(),
      needs: published,
    });
    return {
      ...result,
      headers: { ...result.headers, ...metadata, 'content-disposition': `inline; filename="${fileName}"` },
    };
  }
  const result = json(200, {});
  return {
    statusCode: 200,
    headers: {
      ...result.headers,
      'content-type': 'text/csv; charset=utf-8; header=present',
      'content-disposition': `attachment; filename="${fileName}"`,
      ...metadata,
    },
    body: needsCsv(published),
  };
}

/** What open data says of a need: the need, its employer's name, when it was last changed (not by whom). */
function openNeed(need: StoredNeed): Omit<StoredNeed, 'updatedBy'> {
  const { updatedBy: _by, ...open } = need;
  void _by;
  return open;
}
