// Tier 4: the dashboard in real headless Chromium against a booted api + worker and a production build of the
// dashboard (`npm test` builds it first, with API_URL pointing at BROWSER_API_PORT). One browser at a time.
module.exports = {
  ...require('./jest.preset'),
  displayName: 'browser',
  rootDir: __dirname,
  roots: ['<rootDir>/apps/dashboard-e2e'],
  testMatch: ['**/*.browser-spec.ts'],
  setupFiles: ['reflect-metadata', '<rootDir>/libs/server/testing/src/worker-env.setup.ts'],
  globalSetup: '<rootDir>/libs/server/testing/src/global-setup.ts',
  globalTeardown: '<rootDir>/libs/server/testing/src/global-teardown.ts',
  testTimeout: 90000,
};
