/**
 * The administrators' pages and API (role admin only):
 * - `GET /admin/people`, `GET /api/people`: everyone in the people table, with coaches' capacity
 *   and load; on the page, a form per person and a form to add one.
 * - `POST /admin/people`, `POST /api/people`: adds a person — the people item (and a coach's
 *   reference item), then their user in the user pool with a first password, shown once (the
 *   page, or `password` in the 201 body), never logged nor kept. Each step can be redone: a
 *   person whose setup stopped half-way stays `pendingSetup`, and adding them again with the same
 *   details finishes it.
 * - `POST /admin/people/{personId}`, `POST /api/people/{personId}`: changes a person's role,
 *   scope, language, name, e-mail, active state (the pool's user is disabled or enabled to match)
 *   and a coach's capacity (on their reference item too). Takes effect at their next sign-in.
 * - `GET /admin/reference`: the reference data (it changes with a release), with a form per
 *   association.
 * - `POST /admin/associations/{associationCode}`, `POST /api/associations/{associationCode}`:
 *   changes an association's name, its supervisor's name and e-mail and its language, on its
 *   reference item (it must exist). The escalation step reads that item: the next escalation
 *   e-mail goes to the new supervisor, in the new language. Code and region change with a release.
 */
import { randomInt } from 'node:crypto';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import {
  badRequest,
  checkSameOrigin,
  formValues,
  html,
  json,
  readBody,
  redirect,
  type HttpResult,
} from './commons/http';
import { languageOf } from './commons/i18n';
import { instrumented } from './commons/instrumented';
import { logger } from './commons/powertools';
import { authorize, isApiPath } from './commons/sessions';
import {
  addPendingPerson,
  createPoolUser,
  finishPersonSetup,
  getCoachItem,
  getPerson,
  listPeople,
  saveCoachItem,
  savePerson,
  setPoolPassword,
  setPoolUserEnabled,
  type PersonItem,
} from './commons/people';
import { referenceOfKind } from './commons/record-store';
import { getAssociation, saveAssociation } from './commons/association-store';
import type { Principal } from './domain/access';
import {
  associationCodePattern,
  checkAssociationChange,
  MAX_ASSOCIATION_BODY_BYTES,
} from './domain/association-admin';
import { apiError, type FieldError } from './domain/errors';
import { personIdPattern } from './domain/people';
import {
  checkNewPerson,
  checkPersonChange,
  generatePassword,
  MAX_PERSON_BODY_BYTES,
  samePerson,
  type ManagedPerson,
} from './domain/people-admin';
import { DEFAULT_COACH_CAPACITY, type Lang } from './domain/reference-data';
import {
  adminNoticePage,
  localizeAdminErrors,
  peoplePage,
  personAddedPage,
  referencePage,
  type PersonRow,
  type ReferencePageState,
} from './views/administration';

const associationPath = /^\/(admin|api)\/associations\//;

export const handler = instrumented(
  async (event: APIGatewayProxyEventV2, _context: Context): Promise<HttpResult> => {
    const lang = languageOf(event);
    if (event.rawPath === '/admin/reference') return reference(event, lang);
    if (associationPath.test(event.rawPath)) return changeAssociation(event, lang);
    const access = await authorize(event, 'people.manage');
    if (!access.ok) return access.result;
    const { principal } = access;
    const personId = event.pathParameters?.personId;
    if (event.requestContext.http.method === 'GET') return people(event, lang, principal);
    const origin = checkSameOrigin(event);
    if (!origin.ok) {
      logger.warn('Cross-site administration post refused');
      return isApiPath(event.rawPath)
        ? json(403, { errors: [apiError(origin.error)] })
        : html(403, adminNoticePage(lang, principal, 'crossSite'));
    }
    return personId === undefined
      ? addPerson(event, lang, principal)
      : changePerson(event, lang, principal, personId);
  },
);

const capacityOf = (item: Record<string, unknown> | undefined): number =>
  typeof item?.capacity === 'number' ? item.capacity : DEFAULT_COACH_CAPACITY;

/** Everyone, with a coach's capacity and load from their reference item. */
async function peopleRows(): Promise<PersonRow[]> {
  const [people, coaches] = await Promise.all([listPeople(), referenceOfKind('coach')]);
  const coachByCode = new Map(coaches.map((c) => [c.code, c]));
  return people.map((person: PersonItem): PersonRow => {
    if (person.role !== 'coach') return person;
    const coach = coachByCode.get(person.personId);
    return {
      ...person,
      capacity: capacityOf(coach),
      load: typeof coach?.activeBeneficiaries === 'number' ? coach.activeBeneficiaries : 0,
    };
  });
}

/** A person as the API gives them. */
function personJson(person: PersonRow) {
  return {
    personId: person.personId,
    displayName: person.displayName,
    email: person.email,
    role: person.role,
    region: person.region,
    ...(person.association !== undefined ? { association: person.association } : {}),
    preferredLanguage: person.preferredLanguage,
    active: person.active,
    ...(person.capacity !== undefined ? { capacity: person.capacity } : {}),
    ...(person.load !== undefined ? { activeBeneficiaries: person.load } : {}),
    ...(person.pendingSetup ? { pendingSetup: true } : {}),
  };
}

async function people(event: APIGatewayProxyEventV2, lang: Lang, principal: Principal): Promise<HttpResult> {
  const rows = await peopleRows();
  if (isApiPath(event.rawPath)) return json(200, { people: rows.map(personJson) });
  const saved = event.queryStringParameters?.saved;
  return html(
    200,
    peoplePage(lang, {
      principal,
      people: rows,
      ...(saved !== undefined && personIdPattern.test(saved) ? { saved } : {}),
    }),
  );
}

/** The page again with the form's errors (400), or the API's 400. */
async function refused(
  event: APIGatewayProxyEventV2,
  lang: Lang,
  principal: Principal,
  errors: FieldError[],
  sent: unknown,
  personId?: string,
): Promise<HttpResult> {
  logger.info('Administration change refused', { personId, fields: errors.map((e) => e.field) });
  if (isApiPath(event.rawPath)) return badRequest(errors);
  const values = formValues(sent);
  const state = { values, errors: localizeAdminErrors(lang, errors, values) };
  return html(
    400,
    peoplePage(lang, {
      principal,
      people: await peopleRows(),
      ...(personId === undefined ? { add: state } : { change: { personId, state } }),
    }),
  );
}

async function addPerson(
  event: APIGatewayProxyEventV2,
  lang: Lang,
  principal: Principal,
): Promise<HttpResult> {
  const api = isApiPath(event.rawPath);
  const body = readBody(event, MAX_PERSON_BODY_BYTES);
  const decision = body.ok
    ? checkNewPerson(body.value, body.kind)
    : { ok: false as const, errors: [body.error] };
  if (!decision.ok) return refused(event, lang, principal, decision.errors, body.value);
  const { capacity, ...person } = decision.person;

  // 1. The people item (and a coach's reference item), pending until the pool has the user.
  if ((await addPendingPerson(person, capacity)) === 'exists') {
    const existing: PersonItem | undefined = await getPerson(person.personId);
    // Only a setup that stopped half-way, asked again the same, is taken up again.
    if (!existing?.pendingSetup || !samePerson(existing, decision.person)) {
      logger.info('Person not added: the id is taken', { personId: person.personId });
      return api
        ? json(409, {
            errors: [{ field: 'personId', message: `Someone already has the id ${person.personId}.` }],
          })
        : html(409, adminNoticePage(lang, principal, 'exists', person.personId));
    }
    if (person.role === 'coach' && capacity !== undefined) await saveCoachItem(person, capacity);
  }
  // 2. The user, 3. their password (shown once, below), 4. setup done.
  await createPoolUser(person.personId, person.email);
  const password = generatePassword(randomInt);
  await setPoolPassword(person.personId, password);
  await finishPersonSetup(person.personId);
  logger.info('Person added', { personId: person.personId, role: person.role });

  if (api) return json(201, { person: personJson(decision.person), password });
  return html(201, personAddedPage(lang, principal, decision.person, password));
}

async function changePerson(
  event: APIGatewayProxyEventV2,
  lang: Lang,
  principal: Principal,
  personId: string,
): Promise<HttpResult> {
  const api = isApiPath(event.rawPath);
  const notFound = () =>
    api
      ? json(404, { message: 'No person has this id.' })
      : html(404, adminNoticePage(lang, principal, 'notFound'));
  const current: PersonItem | undefined = personIdPattern.test(personId)
    ? await getPerson(personId)
    : undefined;
  if (!current) return notFound();
  const managed: ManagedPerson & PersonItem =
    current.role === 'coach' ? { ...current, capacity: capacityOf(await getCoachItem(personId)) } : current;

  const body = readBody(event, MAX_PERSON_BODY_BYTES);
  const decision = body.ok
    ? checkPersonChange(body.value, managed, principal.personId, body.kind)
    : { ok: false as const, errors: [body.error] };
  if (!decision.ok) return refused(event, lang, principal, decision.errors, body.value, personId);

  const { capacity, ...person } = decision.person;
  if (decision.changed.length > 0) {
    if (!(await savePerson(person, current, capacity))) return notFound();
    logger.info('Person changed', { personId, fields: decision.changed });
  }
  // The pool's user follows whenever the active state is said, changed or not: a retry after a
  // stop between the two writes converges (the token trigger refuses inactive people anyway).
  if (body.ok && Object.hasOwn(formValues(body.value), 'active')) {
    await setPoolUserEnabled(personId, person.active);
  }

  if (api) return json(200, { person: personJson({ ...decision.person }) });
  const query = new URLSearchParams({ saved: personId, lang }).toString();
  return redirect(`/admin/people?${query}#person-${encodeURIComponent(personId)}`);
}

/** The reference page: every kind of the reference table, and the associations' forms. */
async function referencePageOf(lang: Lang, principal: Principal, state: ReferencePageState) {
  const [regions, provinces, associations, coaches, trainingOffers, educationLevels] = await Promise.all([
    referenceOfKind('region'),
    referenceOfKind('province'),
    referenceOfKind('association'),
    referenceOfKind('coach'),
    referenceOfKind('training-offer'),
    referenceOfKind('education-level'),
  ]);
  const data = { regions, provinces, associations, coaches, trainingOffers, educationLevels };
  return referencePage(lang, principal, data, state);
}

async function reference(event: APIGatewayProxyEventV2, lang: Lang): Promise<HttpResult> {
  const access = await authorize(event, 'reference.read');
  if (!access.ok) return access.result;
  const saved = event.queryStringParameters?.saved;
  return html(200, await referencePageOf(lang, access.principal, saved !== undefined ? { saved } : {}));
}

/**
 * An association changed: the session's right first, then the origin, the association (404
 * before anything is read of the body), the fields. A change that changes nothing writes nothing.
 */
async function changeAssociation(event: APIGatewayProxyEventV2, lang: Lang): Promise<HttpResult> {
  const access = await authorize(event, 'associations.manage');
  if (!access.ok) return access.result;
  const { principal } = access;
  const api = isApiPath(event.rawPath);
  const origin = checkSameOrigin(event);
  if (!origin.ok) {
    logger.warn('Cross-site association change refused');
    return api
      ? json(403, { errors: [apiError(origin.error)] })
      : html(403, adminNoticePage(lang, principal, 'crossSite', '', 'reference'));
  }
  const code = event.pathParameters?.associationCode ?? '';
  const notFound = () =>
    api
      ? json(404, { message: 'No association has this code.' })
      : html(404, adminNoticePage(lang, principal, 'associationNotFound'));
  const current = associationCodePattern.test(code) ? await getAssociation(code) : undefined;
  if (!current) return notFound();

  const body = readBody(event, MAX_ASSOCIATION_BODY_BYTES);
  const decision = body.ok
    ? checkAssociationChange(body.value, current)
    : { ok: false as const, errors: [body.error] };
  if (!decision.ok) {
    logger.info('Association change refused', { code, fields: decision.errors.map((e) => e.field) });
    if (api) return badRequest(decision.errors);
    const values = formValues(body.value);
    const state = { values, errors: localizeAdminErrors(lang, decision.errors, values) };
    return html(400, await referencePageOf(lang, principal, { change: { code, state } }));
  }

  let association = decision.association;
  if (decision.changed.length > 0) {
    const saved = await saveAssociation(association, decision.changed, principal.personId, new Date());
    if (!saved) return notFound();
    association = saved;
    logger.info('Association changed', { code, fields: decision.changed, by: principal.personId });
  }
  if (api) return json(200, { association });
  const query = new URLSearchParams({ saved: code, lang }).toString();
  return redirect(`/admin/reference?${query}#association-${encodeURIComponent(code)}`);
}
