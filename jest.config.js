/**
 * `npm test` (after the type check and lint): every test, as the three projects below, each of
 * which also runs alone: `npm run test:unit`, `npm run test:infra`, `npm run test:integration`.
 */
const base = require('./jest.base.config');

/**
 * A standalone config as one project of this run. Run-wide options stay at the root: jest takes
 * maxWorkers and reporters only there, and reads testTimeout only there (in a project, silently not).
 */
function project(file) {
  const options = { ...require(file), rootDir: __dirname };
  delete options.maxWorkers;
  delete options.reporters;
  delete options.testTimeout;
  return options;
}

/** @type {import('jest').Config} */
module.exports = {
  projects: [
    project('./jest.unit.config.js'),
    project('./jest.infra.config.js'),
    project('./jest.integration.config.js'),
  ],
  testTimeout: base.testTimeout,
  maxWorkers: base.maxWorkers,
  reporters: base.reporters,
};
