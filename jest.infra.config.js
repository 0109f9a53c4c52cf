/** `npm run test:infra`: test/infra, the CDK stack synthesized and checked (cdk-nag); no emulators. */
const base = require('./jest.base.config');

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  displayName: 'infra',
  roots: ['<rootDir>/test/infra'],
};
