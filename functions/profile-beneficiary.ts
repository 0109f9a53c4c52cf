/**
 * Journey step "Profile Beneficiary": works out the dimensions the dashboards count by and
 * records the intake event. Returns only those dimensions: no name or contact enters the workflow.
 */
import type { Context } from 'aws-lambda';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from './commons/clients';
import { logger } from './commons/powertools';
import { tableName } from './commons/tables';
import { requireBeneficiary } from './commons/beneficiaries';
import { onlyConditionsFailed, putJourneyEventOnce } from './commons/journey-events';
import { dimensionsOf, type Dimensions } from './domain/profile';
import { journeyEvent } from './domain/journey-events';

const beneficiariesTable = tableName('beneficiaries');

export interface ProfileInput {
  beneficiaryId: string;
}

export async function handler(input: ProfileInput, context: Context): Promise<Dimensions> {
  logger.addContext(context);
  const now = new Date();
  const beneficiary = await requireBeneficiary(input.beneficiaryId);
  const dimensions = dimensionsOf(beneficiary, now);
  try {
    await dynamo.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: beneficiariesTable,
              Key: { beneficiaryId: input.beneficiaryId },
              UpdateExpression: 'SET dimensions = :d',
              ExpressionAttributeValues: { ':d': dimensions },
            },
          },
          putJourneyEventOnce(journeyEvent(input.beneficiaryId, 'intake', dimensions, now)),
        ],
      }),
    );
  } catch (error) {
    if (!onlyConditionsFailed(error)) throw error;
    logger.info('Intake event already recorded', { beneficiaryId: input.beneficiaryId });
  }
  return dimensions;
}
