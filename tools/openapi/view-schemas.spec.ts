import { readFileSync } from 'node:fs';
import { PAGE_SCHEMA, VIEW_SCHEMAS } from '@retailos/shared/contracts';
import { generateViewSchemas, REGISTRY_FILE, renderRegistry } from './view-schemas';

describe('view schema registry (shared/contracts)', () => {
  const generated = generateViewSchemas();

  it('is exactly what views.ts generates (run tools/openapi/generate-view-schemas.ts after changing a view)', () => {
    expect(readFileSync(REGISTRY_FILE, 'utf8')).toBe(renderRegistry(generated));
  });

  it('has an entry for every exported view of views.ts and for every contract type they refer to', () => {
    const views = readFileSync(REGISTRY_FILE.replace('view-schemas.generated.ts', 'views.ts'), 'utf8');
    const exported = [...views.matchAll(/^export interface (\w+)/gm)].map((m) => m[1]!);
    expect(exported.length).toBeGreaterThan(20);
    for (const name of exported) expect(Object.keys(VIEW_SCHEMAS)).toContain(name);
    const refs = new Set(JSON.stringify(VIEW_SCHEMAS).match(/#\/components\/schemas\/\w+/g) ?? []);
    for (const ref of refs) expect(Object.keys(VIEW_SCHEMAS)).toContain(ref.split('/').pop());
  });

  it('describes the TypeScript faithfully: required vs optional, nullable, enums, nested views, index signatures', () => {
    const v = VIEW_SCHEMAS as unknown as Record<
      string,
      { required?: string[]; properties: Record<string, Record<string, unknown>> }
    >;
    // required unless `?`, nullable from `| null`, string-literal unions as enums
    expect(v['WebhookSubscriptionView']!.required).toContain('disabledReason');
    expect(v['WebhookSubscriptionView']!.properties['disabledReason']).toEqual({ type: 'string', nullable: true });
    expect(v['WebhookSubscriptionView']!.properties['status']).toEqual({
      type: 'string',
      enum: ['active', 'disabled'],
    });
    expect(v['SyncHistoryEntryView']!.properties['cause']!['required']).toBeUndefined();
    // a named contract interface is a reference (a nullable one through allOf), an inherited field is flattened in
    expect(v['ProductView']!.properties['variants']).toEqual({
      type: 'array',
      items: { $ref: '#/components/schemas/VariantView' },
    });
    expect(v['WhoAmI']!.properties['workspace']).toEqual({
      allOf: [{ $ref: '#/components/schemas/WorkspaceSummary' }],
      nullable: true,
    });
    expect(v['CustomerView']!.properties['lifetimeValue']).toMatchObject({ type: 'number' });
    expect(v['OrderDetailView']!.required).toEqual(expect.arrayContaining(['lines', 'returns', 'total']));
    expect(v['ExportRowView']).toMatchObject({ properties: {}, additionalProperties: {} });
    // JSDoc becomes the description
    expect(v['CreatedApiKey']!.properties['key']!['description']).toMatch(/Shown once/);
    expect(PAGE_SCHEMA.required).toEqual(['data', 'nextCursor']);
  });
});
