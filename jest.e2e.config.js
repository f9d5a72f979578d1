// Tier 3: black-box suites against booted api + worker (+ emulator) processes.
module.exports = {
  ...require('./jest.preset'),
  displayName: 'e2e',
  rootDir: __dirname,
  roots: ['<rootDir>/apps/api-e2e'],
  testMatch: ['**/*.e2e-spec.ts'],
  setupFiles: ['reflect-metadata', '<rootDir>/libs/server/testing/src/worker-env.setup.ts'],
  globalSetup: '<rootDir>/libs/server/testing/src/global-setup.ts',
  globalTeardown: '<rootDir>/libs/server/testing/src/global-teardown.ts',
  testTimeout: 60000,
};
