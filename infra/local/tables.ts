/** Creates the application's tables on DynamoDB Local from the one app description. */
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ResourceInUseException,
  type AttributeDefinition,
  type KeySchemaElement,
} from '@aws-sdk/client-dynamodb';
import { tables, type TableId } from '../app-description';

export type TableNames = Record<TableId, string>;

export function localTableNames(prefix: string): TableNames {
  return Object.fromEntries(Object.keys(tables).map((id) => [id, `${prefix}${id}`])) as TableNames;
}

async function createTable(
  client: DynamoDBClient,
  name: string,
  keys: { partitionKey: string; sortKey?: string },
  stream: boolean,
): Promise<void> {
  const keySchema: KeySchemaElement[] = [{ AttributeName: keys.partitionKey, KeyType: 'HASH' }];
  const attributes: AttributeDefinition[] = [{ AttributeName: keys.partitionKey, AttributeType: 'S' }];
  if (keys.sortKey) {
    keySchema.push({ AttributeName: keys.sortKey, KeyType: 'RANGE' });
    attributes.push({ AttributeName: keys.sortKey, AttributeType: 'S' });
  }
  try {
    await client.send(
      new CreateTableCommand({
        TableName: name,
        KeySchema: keySchema,
        AttributeDefinitions: attributes,
        BillingMode: 'PAY_PER_REQUEST',
        ...(stream ? { StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' } } : {}),
      }),
    );
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
  }
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: name }));
    if (Table?.TableStatus === 'ACTIVE') return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`Table ${name} did not become active`);
}

/** The application's tables, and the local engine's own table (executions, tokens, checkpoints). */
export async function ensureTables(
  client: DynamoDBClient,
  names: TableNames,
  engineTable: string,
): Promise<void> {
  await Promise.all([
    ...(Object.keys(tables) as TableId[]).map((id) =>
      createTable(client, names[id], tables[id], tables[id].stream !== undefined),
    ),
    createTable(client, engineTable, { partitionKey: 'pk' }, false),
  ]);
}
