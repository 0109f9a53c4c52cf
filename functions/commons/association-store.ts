/**
 * A partner association's item in the reference table (kind `association`), as the administration
 * reads and changes it. The escalation step reads the same item when it tells the supervisor, so
 * a change holds for the next escalation e-mail.
 */
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from './clients';
import { tableName } from './settings';
import {
  associationOfItem,
  type AssociationChangeField,
  type ManagedAssociation,
} from '../domain/association-admin';

const keyOf = (code: string) => ({ kind: 'association', code });

export async function getAssociation(code: string): Promise<ManagedAssociation | undefined> {
  const { Item } = await dynamo.send(
    new GetCommand({ TableName: tableName('reference'), Key: keyOf(code), ConsistentRead: true }),
  );
  return associationOfItem(Item);
}

/**
 * Writes the changed fields of an association that exists (a condition: never creates one), with
 * who changed it and when. Setting the same values again changes nothing but those two. The
 * association as it is now, or undefined when there is none with this code.
 */
export async function saveAssociation(
  association: ManagedAssociation,
  fields: readonly AssociationChangeField[],
  changedBy: string,
  at: Date,
): Promise<ManagedAssociation | undefined> {
  const values: Record<string, unknown> = { changedBy, changedAt: at.toISOString() };
  for (const field of fields) values[field] = association[field];
  const names = Object.keys(values);
  try {
    const { Attributes } = await dynamo.send(
      new UpdateCommand({
        TableName: tableName('reference'),
        Key: keyOf(association.code),
        // Names stand for every attribute: `name` is a DynamoDB reserved word.
        UpdateExpression: `SET ${names.map((n) => `#${n} = :${n}`).join(', ')}`,
        ConditionExpression: 'attribute_exists(#code)',
        ExpressionAttributeNames: {
          ...Object.fromEntries(names.map((n) => [`#${n}`, n])),
          '#code': 'code',
        },
        ExpressionAttributeValues: Object.fromEntries(names.map((n) => [`:${n}`, values[n]])),
        ReturnValues: 'ALL_NEW',
      }),
    );
    return associationOfItem(Attributes);
  } catch (error) {
    if ((error as Error).name === 'ConditionalCheckFailedException') return undefined;
    throw error;
  }
}
