/** Runs after `npm install`: says how to get Java when DynamoDB Local would not start without it. */
import { assertJava } from './dynamodb-local';

try {
  assertJava();
} catch (error) {
  console.warn(`\n[kafaat] ${(error as Error).message}\n[kafaat] \`npm start\` and \`npm test\` need it.\n`);
}
