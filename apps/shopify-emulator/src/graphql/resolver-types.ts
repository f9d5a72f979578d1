import { GraphQLError } from 'graphql';
import type { GraphQLResolveInfo } from 'graphql';
import type { GraphQLContext } from './graphql-context';
import { idFrom } from '../util/gid';

/**
 * Arguments have already been validated and coerced against the real schema by graphql-js,
 * so resolvers read them through this loose shape instead of re-declaring every input type.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Args = Record<string, any>;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ResolverFn<TSource = any> = (
  source: TSource,
  args: Args,
  ctx: GraphQLContext,
  info: GraphQLResolveInfo,
) => unknown;

export type ResolverMap = Record<string, Record<string, ResolverFn>>;

export type { UserError } from '../store/user-error';
export { userError } from '../store/user-error';

export { gidId } from '../util/gid';

export function requireGid(value: unknown, type: string): bigint {
  const id = idFrom(value, type);
  if (id === null) {
    throw new GraphQLError(`Invalid global id '${String(value)}'`, {
      extensions: { code: 'argumentLiteralsIncompatible' },
    });
  }
  return id;
}

export function money(amount: string, currencyCode: string): { amount: string; currencyCode: string } {
  return { amount, currencyCode };
}

export function moneyBag(amount: string, currencyCode: string) {
  const m = money(amount, currencyCode);
  return { shopMoney: m, presentmentMoney: m };
}

export function count(n: number) {
  return { count: n, precision: 'EXACT' };
}
