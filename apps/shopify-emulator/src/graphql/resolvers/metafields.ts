// Metafields on any owner (products, variants, customers, orders): the connection and the writes.
import type { MetafieldRec } from '../../store/store.types';
import type { MetafieldWrite } from '../../store/catalog.domain';
import { connectionFromArray } from '../connection';
import type { Args } from '../resolver-types';
import type { GraphQLContext } from '../graphql-context';

export function metafieldConnection(list: MetafieldRec[], args: Args, ctx: GraphQLContext) {
  const filtered = list.filter(
    (m) =>
      (!args['namespace'] || m.namespace === args['namespace']) &&
      (!args['keys'] || (args['keys'] as string[]).includes(`${m.namespace}.${m.key}`)),
  );
  return connectionFromArray(filtered, (m) => m.id, args, Boolean(ctx.bulkPage));
}

export function metafieldByKey(list: MetafieldRec[] | undefined, args: Args): MetafieldRec | null {
  return (list ?? []).find((m) => m.namespace === args['namespace'] && m.key === args['key']) ?? null;
}

/** MetafieldInput list as sent (a missing namespace is the merchant's `custom`); undefined when absent. */
export function metafieldWritesFrom(list: unknown): MetafieldWrite[] | undefined {
  if (!Array.isArray(list)) return undefined;
  return (list as Args[]).map((m) => ({
    namespace: String(m['namespace'] ?? 'custom'),
    key: String(m['key']),
    value: String(m['value']),
    type: m['type'] as string | undefined,
  }));
}
