// bulkOperationRunQuery's static checks, with the messages Shopify returns (captures/...validators).
import { getNamedType, Kind, parse, validate } from 'graphql';
import type {
  DocumentNode,
  FieldNode,
  FragmentDefinitionNode,
  GraphQLCompositeType,
  GraphQLSchema,
  SelectionSetNode,
} from 'graphql';
import { fieldDef, isConnectionType, isListOutput } from '../graphql/schema-fields';
import { formatValidationErrors } from '../graphql/shopify-errors';

export const MAX_BULK_CONNECTIONS = 5;
export const MAX_BULK_DEPTH = 2;

export interface BulkValidation {
  errors: string[];
  document: DocumentNode | null;
}

function collect(
  set: SelectionSetNode,
  fragments: Record<string, FragmentDefinitionNode>,
  out: FieldNode[] = [],
): FieldNode[] {
  for (const sel of set.selections) {
    if (sel.kind === Kind.FIELD) out.push(sel);
    else if (sel.kind === Kind.INLINE_FRAGMENT) collect(sel.selectionSet, fragments, out);
    else {
      const frag = fragments[sel.name.value];
      if (frag) collect(frag.selectionSet, fragments, out);
    }
  }
  return out;
}

interface Walk {
  connections: number;
  maxDepth: number;
  viaNodes: string[];
  inList: boolean;
  withoutId: string[];
}

function walk(
  schema: GraphQLSchema,
  fragments: Record<string, FragmentDefinitionNode>,
  set: SelectionSetNode,
  parent: GraphQLCompositeType,
  depth: number,
  underList: boolean,
  state: Walk,
): void {
  for (const field of collect(set, fragments)) {
    const def = fieldDef(parent, field.name.value);
    if (!def || !field.selectionSet) continue;
    const named = getNamedType(def.type) as GraphQLCompositeType;
    if (isConnectionType(def.type)) {
      state.connections++;
      const level = depth + 1;
      state.maxDepth = Math.max(state.maxDepth, level);
      if (underList) state.inList = true;
      const inner = collect(field.selectionSet, fragments);
      if (inner.some((f) => f.name.value === 'nodes')) state.viaNodes.push(field.name.value);
      const edges = inner.find((f) => f.name.value === 'edges');
      const nodeField = edges?.selectionSet
        ? collect(edges.selectionSet, fragments).find((f) => f.name.value === 'node')
        : undefined;
      const nodeType = getNamedType(
        fieldDef(named, 'nodes')?.type ?? fieldDef(named, 'edges')?.type ?? def.type,
      ) as GraphQLCompositeType;
      if (nodeField?.selectionSet) {
        const nodeSel = collect(nodeField.selectionSet, fragments);
        const hasNested = nodeSel.some((f) => {
          const d = fieldDef(nodeType, f.name.value);
          return d !== undefined && isConnectionType(d.type);
        });
        const hasId = nodeSel.some((f) => f.name.value === 'id' && !f.alias);
        if (hasNested && !hasId) state.withoutId.push(field.name.value);
        walk(schema, fragments, nodeField.selectionSet, nodeType, level, false, state);
      }
      continue;
    }
    walk(schema, fragments, field.selectionSet, named, depth, underList || isListOutput(def.type), state);
  }
}

export function validateBulkQuery(schema: GraphQLSchema, query: string): BulkValidation {
  let document: DocumentNode;
  try {
    document = parse(query);
  } catch (err) {
    return { errors: [`Invalid bulk query: ${(err as Error).message}`], document: null };
  }
  const ops = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
  if (ops.some((o) => o.kind === Kind.OPERATION_DEFINITION && o.operation !== 'query')) {
    return { errors: ['Invalid operation type. Only `query` operations are supported.'], document: null };
  }
  const schemaErrors = validate(schema, document);
  if (schemaErrors.length > 0) {
    return { errors: formatValidationErrors(document, schemaErrors).map((e) => e.message), document: null };
  }
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments[d.name.value] = d;
  const op = ops[0];
  if (!op || op.kind !== Kind.OPERATION_DEFINITION)
    return { errors: ['Bulk queries must contain at least one connection.'], document: null };
  const errors: string[] = [];
  const root = schema.getQueryType() as GraphQLCompositeType;
  if (collect(op.selectionSet, fragments).some((f) => f.name.value === 'node' || f.name.value === 'nodes')) {
    errors.push('Bulk queries cannot contain a top level `node` field.');
  }
  const state: Walk = { connections: 0, maxDepth: 0, viaNodes: [], inList: false, withoutId: [] };
  walk(schema, fragments, op.selectionSet, root, 0, false, state);
  if (state.viaNodes.length > 0) {
    const first = state.viaNodes[0] as string;
    errors.push(
      `All connection fields in a bulk query must select their contents using 'edges' > 'node', e.g: '${first} { edges { node {'. Selecting via 'nodes' is not supported. Invalid connection fields: ${state.viaNodes
        .map((n) => `'${n}'`)
        .join(', ')}.`,
    );
  }
  if (state.inList)
    errors.push('Queries that contain a connection field within a list field are not currently supported.');
  if (state.connections === 0) errors.push('Bulk queries must contain at least one connection.');
  if (state.connections > MAX_BULK_CONNECTIONS)
    errors.push(`Bulk queries cannot contain more than ${MAX_BULK_CONNECTIONS} connections.`);
  if (state.maxDepth > MAX_BULK_DEPTH)
    errors.push(`Bulk queries cannot contain connections with a nesting depth greater than ${MAX_BULK_DEPTH}.`);
  if (state.withoutId.length > 0 && errors.length === 0) {
    errors.push(
      `The parent 'node' field for a nested connection must select the 'id' field without an alias and must be of 'ID' return type. Connection fields without 'id': ${state.withoutId.join(', ')}.`,
    );
  }
  return { errors, document: errors.length > 0 ? null : document };
}
