import type { ShopState } from '../store/shop-state';
import type { EventSink } from '../store/events';
import type { BulkOperationRunner } from '../bulk/bulk-operation.runner';
import type { SearchReport } from './search-query';

export interface BulkPage {
  /** Root connection window used while a bulk operation streams its result. */
  afterId: bigint | null;
  size: number;
  /** Written by the root connection: where the next window starts, and whether the index ran out. */
  nextAfterId?: bigint;
  exhausted?: boolean;
}

export interface GraphQLContext {
  shop: ShopState;
  clientId: string;
  apiVersion: string;
  sink: EventSink;
  bulk: BulkOperationRunner;
  /** Whether the version demands @idempotent on inventory mutations (2026-04 and later). */
  idempotencyRequired: boolean;
  /** `extensions.search` entries collected while executing. */
  search?: SearchReport[];
  /** Set while executing a bulk query: connections ignore page limits. */
  bulkPage?: BulkPage;
}
