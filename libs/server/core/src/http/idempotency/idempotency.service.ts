import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { AppConfig } from '../../config/app-config';

export type ClaimResult =
  | { kind: 'claimed' }
  | { kind: 'mismatch' }
  | { kind: 'in_flight' }
  | { kind: 'replay'; status: number; contentType: string; body: string };

interface KeyRow {
  request_hash: string;
  state: 'in_flight' | 'completed';
  response_status: number | null;
  response_content_type: string | null;
  response_body: string | null;
}

/** A claim left in flight this long belongs to a process that died: the same request may take it over. */
const STALE_CLAIM_SECONDS = 120;
const SWEEP_EVERY_MS = 10 * 60 * 1000;

/** Canonical JSON (sorted keys) so the fingerprint does not depend on key order or whitespace. */
export function canonicalJson(value: unknown): string {
  if (value === undefined) return '';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export function requestFingerprint(method: string, path: string, body: unknown): string {
  return createHash('sha256').update(`${method} ${path}\n${canonicalJson(body)}`).digest('hex');
}

/**
 * Idempotency keys in Postgres, not Redis: the claim is one atomic INSERT ... ON CONFLICT, every api process sees
 * it, and the stored answer survives a Redis flush (an offline POS replaying its queue must never double an order).
 */
@Injectable()
export class IdempotencyStore {
  private lastSweep = 0;

  constructor(
    private readonly em: EntityManager,
    private readonly config: AppConfig,
  ) {}

  async claim(workspaceId: string, key: string, hash: string): Promise<ClaimResult> {
    this.maybeSweep();
    const em = this.em.fork();
    const claimed = (await em.execute(
      `insert into idempotency_keys as k (workspace_id, key, request_hash, state, expires_at)
       values (?, ?, ?, 'in_flight', now() + make_interval(secs => ?))
       on conflict (workspace_id, key) do update
         set request_hash = excluded.request_hash, state = 'in_flight', response_status = null, response_content_type = null,
             response_body = null, locked_at = now(), created_at = now(), expires_at = excluded.expires_at
         where k.expires_at < now()
            or (k.state = 'in_flight' and k.request_hash = excluded.request_hash and k.locked_at < now() - make_interval(secs => ?))
       returning 1 as ok`,
      [workspaceId, key, hash, this.config.IDEMPOTENCY_TTL_SECONDS, STALE_CLAIM_SECONDS],
    )) as unknown[];
    if (claimed.length > 0) return { kind: 'claimed' };
    const [row] = (await em.execute(
      'select request_hash, state, response_status, response_content_type, response_body from idempotency_keys where workspace_id = ? and key = ?',
      [workspaceId, key],
    )) as KeyRow[];
    // Deleted between the two statements (a released claim): let the caller retry as new.
    if (!row) return this.claim(workspaceId, key, hash);
    if (row.request_hash !== hash) return { kind: 'mismatch' };
    if (row.state === 'in_flight') return { kind: 'in_flight' };
    return {
      kind: 'replay',
      status: row.response_status ?? 200,
      contentType: row.response_content_type ?? 'application/json; charset=utf-8',
      body: row.response_body ?? '',
    };
  }

  async complete(workspaceId: string, key: string, status: number, contentType: string, body: string): Promise<void> {
    await this.em.fork().execute(
      `update idempotency_keys set state = 'completed', response_status = ?, response_content_type = ?, response_body = ?
        where workspace_id = ? and key = ?`,
      [status, contentType, body, workspaceId, key],
    );
  }

  /** After a 5xx nothing is remembered: the client may retry with the same key. */
  async release(workspaceId: string, key: string): Promise<void> {
    await this.em.fork().execute("delete from idempotency_keys where workspace_id = ? and key = ? and state = 'in_flight'", [workspaceId, key]);
  }

  private maybeSweep(): void {
    const now = Date.now();
    if (now - this.lastSweep < SWEEP_EVERY_MS) return;
    this.lastSweep = now;
    void this.em
      .fork()
      .execute('delete from idempotency_keys where ctid in (select ctid from idempotency_keys where expires_at < now() limit 10000)')
      .catch(() => undefined);
  }
}
