import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable, Logger } from '@nestjs/common';
import { AppConfig, DomainError, textArray, ForbiddenError, NotFoundError, ValidationFailedError } from '@retailos/server/core';
import { API_KEY_REVOKED_CHANNEL, type ApiKeyRevokedMessage, type ApiKeyView, type CreatedApiKey, type Page, type Principal, type ScopeGrant, type WorkspacePlan, type WorkspaceRole } from '@retailos/shared/contracts';
import { decodeCursor, encodeCursor, filterKeyOf, ID_PREFIXES, InvalidCursorError, iso, newId } from '@retailos/shared/util';
import { displayPrefixOf, generateApiKey, hashApiKey, isWellFormedApiKey } from '../domain/api-key-format';
import { covers, isScopeGrant, narrow, scopesForRole } from '../domain/scopes';
import { IdentityRedis } from './identity-redis';
import { query } from './sql';

interface ApiKeyRow {
  id: string;
  workspace_id: string;
  name: string;
  prefix: string;
  scopes: string[];
  expires_at: Date | null;
  last_used_at: Date | null;
  revoked_at: Date | null;
  created_by: string | null;
  created_at: Date;
}

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

const COLUMNS = 'id, workspace_id, name, prefix, scopes, expires_at, last_used_at, revoked_at, created_by, created_at';
const LAST_USED_EVERY_MS = 60_000;
const CACHE_MAX = 10_000;
// Longer than any cache TTL: once it expires no process can still hold the key in memory.
const REVOCATION_MARKER_SECONDS = 24 * 3600;

function toView(row: ApiKeyRow): ApiKeyView {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    scopes: row.scopes.filter(isScopeGrant),
    expiresAt: iso(row.expires_at),
    lastUsedAt: iso(row.last_used_at),
    revokedAt: iso(row.revoked_at),
    createdBy: row.created_by,
    createdAt: iso(row.created_at) ?? '',
  };
}

@Injectable()
export class ApiKeysService {
  private readonly logger = new Logger('ApiKeysService');
  private readonly cache = new Map<string, CachedKey>();

  constructor(
    private readonly em: EntityManager,
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
    if (input.expiresAt && input.expiresAt.getTime() <= Date.now()) errors.push({ field: 'expiresAt', message: 'expiresAt must be in the future' });
    if (errors.length > 0) throw new ValidationFailedError(errors);
    const scopes = [...new Set(input.scopes.filter(isScopeGrant))];
    if (creator && !covers(scopesForRole(creator.role), scopes)) {
      throw new ForbiddenError('scope_exceeds_role', 'An API key cannot have scopes beyond the role of the user who creates it.');
    }
    const ws = await query<{ id: string }>(this.em.fork(), 'select id from workspaces where id = ?', [workspaceId]);
    if (ws.length === 0) throw new NotFoundError('Workspace', workspaceId);

    const key = generateApiKey();
    const rows = await query<ApiKeyRow>(
      this.em.fork(),
      `insert into api_keys (id, workspace_id, name, prefix, key_hash, scopes, expires_at, created_by)
       values (?, ?, ?, ?, ?, ?::text[], ?, ?) returning ${COLUMNS}`,
      [newId(ID_PREFIXES.apiKey), workspaceId, name, displayPrefixOf(key), hashApiKey(key), textArray(scopes), input.expiresAt ?? null, creator?.userId ?? null],
    );
    const row = rows[0];
    if (!row) throw new Error('insert into api_keys returned no row');
    return { ...toView(row), key };
  }

  async list(workspaceId: string, opts: { limit?: number; cursor?: string }): Promise<Page<ApiKeyView>> {
    const limit = Math.min(Math.max(opts.limit ?? 50, 1), 200);
    const filterKey = filterKeyOf({ resource: 'api_keys', workspaceId });
    const params: unknown[] = [workspaceId];
    let after = '';
    if (opts.cursor) {
      let k: (string | number)[];
      try {
        k = decodeCursor(opts.cursor, filterKey, this.config.CURSOR_SECRET).k;
      } catch (err) {
        if (err instanceof InvalidCursorError) throw new DomainError('invalid_cursor', err.message, 400);
        throw err;
      }
      const [createdAt, id] = k;
      if (typeof createdAt !== 'string' || typeof id !== 'string') throw new DomainError('invalid_cursor', 'The cursor is invalid.', 400);
      after = 'and (created_at, id) < (?::timestamptz, ?)';
      params.push(createdAt, id);
    }
    params.push(limit + 1);
    const rows = await query<ApiKeyRow>(
      this.em.fork(),
      `select ${COLUMNS} from api_keys where workspace_id = ? ${after} order by created_at desc, id desc limit ?`,
      params,
    );
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    const nextCursor =
      rows.length > limit && last ? encodeCursor({ k: [iso(last.created_at) ?? '', last.id] }, filterKey, this.config.CURSOR_SECRET) : null;
    return { data: page.map(toView), nextCursor };
  }

  async get(workspaceId: string, id: string): Promise<ApiKeyView> {
    const rows = await query<ApiKeyRow>(this.em.fork(), `select ${COLUMNS} from api_keys where id = ? and workspace_id = ?`, [id, workspaceId]);
    const row = rows[0];
    if (!row) throw new NotFoundError('API key', id);
    return toView(row);
  }

  /** Idempotent; the Redis marker makes every api process refuse the key on its next request. */
  async revoke(workspaceId: string | null, id: string): Promise<ApiKeyView> {
    const scope = workspaceId === null ? '' : 'and workspace_id = ?';
    const params = workspaceId === null ? [id] : [id, workspaceId];
    const rows = await query<ApiKeyRow>(
      this.em.fork(),
      `update api_keys set revoked_at = coalesce(revoked_at, now()), updated_at = now() where id = ? ${scope} returning ${COLUMNS}`,
      params,
    );
    const row = rows[0];
    if (!row) throw new NotFoundError('API key', id);
    await this.redis.client.set(this.redis.revokedKeyMarker(row.id), '1', 'EX', REVOCATION_MARKER_SECONDS);
    // Open sockets authenticated by this key are dropped at once (the gateway also re-checks periodically).
    const message: ApiKeyRevokedMessage = { apiKeyId: row.id, workspaceId: row.workspace_id };
    await this.redis.client.publish(`${this.config.REDIS_PREFIX}:${API_KEY_REVOKED_CHANNEL}`, JSON.stringify(message));
    for (const [hash, entry] of this.cache) if (entry.id === row.id) this.cache.delete(hash);
    return toView(row);
  }

  /**
   * Hot path. Malformed keys never reach the database (offline checksum); a known key is served from memory for
   * API_KEY_CACHE_TTL_SECONDS, and the caller confirms with Redis (same round trip as the rate limit) that it was
   * not revoked meanwhile.
   */
  async resolve(rawKey: string, options: { bypassCache?: boolean } = {}): Promise<(Principal & { apiKeyId: string }) | null> {
    if (!isWellFormedApiKey(rawKey)) return null;
    const hash = hashApiKey(rawKey);
    const now = Date.now();
    let entry = options.bypassCache ? undefined : this.cache.get(hash);
    if (entry && now - entry.loadedAt > this.config.API_KEY_CACHE_TTL_SECONDS * 1000) entry = undefined;
    if (!entry) {
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
    return { kind: 'api_key', workspaceId: entry.workspaceId, plan: entry.plan, scopes: entry.scopes, apiKeyId: entry.id };
  }

  forget(apiKeyId: string): void {
    for (const [hash, entry] of this.cache) if (entry.id === apiKeyId) this.cache.delete(hash);
  }

  private async load(hash: string): Promise<CachedKey | null> {
    const rows = await query<{
      id: string;
      workspace_id: string;
      scopes: string[];
      expires_at: Date | null;
      revoked_at: Date | null;
      last_used_at: Date | null;
      created_by: string | null;
      plan: WorkspacePlan;
      creator_role: WorkspaceRole | null;
    }>(
      this.em.fork(),
      `select k.id, k.workspace_id, k.scopes, k.expires_at, k.revoked_at, k.last_used_at, k.created_by, w.plan, m.role as creator_role
         from api_keys k
         join workspaces w on w.id = k.workspace_id
         left join workspace_members m on m.workspace_id = k.workspace_id and m.user_id = k.created_by
        where k.key_hash = ?`,
      [hash],
    );
    const row = rows[0];
    if (!row || row.revoked_at) return null;
    const own = row.scopes.filter(isScopeGrant);
    // Keys made by the operator CLI have no creator; a user's key is narrowed to what that user's role allows today.
    const scopes = row.created_by === null ? own : row.creator_role ? narrow(own, scopesForRole(row.creator_role)) : [];
    return {
      id: row.id,
      workspaceId: row.workspace_id,
      plan: row.plan,
      scopes,
      expiresAt: row.expires_at ? new Date(row.expires_at).getTime() : null,
      loadedAt: Date.now(),
      lastUsedWrittenAt: row.last_used_at ? new Date(row.last_used_at).getTime() : 0,
    };
  }

  private touch(id: string, workspaceId: string): void {
    query(this.em.fork(), 'update api_keys set last_used_at = now() where id = ? and workspace_id = ?', [id, workspaceId]).catch((err: unknown) =>
      this.logger.warn(`could not record lastUsedAt for ${id}: ${(err as Error).message}`),
    );
  }
}
