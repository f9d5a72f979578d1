import type { BulkOperationRec } from '../../store/store.types';
import { connectionFromArray } from '../connection';
import { compileSearch } from '../search-query';
import type { ResolverMap } from '../resolver-types';
import { gidId, userError } from '../resolver-types';

export const bulkResolvers: ResolverMap = {
  QueryRoot: {
    bulkOperation: (_s, args, ctx) => {
      const id = gidId(args['id'], 'BulkOperation');
      const op = id === null ? undefined : ctx.shop.bulkOperations.get(id);
      return op && op.clientId === ctx.clientId ? op : null;
    },
    bulkOperations: (_s, args, ctx) => {
      const search = compileSearch<BulkOperationRec>(args['query'] as string | null, {
        id: (o) => o.id,
        status: (o) => o.status,
        operation_type: (o) => o.type,
        created_at: (o) => o.createdAt,
      });
      const list = [...ctx.shop.bulkOperations.values()].filter(
        (o) => o.clientId === ctx.clientId && (!search || search(o)),
      );
      // Newest first unless reversed, like Shopify's default CREATED_AT sort.
      list.sort((a, b) => (a.id < b.id ? 1 : -1));
      return connectionFromArray(list, (o) => o.id, args, false);
    },
    currentBulkOperation: (_s, args, ctx) => {
      const type = (args['type'] as string | undefined) ?? 'QUERY';
      let latest: BulkOperationRec | null = null;
      for (const op of ctx.shop.bulkOperations.values()) {
        if (op.clientId === ctx.clientId && op.type === type && (!latest || op.id > latest.id)) latest = op;
      }
      return latest;
    },
  },
  Mutation: {
    bulkOperationRunQuery: (_s, args, ctx) => ctx.bulk.start(ctx.shop, ctx.clientId, String(args['query'])),
    bulkOperationCancel: (_s, args, ctx) => {
      const id = gidId(args['id'], 'BulkOperation');
      const op = id === null ? undefined : ctx.shop.bulkOperations.get(id);
      if (!op || op.clientId !== ctx.clientId)
        return { bulkOperation: null, userErrors: [userError(['id'], 'Bulk operation does not exist')] };
      if (op.status !== 'CREATED' && op.status !== 'RUNNING') {
        return {
          bulkOperation: op,
          userErrors: [userError(null, `A bulk operation cannot be canceled when it is ${op.status.toLowerCase()}`)],
        };
      }
      ctx.bulk.cancel(op);
      return { bulkOperation: op, userErrors: [] };
    },
  },
};
