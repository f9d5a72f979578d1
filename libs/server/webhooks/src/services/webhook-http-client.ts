import { EventEmitter } from 'node:events';
import type { LookupFunction } from 'node:net';
import type { Readable } from 'node:stream';
import { Pool } from 'undici';
import { checkUrlShape, SsrfError, vetHost, type Resolver, type SsrfPolicy } from './ssrf-guard';

const EXCERPT_BYTES = 1024;
/** Enough to judge a JSON answer for errorCode/errorMessage; bigger bodies are judged by status alone. */
const MAX_BODY_BYTES = 64 * 1024;
/** Connection pools kept per client (one per receiver origin); the least recently added is closed beyond this. */
const MAX_POOLS = 2000;

export interface PostOutcome {
  statusCode: number | null;
  latencyMs: number;
  succeeded: boolean;
  excerpt: string | null;
  error: string | null;
  retryAfter: string | undefined;
  /** The subscription is gone for good (410). */
  gone: boolean;
}

/** 2xx, and if the body is JSON it carries no errorCode/errorMessage (receivers that always answer 200 exist). */
export function judgeResponse(statusCode: number, body: string): { ok: boolean; error: string | null } {
  if (statusCode < 200 || statusCode >= 300) return { ok: false, error: `http_${statusCode}` };
  const trimmed = body.trim();
  if (trimmed.startsWith('{')) {
    try {
      const parsed = JSON.parse(trimmed) as Record<string, unknown>;
      if (parsed && typeof parsed === 'object' && ('errorCode' in parsed || 'errorMessage' in parsed)) {
        return { ok: false, error: 'receiver_error_body' };
      }
    } catch {
      /* not JSON after all: a 2xx with any other body is a success */
    }
  }
  return { ok: true, error: null };
}

/** Vetted DNS answers are reused briefly: the connection still goes to exactly the addresses that were checked. */
const DNS_CACHE_MS = 30_000;

/**
 * Signed POSTs over undici keep-alive pools, one per receiver origin (about a third of node:http's CPU per request,
 * measured by tools/bench/lib/bare-sender.ts). Every new connection of a pool resolves its host through the SSRF
 * guard (vetHost, cached for DNS_CACHE_MS), so sockets only ever open to vetted addresses, whatever DNS says later.
 */
export class WebhookHttpClient {
  private readonly vetted = new Map<string, { addresses: { address: string; family: number }[]; until: number }>();
  private readonly pools = new Map<string, Pool>();

  constructor(
    private readonly policy: SsrfPolicy,
    private readonly timeoutMs: number,
    private readonly resolver?: Resolver,
  ) {}

  private async vet(url: URL): Promise<{ address: string; family: number }[]> {
    const key = url.hostname;
    const hit = this.vetted.get(key);
    if (hit && hit.until > Date.now()) return hit.addresses;
    const addresses = await vetHost(url, this.policy, this.resolver);
    if (this.vetted.size > 10_000) this.vetted.clear();
    this.vetted.set(key, { addresses, until: Date.now() + DNS_CACHE_MS });
    return addresses;
  }

  private poolFor(url: URL): Pool {
    const origin = url.origin;
    let pool = this.pools.get(origin);
    if (pool) return pool;
    // Connect to an address the guard vetted (the same cached answer the request was checked with): no rebinding window.
    const lookup: LookupFunction = (_host, options, cb) => {
      this.vet(url).then(
        (addresses) => {
          const pinned = addresses[0] as { address: string; family: number };
          if ((options as { all?: boolean }).all)
            (cb as unknown as (e: null, a: (typeof addresses)[number][]) => void)(null, [pinned]);
          else cb(null, pinned.address, pinned.family);
        },
        (err: Error) => cb(err as NodeJS.ErrnoException, '', 0),
      );
    };
    pool = new Pool(origin, {
      connections: 256,
      connect: { lookup, timeout: this.timeoutMs },
      headersTimeout: this.timeoutMs,
      bodyTimeout: this.timeoutMs,
    });
    if (this.pools.size >= MAX_POOLS) {
      const [oldest, stale] = this.pools.entries().next().value as [string, Pool];
      this.pools.delete(oldest);
      void stale.close().catch(() => undefined);
    }
    this.pools.set(origin, pool);
    return pool;
  }

  /** Closes every pool (idle keep-alive sockets included). */
  async close(): Promise<void> {
    const pools = [...this.pools.values()];
    this.pools.clear();
    await Promise.all(pools.map((p) => p.close().catch(() => undefined)));
  }

  async post(rawUrl: string, headers: Record<string, string>, body: string): Promise<PostOutcome> {
    const started = performance.now();
    const fail = (error: string, statusCode: number | null = null, excerpt: string | null = null): PostOutcome => ({
      statusCode,
      latencyMs: Math.round(performance.now() - started),
      succeeded: false,
      excerpt,
      error,
      retryAfter: undefined,
      gone: false,
    });
    let url: URL;
    try {
      url = checkUrlShape(rawUrl);
      await this.vet(url);
    } catch (err) {
      if (err instanceof SsrfError) return fail(`ssrf_${err.reason}: ${err.message}`);
      throw err;
    }
    // One deadline for the whole exchange (connect, headers, body). undici takes an EventEmitter as its abort signal,
    // which costs a fraction of an AbortController per request.
    const abort = Object.assign(new EventEmitter(), { aborted: false });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      abort.aborted = true;
      abort.emit('abort');
    }, this.timeoutMs);
    let status: number | null = null;
    try {
      const res = await this.poolFor(url).request({
        path: `${url.pathname}${url.search}`,
        method: 'POST',
        headers,
        body,
        signal: abort,
      });
      status = res.statusCode;
      const { chunks, truncated } = await readCapped(res.body);
      const text = Buffer.concat(chunks).toString('utf8');
      // A body cut short is judged by its status alone.
      const verdict = judgeResponse(status, truncated ? '' : text);
      const retryAfter = res.headers['retry-after'];
      return {
        statusCode: status,
        latencyMs: Math.round(performance.now() - started),
        succeeded: verdict.ok,
        excerpt: text ? Buffer.from(text).subarray(0, EXCERPT_BYTES).toString('utf8') : null,
        error: verdict.error,
        retryAfter: Array.isArray(retryAfter) ? retryAfter[0] : retryAfter,
        gone: status === 410,
      };
    } catch (err) {
      if (timedOut) return fail(`timeout after ${this.timeoutMs} ms`, status);
      if (err instanceof SsrfError) return fail(`ssrf_${err.reason}: ${err.message}`);
      const e = err as NodeJS.ErrnoException & { cause?: NodeJS.ErrnoException };
      if (status !== null) return fail(`response_error: ${e.message}`, status);
      return fail(
        `connection_error: ${e.code && !e.code.startsWith('UND_ERR') ? e.code : (e.cause?.code ?? e.code ?? e.message)}`,
      );
    } finally {
      clearTimeout(timer);
    }
  }
}

/** The body up to MAX_BODY_BYTES; beyond that the rest is discarded and the stream destroyed. */
function readCapped(stream: Readable): Promise<{ chunks: Buffer[]; truncated: boolean }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    stream.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        stream.removeAllListeners('data');
        stream.destroy();
        resolve({ chunks, truncated: true });
        return;
      }
      chunks.push(chunk);
    });
    stream.once('end', () => resolve({ chunks, truncated: false }));
    stream.once('error', (err) => (size > MAX_BODY_BYTES ? undefined : reject(err)));
  });
}
