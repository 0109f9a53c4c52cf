/** Values of the shared settings for running functions outside a platform (tests of grants). */
export const testSettings = {
  PUBLIC_BASE_URL: 'http://localhost:3000',
  EMAIL_FROM: 'no-reply@kafaat.example',
  LINK_SIGNING_SECRET_NAME: 'kafaat/link-signing-secret',
  TIME_SCALE: '1',
  TASK_TIME_SCALE: '1',
  IDENTITY_ISSUER: 'http://127.0.0.1:1/pool',
  IDENTITY_CLIENT_ID: 'client',
  IDENTITY_USER_POOL_ID: 'pool',
  RETENTION_DAYS: '1826',
};
