/** The beneficiary record: the only place where personal data is kept. */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from './clients';
import { tableName } from './tables';
import type { IntakeForm } from '../domain/intake';
import type { Dimensions } from '../domain/profile';

export interface Beneficiary extends IntakeForm {
  beneficiaryId: string;
  createdAt: string;
  stage: string;
  dimensions?: Dimensions;
  coachId?: string;
  placement?: Record<string, unknown>;
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
