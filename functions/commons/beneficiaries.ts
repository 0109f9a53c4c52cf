/** The beneficiary record: the only place where personal data is kept. */
import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from './clients';
import { tableName } from './settings';
import type { IntakeForm } from '../domain/intake';
import type { Dimensions } from '../domain/profile';

export interface Beneficiary extends IntakeForm {
  beneficiaryId: string;
  createdAt: string;
  stage: string;
  dimensions?: Dimensions;
  coachId?: string;
  placement?: Record<string, unknown>;
  /** Keyed hash of the intake as received: tells a replay from a reused idempotency key. */
  intakeHash?: string;
  /** Set while a coach task is escalated: the journey is late. */
  lateSince?: string;
  lateTask?: string;
}

/** Writes a new beneficiary once; false if one with this id is already there (a replay). */
export async function putBeneficiaryOnce(beneficiary: Beneficiary): Promise<boolean> {
  try {
    await dynamo.send(
      new PutCommand({
        TableName: tableName('beneficiaries'),
        Item: beneficiary,
        ConditionExpression: 'attribute_not_exists(beneficiaryId)',
      }),
    );
    return true;
  } catch (error) {
    if ((error as Error).name === 'ConditionalCheckFailedException') return false;
    throw error;
  }
}

/**
 * Removes a beneficiary whose journey could not start (the intake's rollback): only the record
 * written at `createdAt` by that request, never one a concurrent duplicate wrote or kept.
 */
export async function deleteBeneficiary(beneficiaryId: string, createdAt: string): Promise<void> {
  try {
    await dynamo.send(
      new DeleteCommand({
        TableName: tableName('beneficiaries'),
        Key: { beneficiaryId },
        ConditionExpression:
          'createdAt = :createdAt AND stage = :intake AND attribute_not_exists(dimensions)',
        ExpressionAttributeValues: { ':createdAt': createdAt, ':intake': 'intake' },
      }),
    );
  } catch (error) {
    if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
  }
}

export async function getBeneficiary(beneficiaryId: string): Promise<Beneficiary | undefined> {
  const { Item } = await dynamo.send(
    new GetCommand({ TableName: tableName('beneficiaries'), Key: { beneficiaryId }, ConsistentRead: true }),
  );
  return Item as Beneficiary | undefined;
}

export async function requireBeneficiary(beneficiaryId: string): Promise<Beneficiary> {
  const beneficiary = await getBeneficiary(beneficiaryId);
  if (!beneficiary) throw new BeneficiaryNotFound(beneficiaryId);
  return beneficiary;
}

export class BeneficiaryNotFound extends Error {
  override name = 'BeneficiaryNotFound';
  constructor(beneficiaryId: string) {
    super(`No beneficiary ${beneficiaryId}`);
  }
}
