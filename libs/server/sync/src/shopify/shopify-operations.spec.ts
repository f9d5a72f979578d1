import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, parse, validate, type GraphQLSchema } from 'graphql';
import * as operations from './operations';

// Every document the sync sends, checked against Shopify's real 2026-04 schema (the committed SDL), and present in
// the committed generated types (a document edited without `npm run codegen:shopify` fails here).
describe('Shopify operations', () => {
  let schema: GraphQLSchema;
  const generated = readFileSync(join(__dirname, 'generated/admin.generated.d.ts'), 'utf8');
  const documents: [string, string][] = Object.entries(operations as Record<string, unknown>).filter(
    (e): e is [string, string] => typeof e[1] === 'string',
  );

  beforeAll(() => {
    schema = buildSchema(readFileSync(join(__dirname, '../../schema/admin-2026-04.schema.graphql'), 'utf8'));
  });

  it('has documents to check', () => {
    expect(documents.length).toBeGreaterThanOrEqual(4);
  });

  it.each(documents)('%s is valid against the 2026-04 schema', (_name, document) => {
    const errors = validate(schema, parse(document));
    expect(errors.map((e) => e.message)).toEqual([]);
  });

  it.each(documents)('%s has committed generated types', (_name, document) => {
    expect(generated).toContain(JSON.stringify(document));
  });

  it('rejects a document Shopify would reject (the check can fail)', () => {
    const bad = parse('query { shop { id notAField } }');
    expect(validate(schema, bad).map((e) => e.message)).toEqual([expect.stringContaining('notAField')]);
  });
});
