/**
 * The local stream poller splits a batch that failed as a whole, as `bisectBatchOnError` does on
 * AWS: a consumer that fails every batch of more than one record (as a function timing out on a
 * busy machine does) still gets every record, in order, one at a time, and whole batches again
 * once it copes. Before, such a batch was retried whole forever and nothing behind it went through.
 * On DynamoDB Local's real stream.
 */
import { randomBytes } from 'node:crypto';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { StreamPoller } from '../../infra/local/streams';
import { eventually } from '../support/platform';

const endpoint = process.env.KAFAAT_TEST_DYNAMODB_ENDPOINT;
const config = {
  endpoint,
  region: 'eu-west-3',
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
};
const dynamo = new DynamoDBClient(config);
const documents = DynamoDBDocumentClient.from(dynamo);
const streams = new DynamoDBStreamsClient(config);
const prefix = `t-bisect-${randomBytes(4).toString('hex')}`;
let poller: StreamPoller | undefined;

afterAll(async () => {
  await poller?.stop();
  dynamo.destroy();
  streams.destroy();
});

test('a batch failing as a whole is split until each record goes through, in order', async () => {
  if (!endpoint) throw new Error('DynamoDB Local is not running: run the tests with `npm test`.');
  await dynamo.send(
    new CreateTableCommand({
      TableName: `${prefix}-items`,
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
      StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' },
    }),
  );
  await dynamo.send(
    new CreateTableCommand({
      TableName: `${prefix}-engine`,
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
      ],
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
  for (let i = 0; i < 9; i += 1) {
    await documents.send(new PutCommand({ TableName: `${prefix}-items`, Item: { id: `item-${i}` } }));
  }

  // Act: a consumer that fails any batch of more than one record while `struggling` holds.
  let struggling = true;
  const delivered: string[] = [];
  const sizes: number[] = [];
  poller = new StreamPoller({
    dynamo,
    documents,
    streams,
    table: `${prefix}-items`,
    engineTable: `${prefix}-engine`,
    batchSize: 8,
    pollMs: 20,
    log: () => undefined,
    consume: async (event: DynamoDBStreamEvent) => {
      sizes.push(event.Records.length);
      if (struggling && event.Records.length > 1) throw new Error('Task timed out after 10.00 seconds');
      for (const record of event.Records) delivered.push(String(record.dynamodb?.NewImage?.id?.S));
      return { batchItemFailures: [] };
    },
  });
  poller.start();

  // Assess: every record, in order (at least once: a failed batch is read again from the last
  // checkpoint, which lags a second, and the consumers count each record once); the failed batch
  // of 8 was split to 4, 2, then 1.
  await eventually('the first record delivered alone', async () => (delivered.length > 0 ? true : undefined));
  expect(sizes.slice(0, 4)).toEqual([8, 4, 2, 1]);
  struggling = false;
  await eventually('every record delivered', async () => (new Set(delivered).size >= 9 ? true : undefined));
  expect([...new Set(delivered)]).toEqual(Array.from({ length: 9 }, (_, i) => `item-${i}`));
  // Coping again, the consumer got more than one record at a time.
  expect(sizes.some((size, i) => i >= 4 && size > 1)).toBe(true);
});
