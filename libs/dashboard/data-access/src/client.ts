/**
 * The one HTTP client of the dashboard: same-origin `/api/...` (proxied to the api by the Next rewrites), the session
 * cookie sent by the browser, the CSRF token echoed on every state-changing call, problem+json turned into ApiError.
 */
export const CSRF_COOKIE = 'retailos_csrf';

export interface FieldProblem {
  field: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly errors: FieldProblem[] = [],
    readonly body: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export type QueryValue = string | number | boolean | null | undefined;

let unauthorizedHandler: ((err: ApiError) => void) | null = null;

/** Called for every 401 of a call made with a session (the session expired or was revoked). */
export function onUnauthorized(handler: ((err: ApiError) => void) | null): void {
  unauthorizedHandler = handler;
}

export function readCookie(name: string): string | null {
  if (typeof document === 'undefined') return null;
  for (const part of document.cookie.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return null;
}

export function withQuery(path: string, query: Record<string, QueryValue> = {}): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  }
  const qs = params.toString();
  return qs ? `${path}${path.includes('?') ? '&' : '?'}${qs}` : path;
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  query?: Record<string, QueryValue>;
  body?: unknown;
  /** The sign-in call: a 401 there means wrong credentials, not an expired session. */
  skipUnauthorizedHandler?: boolean;
  signal?: AbortSignal;
}

export async function apiRequest<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET') {
    const csrf = readCookie(CSRF_COOKIE);
    if (csrf) headers['x-csrf-token'] = csrf;
  }
  let res: Response;
  try {
    res = await fetch(withQuery(`/api${path}`, options.query), {
      method,
      headers,
      credentials: 'same-origin',
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError(0, 'network_error', 'The api cannot be reached. Check your connection and try again.');
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let json: unknown = undefined;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  if (!res.ok) {
    const doc = (json && typeof json === 'object' ? json : {}) as Record<string, unknown>;
    const error = new ApiError(
      res.status,
      typeof doc['code'] === 'string' ? doc['code'] : `http_${res.status}`,
      typeof doc['detail'] === 'string' ? doc['detail'] : res.statusText || `Request failed (${res.status})`,
      Array.isArray(doc['errors']) ? (doc['errors'] as FieldProblem[]) : [],
      doc,
    );
    if (res.status === 401 && !options.skipUnauthorizedHandler) unauthorizedHandler?.(error);
    throw error;
  }
  return json as T;
}

/** Plain-language message for an error of any kind, for error states and toasts. */
export function describeError(err: unknown): string {
  if (err instanceof ApiError) {
    if (err.errors.length > 0)
      return `${err.message} (${err.errors.map((e) => `${e.field}: ${e.message}`).join('; ')})`;
    return err.message;
  }
  return err instanceof Error ? err.message : 'Something went wrong.';
}
