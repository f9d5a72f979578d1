// Tier 1: pure logic, no servers.
module.exports = {
  ...require('./jest.preset'),
  displayName: 'unit',
  rootDir: __dirname,
  roots: ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/tools'],
  testMatch: ['**/*.spec.ts'],
};
