// The 2026-04 @idempotent(key:) contract: required on inventory mutations, a replay of the same
// key and input returns the first result, a different input is IDEMPOTENCY_KEY_PARAMETER_MISMATCH,
// and a key still being processed is IDEMPOTENCY_CONCURRENT_REQUEST.
import { getDirectiveValues, GraphQLError } from 'graphql';
import type { GraphQLResolveInfo } from 'graphql';
import type { GraphQLContext } from './graphql-context';
import { userError } from './resolver-types';
import type { UserError } from './resolver-types';
import { sleep } from '../util/time';

export function idempotencyKey(info: GraphQLResolveInfo, required: boolean): string | null {
  const node = info.fieldNodes[0];
  const directive = info.schema.getDirective('idempotent');
  const values = node && directive ? getDirectiveValues(directive, node, info.variableValues) : undefined;
  const key = values?.['key'];
  if (typeof key !== 'string') {
    if (!required) return null;
    throw new GraphQLError('The @idempotent directive is required for this mutation but was not provided.', {
      nodes: node ? [node] : undefined,
      extensions: { code: 'BAD_REQUEST' },
    });
  }
  if (!key.trim()) {
    throw new GraphQLError('The idempotency key cannot be an empty string or whitespace only.', {
      nodes: node ? [node] : undefined,
      extensions: { code: 'BAD_REQUEST' },
    });
  }
  return key;
}

function fingerprint(fieldName: string, args: unknown): string {
  return `${fieldName}:${JSON.stringify(args, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))}`;
}

/**
 * Runs `apply` under the key. `failurePayload` builds the mutation's payload carrying one user error.
 * While a key is in flight the request waits out the shop's latency fault, which gives tests a
 * window to observe IDEMPOTENCY_CONCURRENT_REQUEST.
 */
export async function withIdempotency<T>(
  ctx: GraphQLContext,
  info: GraphQLResolveInfo,
  args: unknown,
  apply: () => T,
  failurePayload: (error: UserError) => T,
): Promise<T> {
  const key = idempotencyKey(info, ctx.idempotencyRequired);
  if (key === null) return apply();
  const store = ctx.shop.idempotency;
  const fp = fingerprint(info.fieldName, args);
  const seen = store.get(key);
  if (seen) {
    if (seen.fingerprint !== fp) {
      return failurePayload(
        userError(
          ['idempotencyKey'],
          'The same idempotency key cannot be used with different operation parameters.',
          'IDEMPOTENCY_KEY_PARAMETER_MISMATCH',
        ),
      );
    }
    if (!seen.done) {
      return failurePayload(
        userError(
          ['idempotencyKey'],
          'This request is currently in progress, please try again.',
          'IDEMPOTENCY_CONCURRENT_REQUEST',
        ),
      );
    }
    return seen.result as T;
  }
  const entry = { fingerprint: fp, done: false, result: undefined as unknown };
  store.set(key, entry);
  try {
    if (ctx.shop.faults.latencyMs > 0) await sleep(ctx.shop.faults.latencyMs);
    const result = apply();
    entry.result = result;
    entry.done = true;
    return result;
  } catch (err) {
    store.delete(key);
    throw err;
  }
}
