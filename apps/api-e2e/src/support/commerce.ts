import { bearer } from './identity';

/** Tiny HTTP helpers for the commerce suites: JSON in, status + parsed body + headers out. */
// Response bodies are asserted field by field in the suites; a loose type keeps them readable.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Loose = any;

export interface Res<T = Loose> {
  status: number;
  body: T;
  headers: Headers;
}

export async function call<T = Loose>(
  url: string,
  key: string,
  method: string,
  path: string,
  body?: unknown,
  extra: Record<string, string> = {},
): Promise<Res<T>> {
  const headers = bearer(key, extra);
  const res = await fetch(`${url}${path}`, {
    method,
    headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    /* non-JSON bodies (CSV exports) stay text */
  }
  return { status: res.status, body: parsed as T, headers: res.headers };
}

/** A client bound to one api + key. */
export function client(url: string, key: string) {
  return {
    get: <T = Loose>(path: string) => call<T>(url, key, 'GET', path),
    post: <T = Loose>(path: string, body?: unknown, extra?: Record<string, string>) =>
      call<T>(url, key, 'POST', path, body ?? {}, extra),
    patch: <T = Loose>(path: string, body: unknown) => call<T>(url, key, 'PATCH', path, body),
    del: <T = Loose>(path: string) => call<T>(url, key, 'DELETE', path),
  };
}
export type Client = ReturnType<typeof client>;

let counter = 0;
export function uniqueSku(prefix = 'SKU'): string {
  counter += 1;
  return `${prefix}-${Date.now().toString(36)}-${counter}-${Math.random().toString(36).slice(2, 6)}`.toUpperCase();
}

export async function createLocation(c: Client, name = 'Store'): Promise<string> {
  const res = await c.post<{ id: string }>('/api/locations', { name });
  if (res.status !== 201) throw new Error(`location: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id;
}

export async function createProduct(
  c: Client,
  variants: { sku?: string; price?: number; allowBackorder?: boolean }[] = [{}],
  title = 'Test product',
): Promise<{ id: string; variants: { id: string; sku: string; price: number }[] }> {
  const res = await c.post('/api/products', {
    title,
    variants: variants.map((v) => ({
      sku: v.sku ?? uniqueSku(),
      price: v.price ?? 1000,
      allowBackorder: v.allowBackorder,
    })),
  });
  if (res.status !== 201) throw new Error(`product: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export async function stock(c: Client, sku: string, locationId: string, set: number): Promise<void> {
  const res = await c.post('/api/inventory/adjustments', { sku, locationId, set, reason: 'received' });
  if (res.status !== 201) throw new Error(`stock: ${res.status} ${JSON.stringify(res.body)}`);
}

export async function levelOf(
  c: Client,
  sku: string,
  locationId: string,
): Promise<{ available: number; onHand: number } | undefined> {
  const res = await c.get<{ data: { locationId: string; available: number; onHand: number }[] }>(
    `/api/inventory/levels?sku=${encodeURIComponent(sku)}&locationId=${locationId}`,
  );
  return res.body.data[0];
}
