// Flat ESLint config. TypeScript gets type-aware rules (no-floating-promises, exhaustive switches) and the Nx
// module boundaries on two tag axes (scope:*, type:*); plain JS tooling gets the recommended JS rules only.
import js from '@eslint/js';
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';
import { boundaryPlugin, projectsTagged } from './tools/lint/boundary-rules.mjs';

// Context libraries, read from their project.json tags so a new context is covered the day it is tagged.
const FEATURE_LIBS = projectsTagged(import.meta.dirname, 'libs', 'type:feature');
const FRAMEWORK_IMPORTS = ['@nestjs/*', '@mikro-orm/*', 'bullmq', 'react', 'react-dom', 'next', 'next/*'];
const TEST_FILES = [
  '**/*.spec.ts',
  '**/*.int-spec.ts',
  '**/*.e2e-spec.ts',
  '**/*.browser-spec.ts',
  'apps/api-e2e/**/*.ts',
  'apps/dashboard-e2e/**/*.ts',
  'libs/server/testing/**/*.ts',
];

const nodeGlobals = Object.fromEntries(
  [
    'process',
    'console',
    'Buffer',
    'URL',
    'URLSearchParams',
    'AbortController',
    'AbortSignal',
    'fetch',
    'setTimeout',
    'clearTimeout',
    'setInterval',
    'clearInterval',
    'setImmediate',
    'structuredClone',
    'TextDecoder',
    'TextEncoder',
  ].map((g) => [g, 'readonly']),
);
const cjsGlobals = {
  require: 'readonly',
  module: 'writable',
  exports: 'writable',
  __dirname: 'readonly',
  __filename: 'readonly',
};

/** Nx boundary options; FEATURE_DEPS differs for test files (an integration spec composes the modules it needs). */
function moduleBoundaries(FEATURE_DEPS) {
  return {
    enforceBuildableLibDependency: false,
    // api-e2e boots the real api in-process through its bootstrap (black-box over HTTP after that)
    allow: [
      '../../api/src/bootstrap',
      '../../worker/src/bootstrap',
      '../../shopify-emulator/src',
      '../../shopify-emulator/src/*',
      // the browser suites seed the same demo catalogue `npm start` does
      '../../../tools/dev/demo-seed',
      // ...and reuse the api suites' workspace seeding, session, Shopify-connect and polling helpers
      '../../api-e2e/src/support/identity',
      '../../api-e2e/src/support/shopify',
      '../../api-e2e/src/support/wait',
    ],
    banTransitiveDependencies: false,
    // the lazy-load check protects browser bundles; server code may import() a lib it also imports statically
    checkDynamicDependenciesExceptions: ['@retailos/server/*', '@retailos/shared/*'],
    depConstraints: [
      // scope axis
      { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
      { sourceTag: 'scope:server', onlyDependOnLibsWithTags: ['scope:server', 'scope:shared'] },
      { sourceTag: 'scope:dashboard', onlyDependOnLibsWithTags: ['scope:dashboard', 'scope:shared'] },
      // type axis
      {
        sourceTag: 'type:app',
        onlyDependOnLibsWithTags: [
          'type:feature',
          'type:data-access',
          'type:ui',
          'type:util',
          'type:contracts',
          'type:testing',
        ],
      },
      {
        // feature facades seed workspaces and keys; assertions stay on HTTP/WebSocket/webhook effects
        sourceTag: 'type:e2e',
        onlyDependOnLibsWithTags: ['type:testing', 'type:feature', 'type:data-access', 'type:util', 'type:contracts'],
      },
      // a context reaches another only through contracts (facade tokens, events); only apps compose contexts
      { sourceTag: 'type:feature', onlyDependOnLibsWithTags: FEATURE_DEPS },
      {
        sourceTag: 'type:data-access',
        onlyDependOnLibsWithTags: ['type:data-access', 'type:util', 'type:contracts'],
      },
      {
        sourceTag: 'type:testing',
        onlyDependOnLibsWithTags: ['type:feature', 'type:data-access', 'type:util', 'type:contracts', 'type:testing'],
      },
      { sourceTag: 'type:ui', onlyDependOnLibsWithTags: ['type:ui', 'type:util', 'type:contracts'] },
      {
        sourceTag: 'type:util',
        onlyDependOnLibsWithTags: ['type:util', 'type:contracts'],
        bannedExternalImports: FRAMEWORK_IMPORTS,
      },
      {
        sourceTag: 'type:contracts',
        onlyDependOnLibsWithTags: ['type:contracts'],
        bannedExternalImports: FRAMEWORK_IMPORTS,
      },
    ],
  };
}

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '**/.data/**',
      '**/coverage/**',
      '**/tmp/**',
      '**/.nx/**',
      '**/*.d.ts',
      '**/*.tmp.ts',
      '**/.next/**',
    ],
  },
  { linterOptions: { reportUnusedDisableDirectives: 'error' } },

  // Plain JavaScript: config files and tools/*.mjs. No type information, so none of the type-aware rules.
  {
    files: ['**/*.js', '**/*.cjs', '**/*.mjs'],
    ...js.configs.recommended,
    languageOptions: { ecmaVersion: 2023, globals: { ...nodeGlobals, ...cjsGlobals } },
    rules: {
      ...js.configs.recommended.rules,
      'no-unused-vars': ['error', { argsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },

  // TypeScript (and the dashboard's TSX), type-aware.
  {
    files: ['**/*.ts', '**/*.tsx'],
    extends: [js.configs.recommended, ...tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { '@nx': nx, retailos: boundaryPlugin },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': [
        'error',
        { checksVoidReturn: { arguments: false, attributes: false } },
      ],
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: true, requireDefaultForNonUnion: false },
      ],
      '@typescript-eslint/consistent-type-imports': 'off', // decorator metadata needs value imports for DI types
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      '@typescript-eslint/no-extraneous-class': 'off', // Nest modules are empty decorated classes
      '@typescript-eslint/require-await': 'off', // Nest lifecycle hooks and handlers are async by contract
      // stylistic members of recommendedTypeChecked: noisy, no bug class behind them
      '@typescript-eslint/no-unnecessary-type-assertion': 'off',
      '@typescript-eslint/no-redundant-type-constituents': 'off',
      '@typescript-eslint/no-base-to-string': 'off',
      '@typescript-eslint/no-unsafe-enum-comparison': 'off',
      'no-empty': ['error', { allowEmptyCatch: false }],
      '@nx/enforce-module-boundaries': ['error', moduleBoundaries(['type:data-access', 'type:util', 'type:contracts'])],
    },
  },

  // Tests may poke at untyped JSON responses; promises must still be awaited.
  {
    files: TEST_FILES,
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        moduleBoundaries(['type:feature', 'type:data-access', 'type:util', 'type:contracts', 'type:testing']),
      ],
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/unbound-method': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  // What Nx cannot see: a library's index.ts exports no facade class (callers inject a contracts token), and no context
  // hides a dependency or a cycle behind @Global() (the apps pass ports to register(); tests included).
  { files: ['libs/**/src/index.ts'], rules: { 'retailos/no-exported-facade-class': 'error' } },
  { files: FEATURE_LIBS.map((dir) => `${dir}/**/*.ts`), rules: { 'retailos/no-global-module': 'error' } },
);
