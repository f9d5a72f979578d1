// The executable schema: Shopify's real SDL plus our resolvers. Fields without a resolver fall
// back to a property of the same name on the source record, and fail loudly when there is none.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { buildSchema, getNamedType, isAbstractType, isObjectType } from 'graphql';
import { withSearchScope } from './search-query';
import type { GraphQLFieldResolver, GraphQLSchema } from 'graphql';
import type { GraphQLContext } from './graphql-context';
import type { ResolverMap } from './resolver-types';
import { notImplemented } from './shopify-errors';
import { toGid } from '../util/gid';
import { productResolvers } from './resolvers/products.resolvers';
import { inventoryResolvers } from './resolvers/inventory.resolvers';
import { locationResolvers } from './resolvers/locations.resolvers';
import { customerResolvers } from './resolvers/customers.resolvers';
import { orderResolvers } from './resolvers/orders.resolvers';
import { webhookResolvers } from './resolvers/webhooks.resolvers';
import { bulkResolvers } from './resolvers/bulk.resolvers';
import { shopResolvers } from './resolvers/shop.resolvers';

// From source (src/graphql/) the SDL is two levels up; in the compiled app (dist/apps/shopify-emulator/graphql/), one.
export const SCHEMA_FILE =
  [path.join(__dirname, '..', 'schema'), path.join(__dirname, '..', '..', 'schema')]
    .map((dir) => path.join(dir, 'admin-2026-04.schema.graphql'))
    .find((file) => existsSync(file)) ?? path.join(__dirname, '..', '..', 'schema', 'admin-2026-04.schema.graphql');

export const defaultFieldResolver: GraphQLFieldResolver<unknown, GraphQLContext> = (source, _args, _ctx, info) => {
  const name = info.fieldName;
  if (source !== null && typeof source === 'object' && name in source) {
    const value = (source as Record<string, unknown>)[name];
    if (name === 'id' && typeof value === 'bigint') {
      return toGid((source as { __typename?: string }).__typename ?? info.parentType.name, value);
    }
    return typeof value === 'bigint' ? value.toString() : value;
  }
  // Every record type gets legacyResourceId for free.
  if (name === 'legacyResourceId' && source !== null && typeof source === 'object' && 'id' in source) {
    return String((source as { id: unknown }).id);
  }
  throw notImplemented(info.parentType.name, name);
};

function responsePath(path: { prev: unknown; key: string | number } | undefined): Array<string | number> {
  const out: Array<string | number> = [];
  for (let p = path; p; p = p.prev as typeof path) out.unshift(p.key);
  return out;
}

function mergeResolvers(...maps: ResolverMap[]): ResolverMap {
  const out: ResolverMap = {};
  for (const map of maps) {
    for (const [type, fields] of Object.entries(map)) out[type] = { ...(out[type] ?? {}), ...fields };
  }
  return out;
}

let cached: GraphQLSchema | undefined;

export function getSchema(): GraphQLSchema {
  if (cached) return cached;
  const schema = buildSchema(readFileSync(SCHEMA_FILE, 'utf8'));
  const resolvers = mergeResolvers(
    shopResolvers,
    productResolvers,
    inventoryResolvers,
    locationResolvers,
    customerResolvers,
    orderResolvers,
    webhookResolvers,
    bulkResolvers,
  );
  for (const [typeName, fields] of Object.entries(resolvers)) {
    const type = schema.getType(typeName);
    if (!type || !isObjectType(type)) throw new Error(`Resolver for unknown type ${typeName}`);
    const defs = type.getFields();
    for (const [fieldName, fn] of Object.entries(fields)) {
      const def = defs[fieldName];
      if (!def) throw new Error(`Resolver for unknown field ${typeName}.${fieldName}`);
      def.resolve = fn as GraphQLFieldResolver<unknown, unknown>;
    }
  }
  // Every field that takes a search `query:` reports the terms it could not apply.
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const def of Object.values(type.getFields())) {
      const returns = getNamedType(def.type).name;
      if (!returns.endsWith('Connection') && returns !== 'Count') continue;
      if (!def.resolve || !def.args.some((a) => a.name === 'query' && getNamedType(a.type).name === 'String')) continue;
      const inner = def.resolve;
      def.resolve = (source, args: Record<string, unknown>, ctx: GraphQLContext, info) => {
        const { result, report } = withSearchScope(args['query'] as string | null, responsePath(info.path), () =>
          inner(source, args, ctx, info),
        );
        if (report) (ctx.search ??= []).push(report);
        return result;
      };
    }
  }
  // Records carry __typename, which settles Node, unions and other abstract types.
  for (const type of Object.values(schema.getTypeMap())) {
    if (isAbstractType(type)) {
      type.resolveType = (value: unknown) => (value as { __typename?: string } | null)?.__typename;
    }
  }
  cached = schema;
  return schema;
}
