import type { ShopState } from './shop-state';

/** Where domain changes announce themselves; the webhook delivery service implements it. */
export interface EventSink {
  emit(shop: ShopState, topic: string, payload: Record<string, unknown>, opts?: { clientId?: string }): string;
}
