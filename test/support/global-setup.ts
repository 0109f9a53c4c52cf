/**
 * One DynamoDB Local (AWS's jar, in memory) for the whole test run; each test file starts its own
 * platform on it with its own table prefix. Missing Java fails the run loudly: it does not skip.
 */
import { startDynamoDbLocal, type DynamoDbLocal } from '../../infra/local/dynamodb-local';
import { freePort } from '../../infra/local/free-port';

declare global {
  var kafaatTestDynamoDb: DynamoDbLocal | undefined;
}

export default async function globalSetup(): Promise<void> {
  const dynamoDb = await startDynamoDbLocal({ port: await freePort() });
  globalThis.kafaatTestDynamoDb = dynamoDb;
  process.env.KAFAAT_TEST_DYNAMODB_ENDPOINT = dynamoDb.endpoint;
}
