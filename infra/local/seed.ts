/** Loads the reference data; items already there (with their live counters) are kept as they are. */
import { PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { referenceItems } from '../../functions/domain/reference-data';

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
