/**
 * An association's beneficiaries, for its intake workers and supervisors:
 * - `GET /beneficiaries`, `GET /api/beneficiaries`: the list, newest first, 25 a page (an opaque
 *   `cursor`), searched with `q` (name, phone, e-mail or reference); every person shown is audited.
 * - `GET /beneficiaries/{id}`, `GET /api/beneficiaries/{id}`: one record, audited before it is
 *   shown; for the association's intake workers, with its correction form.
 * - `POST /beneficiaries/{id}` (the form), `POST /api/beneficiaries/{id}/corrections` (JSON): a
 *   correction, checked by the intake's rules; the fields that change and one audit entry each
 *   (old value masked) are written in one transaction, only if the record is still the version
 *   the correction was made on (else 409, nothing written). A correction of what the stored
 *   employability profile reads works it out again in the same write.
 *
 * Names, phones and e-mails never go to the logs: ids and field names only. A search term is in
 * the list's query string (a GET form): the list is served with `referrer-policy: no-referrer` and
 * `no-store`, and the term is never logged.
 */
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { badRequest, formValues, html, json, readBody, redirect, type HttpResult } from './commons/http';
import { localizeFieldErrors } from './commons/html';
import { languageOf, translator } from './commons/i18n';
import { instrumented } from './commons/instrumented';
import { logger } from './commons/powertools';
import { authorize, checkAccess, isApiPath } from './commons/sessions';
import { accessTargetOf, getBeneficiary, type Beneficiary } from './commons/beneficiaries';
import { openRecord, recordNotFound } from './commons/record-actions';
import { auditItem, recordReads } from './commons/case-file-entries';
import { applyCorrection, associationPage, coachNames, referenceOfKind } from './commons/record-store';
import { linkSigningSecret } from './commons/secrets';
import { decideAccess } from './domain/access';
import { duplicateKeys } from './domain/duplicates';
import { actorOf, maskValue } from './domain/audit';
import { type FieldError } from './domain/errors';
import { MAX_INTAKE_BODY_BYTES } from './domain/intake';
import type { Lang } from './domain/reference-data';
import {
  checkCorrection,
  correctionOutcome,
  correctedOf,
  profileAfter,
  versionOf,
  type CorrectableRecord,
} from './domain/record-corrections';
import {
  decodeCursor,
  encodeCursor,
  MAX_SEARCH_CHARACTERS,
  parseSearch,
  shortReference,
} from './domain/record-search';
import { beneficiaryListPage, beneficiaryRecordPage, type RecordNotice } from './views/beneficiary-records';

export const handler = instrumented(
  async (event: APIGatewayProxyEventV2, _context: Context): Promise<HttpResult> => {
    const lang = languageOf(event);
    const beneficiaryId = event.pathParameters?.beneficiaryId;
    if (beneficiaryId === undefined) return list(event, lang);
    if (event.requestContext.http.method === 'GET') return read(event, lang, beneficiaryId);
    return correct(event, lang, beneficiaryId);
  },
);

/** A record's fields as the API gives them: what the intake took and where the journey stands. */
function recordJson(record: Beneficiary, coachName: string | undefined) {
  return {
    beneficiaryId: record.beneficiaryId,
    reference: shortReference(record.beneficiaryId),
    firstName: record.firstName,
    lastName: record.lastName,
    sex: record.sex,
    birthYear: record.birthYear,
    region: record.region,
    province: record.province,
    ...(record.phone !== undefined ? { phone: record.phone } : {}),
    ...(record.email !== undefined ? { email: record.email } : {}),
    educationLevel: record.educationLevel,
    ...(record.situation !== undefined ? { situation: record.situation } : {}),
    ...(record.vulnerabilityFactors !== undefined
      ? { vulnerabilityFactors: record.vulnerabilityFactors }
      : {}),
    ...(record.aspiration !== undefined ? { aspiration: record.aspiration } : {}),
    ...(record.sectorOfInterest !== undefined ? { sectorOfInterest: record.sectorOfInterest } : {}),
    association: record.association,
    stage: record.stage,
    ...(record.coachId !== undefined ? { coachId: record.coachId } : {}),
    ...(coachName !== undefined ? { coachName } : {}),
    createdAt: record.createdAt,
    version: versionOf(record),
    // (Added) once consent is withdrawn, and once the personal fields are erased (they are then absent).
    ...(record.consentWithdrawal !== undefined ? { consentWithdrawnOn: record.consentWithdrawal.on } : {}),
    ...(record.erasedAt !== undefined ? { erasedAt: record.erasedAt } : {}),
  };
}

/** Where a missing record's page leads back to. */
const BACK = '/beneficiaries';

async function coachNameOf(record: Beneficiary): Promise<string | undefined> {
  return record.coachId ? (await coachNames()).get(record.coachId) : undefined;
}

async function list(event: APIGatewayProxyEventV2, lang: Lang): Promise<HttpResult> {
  const access = await authorize(event, 'beneficiaries.list');
  if (!access.ok) return access.result;
  const { principal } = access;
  // The association's list, and only its own: a person of no association reaches none.
  const scoped = checkAccess(event, principal, 'beneficiaries.list', {
    region: principal.region,
    association: principal.association,
  });
  if (!scoped.ok) return scoped.result;
  const association = principal.association ?? '';
  const api = isApiPath(event.rawPath);

  const params = event.queryStringParameters ?? {};
  const query = params.q ?? '';
  const cursor = params.cursor ? decodeCursor(params.cursor) : undefined;
  const errors: FieldError[] = [];
  if (query.length > MAX_SEARCH_CHARACTERS) {
    errors.push({
      field: 'q',
      message: `The search must be at most ${MAX_SEARCH_CHARACTERS} characters.`,
      key: 'queryTooLong',
    });
  }
  if (params.cursor && !cursor) {
    errors.push({
      field: 'cursor',
      message:
        'Not a cursor this list gave: leave it out for the first page, or use `next` of the previous page.',
      key: 'badCursor',
    });
  }
  if (errors.length > 0) {
    if (api) return badRequest(errors);
    const t = translator(lang);
    const said = errors.map((e) => t(`records.${e.key ?? ''}`, { max: MAX_SEARCH_CHARACTERS }));
    return listResult(
      400,
      beneficiaryListPage(lang, {
        principal,
        rows: [],
        coachNames: new Map(),
        query: query.slice(0, MAX_SEARCH_CHARACTERS),
        errors: said,
      }),
    );
  }

  const page = await associationPage(association, parseSearch(query), cursor);
  const ids = page.items.map((b) => b.beneficiaryId);
  // Recorded before anything is shown: a read that could not be recorded is not shown.
  await recordReads(actorOf(principal), ids, 'beneficiary-list');
  logger.info('Beneficiaries listed', { count: ids.length, searched: query.trim() !== '' });
  const names = await coachNames();
  const next = page.next ? encodeCursor(page.next) : undefined;
  if (api) {
    return json(200, {
      items: page.items.map((b) => ({
        beneficiaryId: b.beneficiaryId,
        reference: shortReference(b.beneficiaryId),
        firstName: b.firstName,
        lastName: b.lastName,
        ...(b.erasedAt !== undefined ? { erasedAt: b.erasedAt } : {}),
        province: b.province,
        stage: b.stage,
        ...(b.coachId !== undefined ? { coachId: b.coachId } : {}),
        ...(b.coachId !== undefined && names.has(b.coachId) ? { coachName: names.get(b.coachId) } : {}),
        createdAt: b.createdAt,
      })),
      ...(next ? { next } : {}),
    });
  }
  return listResult(
    200,
    beneficiaryListPage(lang, {
      principal,
      rows: page.items,
      coachNames: names,
      query,
      ...(params.cursor ? { cursor: params.cursor } : {}),
      ...(next ? { next } : {}),
    }),
  );
}

/** The list page: its address may hold a search term, so it is never sent on as a Referer. */
function listResult(status: number, body: string): HttpResult {
  return html(status, body, { referrerPolicy: 'no-referrer' });
}

async function read(event: APIGatewayProxyEventV2, lang: Lang, beneficiaryId: string): Promise<HttpResult> {
  // Another association's record: refused, and nothing recorded or shown.
  const opened = await openRecord(event, lang, beneficiaryId, 'beneficiary.read', { backTo: BACK });
  if (!opened.ok) return opened.result;
  const { principal, record } = opened;

  await recordReads(actorOf(principal), [beneficiaryId], 'record');
  const coachName = await coachNameOf(record);
  if (isApiPath(event.rawPath)) return json(200, recordJson(record, coachName));
  const params = event.queryStringParameters ?? {};
  const notice: RecordNotice =
    params.saved === '1'
      ? 'saved'
      : params.unchanged === '1'
        ? 'unchanged'
        : params.withdrawn === '1'
          ? 'withdrawn'
          : undefined;
  // A supervisor may give the beneficiary another coach of the region from here.
  const coachChoices = decideAccess(principal, 'beneficiary.reassign', accessTargetOf(record))
    ? await otherCoachesOfRegion(record)
    : [];
  return html(
    200,
    beneficiaryRecordPage(lang, {
      principal,
      record,
      version: versionOf(record),
      ...(coachName !== undefined ? { coachName } : {}),
      notice,
      now: new Date(),
      coachChoices,
    }),
  );
}

/** The active coaches of the beneficiary's region, other than theirs: who may take them over. */
async function otherCoachesOfRegion(record: Beneficiary): Promise<{ code: string; name: string }[]> {
  const coaches = await referenceOfKind('coach');
  return coaches
    .filter((c) => c.region === record.region && c.active !== false && c.code !== record.coachId)
    .map((c) => ({
      code: String(c.code),
      name: typeof c.displayName === 'string' ? c.displayName : String(c.code),
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

function correctableOf(record: Beneficiary): CorrectableRecord {
  return {
    firstName: record.firstName,
    lastName: record.lastName,
    sex: record.sex,
    birthYear: record.birthYear,
    province: record.province,
    phone: record.phone,
    email: record.email,
    educationLevel: record.educationLevel,
    situation: record.situation,
    vulnerabilityFactors: record.vulnerabilityFactors,
    aspiration: record.aspiration,
    sectorOfInterest: record.sectorOfInterest,
    region: record.region,
    version: versionOf(record),
  };
}

async function correct(
  event: APIGatewayProxyEventV2,
  lang: Lang,
  beneficiaryId: string,
): Promise<HttpResult> {
  const opened = await openRecord(event, lang, beneficiaryId, 'beneficiary.correct', {
    write: true,
    backTo: BACK,
  });
  if (!opened.ok) return opened.result;
  const { principal, record, api } = opened;
  const actor = actorOf(principal);
  // An erased record takes no correction: it would bring personal data back.
  if (record.erasedAt !== undefined) {
    logger.info('Correction refused: the record is erased', { beneficiaryId });
    return api
      ? json(409, { message: "This record's personal data was erased: it takes no correction." })
      : redirect(`/beneficiaries/${encodeURIComponent(beneficiaryId)}?lang=${lang}`);
  }

  // Parse, then decide.
  const body = readBody(event, MAX_INTAKE_BODY_BYTES);
  const now = new Date();
  const current = correctableOf(record);
  const decision = body.ok
    ? checkCorrection(body.value, current, now, body.kind)
    : { ok: false as const, errors: [body.error] };
  if (!decision.ok) {
    logger.info('Correction refused', { beneficiaryId, fields: decision.errors.map((e) => e.field) });
    if (api) return badRequest(decision.errors);
    const values = formValues(body.value);
    await recordReads(actor, [beneficiaryId], 'record');
    return html(
      400,
      beneficiaryRecordPage(lang, {
        principal,
        record,
        version: current.version,
        ...(await coachNameField(record)),
        form: { values, errors: localizeFieldErrors(lang, decision.errors, values) },
        now,
      }),
    );
  }

  // Effects: the changed fields and their audit entries together, or nothing.
  let outcome = correctionOutcome(decision.changes, decision.version, current.version);
  if (outcome === 'apply') {
    const entries = decision.changes.map((change) =>
      auditItem(beneficiaryId, actor, 'change', 'correction', now, {
        field: change.field,
        oldValue: maskValue(change.oldValue, change.field),
      }),
    );
    const association = record.association ?? '';
    // The profile follows what it reads (the dimensions stay the intake's: dashboards count by them).
    const profile = profileAfter(record, decision.changes);
    // Names, birth year, province or phone corrected: the record is found by its new keys.
    const keys = duplicateKeys(
      await linkSigningSecret(),
      association,
      correctedOf(current, decision.changes),
    );
    const written = await applyCorrection(
      { beneficiaryId, association },
      current.version,
      decision.changes,
      entries,
      now,
      profile,
      keys,
    );
    if (written === 'stale') outcome = 'stale';
    else logger.info('Record corrected', { beneficiaryId, fields: decision.changes.map((c) => c.field) });
  }

  if (outcome === 'stale') {
    logger.info('Correction refused: the record changed meanwhile', { beneficiaryId });
    const latest = await getBeneficiary(beneficiaryId);
    if (!latest) return recordNotFound(event, lang, principal, BACK);
    await recordReads(actor, [beneficiaryId], 'record');
    const coachName = await coachNameOf(latest);
    if (api) {
      return json(409, {
        message:
          'The record changed since the version this correction was made on: nothing was saved. Here is the record as it is now; correct it again if needed.',
        record: recordJson(latest, coachName),
      });
    }
    return html(
      409,
      beneficiaryRecordPage(lang, {
        principal,
        record: latest,
        version: versionOf(latest),
        ...(coachName !== undefined ? { coachName } : {}),
        notice: 'stale',
        now: new Date(),
      }),
    );
  }

  const notice = outcome === 'apply' ? 'saved' : 'unchanged';
  if (!api) return redirect(`/beneficiaries/${encodeURIComponent(beneficiaryId)}?${notice}=1&lang=${lang}`);
  const after = (await getBeneficiary(beneficiaryId)) ?? record;
  await recordReads(actor, [beneficiaryId], 'correction');
  return json(200, recordJson(after, await coachNameOf(after)));
}

async function coachNameField(record: Beneficiary): Promise<{ coachName?: string }> {
  const coachName = await coachNameOf(record);
  return coachName !== undefined ? { coachName } : {};
}
