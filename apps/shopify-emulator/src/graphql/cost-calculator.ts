// Query cost per Shopify's rules (documented in the README): scalars/enums 0, objects 1, a few value
// objects 0, connections 2 + floor(2·ln(size)) × the cost of one item, mutations 10 + their payload's
// selection. Actual cost re-walks the response, counting only what came back.
import {
  getNamedType,
  isAbstractType,
  isLeafType,
  isObjectType,
  Kind,
  SchemaMetaFieldDef,
  TypeMetaFieldDef,
  valueFromASTUntyped,
} from 'graphql';
import type {
  FieldNode,
  FragmentDefinitionNode,
  GraphQLCompositeType,
  GraphQLField,
  GraphQLOutputType,
  GraphQLSchema,
  OperationDefinitionNode,
  SelectionSetNode,
} from 'graphql';
import { fieldDef, isConnectionType, isListOutput } from './schema-fields';

export const MUTATION_COST = 10;
export const MAX_QUERY_COST = 1000;

interface Ctx {
  schema: GraphQLSchema;
  fragments: Record<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
}

function argValue(node: FieldNode, name: string, vars: Record<string, unknown>): unknown {
  const arg = node.arguments?.find((a) => a.name.value === name);
  if (!arg) return undefined;
  return valueFromASTUntyped(arg.value, vars);
}

/** Flattens fragments into the field nodes selected on `parent`. */
function collectFields(
  ctx: Ctx,
  set: SelectionSetNode,
  parent: GraphQLCompositeType,
  out: FieldNode[] = [],
): FieldNode[] {
  for (const sel of set.selections) {
    if (sel.kind === Kind.FIELD) out.push(sel);
    else if (sel.kind === Kind.INLINE_FRAGMENT) collectFields(ctx, sel.selectionSet, parent, out);
    else if (sel.kind === Kind.FRAGMENT_SPREAD) {
      const frag = ctx.fragments[sel.name.value];
      if (frag) collectFields(ctx, frag.selectionSet, parent, out);
    }
  }
  return out;
}

function typeForFragments(ctx: Ctx, parent: GraphQLCompositeType, set: SelectionSetNode): GraphQLCompositeType[] {
  // For interfaces/unions the fields may live on the concrete types named by fragments.
  const types: GraphQLCompositeType[] = [parent];
  for (const sel of set.selections) {
    const cond =
      sel.kind === Kind.INLINE_FRAGMENT
        ? sel.typeCondition?.name.value
        : sel.kind === Kind.FRAGMENT_SPREAD
          ? ctx.fragments[sel.name.value]?.typeCondition.name.value
          : undefined;
    if (cond) {
      const t = ctx.schema.getType(cond);
      if (t && (isObjectType(t) || isAbstractType(t))) types.push(t as GraphQLCompositeType);
    }
  }
  return types;
}

function introspectionField(
  ctx: Ctx,
  parent: GraphQLCompositeType,
  name: string,
): GraphQLField<unknown, unknown> | undefined {
  if (name === '__type')
    return ctx.schema.getQueryType() === parent ? (TypeMetaFieldDef as GraphQLField<unknown, unknown>) : undefined;
  if (name === '__schema')
    return ctx.schema.getQueryType() === parent ? (SchemaMetaFieldDef as GraphQLField<unknown, unknown>) : undefined;
  return fieldDef(parent, name);
}

function parentName(ctx: Ctx, parent: GraphQLCompositeType, set: SelectionSetNode, name: string): string {
  for (const t of typeForFragments(ctx, parent, set)) if (fieldDef(t, name)) return t.name;
  return parent.name;
}

function lookupField(ctx: Ctx, parent: GraphQLCompositeType, set: SelectionSetNode, name: string) {
  for (const t of typeForFragments(ctx, parent, set)) {
    const f = fieldDef(t, name);
    if (f) return f;
  }
  return undefined;
}

/**
 * Shopify's connection multiplier: page sizes are costed on a logarithmic scale,
 * floor(2 × ln(max(2, size))), with the size capped at 250 (1 -> 1, 10 -> 4, 50 -> 7, 250 -> 11).
 * An empty page (actual cost) multiplies by 0, leaving the connection's own 2 points.
 */
export function connectionMultiplier(size: number): number {
  if (size <= 0) return 0;
  return Math.floor(2 * Math.log(Math.max(2, Math.min(size, 250))));
}

/** Value objects Shopify does not charge for (no identity or lifecycle of their own). */
const ZERO_COST_FIELDS = new Set([
  'pageInfo',
  'address',
  'billingAddress',
  'currencyFormats',
  'measurement',
  'unitCost',
]);
/**
 * Fields with a cost of their own beyond their type's ("definedCost" in Shopify's cost debug output).
 * Location: a fragment of the lifecycle flags costs one point more than \`{ id isActive }\` in the
 * captures, on a mutation payload and on a plain read alike.
 */
const DEFINED_FIELD_COSTS: Record<string, number> = { 'Location.hasUnfulfilledOrders': 1 };
/** userErrors lists on a mutation payload are free: a failed mutation costs exactly 10 in every capture. */
const isZeroCostType = (name: string): boolean => name === 'UserError' || name.endsWith('UserError');

/** Cost of a selection set; `value` (the response object) switches to actual-cost mode. */
function selectionCost(
  ctx: Ctx,
  set: SelectionSetNode,
  parent: GraphQLCompositeType,
  value: unknown,
  actual: boolean,
  root = false,
): number {
  let total = 0;
  const obj = (value ?? {}) as Record<string, unknown>;
  for (const node of collectFields(ctx, set, parent)) {
    const name = node.name.value;
    if (name === '__typename') continue;
    // Introspection fields (__type, __schema) cost like any object (the captures charge them).
    const def = name.startsWith('__') ? introspectionField(ctx, parent, name) : lookupField(ctx, parent, set, name);
    if (!def) continue;
    const key = node.alias?.value ?? name;
    const defined = DEFINED_FIELD_COSTS[`${parentName(ctx, parent, set, name)}.${name}`];
    if (defined && (!actual || key in obj)) total += defined;
    if (!node.selectionSet || isLeafType(getNamedType(def.type))) continue;
    if (actual && !(key in obj)) continue;
    const child = actual ? obj[key] : undefined;
    if (actual && (child === null || child === undefined)) continue;
    total += fieldCost(ctx, node, def.type, child, actual, root);
  }
  return total;
}

function fieldCost(
  ctx: Ctx,
  node: FieldNode,
  type: GraphQLOutputType,
  value: unknown,
  actual: boolean,
  root = false,
): number {
  const named = getNamedType(type) as GraphQLCompositeType;
  const set = node.selectionSet as SelectionSetNode;
  if (ZERO_COST_FIELDS.has(node.name.value)) return 0;
  if (isConnectionType(type) && fieldDef(named, 'edges')) {
    const nodeType = getNamedType(
      fieldDef(named, 'nodes')?.type ?? fieldDef(named, 'edges')!.type,
    ) as GraphQLCompositeType;
    // Cost of one item: the node object (1) plus its own selection, whether reached by nodes or edges.
    let perItem = 0;
    let size: number;
    if (actual) {
      const v = value as Record<string, unknown>;
      size = 0;
      for (const inner of collectFields(ctx, set, named)) {
        const list = v[inner.alias?.value ?? inner.name.value];
        if ((inner.name.value === 'nodes' || inner.name.value === 'edges') && Array.isArray(list))
          size = Math.max(size, list.length);
      }
    } else {
      const first = argValue(node, 'first', ctx.variables) ?? argValue(node, 'last', ctx.variables);
      size = typeof first === 'number' ? first : 1;
    }
    for (const inner of collectFields(ctx, set, named)) {
      const innerName = inner.name.value;
      if ((innerName !== 'nodes' && innerName !== 'edges') || !inner.selectionSet) continue;
      const items = actual
        ? (((value as Record<string, unknown>)[inner.alias?.value ?? innerName] as unknown[] | undefined) ?? [])
        : [undefined];
      for (const item of items) {
        const c =
          innerName === 'nodes'
            ? 1 + selectionCost(ctx, inner.selectionSet, nodeType, item, actual)
            : edgeCost(ctx, inner.selectionSet, nodeType, item, actual);
        perItem = Math.max(perItem, c);
      }
    }
    return 2 + connectionMultiplier(size) * perItem;
  }
  if (isAbstractType(named)) {
    // Interfaces and unions: the most expensive possible selection; a root field (node, nodes,
    // productOperation) or a list of them adds 1 (productOperation { ... on ProductSetOperation
    // { product { id } userErrors { code } } } costs 3, a webhook endpoint union 0).
    const own = root || isListOutput(type) ? 1 : 0;
    let max = 0;
    if (actual) {
      const items = isListOutput(type) ? ((value as unknown[]) ?? []) : [value];
      for (const item of items) {
        const typename = (item as Record<string, unknown> | null)?.['__typename'];
        const concrete = typeof typename === 'string' ? ctx.schema.getType(typename) : undefined;
        max = Math.max(
          max,
          selectionCost(
            ctx,
            set,
            (concrete && isObjectType(concrete) ? concrete : named) as GraphQLCompositeType,
            item,
            true,
          ),
        );
      }
      if (isListOutput(type)) return items.length > 0 ? 1 + max : 0;
      return own + max;
    }
    max = selectionCost(ctx, set, named, undefined, false);
    for (const t of ctx.schema.getPossibleTypes(named))
      max = Math.max(max, selectionCost(ctx, set, t, undefined, false));
    return own + max;
  }
  if (isListOutput(type)) {
    // A plain list of objects costs like one object: it is not sized.
    if (actual) {
      let max = 0;
      for (const item of (value as unknown[]) ?? []) max = Math.max(max, selectionCost(ctx, set, named, item, true));
      return (value as unknown[]).length > 0 ? 1 + max : 0;
    }
    return 1 + selectionCost(ctx, set, named, undefined, false);
  }
  return 1 + selectionCost(ctx, set, named, value, actual);
}

function edgeCost(
  ctx: Ctx,
  set: SelectionSetNode,
  nodeType: GraphQLCompositeType,
  edge: unknown,
  actual: boolean,
): number {
  const nodeField = collectFields(ctx, set, nodeType).find((f) => f.name.value === 'node');
  if (!nodeField?.selectionSet) return 1;
  const key = nodeField.alias?.value ?? 'node';
  const node = actual ? (edge as Record<string, unknown> | null)?.[key] : undefined;
  return 1 + selectionCost(ctx, nodeField.selectionSet, nodeType, node, actual);
}

/**
 * A mutation field costs 10 plus what its payload selects below the objects it returns directly:
 * those (the product, the location, the adjustment group) come with the mutation and are free.
 */
function mutationCost(
  ctx: Ctx,
  operation: OperationDefinitionNode,
  data: Record<string, unknown> | null,
  actual: boolean,
): number {
  const root = ctx.schema.getMutationType()!;
  let total = 0;
  for (const node of collectFields(ctx, operation.selectionSet, root)) {
    const def = root.getFields()[node.name.value];
    total += MUTATION_COST;
    if (!def || !node.selectionSet) continue;
    const payloadType = getNamedType(def.type) as GraphQLCompositeType;
    const payload = actual
      ? (data?.[node.alias?.value ?? node.name.value] as Record<string, unknown> | null | undefined)
      : undefined;
    if (actual && (payload === null || payload === undefined)) continue;
    for (const field of collectFields(ctx, node.selectionSet, payloadType)) {
      const fdef = lookupField(ctx, payloadType, node.selectionSet, field.name.value);
      if (!fdef || !field.selectionSet || isLeafType(getNamedType(fdef.type))) continue;
      const value = actual ? payload?.[field.alias?.value ?? field.name.value] : undefined;
      if (actual && (value === null || value === undefined)) continue;
      const type = getNamedType(fdef.type) as GraphQLCompositeType;
      if (isZeroCostType(type.name)) continue;
      if (isConnectionType(fdef.type) || isAbstractType(type)) total += fieldCost(ctx, field, fdef.type, value, actual);
      else if (isListOutput(fdef.type)) {
        let max = 0;
        for (const item of actual ? ((value as unknown[]) ?? []) : [undefined])
          max = Math.max(max, selectionCost(ctx, field.selectionSet, type, item, actual));
        total += max;
      } else total += selectionCost(ctx, field.selectionSet, type, value, actual);
    }
  }
  return total;
}

export interface CostInput {
  schema: GraphQLSchema;
  operation: OperationDefinitionNode;
  fragments: Record<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
}

export function requestedCost(input: CostInput): number {
  const ctx: Ctx = { schema: input.schema, fragments: input.fragments, variables: input.variables };
  if (input.operation.operation === 'mutation') return mutationCost(ctx, input.operation, null, false);
  return selectionCost(ctx, input.operation.selectionSet, input.schema.getQueryType()!, undefined, false, true);
}

export function actualCost(input: CostInput, data: Record<string, unknown> | null | undefined): number {
  const ctx: Ctx = { schema: input.schema, fragments: input.fragments, variables: input.variables };
  if (input.operation.operation === 'mutation') return mutationCost(ctx, input.operation, data ?? null, true);
  return selectionCost(ctx, input.operation.selectionSet, input.schema.getQueryType()!, data ?? {}, true, true);
}
