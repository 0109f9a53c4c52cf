/** `npm run test:unit`: test/unit, plain rules with no I/O: no emulators, no global setup. */
const base = require('./jest.base.config');

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  displayName: 'unit',
  roots: ['<rootDir>/test/unit'],
};
