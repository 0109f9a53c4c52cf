/**
 * A coach's caseload and a beneficiary's case file, as pages and as JSON:
 * - GET /caseload, /api/caseload (`caseload.read`): the coach's beneficiaries, the most urgent first;
 * - GET /cases/{id}, /api/cases/{id} (`beneficiary.read`): contacts, the journey's timeline, notes;
 * - POST /cases/{id}/notes, /api/cases/{id}/notes (`case-note.write`): the coach adds a note, once
 *   per idempotency key.
 * Every read of a beneficiary's personal data is written to their audit trail before it is shown;
 * a record outside the reader's scope is refused (403) with nothing read out or audited.
 */
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { dynamo } from './commons/clients';
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
import { escapeHtml, localizeFieldErrors, page } from './commons/html';
import { languageOf, translator } from './commons/i18n';
import { instrumented } from './commons/instrumented';
import { linkSigningSecret } from './commons/secrets';
import { signedTaskPath } from './domain/coach-task';
import { logger, metrics } from './commons/powertools';
import { tableName } from './commons/settings';
import { authorize, checkAccess, isApiPath } from './commons/sessions';
import {
  accessTargetOf,
  allBeneficiariesBy,
  getBeneficiary,
  type Beneficiary,
} from './commons/beneficiaries';
import { addCaseNote, caseNotes, recordReads, type Actor } from './commons/case-file-entries';
import { newFormKey } from './commons/idempotency';
import { journeyEventsOf } from './commons/journey-event-queries';
import { tasksOfBeneficiary, tasksOfCoach } from './commons/task-queries';
import { decideAccess, type Principal } from './domain/access';
import { byUrgency, dueDateOf, nextTaskOf, waitingFollowUpOf } from './domain/caseload';
import { checkCaseNote, checkNoteKey, NOTE_KEY_FIELD } from './domain/case-notes';
import { apiError, type FieldError } from './domain/errors';
import { associations, coaches, type Lang } from './domain/reference-data';
import { beneficiaryIdSchema } from './domain/step-inputs';
import { timelineOf } from './domain/timeline';
import { caseFilePath, caseloadPage, type CaseloadItem } from './views/caseload';
import { caseFilePage, type CaseFile, type NoteFormState, type PastJourneyFacts } from './views/case-file';
import { notFoundPage } from './views/not-found';

/** A note of 1000 characters, each up to 4 bytes and percent-encoded (×3), and its key. */
const MAX_NOTE_BODY_BYTES = 16 * 1024;

export const handler = instrumented(
  async (event: APIGatewayProxyEventV2, _context: Context): Promise<HttpResult> => {
    const method = event.requestContext.http.method.toUpperCase();
    const path = event.rawPath.replace(/^\/api(?=\/)/, '');
    if (method === 'GET' && path === '/caseload') return caseload(event);
    if (method === 'GET' && /^\/cases\/[^/]+$/.test(path)) return caseFile(event);
    if (method === 'POST' && /^\/cases\/[^/]+\/notes$/.test(path)) return addNote(event);
    return notFound(event);
  },
);

function notFound(event: APIGatewayProxyEventV2): HttpResult {
  return isApiPath(event.rawPath)
    ? json(404, { message: 'No such beneficiary.' })
    : html(404, notFoundPage(languageOf(event), event.rawPath));
}

const actorOf = (principal: Principal): Actor => ({ personId: principal.personId, role: principal.role });

/** The coach's beneficiaries, the most urgent first; each read audited before it is shown. */
async function caseload(event: APIGatewayProxyEventV2): Promise<HttpResult> {
  const access = await authorize(event, 'caseload.read');
  if (!access.ok) return access.result;
  const { principal } = access;
  const now = new Date();
  const [beneficiaries, tasks] = await Promise.all([
    allBeneficiariesBy('by-coach', principal.personId),
    tasksOfCoach(principal.personId),
  ]);
  const items = byUrgency(
    beneficiaries
      // The index is the coach's own caseload; the table says it again, record by record.
      .filter((b) => decideAccess(principal, 'caseload.read', accessTargetOf(b)))
      .map((b): CaseloadItem => {
        const nextTask = nextTaskOf(
          tasks.filter((task) => task.beneficiaryId === b.beneficiaryId),
          now,
        );
        // Read as the record has it (a field written by the follow-up steps), checked here.
        const nextFollowUp = waitingFollowUpOf((b as { nextFollowUp?: unknown }).nextFollowUp);
        return {
          beneficiaryId: b.beneficiaryId,
          firstName: b.firstName,
          lastName: b.lastName,
          province: b.province,
          stage: b.stage,
          ...(nextTask ? { nextTask } : {}),
          ...(nextFollowUp ? { nextFollowUp } : {}),
        };
      }),
  );
  await recordReads(
    actorOf(principal),
    items.map((item) => item.beneficiaryId),
    'caseload',
    now,
  );
  logger.info('Caseload read', { personId: principal.personId, beneficiaries: items.length });
  if (isApiPath(event.rawPath)) return json(200, { items });
  return html(200, caseloadPage(languageOf(event), items, principal));
}

type Found = { ok: true; beneficiary: Beneficiary } | { ok: false; result: HttpResult };

/**
 * The beneficiary of the path, and the principal's right on that record: what a route on one
 * beneficiary checks (after the role's right) before it reads anything more of them.
 */
async function beneficiaryFor(
  event: APIGatewayProxyEventV2,
  principal: Principal,
  action: 'beneficiary.read' | 'case-note.write',
): Promise<Found> {
  const id = beneficiaryIdSchema.safeParse(event.pathParameters?.beneficiaryId);
  const beneficiary = id.success ? await getBeneficiary(id.data) : undefined;
  if (!beneficiary) return { ok: false, result: notFound(event) };
  const onRecord = checkAccess(event, principal, action, accessTargetOf(beneficiary));
  if (!onRecord.ok) {
    logger.info('Case file refused', {
      beneficiaryId: beneficiary.beneficiaryId,
      personId: principal.personId,
      action,
    });
    return onRecord;
  }
  // An erased record has no case file left (its notes' text is gone, and a new note would bring
  // personal text back): the record page says when it was erased.
  if (beneficiary.erasedAt !== undefined) {
    const path = `/beneficiaries/${encodeURIComponent(beneficiary.beneficiaryId)}?lang=${languageOf(event)}`;
    return {
      ok: false,
      result: isApiPath(event.rawPath)
        ? json(410, {
            message: "This beneficiary's personal data was erased.",
            erasedAt: beneficiary.erasedAt,
          })
        : redirect(path),
    };
  }
  return { ok: true, beneficiary };
}

async function caseFile(event: APIGatewayProxyEventV2): Promise<HttpResult> {
  const access = await authorize(event, 'beneficiary.read');
  if (!access.ok) return access.result;
  const { principal } = access;
  const found = await beneficiaryFor(event, principal, 'beneficiary.read');
  if (!found.ok) return found.result;
  const file = await readCaseFile(principal, found.beneficiary);
  if (isApiPath(event.rawPath)) return json(200, file);
  const formKey = file.canAddNotes ? newFormKey() : undefined;
  return html(200, caseFilePage(languageOf(event), file, principal, formKey));
}

/** Everything the case file shows, its read written to the audit trail before it is returned. */
async function readCaseFile(principal: Principal, b: Beneficiary): Promise<CaseFile> {
  const now = new Date();
  const [events, tasks, notes, associationName, coachName] = await Promise.all([
    journeyEventsOf(b.beneficiaryId),
    tasksOfBeneficiary(b.beneficiaryId),
    caseNotes(b.beneficiaryId),
    b.association ? referenceName('association', b.association) : undefined,
    b.coachId ? referenceName('coach', b.coachId) : undefined,
  ]);
  const openTask = nextTaskOf(tasks, now);
  // The coach whose task it is may open it from here too (the same signed link as the email's).
  const ownOpenTask = tasks
    .filter((task) => task.status === 'open' && task.coachId === principal.personId)
    .sort((a, b) => Date.parse(dueDateOf(a)) - Date.parse(dueDateOf(b)))[0];
  const secret = ownOpenTask ? await linkSigningSecret() : undefined;
  const file: CaseFile = {
    beneficiary: {
      beneficiaryId: b.beneficiaryId,
      firstName: b.firstName,
      lastName: b.lastName,
      ...(b.phone === undefined ? {} : { phone: b.phone }),
      ...(b.email === undefined ? {} : { email: b.email }),
      province: b.province,
      ...(b.association === undefined ? {} : { association: b.association }),
      ...(associationName === undefined ? {} : { associationName }),
      birthYear: b.birthYear,
      educationLevel: b.educationLevel,
      stage: b.stage,
      ...(b.coachId === undefined ? {} : { coachId: b.coachId }),
      ...(coachName === undefined ? {} : { coachName }),
      ...(b.situation === undefined ? {} : { situation: b.situation }),
      ...(b.vulnerabilityFactors === undefined ? {} : { vulnerabilityFactors: b.vulnerabilityFactors }),
      ...(b.aspiration === undefined ? {} : { aspiration: b.aspiration }),
      ...(b.sectorOfInterest === undefined ? {} : { sectorOfInterest: b.sectorOfInterest }),
      ...(b.plan === undefined ? {} : { plan: b.plan }),
      ...(b.consents === undefined ? {} : { consents: b.consents }),
      ...journeyOutcomesOf(b),
    },
    ...(b.profile === undefined ? {} : { profile: b.profile }),
    ...(openTask ? { openTask } : {}),
    ...(ownOpenTask && secret
      ? {
          openTaskPath: signedTaskPath(
            secret,
            ownOpenTask.taskId,
            ownOpenTask.expiresAt,
            ownOpenTask.linkGeneration ?? 0,
          ),
        }
      : {}),
    timeline: timelineOf(events, tasks),
    notes,
    canAddNotes: decideAccess(principal, 'case-note.write', accessTargetOf(b)),
  };
  await recordReads(actorOf(principal), [b.beneficiaryId], 'case-file', now);
  logger.info('Case file read', { beneficiaryId: b.beneficiaryId, personId: principal.personId });
  return file;
}

const objectOf = (value: unknown): Record<string, unknown> | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;

/**
 * What the case file shows of the journeys' ends: the placement, the follow-ups (the one to come
 * too), the journey's number and those before a reopening. Read from the record defensively: the
 * follow-up steps write these fields, and records older than them have none.
 */
function journeyOutcomesOf(b: Beneficiary): Partial<CaseFile['beneficiary']> {
  const record = b as Beneficiary & {
    placement?: unknown;
    followUps?: unknown;
    nextFollowUp?: unknown;
    journeyNumber?: unknown;
    journeyStartedAt?: unknown;
    reopenedOn?: unknown;
    pastJourneys?: unknown;
  };
  const placement = objectOf(record.placement);
  const followUps = objectOf(record.followUps);
  const nextFollowUp = waitingFollowUpOf(record.nextFollowUp);
  const journeyNumber =
    Number.isSafeInteger(record.journeyNumber) && (record.journeyNumber as number) >= 2
      ? (record.journeyNumber as number)
      : undefined;
  const reopenedOn = [record.reopenedOn, record.journeyStartedAt].find(
    (value): value is string => typeof value === 'string' && value !== '',
  );
  const pastJourneys = (Array.isArray(record.pastJourneys) ? record.pastJourneys : []).flatMap(
    (value): PastJourneyFacts[] => {
      const journey = objectOf(value);
      if (!journey || !Number.isSafeInteger(journey.journey)) return [];
      const pastPlacement = objectOf(journey.placement);
      const pastFollowUps = objectOf(journey.followUps);
      return [
        {
          journey: journey.journey as number,
          ...(typeof journey.reopenedOn === 'string' ? { reopenedOn: journey.reopenedOn } : {}),
          ...(pastPlacement ? { placement: pastPlacement } : {}),
          ...(pastFollowUps ? { followUps: pastFollowUps } : {}),
        },
      ];
    },
  );
  return {
    ...(placement ? { placement } : {}),
    ...(followUps ? { followUps } : {}),
    ...(nextFollowUp ? { nextFollowUp } : {}),
    ...(journeyNumber === undefined ? {} : { journeyNumber }),
    ...(journeyNumber !== undefined && reopenedOn !== undefined ? { reopenedOn } : {}),
    ...(pastJourneys.length === 0 ? {} : { pastJourneys }),
  };
}

/** An association's or a coach's name from the reference table (admins may rename them). */
async function referenceName(kind: 'association' | 'coach', code: string): Promise<string | undefined> {
  const { Item } = await dynamo.send(
    new GetCommand({ TableName: tableName('reference'), Key: { kind, code } }),
  );
  const stored: unknown = kind === 'association' ? Item?.name : Item?.displayName;
  if (typeof stored === 'string' && stored !== '') return stored;
  return kind === 'association'
    ? associations.find((a) => a.code === code)?.name
    : coaches.find((c) => c.code === code)?.displayName;
}

async function addNote(event: APIGatewayProxyEventV2): Promise<HttpResult> {
  const lang = languageOf(event);
  const api = isApiPath(event.rawPath);
  const access = await authorize(event, 'case-note.write');
  if (!access.ok) return access.result;
  // A browser posting from another site (forgery) is refused before anything is read.
  const origin = checkSameOrigin(event);
  if (!origin.ok) {
    logger.warn('Cross-site note refused', { personId: access.principal.personId });
    return api
      ? json(403, { errors: [apiError(origin.error)] })
      : html(403, crossSitePage(lang, access.principal, event));
  }
  const { principal } = access;
  const found = await beneficiaryFor(event, principal, 'case-note.write');
  if (!found.ok) return found.result;
  const { beneficiary } = found;

  const body = readBody(event, MAX_NOTE_BODY_BYTES);
  const checked = body.ok ? checkCaseNote(body.value) : { ok: false as const, errors: [body.error] };
  const key = checked.ok ? checkNoteKey(header(event, 'idempotency-key'), checked.formKey) : undefined;
  const errors: FieldError[] = !checked.ok ? checked.errors : key && !key.ok ? [key.error] : [];
  if (!checked.ok || !key?.ok) {
    logger.info('Note refused', {
      beneficiaryId: beneficiary.beneficiaryId,
      fields: errors.map((e) => e.field),
    });
    if (api || body.kind === 'json') return badRequest(errors);
    const values = formValues(body.value);
    return notePage(400, lang, principal, beneficiary, values, localizeFieldErrors(lang, errors, values));
  }

  const added = await addCaseNote(principal, beneficiary.beneficiaryId, checked.text, key.key);
  if (added.outcome === 'keyReused') {
    logger.info('Note key reused', { beneficiaryId: beneficiary.beneficiaryId });
    if (api || body.kind === 'json') {
      const field = header(event, 'idempotency-key') !== undefined ? 'Idempotency-Key' : NOTE_KEY_FIELD;
      return json(409, { errors: [{ field, message: 'This key was already used for a different note.' }] });
    }
    const values = formValues(body.value);
    return notePage(409, lang, principal, beneficiary, values, [
      { field: 'text', message: translator(lang)('caseload.noteKeyReused') },
    ]);
  }
  if (added.outcome === 'added') {
    metrics.addMetric('CaseNoteAdded', MetricUnit.Count, 1);
    logger.info('Note added', { beneficiaryId: beneficiary.beneficiaryId, entryId: added.note.entryId });
  }
  if (api || body.kind === 'json') return json(201, { entryId: added.note.entryId });
  // POST/redirect/GET: a reload does not post the note again.
  return redirect(`/cases/${encodeURIComponent(beneficiary.beneficiaryId)}?lang=${lang}#notes`);
}

/** The case file again, with the note sent and what is wrong with it (the read is audited). */
async function notePage(
  status: number,
  lang: Lang,
  principal: Principal,
  beneficiary: Beneficiary,
  values: Record<string, unknown>,
  errors: NoteFormState['errors'],
): Promise<HttpResult> {
  const file = await readCaseFile(principal, beneficiary);
  // The same key again when nothing was written, so that sending the corrected note adds it once.
  const sent = Object.hasOwn(values, NOTE_KEY_FIELD) ? values[NOTE_KEY_FIELD] : undefined;
  const sentKey = typeof sent === 'string' ? checkNoteKey(undefined, sent) : undefined;
  const formKey = status === 400 && sentKey?.ok && sentKey.key ? sentKey.key : newFormKey();
  return html(status, caseFilePage(lang, file, principal, formKey, { values, errors }));
}

/** The answer to a note posted from another site: nothing was written; the way back to the file. */
function crossSitePage(lang: Lang, principal: Principal, event: APIGatewayProxyEventV2): string {
  const t = translator(lang);
  const id = event.pathParameters?.beneficiaryId ?? '';
  const body = `<p role="status">${escapeHtml(t('errors.crossSiteText'))}</p>
<p><a href="${escapeHtml(caseFilePath(lang, id))}">${escapeHtml(t('caseload.openCaseFile'))}</a></p>`;
  return page({ lang, title: t('errors.crossSiteTitle'), body, selfPath: '/caseload', principal });
}
