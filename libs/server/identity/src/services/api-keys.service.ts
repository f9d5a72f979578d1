import { Injectable, Logger } from '@nestjs/common';
import { AppConfig, ForbiddenError, keysetPage, NotFoundError, ValidationFailedError } from '@retailos/server/core';
import {
  API_KEY_REVOKED_CHANNEL,
  type ApiKeyRevokedMessage,
  type ApiKeyView,
  type CreatedApiKey,
  type Page,
  type Principal,
  type ScopeGrant,
  type WorkspacePlan,
  type WorkspaceRole,
} from '@retailos/shared/contracts';
import { ID_PREFIXES, iso, newId } from '@retailos/shared/util';
import {
  API_KEY_LENGTH,
  displayPrefixOf,
  generateApiKey,
  hashApiKey,
  isWellFormedApiKey,
} from '../domain/api-key-format';
import { covers, isScopeGrant, narrow, scopesForRole } from '../domain/scopes';
import { IdentityRedis } from './identity-redis';
import type { ApiKey } from '../entities/api-key.entity';
import { IdentityRepository } from '../repositories/identity.repository';

/** A validated key as the hot path remembers it. */
interface CachedKey {
  id: string;
  workspaceId: string;
  plan: WorkspacePlan;
  scopes: ScopeGrant[];
  expiresAt: number | null;
  loadedAt: number;
  lastUsedWrittenAt: number;
}

export interface KeyCreator {
  userId: string;
  role: WorkspaceRole;
}

const LAST_USED_EVERY_MS = 60_000;
const CACHE_MAX = 10_000;
// Longer than any cache TTL: once it expires no process can still hold the key in memory.
const REVOCATION_MARKER_SECONDS = 24 * 3600;

function toView(key: ApiKey): ApiKeyView {
  return {
    id: key.id,
    name: key.name,
    prefix: key.prefix,
    scopes: key.scopes.filter(isScopeGrant),
    expiresAt: iso(key.expiresAt),
    lastUsedAt: iso(key.lastUsedAt),
    revokedAt: iso(key.revokedAt),
    createdBy: key.createdBy,
    createdAt: key.createdAt.toISOString(),
  };
}

@Injectable()
export class ApiKeysService {
  private readonly logger = new Logger('ApiKeysService');
  private readonly cache = new Map<string, CachedKey>();

  constructor(
    private readonly identity: IdentityRepository,
    private readonly config: AppConfig,
    private readonly redis: IdentityRedis,
  ) {}

  async create(
    workspaceId: string,
    input: { name: string; scopes: string[]; expiresAt?: Date | null },
    creator: KeyCreator | null,
  ): Promise<CreatedApiKey> {
    const name = input.name.trim();
    const errors = [];
    if (!name || name.length > 100) errors.push({ field: 'name', message: 'name must be 1 to 100 characters' });
    const bad = input.scopes.filter((s) => !isScopeGrant(s));
    if (input.scopes.length === 0) errors.push({ field: 'scopes', message: 'scopes must not be empty' });
    if (bad.length > 0) errors.push({ field: 'scopes', message: `unknown scopes: ${bad.join(', ')}` });
    if (input.expiresAt && input.expiresAt.getTime() <= Date.now())
      errors.push({ field: 'expiresAt', message: 'expiresAt must be in the future' });
    if (errors.length > 0) throw new ValidationFailedError(errors);
    const scopes = [...new Set(input.scopes.filter(isScopeGrant))];
    if (creator && !covers(scopesForRole(creator.role), scopes)) {
      throw new ForbiddenError(
        'scope_exceeds_role',
        'An API key cannot have scopes beyond the role of the user who creates it.',
      );
    }
    if (!(await this.identity.workspace(workspaceId))) throw new NotFoundError('Workspace', workspaceId);

    const key = generateApiKey();
    const row = await this.identity.createApiKey({
      id: newId(ID_PREFIXES.apiKey),
      workspaceId,
      name,
      prefix: displayPrefixOf(key),
      keyHash: hashApiKey(key),
      scopes,
      expiresAt: input.expiresAt ?? null,
      createdBy: creator?.userId ?? null,
    });
    return { ...toView(row), key };
  }

  list(workspaceId: string, opts: { limit?: number; cursor?: string }): Promise<Page<ApiKeyView>> {
    return keysetPage({
      list: 'api_keys',
      workspaceId,
      cursor: opts.cursor,
      limit: Math.min(Math.max(opts.limit ?? 50, 1), 200),
      filters: {},
      secret: this.config.CURSOR_SECRET,
      fetch: (after, take) => this.identity.listApiKeys(workspaceId, after, take),
      keyOf: (k) => [k.createdKey ?? '', k.id],
      map: (rows) => rows.map(toView),
    });
  }

  async get(workspaceId: string, id: string): Promise<ApiKeyView> {
    const key = await this.identity.apiKey(workspaceId, id);
    if (!key) throw new NotFoundError('API key', id);
    return toView(key);
  }

  /** Idempotent; the Redis marker makes every api process refuse the key on its next request. */
  async revoke(workspaceId: string | null, id: string): Promise<ApiKeyView> {
    const row = await this.identity.revokeApiKey(workspaceId, id);
    if (!row) throw new NotFoundError('API key', id);
    await this.redis.client.set(this.redis.revokedKeyMarker(row.id), '1', 'EX', REVOCATION_MARKER_SECONDS);
    // Open sockets authenticated by this key are dropped at once (the gateway also re-checks periodically).
    const message: ApiKeyRevokedMessage = { apiKeyId: row.id, workspaceId: row.workspaceId };
    await this.redis.client.publish(`${this.config.REDIS_PREFIX}:${API_KEY_REVOKED_CHANNEL}`, JSON.stringify(message));
    for (const [hash, entry] of this.cache) if (entry.id === row.id) this.cache.delete(hash);
    return toView(row);
  }

  /**
   * Hot path. A key is hashed once: a fresh cache entry answers from memory (only well-formed keys are ever cached),
   * for API_KEY_CACHE_TTL_SECONDS, and the caller confirms with Redis (same round trip as the rate limit) that it was
   * not revoked meanwhile. Malformed keys never reach the database (offline checksum); `beforeLookup` runs just
   * before a well-formed key is looked up there (the per-IP failure check), and may throw to refuse.
   */
  async resolve(
    rawKey: string,
    options: { bypassCache?: boolean; beforeLookup?: () => Promise<void> } = {},
  ): Promise<(Principal & { apiKeyId: string }) | null> {
    if (rawKey.length !== API_KEY_LENGTH) return null;
    const hash = hashApiKey(rawKey);
    const now = Date.now();
    let entry = options.bypassCache ? undefined : this.cache.get(hash);
    if (entry && now - entry.loadedAt > this.config.API_KEY_CACHE_TTL_SECONDS * 1000) entry = undefined;
    if (!entry) {
      if (!isWellFormedApiKey(rawKey)) return null;
      await options.beforeLookup?.();
      entry = (await this.load(hash)) ?? undefined;
      if (!entry) {
        this.cache.delete(hash);
        return null;
      }
      if (this.cache.size >= CACHE_MAX) this.cache.delete(this.cache.keys().next().value as string);
      this.cache.set(hash, entry);
    }
    if (entry.expiresAt !== null && entry.expiresAt <= now) return null;
    if (now - entry.lastUsedWrittenAt > LAST_USED_EVERY_MS) {
      entry.lastUsedWrittenAt = now;
      this.touch(entry.id, entry.workspaceId);
    }
    return {
      kind: 'api_key',
      workspaceId: entry.workspaceId,
      plan: entry.plan,
      scopes: entry.scopes,
      apiKeyId: entry.id,
    };
  }

  forget(apiKeyId: string): void {
    for (const [hash, entry] of this.cache) if (entry.id === apiKeyId) this.cache.delete(hash);
  }

  private async load(hash: string): Promise<CachedKey | null> {
    const found = await this.identity.apiKeyByHash(hash);
    if (!found || found.key.revokedAt) return null;
    const { key, plan, creatorRole } = found;
    const own = key.scopes.filter(isScopeGrant);
    // Keys made by the operator CLI have no creator; a user's key is narrowed to what that user's role allows today.
    const scopes = key.createdBy === null ? own : creatorRole ? narrow(own, scopesForRole(creatorRole)) : [];
    return {
      id: key.id,
      workspaceId: key.workspaceId,
      plan,
      scopes,
      expiresAt: key.expiresAt ? key.expiresAt.getTime() : null,
      loadedAt: Date.now(),
      lastUsedWrittenAt: key.lastUsedAt ? key.lastUsedAt.getTime() : 0,
    };
  }

  private touch(id: string, workspaceId: string): void {
    this.identity
      .touchApiKey(workspaceId, id)
      .catch((err: unknown) => this.logger.warn(`could not record lastUsedAt for ${id}: ${(err as Error).message}`));
  }
}
