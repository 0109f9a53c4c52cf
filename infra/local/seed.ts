/** Loads the reference data; items already there (with their live counters) are kept as they are. */
import { PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { referenceItems } from '../../functions/domain/reference-data';
import { LOCAL_PEOPLE_PASSWORD, seededPeople } from '../../functions/domain/people';

export async function seedReferenceData(dynamo: DynamoDBDocumentClient, table: string): Promise<number> {
  let added = 0;
  for (const item of referenceItems()) {
    try {
      await dynamo.send(
        new PutCommand({ TableName: table, Item: item, ConditionExpression: 'attribute_not_exists(code)' }),
      );
      added += 1;
    } catch (error) {
      if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
    }
  }
  return added;
}

/**
 * The seeded people of every role in both pilot regions, in the people table and in the local
 * user pool with the local password. People already there (perhaps changed by an administrator)
 * are left as they are.
 */
export async function seedPeople(
  dynamo: DynamoDBDocumentClient,
  table: string,
  ensureUser: (userName: string, password: string) => Promise<boolean>,
): Promise<number> {
  let added = 0;
  for (const person of seededPeople()) {
    await ensureUser(person.personId, LOCAL_PEOPLE_PASSWORD);
    try {
      await dynamo.send(
        new PutCommand({
          TableName: table,
          Item: person,
          ConditionExpression: 'attribute_not_exists(personId)',
        }),
      );
      added += 1;
    } catch (error) {
      if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
    }
  }
  return added;
}
