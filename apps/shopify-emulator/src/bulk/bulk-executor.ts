// Executes one page of a bulk query. A bulk query walks every record of a shop (100k products: over a million
// objects), where graphql-js's general executor costs several times what the resolvers do; a bulk query is static
// (validated, no variables), so this walks its selection directly: the same resolvers with the same arguments,
// fields merged by graphql-js's own collectFields, leaves serialised by their types, plain objects out. Anything it
// does not cover (directives, a resolver answering a promise) runs through graphql-js's execute instead.
import {
  execute,
  getArgumentValues,
  isAbstractType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  Kind,
  visit,
  BREAK,
} from 'graphql';
import type {
  DocumentNode,
  FieldNode,
  FragmentDefinitionNode,
  GraphQLField,
  GraphQLObjectType,
  GraphQLOutputType,
  GraphQLResolveInfo,
  GraphQLSchema,
  OperationDefinitionNode,
} from 'graphql';
import { collectFields, collectSubfields } from 'graphql/execution/collectFields';
import type { GraphQLContext } from '../graphql/graphql-context';
import { defaultFieldResolver } from '../graphql/schema';

type Path = GraphQLResolveInfo['path'];
type Data = Record<string, unknown>;

interface FieldPlan {
  key: string;
  fieldNodes: FieldNode[];
  def: GraphQLField<unknown, unknown> | null;
  args: Record<string, unknown>;
  /**
   * One info per field of a parent type, shared by every record: its path has no list indexes (resolvers read the
   * path only to report search warnings and errors, which a bulk result does not carry).
   */
  info: GraphQLResolveInfo | null;
  /** Sub-selections by runtime object type, compiled on first use. */
  sub: Map<string, FieldPlan[]>;
}

/** A resolver answered a promise: the page goes to graphql-js. */
class NeedsGraphQLJs extends Error {}

export interface BulkPlan {
  schema: GraphQLSchema;
  document: DocumentNode;
  /** null: the document is beyond the walk, every page runs through graphql-js. */
  operation: OperationDefinitionNode | null;
  fragments: Record<string, FragmentDefinitionNode>;
  root: FieldPlan[];
}

function hasDirectivesOrVariables(document: DocumentNode): boolean {
  let found = false;
  visit(document, {
    Directive() {
      found = true;
      return BREAK;
    },
    Variable() {
      found = true;
      return BREAK;
    },
  });
  return found;
}

function plansFor(
  plan: Pick<BulkPlan, 'schema' | 'fragments' | 'operation'>,
  type: GraphQLObjectType,
  fields: Map<string, readonly FieldNode[]>,
  path: Path | undefined,
): FieldPlan[] {
  const defs = type.getFields();
  return [...fields].map(([key, nodes]) => {
    const first = nodes[0] as FieldNode;
    const def = first.name.value === '__typename' ? null : (defs[first.name.value] ?? null);
    if (def === null && first.name.value !== '__typename') throw new Error(`no field ${type.name}.${first.name.value}`);
    const info = def
      ? ({
          fieldName: def.name,
          fieldNodes: [...nodes],
          returnType: def.type,
          parentType: type,
          path: { prev: path, key, typename: type.name },
          schema: plan.schema,
          fragments: plan.fragments,
          rootValue: undefined,
          operation: plan.operation as OperationDefinitionNode,
          variableValues: {},
        } as GraphQLResolveInfo)
      : null;
    return {
      key,
      fieldNodes: [...nodes],
      def: def as GraphQLField<unknown, unknown> | null,
      args: def ? getArgumentValues(def, first, {}) : {},
      info,
      sub: new Map(),
    };
  });
}

export function planBulkQuery(schema: GraphQLSchema, document: DocumentNode): BulkPlan {
  const fragments: Record<string, FragmentDefinitionNode> = {};
  let operation: OperationDefinitionNode | null = null;
  let operations = 0;
  for (const d of document.definitions) {
    if (d.kind === Kind.FRAGMENT_DEFINITION) fragments[d.name.value] = d;
    else if (d.kind === Kind.OPERATION_DEFINITION) operations++;
    if (d.kind === Kind.OPERATION_DEFINITION && !operation) operation = d;
  }
  const plan: BulkPlan = { schema, document, operation, fragments, root: [] };
  const queryType = schema.getQueryType();
  // Several operations (graphql-js refuses to pick one), directives, variables: graphql-js answers as before.
  if (!operation || operations > 1 || !queryType || hasDirectivesOrVariables(document))
    return { ...plan, operation: null };
  plan.root = plansFor(
    plan,
    queryType,
    collectFields(schema, fragments, {}, queryType, operation.selectionSet),
    undefined,
  );
  return plan;
}

function subPlan(plan: BulkPlan, field: FieldPlan, type: GraphQLObjectType): FieldPlan[] {
  let fields = field.sub.get(type.name);
  if (!fields) {
    fields = plansFor(
      plan,
      type,
      collectSubfields(plan.schema, plan.fragments, {}, type, field.fieldNodes),
      field.info?.path,
    );
    field.sub.set(type.name, fields);
  }
  return fields;
}

function walkObject(
  plan: BulkPlan,
  ctx: GraphQLContext,
  type: GraphQLObjectType,
  source: unknown,
  fields: FieldPlan[],
): Data {
  const out: Data = {};
  for (const field of fields) {
    if (field.def === null || field.info === null) {
      out[field.key] = type.name;
      continue;
    }
    const resolve = field.def.resolve ?? defaultFieldResolver;
    const value = resolve(source, field.args, ctx, field.info);
    out[field.key] = complete(plan, ctx, field, field.def.type, value);
  }
  return out;
}

function complete(
  plan: BulkPlan,
  ctx: GraphQLContext,
  field: FieldPlan,
  type: GraphQLOutputType,
  value: unknown,
): unknown {
  const info = field.info as GraphQLResolveInfo;
  if (value instanceof Error) throw value;
  if (typeof (value as { then?: unknown } | null)?.then === 'function') throw new NeedsGraphQLJs();
  if (isNonNullType(type)) {
    const inner = complete(plan, ctx, field, type.ofType, value);
    if (inner === null)
      throw new Error(`Cannot return null for non-nullable field ${info.parentType.name}.${info.fieldName}.`);
    return inner;
  }
  if (value === null || value === undefined) return null;
  if (isListType(type)) {
    const out: unknown[] = [];
    for (const item of value as Iterable<unknown>) out.push(complete(plan, ctx, field, type.ofType, item));
    return out;
  }
  if (isLeafType(type)) {
    const serialized = type.serialize(value);
    if (serialized === undefined) throw new Error(`Expected ${type.name} to serialize to a value`);
    return serialized;
  }
  let objectType: GraphQLObjectType;
  if (isAbstractType(type)) {
    const name = type.resolveType?.(value, ctx, info, type);
    const runtime = typeof name === 'string' ? plan.schema.getType(name) : undefined;
    if (!runtime || !isObjectType(runtime) || !plan.schema.isSubType(type, runtime))
      throw new Error(`Abstract type ${type.name} must resolve to an Object type at runtime`);
    objectType = runtime;
  } else objectType = type as GraphQLObjectType;
  if (objectType.isTypeOf && !objectType.isTypeOf(value, ctx, info)) throw new NeedsGraphQLJs();
  return walkObject(plan, ctx, objectType, value, subPlan(plan, field, objectType));
}

/**
 * One page of the bulk query, as `{ data }` or `{ errors }` like graphql-js's result (the runner fails the operation
 * on any error, as a resolver error fails it on Shopify).
 */
export async function executeBulkPage(
  plan: BulkPlan,
  ctx: GraphQLContext,
): Promise<{ data?: Data | null; errors?: readonly unknown[] }> {
  if (plan.operation && plan.root.length > 0) {
    try {
      const queryType = plan.schema.getQueryType() as GraphQLObjectType;
      return { data: walkObject(plan, ctx, queryType, undefined, plan.root) };
    } catch (err) {
      if (!(err instanceof NeedsGraphQLJs)) return { errors: [err] };
    }
  }
  return execute({
    schema: plan.schema,
    document: plan.document,
    contextValue: ctx,
    fieldResolver: defaultFieldResolver,
  });
}
