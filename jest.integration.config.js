/**
 * `npm run test:integration`: test/integration and test/e2e, on the local emulators over their real
 * protocols. The global setup starts one DynamoDB Local (Java) for the run; each test file starts
 * its own platform on it.
 */
const base = require('./jest.base.config');

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  displayName: 'integration',
  roots: ['<rootDir>/test/integration', '<rootDir>/test/e2e'],
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
};
