import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Opaque keyset cursors: base64url(JSON) + HMAC tag. The tag binds the position to the filters it was issued for,
 * so a tampered cursor, or one reused with other filters, is rejected instead of silently paging wrong data.
 */
export interface CursorPayload {
  /** Keyset position: the sort values of the last row returned. */
  k: (string | number)[];
}

export class InvalidCursorError extends Error {
  constructor(message = 'The cursor is invalid, tampered with, or was issued for other filters.') {
    super(message);
  }
}

function tag(secret: string, body: string, filterKey: string): Buffer {
  return createHmac('sha256', secret).update(body).update('\0').update(filterKey).digest().subarray(0, 16);
}

export function encodeCursor(payload: CursorPayload, filterKey: string, secret: string): string {
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
  return `${body}.${tag(secret, body, filterKey).toString('base64url')}`;
}

export function decodeCursor(cursor: string, filterKey: string, secret: string): CursorPayload {
  const [body, sig, extra] = cursor.split('.');
  if (!body || !sig || extra !== undefined) throw new InvalidCursorError();
  const expected = tag(secret, body, filterKey);
  const given = Buffer.from(sig, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new InvalidCursorError();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError();
  }
  if (!parsed || typeof parsed !== 'object' || !Array.isArray((parsed as CursorPayload).k)) {
    throw new InvalidCursorError();
  }
  return parsed as CursorPayload;
}

/** A stable key for a filter set: same filters in any order give the same key. */
export function filterKeyOf(filters: Record<string, unknown>): string {
  const entries = Object.entries(filters)
    .filter(([, v]) => v !== undefined && v !== null && v !== '')
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify(entries);
}
