/**
 * `npm run test:integration`: test/integration, test/e2e and test/fuzz, on the local emulators over
 * their real protocols. The global setup starts one DynamoDB Local (Java) for the run; each test file starts
 * its own platform on it.
 */
const base = require('./jest.base.config');

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  displayName: 'integration',
  // test/fuzz: each route's hostile-input properties, a few runs each (`npm run fuzz`: 10,000).
  roots: ['<rootDir>/test/integration', '<rootDir>/test/e2e', '<rootDir>/test/fuzz'],
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
};
