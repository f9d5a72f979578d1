import { createHmac, timingSafeEqual } from 'node:crypto';

/** How far Shopify's redirect `timestamp` may be from our clock. */
export const OAUTH_MAX_SKEW_SECONDS = 90;

/** Shopify's signed message: every param but hmac/signature, keys sorted, `k=v` joined with `&`, spaces as %20. */
export function oauthMessage(params: Record<string, string>): string {
  const entries = Object.keys(params)
    .filter((k) => k !== 'hmac' && k !== 'signature')
    .sort()
    .map((k) => [k, params[k] ?? ''] as [string, string]);
  return new URLSearchParams(entries).toString().replace(/\+/g, '%20');
}

/** Hex HMAC-SHA256 of the redirect's params with the client secret, compared in constant time. */
export function verifyOAuthHmac(params: Record<string, string>, secret: string): boolean {
  const given = params['hmac'] ?? '';
  if (!/^[0-9a-fA-F]{64}$/.test(given)) return false;
  const expected = createHmac('sha256', secret).update(oauthMessage(params)).digest();
  return timingSafeEqual(Buffer.from(given, 'hex'), expected);
}

/** Base64 HMAC-SHA256 of a webhook's exact body bytes, compared in constant time (any of the given secrets). */
export function verifyWebhookHmac(rawBody: Buffer, header: string | undefined, secrets: string[]): boolean {
  if (!header) return false;
  const given = Buffer.from(header, 'base64');
  if (given.length !== 32 || given.toString('base64') !== header.trim()) return false;
  let ok = false;
  for (const secret of secrets) {
    const expected = createHmac('sha256', secret).update(rawBody).digest();
    // No early exit: each secret costs the same whatever matched.
    ok = timingSafeEqual(given, expected) || ok;
  }
  return ok;
}

export function timestampFresh(timestamp: string | undefined, nowMs = Date.now()): boolean {
  if (!timestamp || !/^\d{1,12}$/.test(timestamp)) return false;
  return Math.abs(nowMs / 1000 - Number(timestamp)) <= OAUTH_MAX_SKEW_SECONDS;
}
