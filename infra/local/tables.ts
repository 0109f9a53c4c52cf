/** Creates the application's tables on DynamoDB Local from the one app description. */
import {
  CreateTableCommand,
  DescribeTableCommand,
  UpdateTableCommand,
  DynamoDBClient,
  ResourceInUseException,
  type AttributeDefinition,
  type KeySchemaElement,
  type Projection,
} from '@aws-sdk/client-dynamodb';
import { tables, type IndexSpec, type TableId } from '../app-description';

export type TableNames = Record<TableId, string>;

export function localTableNames(prefix: string): TableNames {
  return Object.fromEntries(Object.keys(tables).map((id) => [id, `${prefix}${id}`])) as TableNames;
}

interface KeysSpec {
  partitionKey: string;
  sortKey?: string;
  indexes?: IndexSpec[];
}

function keySchemaOf(keys: { partitionKey: string; sortKey?: string }): KeySchemaElement[] {
  return [
    { AttributeName: keys.partitionKey, KeyType: 'HASH' },
    ...(keys.sortKey ? [{ AttributeName: keys.sortKey, KeyType: 'RANGE' as const }] : []),
  ];
}

function projectionOf(index: IndexSpec): Projection {
  return { ProjectionType: index.keysOnly ? 'KEYS_ONLY' : 'ALL' };
}

type StreamView = 'NEW_IMAGE' | 'NEW_AND_OLD_IMAGES';

async function createTable(
  client: DynamoDBClient,
  name: string,
  keys: KeysSpec,
  stream: StreamView | undefined,
): Promise<void> {
  const indexes = keys.indexes ?? [];
  const attributeNames = new Set(
    [keys, ...indexes].flatMap((k) => [k.partitionKey, ...(k.sortKey ? [k.sortKey] : [])]),
  );
  const attributes: AttributeDefinition[] = [...attributeNames].map((attribute) => ({
    AttributeName: attribute,
    AttributeType: 'S',
  }));
  try {
    await client.send(
      new CreateTableCommand({
        TableName: name,
        KeySchema: keySchemaOf(keys),
        AttributeDefinitions: attributes,
        BillingMode: 'PAY_PER_REQUEST',
        ...(indexes.length > 0
          ? {
              GlobalSecondaryIndexes: indexes.map((index) => ({
                IndexName: index.name,
                KeySchema: keySchemaOf(index),
                Projection: projectionOf(index),
              })),
            }
          : {}),
        ...(stream ? { StreamSpecification: { StreamEnabled: true, StreamViewType: stream } } : {}),
      }),
    );
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
    await upgradeTable(client, name, attributes, indexes, stream);
  }
  await waitUntilActive(client, name);
}

/**
 * A table made by an earlier version of the app (a data folder kept across an upgrade) gets what
 * the description now asks for: its stream, and its indexes.
 */
async function upgradeTable(
  client: DynamoDBClient,
  name: string,
  attributes: AttributeDefinition[],
  indexes: NonNullable<KeysSpec['indexes']>,
  stream: StreamView | undefined,
): Promise<void> {
  await waitUntilActive(client, name);
  const { Table } = await client.send(new DescribeTableCommand({ TableName: name }));
  if (stream && !Table?.StreamSpecification?.StreamEnabled) {
    await client.send(
      new UpdateTableCommand({
        TableName: name,
        StreamSpecification: { StreamEnabled: true, StreamViewType: stream },
      }),
    );
    await waitUntilActive(client, name);
  }
  const existing = new Set((Table?.GlobalSecondaryIndexes ?? []).map((index) => index.IndexName));
  for (const index of indexes.filter((i) => !existing.has(i.name))) {
    await client.send(
      new UpdateTableCommand({
        TableName: name,
        AttributeDefinitions: attributes,
        GlobalSecondaryIndexUpdates: [
          {
            Create: {
              IndexName: index.name,
              KeySchema: keySchemaOf(index),
              Projection: projectionOf(index),
            },
          },
        ],
      }),
    );
    await waitUntilActive(client, name);
  }
}

async function waitUntilActive(client: DynamoDBClient, name: string): Promise<void> {
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
  identityTable?: string,
): Promise<void> {
  await Promise.all([
    ...(Object.keys(tables) as TableId[]).map((id) =>
      createTable(client, names[id], tables[id], tables[id].stream),
    ),
    ensureEngineTable(client, engineTable),
    ...(identityTable ? [createTable(client, identityTable, { partitionKey: 'userName' }, undefined)] : []),
  ]);
}

/** The local user pool's users (infra/local/identity-provider.ts): key userName. */
export function localIdentityTableName(prefix: string): string {
  return `${prefix}local-identity`;
}

/**
 * The local engine's table (infra/local/step-functions/records.ts): key pk + sk. The engine of
 * before kept everything under pk alone in `<prefix>local-engine`; this name keeps an old data
 * folder's table out of the way.
 */
export function localEngineTableName(prefix: string): string {
  return `${prefix}local-engine-v2`;
}

async function ensureEngineTable(client: DynamoDBClient, name: string): Promise<void> {
  await createTable(client, name, { partitionKey: 'pk', sortKey: 'sk' }, undefined);
  const { Table } = await client.send(new DescribeTableCommand({ TableName: name }));
  const keys = (Table?.KeySchema ?? []).map((k) => `${k.AttributeName}:${k.KeyType}`).join(',');
  if (keys !== 'pk:HASH,sk:RANGE') {
    throw new Error(
      `Table ${name} was made by an older local engine (keys ${keys}). Name the engine table with ` +
        `localEngineTableName() from infra/local/tables.ts, or start from a new data folder.`,
    );
  }
}
