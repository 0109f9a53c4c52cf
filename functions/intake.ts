/**
 * POST /api/intake — takes the intake form (JSON, or the HTML form), stores the beneficiary and
 * starts their journey. Bad input gets a 400 naming each field and stores nothing.
 */
import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { StartExecutionCommand } from '@aws-sdk/client-sfn';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { dynamo, stepFunctions } from './commons/clients';
import { badRequest, html, json, readBody, type HttpResult } from './commons/http';
import { languageOf, translator } from './commons/i18n';
import { logger, metrics } from './commons/powertools';
import { tableName } from './commons/tables';
import { getStringFromEnv } from './commons/env';
import { checkIntake, MAX_INTAKE_BODY_BYTES, type IntakeForm } from './domain/intake';
import { workflows } from '../infra/app-description';
import type { Beneficiary } from './commons/beneficiaries';
import { intakeDonePage, intakeFormPage } from './views/intake-form';

const beneficiariesTable = tableName('beneficiaries');
const journeyStateMachineArn = getStringFromEnv(workflows.journey.envVar);

export async function handler(event: APIGatewayProxyEventV2, context: Context): Promise<HttpResult> {
  logger.addContext(context);
  const lang = languageOf(event);
  const body = readBody(event, MAX_INTAKE_BODY_BYTES);
  if (!body.ok) return badRequest([body.error]);

  const decision = checkIntake(body.value, new Date());
  if (!decision.ok) {
    logger.info('Intake refused', { fields: decision.errors.map((e) => e.field) });
    if (body.kind === 'form') {
      const t = translator(lang);
      const values = body.value as Record<string, unknown>;
      const errors = decision.errors.map((e) => ({
        field: e.field,
        message:
          values[e.field] === undefined || values[e.field] === ''
            ? t('errors.required')
            : t('errors.invalid'),
      }));
      return { ...html(400, intakeFormPage(lang, { values, errors })) };
    }
    return badRequest(decision.errors);
  }

  const beneficiaryId = await startJourney(decision.form);
  metrics.addMetric('IntakeReceived', MetricUnit.Count, 1);
  metrics.publishStoredMetrics();
  logger.info('Journey started', { beneficiaryId });
  return body.kind === 'form' ? html(201, intakeDonePage(lang, beneficiaryId)) : json(201, { beneficiaryId });
}

/**
 * Stores the beneficiary, then starts the journey named after them. If the start fails, the
 * record is removed again, so a failed intake leaves nothing half-written behind.
 */
async function startJourney(form: IntakeForm): Promise<string> {
  const beneficiaryId = randomUUID();
  const beneficiary: Beneficiary = {
    ...form,
    beneficiaryId,
    createdAt: new Date().toISOString(),
    stage: 'intake',
  };
  await dynamo.send(
    new PutCommand({
      TableName: beneficiariesTable,
      Item: beneficiary,
      ConditionExpression: 'attribute_not_exists(beneficiaryId)',
    }),
  );
  try {
    await stepFunctions.send(
      new StartExecutionCommand({
        stateMachineArn: journeyStateMachineArn,
        name: beneficiaryId,
        input: JSON.stringify({ beneficiaryId }),
      }),
    );
  } catch (error) {
    logger.error('Journey did not start; intake rolled back', {
      beneficiaryId,
      error: (error as Error).name,
    });
    await dynamo.send(new DeleteCommand({ TableName: beneficiariesTable, Key: { beneficiaryId } }));
    throw error;
  }
  return beneficiaryId;
}
