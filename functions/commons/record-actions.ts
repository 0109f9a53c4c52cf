/**
 * What every action on one beneficiary's record checks first, in this order: the person may do
 * it at all, a form comes from Kafaat's own pages (for writes), the record exists, and it is
 * within the person's scope. Each refusal is the API's JSON or the page a browser expects.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { checkSameOrigin, html, json, type HttpResult } from './http';
import { logger } from './powertools';
import { authorize, checkAccess, isApiPath } from './sessions';
import { accessTargetOf, getBeneficiary, isBeneficiaryId, type Beneficiary } from './beneficiaries';
import type { Action, Principal } from '../domain/access';
import { apiError } from '../domain/errors';
import type { Lang } from '../domain/reference-data';
import { recordCrossSitePage, recordNotFoundPage } from '../views/beneficiary-records';

export type OpenedRecord =
  { ok: true; principal: Principal; record: Beneficiary; api: boolean } | { ok: false; result: HttpResult };

/** 404: no record has this id (the page links back to `backTo`). */
export function recordNotFound(
  event: APIGatewayProxyEventV2,
  lang: Lang,
  principal: Principal,
  backTo: string,
): HttpResult {
  return isApiPath(event.rawPath)
    ? json(404, { message: 'No beneficiary has this id.' })
    : html(404, recordNotFoundPage(lang, principal, backTo));
}

/**
 * The record `beneficiaryId` names, opened for `action`. `write` adds the same-origin check of a
 * form (a cross-site post is refused before the record is read).
 */
export async function openRecord(
  event: APIGatewayProxyEventV2,
  lang: Lang,
  beneficiaryId: string,
  action: Action,
  options: { write?: boolean; backTo?: string } = {},
): Promise<OpenedRecord> {
  const access = await authorize(event, action);
  if (!access.ok) return access;
  const { principal } = access;
  const api = isApiPath(event.rawPath);
  if (options.write) {
    const origin = checkSameOrigin(event);
    if (!origin.ok) {
      logger.warn('Cross-site form refused', { beneficiaryId, action });
      return {
        ok: false,
        result: api
          ? json(403, { errors: [apiError(origin.error)] })
          : html(403, recordCrossSitePage(lang, principal, beneficiaryId)),
      };
    }
  }
  const record = isBeneficiaryId(beneficiaryId) ? await getBeneficiary(beneficiaryId) : undefined;
  if (!record)
    return { ok: false, result: recordNotFound(event, lang, principal, options.backTo ?? event.rawPath) };
  const allowed = checkAccess(event, principal, action, accessTargetOf(record));
  if (!allowed.ok) return allowed;
  return { ok: true, principal, record, api };
}
