import { ApiResponse } from '@nestjs/swagger';
import { PAGE_ITEM_REF, PAGE_SCHEMA, VIEW_SCHEMAS, type ViewName } from '@retailos/shared/contracts';

/**
 * Response bodies in the OpenAPI document come from the contracts' view registry (generated from views.ts), never
 * from DTO classes: a route names its view and `setupOpenApi` puts the registry into `components.schemas`.
 */

type Shape = 'one' | 'page' | 'array';

const ref = (name: string): { $ref: string } => ({ $ref: `#/components/schemas/${name}` });

/** `<View>Page`: the Page<T> envelope of a list route, registered as its own component. */
export const pageSchemaName = (view: ViewName): string => `${view}Page`;
const pagesInUse = new Set<ViewName>();

/** The body schema of a response: the view itself, its list envelope or a bare array of it. */
export function viewSchema(view: ViewName, shape: Shape = 'one'): Record<string, unknown> {
  if (!(view in VIEW_SCHEMAS)) throw new Error(`unknown view ${view}`);
  if (shape === 'page') {
    pagesInUse.add(view);
    return ref(pageSchemaName(view));
  }
  return shape === 'array' ? { type: 'array', items: ref(view) } : ref(view);
}

/** A route's 2xx JSON body: `@ApiView('ProductView')`, `@ApiView('ProductView', { as: 'page' })`, `{ status: 201 }`. */
export function ApiView(
  view: ViewName,
  options: { status?: number; as?: Shape; description?: string } = {},
): MethodDecorator {
  const shape = options.as ?? 'one';
  const description =
    options.description ?? (shape === 'page' ? `A page of ${view}` : shape === 'array' ? `${view}[]` : view);
  return ApiResponse({ status: options.status ?? 200, description, schema: viewSchema(view, shape) });
}

/** components.schemas for the document: every view, and the envelope of every list route that was declared. */
export function viewComponents(): Record<string, unknown> {
  const out: Record<string, unknown> = structuredClone(VIEW_SCHEMAS) as Record<string, unknown>;
  for (const view of pagesInUse) {
    out[pageSchemaName(view)] = JSON.parse(
      JSON.stringify(PAGE_SCHEMA).replaceAll(PAGE_ITEM_REF, ref(view).$ref),
    ) as unknown;
  }
  return out;
}
