/**
 * A supervisor's view of their association, as pages and as the API:
 * - GET /supervision, GET /api/supervision: the coaches' loads against capacity, and the overdue
 *   tasks of the association's beneficiaries (their names are read into the audit trail first);
 * - GET /supervision/beneficiaries/{id}/audit, GET /api/beneficiaries/{id}/audit: the trail;
 * - POST /supervision/beneficiaries/{id}/reassign (form: 303 back with a notice),
 *   POST /api/beneficiaries/{id}/reassign `{ coachId }`: another coach of the region takes the
 *   beneficiary and their open task (see commons/reassignments.ts for the steps and their retries).
 */
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from './commons/clients';
import { badRequest, checkSameOrigin, html, json, readBody, redirect, type HttpResult } from './commons/http';
import { languageOf, translator } from './commons/i18n';
import { instrumented } from './commons/instrumented';
import { logger } from './commons/powertools';
import { tableName } from './commons/settings';
import { authorize, checkAccess, isApiPath } from './commons/sessions';
import { accessTargetOf, getBeneficiary, isBeneficiaryId, type Beneficiary } from './commons/beneficiaries';
import { auditTrailPage as readAuditPage, recordReads, type Actor } from './commons/case-file-entries';
import { coachesOfAssociation, coachRecords, getCoachRecord } from './commons/coach-loads';
import { tasksOfCoach } from './commons/task-queries';
import { reassign } from './commons/reassignments';
import type { CoachTask } from './commons/coach-tasks';
import type { Principal } from './domain/access';
import type { FieldError } from './domain/errors';
import {
  AUDIT_PAGE_MAX,
  AUDIT_PAGE_SIZE,
  auditPageSize,
  decodeAuditCursor,
  encodeAuditCursor,
} from './domain/audit';
import { regions, type Lang } from './domain/reference-data';
import {
  checkReassignRequest,
  coachLoadRows,
  decideReassignment,
  isOverdue,
  reassignChoices,
  type CoachRecord,
} from './domain/reassignment';
import { notFoundPage } from './views/not-found';
import { auditTrailPage, supervisionPage, type OverdueItem, type SupervisionView } from './views/supervision';

const MAX_REASSIGN_BODY_BYTES = 2 * 1024;
/** Where the trail says a supervisor's reads and changes came from. */
const VIA = 'supervision';

export const handler = instrumented(
  async (event: APIGatewayProxyEventV2, _context: Context): Promise<HttpResult> => {
    const lang = languageOf(event);
    switch (event.routeKey) {
      case 'GET /supervision':
      case 'GET /api/supervision':
        return overview(event, lang);
      case 'GET /supervision/beneficiaries/{beneficiaryId}/audit':
      case 'GET /api/beneficiaries/{beneficiaryId}/audit':
        return trail(event, lang);
      case 'POST /supervision/beneficiaries/{beneficiaryId}/reassign':
      case 'POST /api/beneficiaries/{beneficiaryId}/reassign':
        return reassignRoute(event, lang);
      default:
        return notFound(event, lang);
    }
  },
);

function notFound(event: APIGatewayProxyEventV2, lang: Lang): HttpResult {
  return isApiPath(event.rawPath)
    ? json(404, { message: 'No such beneficiary.' })
    : html(404, notFoundPage(lang, event.rawPath));
}

/** The beneficiary a route names, read once; undefined for an id of the wrong shape or unknown. */
async function namedBeneficiary(event: APIGatewayProxyEventV2): Promise<Beneficiary | undefined> {
  const id = event.pathParameters?.beneficiaryId ?? '';
  return isBeneficiaryId(id) ? getBeneficiary(id) : undefined;
}

async function overview(
  event: APIGatewayProxyEventV2,
  lang: Lang,
  outcome: { status: number; error?: SupervisionView['error'] } = { status: 200 },
): Promise<HttpResult> {
  const access = await authorize(event, 'supervision.read');
  if (!access.ok) return access.result;
  const { principal } = access;
  const scoped = checkAccess(event, principal, 'supervision.read', {
    region: principal.region,
    ...(principal.association ? { association: principal.association } : {}),
  });
  if (!scoped.ok || !principal.association) return scoped.ok ? notFound(event, lang) : scoped.result;
  const board = await readBoard(principal, principal.association, new Date());
  if (isApiPath(event.rawPath)) {
    return json(200, {
      association: principal.association,
      coaches: board.coaches,
      overdue: board.overdue.map((item) => ({
        ...item,
        caseFile: `/cases/${item.beneficiaryId}`,
        auditTrail: `/api/beneficiaries/${item.beneficiaryId}/audit`,
      })),
    });
  }
  const view: SupervisionView = {
    ...board,
    ...noticeOf(event, lang, board.allCoaches),
    ...(outcome.error ? { error: outcome.error } : {}),
  };
  return html(outcome.status, supervisionPage(lang, principal, view));
}

interface Board {
  associationName: string;
  coaches: SupervisionView['coaches'];
  overdue: OverdueItem[];
  allCoaches: CoachRecord[];
}

/**
 * The coaches of the association (and any other who holds one of its beneficiaries) with their
 * loads; the overdue tasks of its beneficiaries, among the tasks of the region's coaches. The
 * names shown are written to the audit trail before they are read.
 */
async function readBoard(principal: Principal, association: string, now: Date): Promise<Board> {
  const [coaches, held, associationName] = await Promise.all([
    coachRecords(),
    coachesOfAssociation(association),
    nameOfAssociation(association),
  ]);
  const ours = new Set([...held.values()].flat());
  const watched = coaches.filter((c) => c.region === principal.region || held.has(c.code));
  const tasks = (await Promise.all(watched.map((c) => tasksOfCoach(c.code)))).flat();
  const overdueTasks = tasks
    .filter((t) => (t.association ?? (ours.has(t.beneficiaryId) ? association : undefined)) === association)
    .filter((t) => isOverdue(t, now))
    .sort((a, b) => (a.dueAt ?? '').localeCompare(b.dueAt ?? ''));
  const actor: Actor = { personId: principal.personId, role: principal.role };
  await recordReads(
    actor,
    overdueTasks.map((t) => t.beneficiaryId),
    VIA,
    now,
  );
  const overdue: OverdueItem[] = [];
  for (const task of overdueTasks) {
    const beneficiary = await getBeneficiary(task.beneficiaryId);
    if (beneficiary?.association !== association) continue;
    overdue.push(overdueItem(task, beneficiary, coaches));
  }
  return {
    associationName,
    coaches: coachLoadRows(coaches, association, held),
    overdue,
    allCoaches: coaches,
  };
}

function overdueItem(
  task: CoachTask,
  beneficiary: Beneficiary,
  coaches: readonly CoachRecord[],
): OverdueItem {
  return {
    beneficiaryId: beneficiary.beneficiaryId,
    fullName: `${beneficiary.firstName} ${beneficiary.lastName}`,
    taskType: task.taskType,
    coachId: task.coachId,
    coachName: task.coachName,
    ...(task.dueAt ? { dueAt: task.dueAt } : {}),
    reminders: task.reminders,
    escalated: task.escalatedAt !== undefined,
    choices: reassignChoices(coaches, beneficiary.region, beneficiary.coachId).map((c) => ({
      coachId: c.code,
      name: c.displayName,
    })),
  };
}

async function nameOfAssociation(code: string): Promise<string> {
  const { Item } = await dynamo.send(
    new GetCommand({ TableName: tableName('reference'), Key: { kind: 'association', code } }),
  );
  return typeof Item?.name === 'string' ? Item.name : code;
}

const notices = ['reassigned', 'reassignedNoTask', 'alreadyAssigned'] as const;
type Notice = (typeof notices)[number];

/** The notice a reassignment's redirect asks for (`?notice=&coach=`), for a coach that exists. */
function noticeOf(
  event: APIGatewayProxyEventV2,
  lang: Lang,
  coaches: readonly CoachRecord[],
): { notice?: string } {
  const kind = event.queryStringParameters?.notice;
  const coach = coaches.find((c) => c.code === event.queryStringParameters?.coach);
  if (!coach || !notices.some((n) => n === kind)) return {};
  return { notice: translator(lang)(`supervision.notices.${kind}`, { coach: coach.displayName }) };
}

async function trail(event: APIGatewayProxyEventV2, lang: Lang): Promise<HttpResult> {
  const access = await authorize(event, 'audit.read');
  if (!access.ok) return access.result;
  const beneficiary = await namedBeneficiary(event);
  if (!beneficiary) return notFound(event, lang);
  const scoped = checkAccess(event, access.principal, 'audit.read', accessTargetOf(beneficiary));
  if (!scoped.ok) return scoped.result;
  const params = event.queryStringParameters ?? {};
  const api = isApiPath(event.rawPath);
  const size = auditPageSize(params.limit, api ? AUDIT_PAGE_SIZE.api : AUDIT_PAGE_SIZE.page);
  const after = params.next ? decodeAuditCursor(params.next) : undefined;
  const errors: FieldError[] = [];
  if (size === undefined)
    errors.push({ field: 'limit', message: `A number of entries from 1 to ${AUDIT_PAGE_MAX}.` });
  if (params.next && !after)
    errors.push({
      field: 'next',
      message:
        'Not a cursor this trail gave: leave it out for the newest page, or use `next` of the previous page.',
    });
  if (errors.length > 0 || size === undefined) {
    if (api) return badRequest(errors);
    return html(400, auditTrailPage(lang, access.principal, beneficiary.beneficiaryId, [], { error: true }));
  }
  // The trail holds no one's name or contact (old values are masked): reading it is not audited.
  const { entries, next } = await readAuditPage(beneficiary.beneficiaryId, size, after);
  const cursor = next ? encodeAuditCursor(next) : undefined;
  if (api) {
    return json(200, {
      beneficiaryId: beneficiary.beneficiaryId,
      entries: entries.map(({ at, personId, role, action, via, field, oldValue, detail }) => ({
        at,
        personId,
        role,
        action,
        via,
        ...(field !== undefined ? { field } : {}),
        ...(oldValue !== undefined ? { oldValue } : {}),
        ...(detail !== undefined ? { detail } : {}),
      })),
      ...(cursor ? { next: cursor } : {}),
    });
  }
  return html(
    200,
    auditTrailPage(lang, access.principal, beneficiary.beneficiaryId, entries, {
      ...(cursor ? { next: cursor } : {}),
      ...(after ? { older: true } : {}),
      ...(params.limit ? { limit: size } : {}),
    }),
  );
}

async function reassignRoute(event: APIGatewayProxyEventV2, lang: Lang): Promise<HttpResult> {
  const api = isApiPath(event.rawPath);
  const t = translator(lang);
  const access = await authorize(event, 'beneficiary.reassign');
  if (!access.ok) return access.result;
  const { principal } = access;
  const beneficiaryId = event.pathParameters?.beneficiaryId ?? '';
  /** A refusal: the API's 4xx, or the supervision page again with the error by its form. */
  const refuse = (status: number, error: FieldError): Promise<HttpResult> | HttpResult =>
    api
      ? status === 400
        ? badRequest([error])
        : json(status, { errors: [{ field: error.field, message: error.message }] })
      : overview(event, lang, {
          status,
          error: {
            beneficiaryId,
            message: error.key
              ? t(`supervision.errors.${error.key}`, readable(lang, error.params))
              : error.message,
          },
        });

  // A browser posting from another site (forgery) is refused before anything is read.
  const origin = checkSameOrigin(event);
  if (!origin.ok) return refuse(403, origin.error);
  // Another association's beneficiary is refused whatever was sent.
  const beneficiary = await namedBeneficiary(event);
  if (!beneficiary) return notFound(event, lang);
  const scoped = checkAccess(event, principal, 'beneficiary.reassign', accessTargetOf(beneficiary));
  if (!scoped.ok) return scoped.result;
  const body = readBody(event, MAX_REASSIGN_BODY_BYTES);
  const request = body.ok
    ? checkReassignRequest(body.value)
    : { ok: false as const, errors: [{ ...body.error, key: 'body' }] };
  if (!request.ok) return api ? badRequest(request.errors) : refuse(400, request.errors[0] ?? missingCoach);
  const coach = await getCoachRecord(request.coachId);
  const decision = decideReassignment(beneficiary, coach, request.coachId);
  if (decision.kind === 'refused') return refuse(400, decision.error);
  if (decision.kind === 'noCoachYet' || !coach) return refuse(409, noCoachYet);

  const actor: Actor = { personId: principal.personId, role: principal.role };
  const from = decision.kind === 'change' ? decision.from : undefined;
  const result = await reassign(actor, VIA, beneficiary, coach, from, new Date());
  if (result.outcome === 'changedMeanwhile') return refuse(409, changedMeanwhile);
  if (result.outcome === 'coachMissing')
    return refuse(400, { ...unknownCoach, message: `No coach has the code ${coach.code}.` });
  logger.info('Reassignment done', {
    beneficiaryId: beneficiary.beneficiaryId,
    coachId: coach.code,
    outcome: result.outcome,
    movedTaskId: result.movedTaskId ?? null,
  });
  if (api) {
    return json(200, {
      beneficiaryId: beneficiary.beneficiaryId,
      coachId: coach.code,
      ...(result.movedTaskId ? { movedTaskId: result.movedTaskId } : {}),
      ...(result.outcome === 'alreadyAssigned' ? { alreadyAssigned: true } : {}),
    });
  }
  const notice: Notice =
    result.outcome === 'alreadyAssigned'
      ? 'alreadyAssigned'
      : result.movedTaskId
        ? 'reassigned'
        : 'reassignedNoTask';
  return redirect(`/supervision?${new URLSearchParams({ lang, notice, coach: coach.code }).toString()}`);
}

/** An error's values as people read them: a region's name rather than its code. */
function readable(lang: Lang, params: FieldError['params'] = {}): Record<string, string | number> {
  const region = regions.find((r) => r.code === params.region);
  return region ? { ...params, region: region.name[lang] } : params;
}

const missingCoach: FieldError = {
  field: 'coachId',
  message: 'Required: the code of the coach who takes the beneficiary.',
  key: 'coachRequired',
};
const unknownCoach: FieldError = { field: 'coachId', message: 'No such coach.', key: 'coachUnknown' };
const noCoachYet: FieldError = {
  field: 'coachId',
  message: 'The beneficiary has no coach yet (their journey is starting): try again in a moment.',
  key: 'noCoachYet',
};
const changedMeanwhile: FieldError = {
  field: 'coachId',
  message:
    "The beneficiary's coach changed meanwhile: nothing was changed. Read the beneficiary again and retry.",
  key: 'changedMeanwhile',
};
