import { Injectable, Logger } from '@nestjs/common';
import { ConflictError, DomainError, NotFoundError, ValidationFailedError } from '@retailos/server/core';
import { JobProducer } from '@retailos/server/queue';
import type { Principal, ShopifyConnectionView } from '@retailos/shared/contracts';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { ShopifyConnection } from '../entities/shopify-connection.entity';
import { ShopifyConnectionRepository } from '../repositories/shopify-connection.repository';
import { ShopifyApiError } from '../shopify/shopify-errors';
import { normaliseShopDomain, ShopifySettings } from '../shopify/shopify-settings';
import { OAuthStateStore } from './oauth-state.store';
import { timestampFresh, verifyOAuthHmac } from './shopify-oauth';
import { ShopifyTokens } from './shopify-tokens.service';

/** Declared in contracts (the OpenAPI document and the dashboard read it from there). */
export type ConnectionView = ShopifyConnectionView;

export const toConnectionView = (c: ShopifyConnection): ConnectionView => ({
  id: c.id,
  shop: c.shopDomain,
  status: c.status,
  scopes: c.scopes.split(',').filter(Boolean),
  connectedAt: c.connectedAt.toISOString(),
  revokedAt: c.revokedAt ? c.revokedAt.toISOString() : null,
  webhooksRegisteredAt: c.webhooksRegisteredAt ? c.webhooksRegisteredAt.toISOString() : null,
  webhookTopics: c.webhookTopics ?? [],
});

const CALLBACK_PARAMS = ['code', 'hmac', 'shop', 'state', 'timestamp'] as const;

/** Connect a workspace to its Shopify shop through OAuth, and disconnect it. */
@Injectable()
export class ShopifyConnectService {
  private readonly logger = new Logger('ShopifyConnect');

  constructor(
    private readonly settings: ShopifySettings,
    private readonly states: OAuthStateStore,
    private readonly connections: ShopifyConnectionRepository,
    private readonly tokens: ShopifyTokens,
    private readonly jobs: JobProducer,
  ) {}

  /** The Shopify authorize URL to send the merchant to, with a fresh state bound to this session. */
  async install(principal: Principal, shopParam: unknown): Promise<string> {
    const shop = normaliseShopDomain(shopParam);
    if (!shop)
      throw new ValidationFailedError([{ field: 'shop', message: 'must be a shop domain like my-shop.myshopify.com' }]);
    if (!principal.sessionId)
      throw new DomainError('session_required', 'Connecting a shop needs a signed-in staff session.', 403);
    const current = await this.connections.forWorkspace(
      this.connections.fork(principal.workspaceId),
      principal.workspaceId,
    );
    if (current && current.status === 'active' && current.shopDomain !== shop) {
      throw new ConflictError(
        'shopify_already_connected',
        `This workspace is connected to ${current.shopDomain}; disconnect it first.`,
        { shop: current.shopDomain },
      );
    }
    const state = await this.states.issue({ workspaceId: principal.workspaceId, sessionId: principal.sessionId, shop });
    const query = new URLSearchParams({
      client_id: this.settings.clientId,
      scope: this.settings.scopes.join(','),
      redirect_uri: this.settings.callbackUri(),
      state,
    });
    return `${this.settings.shopBase(shop)}/admin/oauth/authorize?${query.toString()}`;
  }

  /** Shopify's redirect: verify HMAC, timestamp, shop and state, exchange the code, store the token sealed. */
  async callback(principal: Principal, query: Record<string, unknown>): Promise<ConnectionView> {
    const params: Record<string, string> = {};
    for (const [k, v] of Object.entries(query)) {
      if (typeof v !== 'string') throw new ValidationFailedError([{ field: k, message: 'must appear once' }]);
      params[k] = v;
    }
    const missing = CALLBACK_PARAMS.filter((k) => !params[k]);
    if (missing.length > 0)
      throw new ValidationFailedError(missing.map((field) => ({ field, message: 'is required' })));
    if (!verifyOAuthHmac(params, this.settings.clientSecret)) {
      throw new DomainError('shopify_oauth_hmac_invalid', 'The callback signature (hmac) is not valid.', 401);
    }
    if (!timestampFresh(params['timestamp'])) {
      throw new DomainError(
        'shopify_oauth_timestamp_stale',
        'The callback timestamp is more than 90 seconds away from now.',
        400,
      );
    }
    const shop = normaliseShopDomain(params['shop']);
    if (!shop)
      throw new ValidationFailedError([{ field: 'shop', message: 'must be a shop domain like my-shop.myshopify.com' }]);
    const claim = await this.states.consume(params['state'] as string);
    if (
      !claim ||
      claim.sessionId !== principal.sessionId ||
      claim.workspaceId !== principal.workspaceId ||
      claim.shop !== shop
    ) {
      throw new DomainError(
        'shopify_oauth_state_invalid',
        'The OAuth state is unknown, already used, expired or from another session.',
        400,
      );
    }

    const grant = await this.exchange(shop, params['code'] as string);
    const em = this.connections.fork(principal.workspaceId);
    let connection: ShopifyConnection;
    try {
      connection = await em.transactional(async (tx) => {
        const sealed = this.tokens.seal(principal.workspaceId, grant.accessToken);
        const existing = await this.connections.forWorkspace(tx, principal.workspaceId);
        if (existing && existing.status === 'active' && existing.shopDomain !== shop) {
          throw new ConflictError(
            'shopify_already_connected',
            `This workspace is connected to ${existing.shopDomain}; disconnect it first.`,
            { shop: existing.shopDomain },
          );
        }
        const row = existing ?? new ShopifyConnection(principal.workspaceId, shop, sealed, grant.scope);
        Object.assign(row, {
          shopDomain: shop,
          accessTokenSealed: sealed,
          scopes: grant.scope,
          status: 'active',
          connectedAt: new Date(),
          revokedAt: null,
          webhooksRegisteredAt: null,
        });
        tx.persist(row);
        return row;
      });
    } catch (err) {
      if (
        err instanceof UniqueConstraintViolationException &&
        err.message.includes('shopify_connections_active_shop_uq')
      ) {
        throw new ConflictError(
          'shopify_shop_connected_elsewhere',
          `${shop} is already connected to another workspace.`,
        );
      }
      throw err;
    }
    // After commit: subscriptions and location mapping run in the worker (the job carries ids only).
    await this.jobs.enqueue(
      'sync.connection.setup',
      { workspaceId: principal.workspaceId, connectionId: connection.id },
      { jobId: `setup-${connection.id}-${connection.connectedAt.getTime()}` },
    );
    this.logger.log({ workspaceId: principal.workspaceId, shop }, 'shop connected');
    return toConnectionView(connection);
  }

  async get(workspaceId: string): Promise<ConnectionView> {
    const connection = await this.connections.forWorkspace(this.connections.fork(workspaceId), workspaceId);
    if (!connection) throw new NotFoundError('Shopify connection');
    return toConnectionView(connection);
  }

  /** Stops the sync: the token is wiped at once (Shopify deletes subscriptions that keep failing). */
  async disconnect(workspaceId: string): Promise<ConnectionView> {
    const em = this.connections.fork(workspaceId);
    const connection = await em.transactional(async (tx) => {
      const row = await this.connections.forWorkspace(tx, workspaceId);
      if (!row || row.status !== 'active') throw new NotFoundError('Shopify connection');
      Object.assign(row, { status: 'disconnected', accessTokenSealed: '', revokedAt: new Date() });
      return row;
    });
    return toConnectionView(connection);
  }

  private async exchange(shop: string, code: string): Promise<{ accessToken: string; scope: string }> {
    let res: Response;
    try {
      res = await fetch(`${this.settings.shopBase(shop)}/admin/oauth/access_token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ client_id: this.settings.clientId, client_secret: this.settings.clientSecret, code }),
        signal: AbortSignal.timeout(15_000),
      });
    } catch (err) {
      throw new ShopifyApiError(
        'shopify_oauth_exchange_failed',
        `Could not reach ${shop} to exchange the code (${(err as Error).name}).`,
        shop,
        true,
      );
    }
    const body = (await res.json().catch(() => ({}))) as { access_token?: unknown; scope?: unknown };
    if (!res.ok || typeof body.access_token !== 'string') {
      throw new ShopifyApiError(
        'shopify_oauth_exchange_failed',
        `${shop} refused the authorization code (HTTP ${res.status}).`,
        shop,
      );
    }
    return { accessToken: body.access_token, scope: typeof body.scope === 'string' ? body.scope : '' };
  }
}
