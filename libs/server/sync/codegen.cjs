// Typed Admin GraphQL operations: `npm run codegen:shopify` regenerates src/shopify/generated from the committed
// 2026-04 schema and every `#graphql` document under src/shopify/operations. The output is committed.
const { ApiType, pluckConfig, preset } = require('@shopify/api-codegen-preset');

const schema = 'libs/server/sync/schema/admin-2026-04.schema.graphql';
const documents = ['libs/server/sync/src/shopify/operations/*.ts'];

module.exports = {
  overwrite: true,
  schema,
  documents,
  pluckConfig,
  generates: {
    // The schema's types (the preset's operation types Pick from them; no descriptions, declarations only).
    'libs/server/sync/src/shopify/generated/admin.types.d.ts': {
      plugins: ['typescript'],
      config: { enumsAsTypes: true, useTypeImports: true, disableDescriptions: true },
    },
    'libs/server/sync/src/shopify/generated/admin.generated.d.ts': {
      preset,
      presetConfig: { apiType: ApiType.Admin },
    },
  },
};
