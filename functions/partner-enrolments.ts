/**
 * A training provider's enrolments in one of its offers, as a page and as the API:
 * - GET /partner/offers/{offerId}/enrolments, GET /api/training-offers/{offerId}/enrolments
 *   (`enrolments.read`, the offer's own provider only).
 * The counts always; the names and contacts only of the beneficiaries who agreed to share with
 * training providers (their consent, kept per purpose), and each such read goes on the person's
 * audit trail before it is shown. Nobody else's data, and no one without consent, is read out.
 */
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from './commons/clients';
import { html, json, type HttpResult } from './commons/http';
import { languageOf } from './commons/i18n';
import { instrumented } from './commons/instrumented';
import { logger } from './commons/powertools';
import { tableName } from './commons/settings';
import { authorize, checkAccess, isApiPath } from './commons/sessions';
import { getBeneficiary, isErased, type Beneficiary } from './commons/beneficiaries';
import { getTrainingOffer } from './commons/training-offers';
import { recordReads } from './commons/case-file-entries';
import { hasConsent } from './domain/coaching';
import { notFoundPage } from './views/not-found';
import { enrolmentsPage, type EnrolmentsView } from './views/enrolments-page';

/** Where the trail says a provider's reads came from. */
const VIA = 'training-provider-enrolments';

export const handler = instrumented(
  async (event: APIGatewayProxyEventV2, _context: Context): Promise<HttpResult> => {
    const lang = languageOf(event);
    const api = isApiPath(event.rawPath);
    const notFound = () =>
      api ? json(404, { message: 'No such training offer.' }) : html(404, notFoundPage(lang, event.rawPath));
    const access = await authorize(event, 'enrolments.read');
    if (!access.ok) return access.result;
    const offerId = event.pathParameters?.offerId ?? '';
    const offer = /^[A-Z0-9][A-Z0-9-]{2,39}$/.test(offerId) ? await getTrainingOffer(offerId) : undefined;
    if (!offer) return notFound();
    // Only the offer's own provider: another provider's offer is refused, not shown empty.
    const own = checkAccess(event, access.principal, 'enrolments.read', {
      ...(offer.providerId ? { partner: offer.providerId } : {}),
    });
    if (!own.ok) return own.result;
    const enrolled = await enrolmentsOf(offerId);
    const beneficiaries = (await Promise.all(enrolled.map((e) => getBeneficiary(e.beneficiaryId)))).filter(
      (b): b is Beneficiary => b !== undefined,
    );
    // An erased person (consent withdrawn, or past retention) shares nothing, whatever they agreed to.
    const sharing = beneficiaries.filter((b) => !isErased(b) && hasConsent(b.consents, 'training-providers'));
    // On each person's trail before anything of theirs is shown.
    if (sharing.length > 0)
      await recordReads(
        { personId: access.principal.personId, role: access.principal.role },
        sharing.map((b) => b.beneficiaryId),
        VIA,
      );
    const takenAt = new Map(enrolled.map((e) => [e.beneficiaryId, e.takenAt]));
    const view: EnrolmentsView = {
      offerId,
      title: offer.title,
      seats: offer.seats,
      seatsTaken: offer.seatsTaken,
      enrolments: enrolled.length,
      withheld: enrolled.length - sharing.length,
      shared: sharing.map((b) => ({
        firstName: b.firstName,
        lastName: b.lastName,
        ...(b.phone ? { phone: b.phone } : {}),
        ...(b.email ? { email: b.email } : {}),
        province: b.province,
        status: b.training?.offerId === offerId ? b.training.status : 'chosen',
        since: takenAt.get(b.beneficiaryId) ?? '',
      })),
    };
    logger.info('Enrolments read', {
      offerId,
      personId: access.principal.personId,
      enrolments: view.enrolments,
      shared: view.shared.length,
    });
    return api ? json(200, view) : html(200, enrolmentsPage(lang, access.principal, view));
  },
);

/** The offer's enrolments: the reference items `training-enrolment` whose code starts with it. */
async function enrolmentsOf(offerId: string): Promise<{ beneficiaryId: string; takenAt: string }[]> {
  const found: { beneficiaryId: string; takenAt: string }[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await dynamo.send(
      new QueryCommand({
        TableName: tableName('reference'),
        KeyConditionExpression: 'kind = :kind AND begins_with(code, :offer)',
        ExpressionAttributeValues: { ':kind': 'training-enrolment', ':offer': `${offerId}#` },
        ConsistentRead: true,
        ExclusiveStartKey: start,
      }),
    );
    for (const item of page.Items ?? [])
      if (typeof item.beneficiaryId === 'string')
        found.push({ beneficiaryId: item.beneficiaryId, takenAt: String(item.takenAt ?? '') });
    start = page.LastEvaluatedKey;
  } while (start);
  return found;
}
