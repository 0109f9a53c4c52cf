/**
 * `npm run fuzz`: test/fuzz alone, with 10,000 generated requests per route (FUZZ_RUNS, set by the
 * script) on the local emulators, as the integration project runs them; hours, not a minute.
 */
const integration = require('./jest.integration.config');

/** @type {import('jest').Config} */
module.exports = {
  ...integration,
  displayName: 'fuzz',
  roots: ['<rootDir>/test/fuzz'],
  // Each test sets its own timeout from FUZZ_RUNS; this covers the platform's start and stop.
  testTimeout: 6 * 60 * 60 * 1000,
};
