/**
 * POST /api/intake — takes the intake form (JSON, or the HTML form), stores the beneficiary and
 * starts their journey. Bad input gets a 400 naming each field and stores nothing.
 */
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { DescribeExecutionCommand, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { stepFunctions } from './commons/clients';
import {
  badRequest,
  checkSameOrigin,
  formValues,
  html,
  json,
  prefersHtml,
  readBody,
  redirect,
  type HttpResult,
} from './commons/http';
import { localizeFieldErrors } from './commons/html';
import { languageOf } from './commons/i18n';
import { logger, metrics } from './commons/powertools';
import { stateMachineArn } from './commons/settings';
import { instrumented } from './commons/instrumented';
import { linkSigningSecret } from './commons/secrets';
import { authorize } from './commons/sessions';
import {
  beneficiaryIdsByKey,
  deleteBeneficiary,
  getBeneficiary,
  putBeneficiaryOnce,
  type Beneficiary,
} from './commons/beneficiaries';
import {
  beneficiaryIdFor,
  contentHash,
  idempotencyKeyOf,
  takeFormKey,
  takeFormField,
} from './commons/idempotency';
import { recordReads } from './commons/case-file-entries';
import {
  DUPLICATE_KEY_FIELDS,
  DUPLICATE_KEY_REASONS,
  duplicateKeys,
  duplicatesFound,
  type PossibleDuplicate,
} from './domain/duplicates';
import type { Principal } from './domain/access';
import { CONSENT_TEXT_VERSION, type ConsentPurpose, type Consents } from './domain/coaching';
import { checkIntake, MAX_INTAKE_BODY_BYTES, type IntakeDecision, type IntakeForm } from './domain/intake';
import { intakeCrossSitePage, intakeFormPage, intakeNoticePage } from './views/intake-form';
import { apiError } from './domain/errors';

const journeyStateMachineArn = stateMachineArn('journey');

export const handler = instrumented(
  async (event: APIGatewayProxyEventV2, _context: Context): Promise<HttpResult> => {
    const lang = languageOf(event);
    // Only an intake worker takes a beneficiary in, for their own association.
    const access = await authorize(event, 'intake.create');
    if (!access.ok) return access.result;
    const association = access.principal.association ?? '';
    // A browser posting from another site (forgery) is refused; API clients send no such headers.
    const origin = checkSameOrigin(event);
    if (!origin.ok) {
      logger.warn('Cross-site intake refused', { origin: event.headers?.origin ?? null });
      return prefersHtml(event)
        ? html(403, intakeCrossSitePage(lang))
        : json(403, { errors: [apiError(origin.error)] });
    }
    const body = readBody(event, MAX_INTAKE_BODY_BYTES);
    const now = new Date();
    // The form's hidden idempotency key, and the worker's "another person" answer to a duplicate
    // warning, are not part of the intake: taken apart before the check.
    const { key: formKey, rest: withConfirmation } = takeFormKey(body.ok ? body.value : undefined);
    const { value: notDuplicate, rest: submitted } = takeFormField(withConfirmation, 'notDuplicate');
    const checked = body.ok
      ? checkIntake(submitted, now, body.kind)
      : { ok: false as const, errors: [body.error] };
    // An association takes in the people of its own region (its coaches and board are there).
    const decision = checked.ok ? ofWorkersRegion(checked.form, access.principal.region) : checked;
    if (!decision.ok) {
      logger.info('Intake refused', { fields: decision.errors.map((e) => e.field) });
      if (body.kind === 'form') {
        // Values in a record with no prototype: a field named toString or __proto__ is just a field.
        const values = formValues(body.value);
        const errors = localizeFieldErrors(lang, decision.errors, values);
        return html(400, intakeFormPage(lang, { values, errors }, now, access.principal));
      }
      return badRequest(decision.errors);
    }

    const key = idempotencyKeyOf(event, formKey, decision.form, now);
    if (!key.ok) return badRequest([key.error]);
    // The same person entered twice? The worker decides: a form shows them and asks (nothing is
    // kept until they confirm); the JSON API keeps the intake and names them in its answer.
    const duplicates = await duplicatesOf(
      decision.form,
      association,
      await beneficiaryIdOf(association, key.value),
    );
    if (duplicates.length > 0 && body.kind === 'form' && notDuplicate !== 'true') {
      const shown = await duplicateRecords(duplicates, access.principal);
      const values = formValues(body.value);
      return html(
        409,
        intakeFormPage(lang, { values, errors: [], duplicates: shown }, now, access.principal),
      );
    }
    const started = await startJourneyOnce(decision.form, association, key.value, access.principal.personId);
    if (started.outcome === 'keyReused') {
      if (body.kind === 'form') return html(409, intakeNoticePage(lang, 'alreadySent'));
      return json(409, {
        errors: [{ field: 'Idempotency-Key', message: 'This key was already used for a different intake.' }],
      });
    }
    if (started.outcome === 'unavailable') {
      const unavailable =
        body.kind === 'form'
          ? html(503, intakeNoticePage(lang, 'unavailable'))
          : json(503, { message: 'The journey could not start; nothing was kept. Try again.' });
      return { ...unavailable, headers: { ...unavailable.headers, 'retry-after': '5' } };
    }
    const { beneficiaryId } = started;
    if (started.outcome === 'created') {
      metrics.addMetric('IntakeReceived', MetricUnit.Count, 1);
      logger.info('Journey started', { beneficiaryId });
    } else {
      logger.info('Intake replayed: the same beneficiary and journey', { beneficiaryId });
    }
    // The form answers with POST/redirect/GET, so a reload does not post the intake again.
    if (body.kind === 'form')
      return redirect(`/intake/done?${new URLSearchParams({ ref: beneficiaryId, lang })}`);
    return json(201, {
      beneficiaryId,
      ...(duplicates.length > 0 ? { possibleDuplicates: duplicates } : {}),
    });
  },
);

function ofWorkersRegion(form: IntakeForm, region: string): IntakeDecision {
  if (form.region === region) return { ok: true, form };
  return {
    ok: false,
    errors: [
      {
        field: 'region',
        message: `Your association takes in people of region ${region}: the person is registered by an association of their region.`,
        key: 'regionOfAssociation',
        params: { region },
      },
    ],
  };
}

/** Keys are each association's own: two associations never share a beneficiary by accident. */
async function beneficiaryIdOf(association: string, key: string): Promise<string> {
  return beneficiaryIdFor(await linkSigningSecret(), `${association}/${key}`);
}

/**
 * The association's beneficiaries this intake may repeat (not the one a replay of it wrote): the
 * records that share one of its keys, by a Query of each key's index — never the association's list,
 * which grows with every intake. An index that cannot be read yet (an upgrade) finds no one: logged.
 */
async function duplicatesOf(
  form: IntakeForm,
  association: string,
  self: string,
): Promise<PossibleDuplicate[]> {
  const keys = duplicateKeys(await linkSigningSecret(), association, form);
  const found = await Promise.all(
    DUPLICATE_KEY_FIELDS.map(async (field) => {
      const key = keys[field];
      const ids = key === undefined ? [] : await beneficiaryIdsByKey(field, key);
      if (ids === 'unavailable') {
        logger.warn('Duplicate check incomplete: its index cannot be read yet', { fields: [field] });
        return [];
      }
      return ids.map((beneficiaryId) => ({ beneficiaryId, reason: DUPLICATE_KEY_REASONS[field] }));
    }),
  );
  return duplicatesFound(found.flat(), self);
}

/** What the warning shows of each possible duplicate; showing it is a read, audited first. */
async function duplicateRecords(duplicates: readonly PossibleDuplicate[], principal: Principal) {
  await recordReads(
    principal,
    duplicates.map((d) => d.beneficiaryId),
    'duplicate-warning',
  );
  const records = await Promise.all(duplicates.map((d) => getBeneficiary(d.beneficiaryId)));
  return records.flatMap((b, i) =>
    b
      ? [
          {
            beneficiaryId: b.beneficiaryId,
            firstName: b.firstName,
            lastName: b.lastName,
            province: b.province,
            birthYear: b.birthYear,
            createdAt: b.createdAt,
            reasons: duplicates[i]?.reasons ?? [],
          },
        ]
      : [],
  );
}

type Started =
  | { outcome: 'created'; beneficiaryId: string }
  | { outcome: 'replayed'; beneficiaryId: string }
  | { outcome: 'keyReused' }
  | { outcome: 'unavailable' };

/**
 * One person, one journey, whatever the retries: the beneficiary id comes from the idempotency
 * key, the record is written once (conditional put), and the journey is started by name (a second
 * start of the same execution is the same execution). Every request that reaches here — the
 * first, a retry, or a concurrent duplicate — makes sure the journey runs, so a crash between the
 * two writes heals on the next attempt.
 */
async function startJourneyOnce(
  form: IntakeForm,
  association: string,
  key: string,
  recordedBy: string,
): Promise<Started> {
  const secret = await linkSigningSecret();
  const beneficiaryId = await beneficiaryIdOf(association, key);
  const intakeHash = contentHash(secret, form);
  const now = new Date();
  const beneficiary: Beneficiary = {
    ...form,
    beneficiaryId,
    association,
    createdAt: now.toISOString(),
    stage: 'intake',
    intakeHash,
    ...duplicateKeys(secret, association, form),
    ...(form.sharingConsents?.length
      ? { consents: consentsGiven(form.sharingConsents, now, recordedBy) }
      : {}),
  };
  const created = await putBeneficiaryOnce(beneficiary);
  if (!created) {
    const existing = await getBeneficiary(beneficiaryId);
    if (existing && existing.intakeHash !== undefined && existing.intakeHash !== intakeHash) {
      return { outcome: 'keyReused' };
    }
  }
  const journey = await ensureJourneyStarted(beneficiaryId);
  if (journey === 'started')
    return created ? { outcome: 'created', beneficiaryId } : { outcome: 'replayed', beneficiaryId };
  // Not started, or the workflow service could not even say: the record this very request wrote
  // goes again, so nothing is half-kept — conditional on its own write and on no step having
  // profiled it yet, so a concurrent duplicate's record, or a journey that did start, is kept.
  if (created) await deleteBeneficiary(beneficiaryId, beneficiary.createdAt);
  return { outcome: 'unavailable' };
}

/** The sharing the beneficiary agreed to at intake, each with the day and the text's version. */
function consentsGiven(purposes: readonly ConsentPurpose[], now: Date, recordedBy: string): Consents {
  const date = now.toISOString().slice(0, 10);
  return Object.fromEntries(
    purposes.map((purpose) => [
      purpose,
      { given: true, date, textVersion: CONSENT_TEXT_VERSION, recordedBy },
    ]),
  );
}

async function ensureJourneyStarted(beneficiaryId: string): Promise<'started' | 'notStarted' | 'unknown'> {
  try {
    await stepFunctions.send(
      new StartExecutionCommand({
        stateMachineArn: journeyStateMachineArn,
        name: beneficiaryId,
        input: JSON.stringify({ beneficiaryId }),
      }),
    );
    return 'started';
  } catch (error) {
    if ((error as Error).name === 'ExecutionAlreadyExists') return 'started';
    // A time-out may hide a start that worked: ask before rolling anything back.
    const executionArn = `${journeyStateMachineArn.replace(':stateMachine:', ':execution:')}:${beneficiaryId}`;
    const state = await stepFunctions.send(new DescribeExecutionCommand({ executionArn })).then(
      () => 'started' as const,
      (describeError: Error) =>
        describeError.name === 'ExecutionDoesNotExist' ? ('notStarted' as const) : ('unknown' as const),
    );
    logger.error('StartExecution failed', { beneficiaryId, error: (error as Error).name, state });
    return state;
  }
}
