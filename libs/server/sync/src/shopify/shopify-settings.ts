import { Injectable } from '@nestjs/common';
import { AppConfig } from '@retailos/server/core';

export const SHOPIFY_API_VERSION = '2026-04';
const SHOP_DOMAIN = /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/;

/** A shop's myshopify domain, lower-cased, or undefined when the value is not one (never build a URL from it then). */
export function normaliseShopDomain(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const lower = value.trim().toLowerCase();
  return SHOP_DOMAIN.test(lower) ? lower : undefined;
}

/** Shopify settings derived once from the config (base URL per shop, our public URL, scopes). */
@Injectable()
export class ShopifySettings {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly scopes: string[];
  readonly appUrl: string;
  readonly maxAttempts: number;
  readonly retryBaseMs: number;
  private readonly baseTemplate: string;

  constructor(config: AppConfig) {
    this.clientId = config.SHOPIFY_CLIENT_ID;
    this.clientSecret = config.SHOPIFY_CLIENT_SECRET;
    this.scopes = config.SHOPIFY_SCOPES.split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    this.appUrl = (config.SHOPIFY_APP_URL || `http://127.0.0.1:${config.PORT}`).replace(/\/+$/, '');
    this.maxAttempts = config.SHOPIFY_MAX_ATTEMPTS;
    this.retryBaseMs = config.SHOPIFY_RETRY_BASE_MS;
    this.baseTemplate = (
      config.SHOPIFY_BASE_URL ||
      (config.NODE_ENV === 'production'
        ? 'https://{shop}'
        : `http://127.0.0.1:${config.SHOPIFY_EMULATOR_PORT}/shops/{shop}`)
    ).replace(/\/+$/, '');
  }

  /** Origin (plus path prefix) under which the shop's `/admin/...` routes live. */
  shopBase(shop: string): string {
    return this.baseTemplate.replace('{shop}', shop);
  }

  /** Where Shopify sends its webhooks for us. */
  webhookUri(): string {
    return `${this.appUrl}/api/shopify/webhooks`;
  }

  callbackUri(): string {
    return `${this.appUrl}/api/shopify/callback`;
  }
}
