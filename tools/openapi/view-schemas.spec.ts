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
    type ObjectSchema = { required?: string[]; properties: Record<string, Record<string, unknown>> };
    const v = VIEW_SCHEMAS as unknown as Record<string, ObjectSchema & { allOf?: (ObjectSchema | { $ref: string })[] }>;
    // required unless `?`, nullable from `| null`, string-literal unions as enums
    expect(v['WebhookSubscriptionView']!.required).toContain('disabledReason');
    expect(v['WebhookSubscriptionView']!.properties['disabledReason']).toEqual({ type: 'string', nullable: true });
    expect(v['WebhookSubscriptionView']!.properties['status']).toEqual({
      type: 'string',
      enum: ['active', 'disabled'],
    });
    expect(v['SyncHistoryEntryView']!.properties['cause']!['required']).toBeUndefined();
    // a named contract interface is a reference (a nullable one through allOf)
    expect(v['ProductView']!.properties['variants']).toEqual({
      type: 'array',
      items: { $ref: '#/components/schemas/VariantView' },
    });
    expect(v['WhoAmI']!.properties['workspace']).toEqual({
      allOf: [{ $ref: '#/components/schemas/WorkspaceSummary' }],
      nullable: true,
    });
    // an interface extending contract interfaces is allOf their references and its own members (required as declared)
    expect(v['CustomerView']!.allOf?.[0]).toEqual({ $ref: '#/components/schemas/CustomerOrderSummary' });
    expect(v['CustomerOrderSummary']!.properties['lifetimeValue']).toMatchObject({ type: 'number' });
    expect(v['OrderDetailView']!.allOf).toEqual([
      { $ref: '#/components/schemas/OrderView' },
      expect.objectContaining({ type: 'object', required: ['returns'] }),
    ]);
    expect(v['OrderDetailView']!.allOf?.[1]).not.toHaveProperty('properties.total');
    expect(v['OrderView']!.required).toEqual(expect.arrayContaining(['lines', 'total']));
    // a named union used in more than one place is written once and referenced; one used once stays inline
    expect(v['ApiKeyView']!.allOf).toBeUndefined();
    expect(v['ApiKeyView']!.properties['scopes']).toEqual({
      type: 'array',
      items: { $ref: '#/components/schemas/ScopeGrant' },
    });
    expect(v['ScopeGrant']).toMatchObject({ type: 'string', enum: expect.arrayContaining(['orders:read', '*']) });
    expect(v['WhoAmI']!.properties['role']).toMatchObject({ type: 'string', enum: ['owner', 'admin', 'staff'] });
    expect(v['ExportRowView']).toMatchObject({ properties: {}, additionalProperties: {} });
    // JSDoc becomes the description
    const created = v['CreatedApiKey']!.allOf?.[1] as ObjectSchema;
    expect(created.properties['key']!['description']).toMatch(/Shown once/);
    expect(PAGE_SCHEMA.required).toEqual(['data', 'nextCursor']);
  });
});
