/**
 * A beneficiary's rights over their personal data, for their coach and their association's
 * supervisor:
 * - `POST /beneficiaries/{id}/consent-withdrawal` (the record page's form, with its confirmation
 *   box) and `POST /api/beneficiaries/{id}/consent-withdrawal` `{"date"}`: the withdrawal of
 *   consent. In this order, each step idempotent, so a redo (the same request again, or after a
 *   crash) finishes the job: the withdrawal marked on the record (first day kept) and audited; the
 *   journey's execution and any follow-up execution stopped; the open tasks closed (their links
 *   say the journey ended); the anonymous `dropout` event (`consent-withdrawn`) written through the
 *   journey store, unless the journey already has its ending event; the coach's place freed; the
 *   personal data erased (commons/personal-data.ts).
 * - `GET /beneficiaries/{id}/export` (a printable page) and `GET /api/beneficiaries/{id}/export`
 *   (JSON): everything held on the person, for an access request; audited before it is produced.
 *
 * Only ids go to the logs, never a name, a contact or a date of the person.
 */
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { badRequest, formValues, html, json, readBody, redirect, type HttpResult } from './commons/http';
import { languageOf } from './commons/i18n';
import { instrumented } from './commons/instrumented';
import { logger } from './commons/powertools';
import { dynamo } from './commons/clients';
import { tableName } from './commons/settings';
import { isApiPath } from './commons/sessions';
import { type Beneficiary } from './commons/beneficiaries';
import { openRecord } from './commons/record-actions';
import { auditItem, auditTrail, caseNotes, recordAudit } from './commons/case-file-entries';
import { recordStage } from './commons/journeys';
import { freeCoachPlace } from './commons/journey-end';
import { dequeue } from './commons/coach-queue';
import { releaseSeat } from './commons/training-offers';
import {
  allTasksOf,
  closeTasksOf,
  erasePersonalData,
  markWithdrawal,
  putAuditOnce,
  stopJourney,
} from './commons/personal-data';
import { coachNames } from './commons/record-store';
import { actorOf, auditEntryId } from './domain/audit';
import { journeyEvent } from './domain/journey-events';
import { checkWithdrawal, journeyHasEnded, withdrawalDimensions } from './domain/personal-data';
import { dimensionsOf } from './domain/profile';
import type { Lang } from './domain/reference-data';
import { versionOf } from './domain/record-corrections';
import { beneficiaryRecordPage } from './views/beneficiary-records';
import { exportPage, type BeneficiaryExport } from './views/personal-data-export';

/** A withdrawal's body is a date and a box: a few hundred bytes at most. */
const MAX_WITHDRAWAL_BODY_BYTES = 2048;

export const handler = instrumented(
  async (event: APIGatewayProxyEventV2, _context: Context): Promise<HttpResult> => {
    const lang = languageOf(event);
    const beneficiaryId = event.pathParameters?.beneficiaryId ?? '';
    if (event.requestContext.http.method === 'GET') return exportRecord(event, lang, beneficiaryId);
    return withdraw(event, lang, beneficiaryId);
  },
);

// --- Withdrawal of consent ---------------------------------------------------------------------

async function withdraw(
  event: APIGatewayProxyEventV2,
  lang: Lang,
  beneficiaryId: string,
): Promise<HttpResult> {
  const opened = await openRecord(event, lang, beneficiaryId, 'consent.withdraw', { write: true });
  if (!opened.ok) return opened.result;
  const { principal, record, api } = opened;

  // Parse, then decide.
  const now = new Date();
  const body = readBody(event, MAX_WITHDRAWAL_BODY_BYTES);
  const decision = body.ok
    ? checkWithdrawal(body.value, { createdAt: record.createdAt, now, kind: body.kind })
    : { ok: false as const, errors: [body.error] };
  if (!decision.ok) {
    logger.info('Withdrawal refused', { beneficiaryId, fields: decision.errors.map((e) => e.field) });
    if (api) return badRequest(decision.errors);
    const coachName = record.coachId ? (await coachNames()).get(record.coachId) : undefined;
    return html(
      400,
      beneficiaryRecordPage(lang, {
        principal,
        record,
        version: versionOf(record),
        ...(coachName !== undefined ? { coachName } : {}),
        now,
        withdrawal: { values: formValues(body.value), errors: decision.errors },
      }),
    );
  }

  // Effects, each idempotent, in an order a redo finishes.
  const withdrawal = await markWithdrawal(beneficiaryId, {
    on: decision.request.date,
    recordedBy: principal.personId,
    role: principal.role,
    recordedAt: now.toISOString(),
  });
  await putAuditOnce({
    ...auditItem(beneficiaryId, actorOf(principal), 'withdraw', api ? 'api' : 'record', now, {
      field: 'consent',
    }),
    entryId: auditEntryId(new Date(withdrawal.recordedAt), 'withdrawal'),
    at: withdrawal.recordedAt,
    personId: withdrawal.recordedBy,
  });
  await stopJourney(record);
  const closed = await closeTasksOf(await allTasksOf(record), 'journey-consent-withdrawn', now);
  const ended = await endJourneyOnce(record, withdrawal.on, now);
  await dequeue(record.region, beneficiaryId);
  await freeCoachPlace(beneficiaryId, record.region, now);
  const erasure = await erasePersonalData(beneficiaryId, actorOf(principal), now);
  logger.info('Consent withdrawal recorded', { beneficiaryId, tasksClosed: closed, dropoutWritten: ended });

  if (!api) return redirect(`/beneficiaries/${encodeURIComponent(beneficiaryId)}?withdrawn=1&lang=${lang}`);
  return json(200, {
    beneficiaryId,
    consentWithdrawal: {
      date: withdrawal.on,
      recordedBy: withdrawal.recordedBy,
      recordedAt: withdrawal.recordedAt,
    },
    erasedAt: erasure?.erasedAt,
  });
}

/**
 * The journey's anonymous end, once: a `dropout` with the reason `consent-withdrawn`, unless the
 * current journey already has its ending event (placed, not placed, a dropout, unanswered) — a
 * journey is counted ended once. A training seat chosen but not started goes back.
 */
async function endJourneyOnce(record: Beneficiary, on: string, now: Date): Promise<boolean> {
  const journey = record.journeyNumber ?? 1;
  const events = await journeyEventItems(record.beneficiaryId);
  const stages = events.map((e) => ({
    stage: String(e.stage),
    ...(typeof e.journey === 'number' ? { journey: e.journey } : {}),
  }));
  if (journeyHasEnded(stages, journey)) return false;
  // Before any erasure the birth year is there; after it (a redo), the stored dimensions always are.
  if (!record.dimensions && record.birthYear === undefined) return false;
  const dimensions = withdrawalDimensions(
    record.dimensions,
    () => dimensionsOf(record, new Date(record.createdAt)),
    journey,
  );
  if (record.training?.status === 'chosen') await releaseSeat(record.training.offerId, record.beneficiaryId);
  // A step ending the journey right now (a placement) may have claimed its end first: then the
  // journey keeps that end and no dropout is counted.
  const recorded = await recordStage(
    journeyEvent(record.beneficiaryId, 'dropout', dimensions, now, { reason: 'consent-withdrawn' }),
    { dropout: { reason: 'consent-withdrawn', on } },
  );
  return recorded === 'recorded';
}

/** Every journey event of the person, as stored (they hold no name, no contact). */
async function journeyEventItems(beneficiaryId: string): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await dynamo.send(
      new QueryCommand({
        TableName: tableName('journeyEvents'),
        KeyConditionExpression: 'beneficiaryId = :id',
        ExpressionAttributeValues: { ':id': beneficiaryId },
        ConsistentRead: true,
        ExclusiveStartKey: start,
      }),
    );
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

// --- Export (access requests) ------------------------------------------------------------------

async function exportRecord(
  event: APIGatewayProxyEventV2,
  lang: Lang,
  beneficiaryId: string,
): Promise<HttpResult> {
  const opened = await openRecord(event, lang, beneficiaryId, 'beneficiary.export');
  if (!opened.ok) return opened.result;
  const { principal, record } = opened;

  // The export is on the trail before anything of it is produced; it is in the export itself.
  const now = new Date();
  await recordAudit(
    auditItem(
      beneficiaryId,
      actorOf(principal),
      'export',
      isApiPath(event.rawPath) ? 'api' : 'export-page',
      now,
    ),
  );
  const [events, tasks, notes, trail] = await Promise.all([
    journeyEventItems(beneficiaryId),
    allTasksOf(record),
    caseNotes(beneficiaryId),
    auditTrail(beneficiaryId),
  ]);
  const data: BeneficiaryExport = {
    generatedAt: now.toISOString(),
    generatedBy: principal.personId,
    beneficiaryId,
    ...(record.erasedAt !== undefined
      ? {
          erased: {
            on: record.erasedAt,
            by: record.erasure?.by ?? 'unknown',
            remains:
              "The personal fields (names, contacts, birth year, the intake hash) and the free texts coaches wrote were erased. What remains is anonymous: the random id, region, province, sex, age band, education, sector, situation, aspiration, vulnerability factor codes, employability profile and track, the journey's stages and dates, the consents' dates, and this audit trail.",
          },
        }
      : {}),
    record: recordOf(record),
    consents: {
      ...(record.consent !== undefined ? { programme: record.consent } : {}),
      ...(record.consents ? { sharing: record.consents } : {}),
      ...(record.consentWithdrawal ? { withdrawal: record.consentWithdrawal } : {}),
    },
    journeyEvents: events.map((item) => without(item, ['beneficiaryId'])),
    tasks: tasks.map((task) => ({
      taskType: task.taskType,
      ...(task.step !== undefined ? { step: task.step } : {}),
      journey: task.dimensions?.journey ?? 1,
      coachId: task.coachId,
      status: task.status,
      createdAt: task.createdAt,
      ...(task.answeredAt ? { answeredAt: task.answeredAt } : {}),
      ...(task.answers ? { answers: task.answers } : {}),
      ...(task.closedAt ? { closedAt: task.closedAt, closedReason: task.closedReason } : {}),
    })),
    caseNotes: notes.map((note) => ({
      at: note.at,
      personId: note.personId,
      authorName: note.authorName,
      text: note.text,
      ...((note as { erasedAt?: string }).erasedAt
        ? { erasedAt: (note as { erasedAt?: string }).erasedAt }
        : {}),
    })),
    auditTrail: trail.map((entry) =>
      without(entry as unknown as Record<string, unknown>, ['beneficiaryId', 'entryId', 'kind']),
    ),
  };
  logger.info('Personal data exported', { beneficiaryId, erased: record.erasedAt !== undefined });
  if (isApiPath(event.rawPath)) return json(200, data);
  return html(200, exportPage(lang, principal, data), { referrerPolicy: 'no-referrer' });
}

/** The record as held, less what is machinery (an index's key, markers) rather than about the person. */
function recordOf(record: Beneficiary): Record<string, unknown> {
  return without(record as unknown as Record<string, unknown>, [
    'intakeHash',
    'phoneKey',
    'identityKey',
    'lastActivityAt',
    'erasure',
  ]);
}

function without(item: Record<string, unknown>, fields: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(item).filter(([field]) => !fields.includes(field)));
}
