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
  // A worker that booted the whole app for each of its suites needs 200-600 ms of native teardown after its last
  // 'exit' handler on a loaded machine (measured: no handle or timer left at that point); Jest's 500 ms default then
  // reports a forced exit. A real leak (socket, pool, timer) still keeps the worker alive past this and is reported.
  workerGracefulExitTimeout: 2000,
};
