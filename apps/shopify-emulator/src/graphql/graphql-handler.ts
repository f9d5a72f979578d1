// One Admin GraphQL request: parse, validate against the real schema, price it, throttle it,
// execute, and answer in Shopify's envelope with extensions.cost.
import { execute, getOperationAST, Kind, parse, validate } from 'graphql';
import type { DocumentNode, ExecutionResult, FragmentDefinitionNode, GraphQLError, GraphQLSchema } from 'graphql';
import type { ShopState } from '../store/shop-state';
import type { EventSink } from '../store/events';
import type { BulkOperationRunner } from '../bulk/bulk-operation.runner';
import type { GraphQLContext } from './graphql-context';
import { actualCost, MAX_QUERY_COST, requestedCost } from './cost-calculator';
import type { LeakyBucket } from './leaky-bucket';
import { coerceVariables, formatValidationErrors } from './shopify-errors';
import type { ShopifyError } from './shopify-errors';
import { defaultFieldResolver } from './schema';

export interface GraphQLRequestBody {
  query?: unknown;
  variables?: unknown;
  operationName?: unknown;
}

export interface GraphQLResponse {
  status: number;
  body: Record<string, unknown>;
}

interface Prepared {
  document: DocumentNode;
  errors: ShopifyError[] | null;
}

const DOC_CACHE_LIMIT = 500;
const docCache = new Map<string, Prepared>();

/** Parse + validate once per distinct query text: paging clients resend the same document. */
function prepare(schema: GraphQLSchema, query: string): Prepared | ShopifyError[] {
  const cached = docCache.get(query);
  if (cached) return cached;
  let document: DocumentNode;
  try {
    document = parse(query);
  } catch (err) {
    const e = err as GraphQLError;
    return [
      {
        message: e.message.replace(/^Syntax Error: /, 'syntax error, '),
        locations: e.locations?.map((l) => ({ line: l.line, column: l.column })),
      },
    ];
  }
  const validationErrors = validate(schema, document);
  const prepared: Prepared = {
    document,
    errors: validationErrors.length > 0 ? formatValidationErrors(document, validationErrors) : null,
  };
  if (docCache.size >= DOC_CACHE_LIMIT) docCache.delete(docCache.keys().next().value as string);
  docCache.set(query, prepared);
  return prepared;
}

function toShopifyErrors(errors: readonly GraphQLError[]): ShopifyError[] {
  return errors.map((e) => {
    const out: ShopifyError = { message: e.message };
    if (e.locations) out.locations = e.locations.map((l) => ({ line: l.line, column: l.column }));
    if (e.path) out.path = [...e.path];
    const ext = { ...(e.extensions ?? {}) };
    if (Object.keys(ext).length === 0) ext['code'] = 'INTERNAL_SERVER_ERROR';
    out.extensions = ext;
    return out;
  });
}

export interface HandlerDeps {
  schema: GraphQLSchema;
  shop: ShopState;
  clientId: string;
  apiVersion: string;
  bucket: LeakyBucket;
  sink: EventSink;
  bulk: BulkOperationRunner;
}

export async function handleGraphQL(deps: HandlerDeps, body: GraphQLRequestBody): Promise<GraphQLResponse> {
  const { schema, bucket } = deps;
  if (typeof body.query !== 'string' || !body.query.trim()) {
    return { status: 400, body: { errors: [{ message: 'No query string was present' }] } };
  }
  const variables = (body.variables && typeof body.variables === 'object' ? body.variables : {}) as Record<
    string,
    unknown
  >;
  const prepared = prepare(schema, body.query);
  if (Array.isArray(prepared)) return { status: 200, body: { errors: prepared } };
  if (prepared.errors) return { status: 200, body: { errors: prepared.errors } };
  const operationName = typeof body.operationName === 'string' ? body.operationName : undefined;
  const operation = getOperationAST(prepared.document, operationName);
  if (!operation) {
    return {
      status: 200,
      body: { errors: [{ message: 'An operation name is required', extensions: { code: 'OPERATION_NAME_REQUIRED' } }] },
    };
  }
  const { errors: variableErrors } = coerceVariables(schema, operation, variables);
  if (variableErrors.length > 0) return { status: 200, body: { errors: variableErrors } };

  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const d of prepared.document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments[d.name.value] = d;
  const costInput = { schema, operation, fragments, variables };
  const requested = requestedCost(costInput);
  if (requested > MAX_QUERY_COST) {
    return {
      status: 200,
      body: {
        errors: [
          {
            message: `Query cost is ${requested}, which exceeds the single query max cost limit (${MAX_QUERY_COST}).\n\nSee https://shopify.dev/concepts/about-apis/rate-limits for more information on how the\ncost of a query is calculated.\n\nTo query larger amounts of data with fewer limits, bulk operations should be used instead.\nSee https://shopify.dev/tutorials/perform-bulk-operations-with-admin-api for usage details.\n`,
            extensions: {
              code: 'MAX_COST_EXCEEDED',
              cost: requested,
              maxCost: MAX_QUERY_COST,
              documentation: 'https://shopify.dev/api/usage/rate-limits',
            },
          },
        ],
        extensions: { cost: { requestedQueryCost: requested, actualQueryCost: null, throttleStatus: bucket.status() } },
      },
    };
  }
  if (!bucket.tryTake(requested)) {
    return {
      status: 200,
      body: {
        errors: [
          {
            message: 'Throttled',
            extensions: { code: 'THROTTLED', documentation: 'https://shopify.dev/api/usage/rate-limits' },
          },
        ],
        extensions: { cost: { requestedQueryCost: requested, actualQueryCost: null, throttleStatus: bucket.status() } },
      },
    };
  }
  const ctx: GraphQLContext = {
    shop: deps.shop,
    clientId: deps.clientId,
    apiVersion: deps.apiVersion,
    sink: deps.sink,
    bulk: deps.bulk,
    idempotencyRequired: deps.apiVersion >= '2026-04',
  };
  const result: ExecutionResult = await execute({
    schema,
    document: prepared.document,
    variableValues: variables,
    operationName,
    contextValue: ctx,
    fieldResolver: defaultFieldResolver,
  });
  const data = (result.data ?? null) as Record<string, unknown> | null;
  const actual = Math.min(requested, actualCost(costInput, data));
  bucket.refund(requested - actual);
  const response: Record<string, unknown> = {};
  if (result.errors && result.errors.length > 0) response['errors'] = toShopifyErrors(result.errors);
  response['data'] = data;
  response['extensions'] = {
    ...(ctx.search?.length ? { search: ctx.search } : {}),
    cost: { requestedQueryCost: requested, actualQueryCost: actual, throttleStatus: bucket.status() },
  };
  return { status: 200, body: response };
}
