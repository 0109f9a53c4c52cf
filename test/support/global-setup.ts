/**
 * One DynamoDB Local (AWS's jar, in memory) for the whole test run; each test file starts its own
 * platform on it with its own table prefix. Missing Java fails the run loudly: it does not skip.
 * The browser is unpacked here too, once.
 */
import { startDynamoDbLocal, type DynamoDbLocal } from '../../infra/local/dynamodb-local';
import { freePort } from '../../infra/local/free-port';
import { chromiumExecutable } from './browser';

declare global {
  var kafaatTestDynamoDb: DynamoDbLocal | undefined;
}

export default async function globalSetup(): Promise<void> {
  // The browser tests' Chromium unpacked once, before the workers start (they would each unpack
  // it at once otherwise). A machine without it is told so by the browser tests themselves.
  await chromiumExecutable().catch(() => undefined);
  const dynamoDb = await startDynamoDbLocal({ port: await freePort() });
  globalThis.kafaatTestDynamoDb = dynamoDb;
  process.env.KAFAAT_TEST_DYNAMODB_ENDPOINT = dynamoDb.endpoint;
}
