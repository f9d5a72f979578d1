// Tier 2: real Postgres and Redis; one database and one Redis prefix per Jest worker.
module.exports = {
  ...require('./jest.preset'),
  displayName: 'int',
  rootDir: __dirname,
  roots: ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/tools'],
  testMatch: ['**/*.int-spec.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/apps/api-e2e/'],
  setupFiles: ['reflect-metadata', '<rootDir>/libs/server/testing/src/worker-env.setup.ts'],
  globalSetup: '<rootDir>/libs/server/testing/src/global-setup.ts',
  globalTeardown: '<rootDir>/libs/server/testing/src/global-teardown.ts',
  testTimeout: 30000,
};
