import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { checkUrlShape, SsrfError, vetHost, type Resolver, type SsrfPolicy } from './ssrf-guard';

const EXCERPT_BYTES = 1024;
/** Enough to judge a JSON answer for errorCode/errorMessage; bigger bodies are judged by status alone. */
const MAX_BODY_BYTES = 64 * 1024;

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

/** Sockets are reused per host:port; every new connection goes through the pinned lookup below. */
const httpAgent = new HttpAgent({ keepAlive: true, maxSockets: 256 });
const httpsAgent = new HttpsAgent({ keepAlive: true, maxSockets: 256 });

/** Vetted DNS answers are reused briefly: the connection still goes to exactly the addresses that were checked. */
const DNS_CACHE_MS = 30_000;

export class WebhookHttpClient {
  private readonly vetted = new Map<string, { addresses: { address: string; family: number }[]; until: number }>();

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
    let addresses: { address: string; family: number }[];
    try {
      url = checkUrlShape(rawUrl);
      addresses = await this.vet(url);
    } catch (err) {
      if (err instanceof SsrfError) return fail(`ssrf_${err.reason}: ${err.message}`);
      throw err;
    }
    const pinned = addresses[0] as { address: string; family: number };
    // Connect to the address we vetted, whatever DNS says a millisecond later (no rebinding window).
    const lookup: LookupFunction = (_host, options, cb) => {
      if ((options as { all?: boolean }).all) (cb as unknown as (e: null, a: typeof addresses) => void)(null, [pinned]);
      else cb(null, pinned.address, pinned.family);
    };
    const isHttps = url.protocol === 'https:';
    return new Promise<PostOutcome>((resolve) => {
      let settled = false;
      const done = (o: PostOutcome): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(o);
      };
      const req = (isHttps ? httpsRequest : httpRequest)(
        url,
        {
          method: 'POST',
          headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
          agent: isHttps ? httpsAgent : httpAgent,
          lookup,
        },
        (res: IncomingMessage) => {
          const chunks: Buffer[] = [];
          let size = 0;
          let truncated = false;
          res.on('data', (chunk: Buffer) => {
            if (truncated) return;
            size += chunk.length;
            if (size > MAX_BODY_BYTES) {
              truncated = true;
              return;
            }
            chunks.push(chunk);
          });
          res.on('error', (err) => done(fail(`response_error: ${err.message}`, res.statusCode ?? null)));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            const status = res.statusCode ?? 0;
            const verdict = truncated ? judgeResponse(status, '') : judgeResponse(status, text);
            done({
              statusCode: status,
              latencyMs: Math.round(performance.now() - started),
              succeeded: verdict.ok,
              excerpt: text ? Buffer.from(text).subarray(0, EXCERPT_BYTES).toString('utf8') : null,
              error: verdict.error,
              retryAfter: res.headers['retry-after'],
              gone: status === 410,
            });
          });
        },
      );
      const timer = setTimeout(() => {
        done(fail(`timeout after ${this.timeoutMs} ms`));
        req.destroy(new Error('timeout'));
      }, this.timeoutMs);
      req.on('error', (err: NodeJS.ErrnoException) => done(fail(`connection_error: ${err.code ?? err.message}`)));
      req.end(body);
    });
  }
}
