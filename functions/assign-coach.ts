/**
 * Journey step "Assign Coach": gives the beneficiary a coach of their region, the least loaded
 * first. Running it again for the same beneficiary returns the coach already assigned.
 */
import type { Context } from 'aws-lambda';
import { QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from './commons/clients';
import { logger } from './commons/powertools';
import { tableName } from './commons/tables';
import { requireBeneficiary } from './commons/beneficiaries';
import { onlyConditionsFailed, putJourneyEventOnce } from './commons/journey-events';
import { chooseCoach, type CoachLoad } from './domain/coach-assignment';
import { journeyEvent } from './domain/journey-events';
import type { Dimensions } from './domain/profile';

const beneficiariesTable = tableName('beneficiaries');
const referenceTable = tableName('reference');

export interface AssignCoachInput {
  beneficiaryId: string;
  dimensions: Dimensions;
}

export interface AssignedCoach {
  coachId: string;
}

export class NoCoachInRegion extends Error {
  override name = 'NoCoachInRegion';
}

export async function handler(input: AssignCoachInput, context: Context): Promise<AssignedCoach> {
  logger.addContext(context);
  const beneficiary = await requireBeneficiary(input.beneficiaryId);
  if (beneficiary.coachId) return { coachId: beneficiary.coachId };

  const { Items = [] } = await dynamo.send(
    new QueryCommand({
      TableName: referenceTable,
      KeyConditionExpression: 'kind = :coach',
      ExpressionAttributeValues: { ':coach': 'coach' },
      ConsistentRead: true,
    }),
  );
  const coach = chooseCoach(Items as CoachLoad[], input.dimensions.region);
  if (!coach) throw new NoCoachInRegion(`No coach in region ${input.dimensions.region}`);

  try {
    await dynamo.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: beneficiariesTable,
              Key: { beneficiaryId: input.beneficiaryId },
              UpdateExpression: 'SET coachId = :coach, stage = :stage',
              ConditionExpression: 'attribute_not_exists(coachId)',
              ExpressionAttributeValues: { ':coach': coach.code, ':stage': 'coach-assigned' },
            },
          },
          {
            Update: {
              TableName: referenceTable,
              Key: { kind: 'coach', code: coach.code },
              UpdateExpression: 'ADD activeBeneficiaries :one',
              ExpressionAttributeValues: { ':one': 1 },
            },
          },
          putJourneyEventOnce(
            journeyEvent(input.beneficiaryId, 'coach-assigned', input.dimensions, new Date()),
          ),
        ],
      }),
    );
  } catch (error) {
    if (!onlyConditionsFailed(error)) throw error;
    const again = await requireBeneficiary(input.beneficiaryId);
    if (again.coachId) return { coachId: again.coachId };
    throw error;
  }
  logger.info('Coach assigned', { beneficiaryId: input.beneficiaryId, coachId: coach.code });
  return { coachId: coach.code };
}
