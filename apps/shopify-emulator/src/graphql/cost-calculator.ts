// Query cost per Shopify's documented rules: scalars/enums 0, objects 1, connections 2 plus the
// page size times the cost of one node, lists of objects the cost of their element selection,
// mutations 10. Actual cost re-walks the response, counting only what came back.
import {
  getNamedType,
  isAbstractType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  Kind,
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

export const MUTATION_COST = 10;
export const MAX_QUERY_COST = 1000;

interface Ctx {
  schema: GraphQLSchema;
  fragments: Record<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
}

function isConnectionType(type: GraphQLOutputType): boolean {
  return getNamedType(type).name.endsWith('Connection');
}

function isListOutput(type: GraphQLOutputType): boolean {
  return isListType(isNonNullType(type) ? type.ofType : type);
}

function fieldDef(parent: GraphQLCompositeType, name: string): GraphQLField<unknown, unknown> | undefined {
  if (isObjectType(parent) || 'getFields' in parent) {
    const fields = (parent as { getFields(): Record<string, GraphQLField<unknown, unknown>> }).getFields();
    return fields[name];
  }
  return undefined;
}

function argValue(node: FieldNode, name: string, vars: Record<string, unknown>): unknown {
  const arg = node.arguments?.find((a) => a.name.value === name);
  if (!arg) return undefined;
  return valueFromASTUntyped(arg.value, vars);
}

/** Flattens fragments into the field nodes selected on `parent`. */
function collectFields(ctx: Ctx, set: SelectionSetNode, parent: GraphQLCompositeType, out: FieldNode[] = []): FieldNode[] {
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

function lookupField(ctx: Ctx, parent: GraphQLCompositeType, set: SelectionSetNode, name: string) {
  for (const t of typeForFragments(ctx, parent, set)) {
    const f = fieldDef(t, name);
    if (f) return f;
  }
  return undefined;
}

/** Cost of a selection set; `value` (the response object) switches to actual-cost mode. */
function selectionCost(ctx: Ctx, set: SelectionSetNode, parent: GraphQLCompositeType, value: unknown, actual: boolean): number {
  let total = 0;
  const obj = (value ?? {}) as Record<string, unknown>;
  for (const node of collectFields(ctx, set, parent)) {
    const name = node.name.value;
    if (name.startsWith('__')) continue;
    const def = lookupField(ctx, parent, set, name);
    if (!def || !node.selectionSet || isLeafType(getNamedType(def.type))) continue;
    const key = node.alias?.value ?? name;
    if (actual && !(key in obj)) continue;
    const child = actual ? obj[key] : undefined;
    if (actual && (child === null || child === undefined)) continue;
    total += fieldCost(ctx, node, def.type, child, actual);
  }
  return total;
}

function fieldCost(ctx: Ctx, node: FieldNode, type: GraphQLOutputType, value: unknown, actual: boolean): number {
  const named = getNamedType(type) as GraphQLCompositeType;
  const set = node.selectionSet as SelectionSetNode;
  if (isConnectionType(type)) {
    const conn = fieldDef(named, 'edges') ? named : undefined;
    if (!conn) return 2;
    const nodeType = getNamedType(fieldDef(named, 'nodes')?.type ?? fieldDef(named, 'edges')!.type) as GraphQLCompositeType;
    let perNode = 0;
    let count: number;
    if (actual) {
      const v = value as { edges?: unknown[]; nodes?: unknown[] };
      count = Math.max(v.edges?.length ?? 0, v.nodes?.length ?? 0);
    } else {
      const first = argValue(node, 'first', ctx.variables) ?? argValue(node, 'last', ctx.variables);
      count = typeof first === 'number' ? first : 1;
    }
    // Cost of one node: the node object plus whatever is selected inside it.
    for (const inner of collectFields(ctx, set, named)) {
      const innerName = inner.name.value;
      if ((innerName === 'nodes' || innerName === 'edges') && inner.selectionSet) {
        if (actual) {
          const key = inner.alias?.value ?? innerName;
          const list = ((value as Record<string, unknown>)[key] as unknown[] | undefined) ?? [];
          let sum = 0;
          for (const item of list) {
            if (innerName === 'nodes') sum += 1 + selectionCost(ctx, inner.selectionSet, nodeType, item, true);
            else sum += edgeCost(ctx, inner.selectionSet, nodeType, item, true);
          }
          perNode = Math.max(perNode, count > 0 ? sum / count : 0);
        } else {
          const c =
            innerName === 'nodes'
              ? 1 + selectionCost(ctx, inner.selectionSet, nodeType, undefined, false)
              : edgeCost(ctx, inner.selectionSet, nodeType, undefined, false);
          perNode = Math.max(perNode, c);
        }
      }
    }
    return 2 + Math.round(count * perNode);
  }
  if (isListOutput(type)) {
    if (actual) {
      let sum = 0;
      for (const item of (value as unknown[]) ?? []) sum += selectionCost(ctx, set, named, item, true);
      return sum;
    }
    return selectionCost(ctx, set, named, undefined, false);
  }
  return 1 + selectionCost(ctx, set, named, value, actual);
}

function edgeCost(ctx: Ctx, set: SelectionSetNode, nodeType: GraphQLCompositeType, edge: unknown, actual: boolean): number {
  const nodeField = collectFields(ctx, set, nodeType).find((f) => f.name.value === 'node');
  if (!nodeField?.selectionSet) return 1;
  const key = nodeField.alias?.value ?? 'node';
  const node = actual ? (edge as Record<string, unknown> | null)?.[key] : undefined;
  return 1 + selectionCost(ctx, nodeField.selectionSet, nodeType, node, actual);
}

export interface CostInput {
  schema: GraphQLSchema;
  operation: OperationDefinitionNode;
  fragments: Record<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
}

export function requestedCost(input: CostInput): number {
  const ctx: Ctx = { schema: input.schema, fragments: input.fragments, variables: input.variables };
  if (input.operation.operation === 'mutation') {
    return MUTATION_COST * collectFields(ctx, input.operation.selectionSet, input.schema.getMutationType()!).length;
  }
  return selectionCost(ctx, input.operation.selectionSet, input.schema.getQueryType()!, undefined, false);
}

export function actualCost(input: CostInput, data: Record<string, unknown> | null | undefined): number {
  const ctx: Ctx = { schema: input.schema, fragments: input.fragments, variables: input.variables };
  if (input.operation.operation === 'mutation') {
    return MUTATION_COST * collectFields(ctx, input.operation.selectionSet, input.schema.getMutationType()!).length;
  }
  return selectionCost(ctx, input.operation.selectionSet, input.schema.getQueryType()!, data ?? {}, true);
}
