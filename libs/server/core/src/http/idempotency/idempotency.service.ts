import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { AppConfig } from '../../config/app-config';
import { IdempotencyRepository } from './idempotency.repository';

export type ClaimResult =
  | { kind: 'claimed' }
  | { kind: 'mismatch' }
  | { kind: 'in_flight' }
  | { kind: 'replay'; status: number; contentType: string; body: string };

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
  return createHash('sha256')
    .update(`${method} ${path}\n${canonicalJson(body)}`)
    .digest('hex');
}

/**
 * Idempotency keys in Postgres, not Redis: the claim is one atomic INSERT ... ON CONFLICT, every api process sees
 * it, and the stored answer survives a Redis flush (an offline POS replaying its queue must never double an order).
 */
@Injectable()
export class IdempotencyStore {
  private lastSweep = 0;

  constructor(
    private readonly keys: IdempotencyRepository,
    private readonly config: AppConfig,
  ) {}

  async claim(workspaceId: string, key: string, hash: string): Promise<ClaimResult> {
    this.maybeSweep();
    if (await this.keys.claim(workspaceId, key, hash, this.config.IDEMPOTENCY_TTL_SECONDS, STALE_CLAIM_SECONDS))
      return { kind: 'claimed' };
    const row = await this.keys.find(workspaceId, key);
    // Deleted between the two statements (a released claim): let the caller retry as new.
    if (!row) return this.claim(workspaceId, key, hash);
    if (row.requestHash !== hash) return { kind: 'mismatch' };
    if (row.state === 'in_flight') return { kind: 'in_flight' };
    return {
      kind: 'replay',
      status: row.responseStatus ?? 200,
      contentType: row.responseContentType ?? 'application/json; charset=utf-8',
      body: row.responseBody ?? '',
    };
  }

  async complete(workspaceId: string, key: string, status: number, contentType: string, body: string): Promise<void> {
    await this.keys.complete(workspaceId, key, status, contentType, body);
  }

  /** After a 5xx nothing is remembered: the client may retry with the same key. */
  async release(workspaceId: string, key: string): Promise<void> {
    await this.keys.releaseInFlight(workspaceId, key);
  }

  private maybeSweep(): void {
    const now = Date.now();
    if (now - this.lastSweep < SWEEP_EVERY_MS) return;
    this.lastSweep = now;
    void this.keys.deleteExpired(10_000).catch(() => undefined);
  }
}
