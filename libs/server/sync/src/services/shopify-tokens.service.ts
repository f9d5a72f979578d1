import { Injectable } from '@nestjs/common';
import { AppConfig } from '@retailos/server/core';
import type { ShopifyConnection } from '../entities/shopify-connection.entity';
import { TokenBox } from './token-box';

/** Seals and opens shop access tokens (AES-256-GCM with SHOPIFY_TOKEN_KEY, bound to the workspace). */
@Injectable()
export class ShopifyTokens {
  private readonly box: TokenBox;

  constructor(config: AppConfig) {
    this.box = new TokenBox(config.SHOPIFY_TOKEN_KEY);
  }

  seal(workspaceId: string, token: string): string {
    return this.box.seal(token, workspaceId);
  }

  /** The clear token, for the one call about to use it; never stored, logged or put in a job. */
  open(connection: ShopifyConnection): string {
    return this.box.open(connection.accessTokenSealed, connection.workspaceId);
  }
}
