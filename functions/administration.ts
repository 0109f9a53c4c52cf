/**
 * The administrators' pages and API (role admin only):
 * - `GET /admin/people`, `GET /api/people`: everyone in the people table, with coaches' capacity
 *   and load and the version of their item; on the page, a form per person and a form to add one.
 * - `POST /admin/people`, `POST /api/people`: adds a person — the people item (and a coach's
 *   reference item), then their user in the user pool with a first password, shown once (the
 *   page, or `password` in the 201 body), never logged nor kept. The add form carries a hidden
 *   idempotency key, the API takes an `Idempotency-Key` header: a repeat of the same add (a double
 *   click, a retry) adds nobody and sets no password; it answers 200 with the person and says the
 *   password was shown to the first request (a new password can be set, below). Only one request
 *   sets the first password: the one that holds the setup (`setupBy`). A person whose setup stopped
 *   half-way stays `pendingSetup`, and adding them again with the same details finishes it.
 * - `POST /admin/people/{personId}`, `POST /api/people/{personId}`: changes a person's role,
 *   scope (region, and association or partner organisation), language, name, e-mail, active
 *   state (the pool's user is disabled or enabled to match) and a coach's capacity (on their
 *   reference item too). Takes effect at their next sign-in: the sign-in group (`groupOf`) is
 *   not kept in the pool but made from the people item by the token trigger, and a session whose
 *   group no longer matches the item is refused at once (commons/sessions.ts).
 *   Only the fields that change are written, and only if the person is still at the version the
 *   change is based on: the form's hidden `version`, or the API's optional `version` — a stale one
 *   is refused (409) and nothing is written. Without one, the API's change applies to the person
 *   as they are.
 *   With `newPassword` (the button on each person's form, or `{"newPassword": true}`): a new
 *   password, shown once; the old one stops working. A repeat of the same button (or
 *   `Idempotency-Key`) sets none.
 * - `GET /admin/reference`: the reference data (it changes with a release), with a form per
 *   association.
 * - `POST /admin/associations/{associationCode}`, `POST /api/associations/{associationCode}`:
 *   changes an association's name, its supervisor's name and e-mail and its language, on its
 *   reference item (it must exist). The escalation step reads that item: the next escalation
 *   e-mail goes to the new supervisor, in the new language. Code and region change with a release.
 */
import { wakeCoachQueue } from './commons/coach-queue';
import { randomBytes, randomInt } from 'node:crypto';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
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
  type ReadBody,
} from './commons/http';
import { takeFormField } from './commons/idempotency';
import { languageOf } from './commons/i18n';
import { instrumented } from './commons/instrumented';
import { logger } from './commons/powertools';
import { authorize, isApiPath } from './commons/sessions';
import {
  addPendingPerson,
  claimNewPassword,
  claimSetup,
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
  type SetupClaim,
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
  asksNewPassword,
  checkNewPasswordRequest,
  checkNewPerson,
  checkPersonChange,
  checkRequestKey,
  generatePassword,
  KEY_FIELD,
  MAX_PERSON_BODY_BYTES,
  samePerson,
  staleVersionError,
  type ManagedPerson,
} from './domain/people-admin';
import { DEFAULT_COACH_CAPACITY, type Lang } from './domain/reference-data';
import {
  adminNoticePage,
  formValuesOf,
  localizeAdminErrors,
  passwordNoticePage,
  passwordPage,
  peoplePage,
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

/** A person as the administration manages them: a coach with their capacity. */
async function managedOf(item: PersonItem): Promise<PersonItem & ManagedPerson> {
  return item.role === 'coach' ? { ...item, capacity: capacityOf(await getCoachItem(item.personId)) } : item;
}

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
    ...(person.partner !== undefined ? { partner: person.partner } : {}),
    preferredLanguage: person.preferredLanguage,
    active: person.active,
    ...(person.capacity !== undefined ? { capacity: person.capacity } : {}),
    ...(person.load !== undefined ? { activeBeneficiaries: person.load } : {}),
    ...(person.pendingSetup ? { pendingSetup: true } : {}),
    version: person.version ?? 0,
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

/** How long (seconds) a request holds a person's setup before another may take it up. */
const SETUP_CLAIM_SECONDS = 60;

const nowSeconds = () => Math.floor(Date.now() / 1000);
const setupClaim = (): SetupClaim => ({
  token: randomBytes(12).toString('base64url'),
  until: nowSeconds() + SETUP_CLAIM_SECONDS,
});

/**
 * The person's user and their first password, by the request that holds their setup; undefined
 * when the setup was no longer its own at the end (another request took it up meanwhile: its
 * password is the one that counts).
 */
async function setUp(person: ManagedPerson, claim: SetupClaim): Promise<string | undefined> {
  await createPoolUser(person.personId, person.email);
  const password = generatePassword(randomInt);
  await setPoolPassword(person.personId, password);
  return (await finishPersonSetup(person.personId, claim.token)) ? password : undefined;
}

async function addPerson(
  event: APIGatewayProxyEventV2,
  lang: Lang,
  principal: Principal,
): Promise<HttpResult> {
  const api = isApiPath(event.rawPath);
  const body = readBody(event, MAX_PERSON_BODY_BYTES);
  // The form's hidden idempotency key is not part of the person: taken apart before the check.
  const { value: formKey, rest } =
    body.ok && body.kind === 'form'
      ? takeFormField(body.value, KEY_FIELD)
      : { value: undefined, rest: body.value };
  const decision = body.ok ? checkNewPerson(rest, body.kind) : { ok: false as const, errors: [body.error] };
  const key = checkRequestKey(header(event, 'idempotency-key'), formKey);
  const errors = [...(decision.ok ? [] : decision.errors), ...(key.ok ? [] : [key.error])];
  if (!decision.ok || !key.ok) return refused(event, lang, principal, errors, body.value);
  const { capacity, ...person } = decision.person;
  const { personId } = person;

  // 1. The people item (and a coach's reference item), pending until the pool has the user; this
  // request holds the setup.
  const claim = setupClaim();
  if ((await addPendingPerson(person, capacity, claim, key.key)) === 'exists') {
    const existing = await getPerson(personId);
    const same = existing !== undefined && samePerson(existing, decision.person);
    // The same add again (the same key, the same details): nobody new, no new password.
    const repeat = same && key.key !== undefined && existing.addKey === key.key;
    const idTaken = () => {
      logger.info('Person not added: the id is taken', { personId });
      return api
        ? json(409, { errors: [{ field: 'personId', message: `Someone already has the id ${personId}.` }] })
        : html(409, adminNoticePage(lang, principal, 'exists', personId));
    };
    if (!existing || !same || (!existing.pendingSetup && !repeat)) return idTaken();
    // Only a setup that stopped half-way (no request holds it any more) is taken up again.
    if (!existing.pendingSetup || !(await claimSetup(personId, claim, nowSeconds()))) {
      return repeat ? alreadyAdded(api, lang, principal, existing) : idTaken();
    }
    if (person.role === 'coach' && capacity !== undefined) await saveCoachItem(person, capacity);
  }
  // A new coach has room: journeys of the region waiting for one may take it.
  if (person.role === 'coach') await wakeCoachQueue(person.region);
  // 2. The user, 3. their password (shown once, below), 4. setup done.
  const password = await setUp(decision.person, claim);
  if (password === undefined) {
    return alreadyAdded(api, lang, principal, (await getPerson(personId)) ?? decision.person);
  }
  logger.info('Person added', { personId, role: person.role });

  if (api) return json(201, { person: personJson(decision.person), password });
  return html(201, passwordPage(lang, principal, decision.person, password, 'added'));
}

/** A repeat of an add: the person as they are, and where their password went (200). */
async function alreadyAdded(
  api: boolean,
  lang: Lang,
  principal: Principal,
  item: PersonItem,
): Promise<HttpResult> {
  logger.info('Add repeated: nobody added, no password set', { personId: item.personId });
  const person = await managedOf(item);
  if (api) {
    return json(200, {
      person: personJson(person),
      message: `${person.personId} was already added by a request with the same Idempotency-Key: their password was shown in the answer to that request only, and cannot be shown again. If it is lost, set a new one: POST /api/people/${person.personId} {"newPassword": true}.`,
    });
  }
  return html(200, passwordNoticePage(lang, principal, person, 'alreadyAdded'));
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
  if (!personIdPattern.test(personId)) return notFound();
  const body = readBody(event, MAX_PERSON_BODY_BYTES);
  if (body.ok && asksNewPassword(body.value)) return newPassword(event, lang, principal, personId, body);

  // Read, decide, write if the person is still as read. A change that said its version is refused
  // when they are not (409); one that did not is decided again on the person as they are now.
  for (let attempt = 1; ; attempt++) {
    const current = await getPerson(personId);
    if (!current) return notFound();
    const managed = await managedOf(current);
    const decision = body.ok
      ? checkPersonChange(body.value, managed, principal.personId, body.kind)
      : { ok: false as const, errors: [body.error] };
    if (!decision.ok) {
      if (decision.stale) return stale(api, lang, principal, personId, decision.errors[0]);
      return refused(event, lang, principal, decision.errors, body.value, personId);
    }

    const { capacity, ...person } = decision.person;
    let version = decision.version;
    if (decision.changed.length > 0) {
      const saved = await savePerson(person, decision.changed, current, decision.version, capacity);
      if (saved === 'missing') return notFound();
      if (saved === 'stale') {
        if (decision.versionSent || attempt >= 3) {
          return stale(api, lang, principal, personId, staleVersionError(decision.version));
        }
        continue;
      }
      version += 1;
      logger.info('Person changed', { personId, fields: decision.changed, version });
      // The pool's user follows a change of the active state that was written, and only that.
      if (decision.changed.includes('active')) await poolUserFollows(personId, person.active);
      // A coach with more room (capacity raised, or active again) takes journeys waiting for one.
      if (
        person.role === 'coach' &&
        (decision.changed.includes('capacity') || decision.changed.includes('active'))
      )
        await wakeCoachQueue(person.region);
    }

    if (api) return json(200, { person: personJson({ ...decision.person, version }) });
    const query = new URLSearchParams({ saved: personId, lang }).toString();
    return redirect(`/admin/people?${query}#person-${encodeURIComponent(personId)}`);
  }
}

/**
 * Enables or disables the person's user as a change just written says; then, should another
 * change of the active state have been written meanwhile (its call to the pool may have landed
 * first), as the person now is.
 */
async function poolUserFollows(personId: string, active: boolean): Promise<void> {
  await setPoolUserEnabled(personId, active);
  const now = await getPerson(personId);
  if (now !== undefined && now.active !== active) await setPoolUserEnabled(personId, now.active);
}

/** A change based on a version the person is no longer at: nothing written (409). */
async function stale(
  api: boolean,
  lang: Lang,
  principal: Principal,
  personId: string,
  error: FieldError,
): Promise<HttpResult> {
  logger.info('Person change refused: stale version', { personId });
  if (api) return json(409, { errors: [apiError(error)] });
  return html(409, peoplePage(lang, { principal, people: await peopleRows(), stale: personId }));
}

/**
 * A new password for a person, shown once (the old one stops working). A person still pending
 * gets their setup finished, by this request if no other holds it. A repeat of the same key sets
 * none: the password went to the first request.
 */
async function newPassword(
  event: APIGatewayProxyEventV2,
  lang: Lang,
  principal: Principal,
  personId: string,
  body: Extract<ReadBody, { ok: true }>,
): Promise<HttpResult> {
  const api = isApiPath(event.rawPath);
  const notFound = () =>
    api
      ? json(404, { message: 'No person has this id.' })
      : html(404, adminNoticePage(lang, principal, 'notFound'));
  const current = await getPerson(personId);
  if (!current) return notFound();
  const person = await managedOf(current);
  const decision = checkNewPasswordRequest(body.value, body.kind);
  const key = checkRequestKey(header(event, 'idempotency-key'), decision.ok ? decision.formKey : undefined);
  if (!decision.ok || !key.ok) {
    const errors = [...(decision.ok ? [] : decision.errors), ...(key.ok ? [] : [key.error])];
    return refused(event, lang, principal, errors, formValuesOf(person), personId);
  }

  let password: string | undefined;
  if (current.pendingSetup) {
    const claim = setupClaim();
    if (!(await claimSetup(personId, claim, nowSeconds()))) {
      logger.info('New password not set: the setup is under way', { personId });
      return api
        ? json(409, {
            errors: [
              {
                field: 'newPassword',
                message: `${personId} is being set up by another request right now (it shows their password): try again in a minute.`,
              },
            ],
          })
        : html(409, passwordNoticePage(lang, principal, person, 'setupBusy'));
    }
    password = await setUp(person, claim);
  } else if (await claimNewPassword(personId, key.key ?? randomBytes(12).toString('base64url'))) {
    password = generatePassword(randomInt);
    await setPoolPassword(personId, password);
  }
  if (password === undefined) {
    if (!(await getPerson(personId))) return notFound();
    logger.info('New password repeated: none set', { personId });
    return api
      ? json(200, {
          person: personJson(person),
          message: `A new password was already set for ${personId} by a request with the same Idempotency-Key: it was shown in the answer to that request only. Send another key (or none) to set another.`,
        })
      : html(200, passwordNoticePage(lang, principal, person, 'passwordAlreadySet'));
  }
  logger.info('New password set', { personId });
  if (api) return json(200, { person: personJson(person), password });
  return html(200, passwordPage(lang, principal, person, password, 'newPassword'));
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
