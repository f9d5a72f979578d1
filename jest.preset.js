// Shared Jest settings: SWC transform with decorator metadata (NestJS DI and MikroORM need it)
// and the tsconfig path aliases, so tests import libraries exactly as the apps do.
const { pathsToModuleNameMapper } = require('./tools/test/paths');

module.exports = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.(t|j)s$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
          target: 'es2022',
          keepClassNames: true,
        },
        module: { type: 'commonjs' },
        sourceMaps: 'inline',
      },
    ],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: pathsToModuleNameMapper(),
  setupFiles: ['reflect-metadata'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/.data/', '/.next/'],
  modulePathIgnorePatterns: ['/.next/'],
};
