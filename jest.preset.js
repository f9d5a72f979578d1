// Shared Jest settings: SWC transform with decorator metadata (NestJS DI and MikroORM need it)
// and the tsconfig path aliases, so tests import libraries exactly as the apps do.
const { pathsToModuleNameMapper } = require('./tools/test/paths');
const { SWC_JSC, SWC_MODULE } = require('./tools/build/swc.cjs');

module.exports = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.(t|j)s$': ['@swc/jest', { jsc: SWC_JSC, module: SWC_MODULE, sourceMaps: 'inline' }],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: pathsToModuleNameMapper(),
  setupFiles: ['reflect-metadata'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/.data/', '/.next/'],
  modulePathIgnorePatterns: ['/.next/'],
};
