/**
 * `npm test` (after the type check and lint): every test, as the three projects below, each of
 * which also runs alone: `npm run test:unit`, `npm run test:infra`, `npm run test:integration`.
 */
const base = require('./jest.base.config');

/** A standalone config as one project of this run: the run-wide options stay here, at the root. */
function project(file) {
  const options = { ...require(file), rootDir: __dirname };
  delete options.maxWorkers;
  delete options.reporters;
  return options;
}

/** @type {import('jest').Config} */
module.exports = {
  projects: [
    project('./jest.unit.config.js'),
    project('./jest.infra.config.js'),
    project('./jest.integration.config.js'),
  ],
  maxWorkers: base.maxWorkers,
  reporters: base.reporters,
};
