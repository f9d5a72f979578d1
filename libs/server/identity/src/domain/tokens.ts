import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export const SESSION_COOKIE = 'retailos_session';
export const CSRF_COOKIE = 'retailos_csrf';
export const CSRF_HEADER = 'x-csrf-token';

export function newSessionToken(): string {
  return randomBytes(32).toString('base64url');
}

export function sha256Hex(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

/**
 * The CSRF token is derived from the HttpOnly session token: a page on another site can neither read the cookie
 * nor compute the header, and the server needs no extra state to check it.
 */
export function csrfTokenFor(sessionToken: string): string {
  return createHash('sha256').update('csrf\0').update(sessionToken).digest('base64url').slice(0, 32);
}

export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
