import { DomainError } from '@retailos/server/core';

/** Shopify refused the call for good (auth, validation, cost); retrying would not help. Never carries the token. */
export class ShopifyApiError extends DomainError {
  constructor(
    code: string,
    message: string,
    readonly shop: string,
    readonly retriable = false,
  ) {
    super(code, message, 502, { shop });
  }
}

/** The token no longer works (uninstalled, revoked): the connection needs to be made again. */
export class ShopifyUnauthorizedError extends ShopifyApiError {
  constructor(shop: string) {
    super(
      'shopify_unauthorized',
      `Shopify refused the access token of ${shop} (app uninstalled or token revoked).`,
      shop,
    );
  }
}
