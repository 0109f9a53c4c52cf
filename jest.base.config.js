/**
 * What every jest project of the suite shares. The projects: jest.unit.config.js (no I/O, no
 * emulators), jest.infra.config.js (the CDK stack), jest.integration.config.js (the emulators,
 * behind one DynamoDB Local for the run); jest.config.js runs the three (`npm test`).
 */
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': 'ts-jest',
    // jose (JWT signing and verification) ships only ES modules: compiled for jest's CommonJS.
    '^.+/node_modules/jose/.+\\.js$': [
      'ts-jest',
      { tsconfig: { allowJs: true, module: 'commonjs', target: 'es2022' }, isolatedModules: true },
    ],
  },
  transformIgnorePatterns: ['/node_modules/(?!jose/)'],
  // Before each test file loads a function: the X-Ray SDK's async hooks stay off (see the file).
  setupFiles: ['<rootDir>/infra/local/tracing-off.ts'],
  testTimeout: 60000,
  maxWorkers: 2,
  reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
};
