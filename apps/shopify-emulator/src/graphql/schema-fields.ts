// Schema lookups the cost calculator and the bulk-query validator share.
import { getNamedType, isListType, isNonNullType } from 'graphql';
import type { GraphQLCompositeType, GraphQLField, GraphQLOutputType } from 'graphql';

/** The field `name` of an object or interface type (unions have none). */
export function fieldDef(parent: GraphQLCompositeType, name: string): GraphQLField<unknown, unknown> | undefined {
  return 'getFields' in parent
    ? (parent.getFields() as Record<string, GraphQLField<unknown, unknown>>)[name]
    : undefined;
}

/** Shopify's connections are the types named `...Connection`. */
export function isConnectionType(type: GraphQLOutputType): boolean {
  return getNamedType(type).name.endsWith('Connection');
}

/** Whether a field returns a list (nullable or not). */
export function isListOutput(type: GraphQLOutputType): boolean {
  return isListType(isNonNullType(type) ? type.ofType : type);
}
