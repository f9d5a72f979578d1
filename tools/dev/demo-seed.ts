import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConfigModule } from '@retailos/server/core';
import { DatabaseModule } from '@retailos/server/database';
import { IdentityModule } from '@retailos/server/identity';
import { IDENTITY_ADMIN, type IdentityAdmin } from '@retailos/shared/contracts';

/**
 * The demo workspace `npm start` creates on first start, so a newcomer signs in and sees data at once.
 * `seedDemoCatalogue` only speaks HTTP with an API key (reusable by any later seed, e.g. the Shopify sync's);
 * `ensureDemoWorkspace` creates the workspace and its owner once and is a no-op when the demo owner can sign in
 * and already has products.
 *
 *   node tools/dev/run.mjs tools/dev/demo-seed.ts     # API_URL (default http://127.0.0.1:$PORT) must answer
 */
export const DEMO_SIGN_IN = {
  email: 'demo@retailos.dev',
  password: 'retailos-demo-2026',
  workspace: 'Demo Outfitters',
} as const;

export interface ApiCaller {
  url: string;
  key: string;
}

export interface DemoSummary {
  locations: number;
  products: number;
  variants: number;
  customers: number;
  orders: number;
}

async function call<T>(api: ApiCaller, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${api.url}/api${path}`, {
    method,
    headers: { authorization: `Bearer ${api.key}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as T;
}

const PRODUCTS: {
  title: string;
  vendor: string;
  productType: string;
  tags: string[];
  base: string;
  price: number;
  options: string[];
}[] = [
  {
    title: 'Merino Crew Tee',
    vendor: 'Northfold',
    productType: 'T-shirts',
    tags: ['merino', 'bestseller'],
    base: 'TEE-MER',
    price: 4800,
    options: ['S', 'M', 'L'],
  },
  {
    title: 'Organic Cotton Hoodie',
    vendor: 'Northfold',
    productType: 'Sweatshirts',
    tags: ['organic'],
    base: 'HOOD-ORG',
    price: 8900,
    options: ['S', 'M', 'L', 'XL'],
  },
  {
    title: 'Selvedge Denim Jacket',
    vendor: 'Ironside',
    productType: 'Outerwear',
    tags: ['denim'],
    base: 'JKT-DEN',
    price: 18900,
    options: ['M', 'L'],
  },
  {
    title: 'Trail Runner 2',
    vendor: 'Peakline',
    productType: 'Shoes',
    tags: ['running', 'new'],
    base: 'SHOE-TR2',
    price: 13500,
    options: ['40', '42', '44'],
  },
  {
    title: 'Canvas Tote',
    vendor: 'Ironside',
    productType: 'Bags',
    tags: ['accessories'],
    base: 'TOTE-CNV',
    price: 2900,
    options: ['One size'],
  },
  {
    title: 'Wool Beanie',
    vendor: 'Northfold',
    productType: 'Hats',
    tags: ['winter'],
    base: 'BEAN-WOL',
    price: 3200,
    options: ['One size'],
  },
  {
    title: 'Rain Shell',
    vendor: 'Peakline',
    productType: 'Outerwear',
    tags: ['waterproof'],
    base: 'SHELL-RN',
    price: 15900,
    options: ['S', 'M', 'L'],
  },
  {
    title: 'Everyday Socks (3 pack)',
    vendor: 'Northfold',
    productType: 'Socks',
    tags: ['bundle'],
    base: 'SOCK-3PK',
    price: 1800,
    options: ['M', 'L'],
  },
];

const CUSTOMERS = [
  ['Ada', 'Lovelace', 'ada@example.com'],
  ['Grace', 'Hopper', 'grace@example.com'],
  ['Alan', 'Turing', 'alan@example.com'],
  ['Katherine', 'Johnson', 'katherine@example.com'],
  ['Linus', 'Pauling', 'linus@example.com'],
  ['Hedy', 'Lamarr', 'hedy@example.com'],
] as const;

/** A small catalogue (2 locations, 8 products, 19 variants, stock), 6 customers and 14 orders, all over HTTP. */
export async function seedDemoCatalogue(api: ApiCaller): Promise<DemoSummary> {
  const store = await call<{ id: string }>(api, 'POST', '/locations', { name: 'Flagship store', code: 'STORE-1' });
  const warehouse = await call<{ id: string }>(api, 'POST', '/locations', { name: 'Warehouse', code: 'WH-1' });
  const skus: string[] = [];
  for (const p of PRODUCTS) {
    const variants = p.options.map((o) => ({
      sku: `${p.base}-${o.replace(/\s+/g, '').toUpperCase()}`,
      title: o,
      price: p.price,
      options: { Size: o },
    }));
    await call(api, 'POST', '/products', {
      title: p.title,
      vendor: p.vendor,
      productType: p.productType,
      tags: p.tags,
      status: 'active',
      variants,
    });
    skus.push(...variants.map((v) => v.sku));
  }
  for (const [i, sku] of skus.entries()) {
    await call(api, 'POST', '/inventory/adjustments', {
      sku,
      locationId: store.id,
      set: 8 + ((i * 7) % 23),
      reason: 'received',
      reference: 'DEMO-PO-1',
    });
    await call(api, 'POST', '/inventory/adjustments', {
      sku,
      locationId: warehouse.id,
      set: 40 + ((i * 13) % 60),
      reason: 'received',
      reference: 'DEMO-PO-1',
    });
  }
  const customers: string[] = [];
  for (const [firstName, lastName, email] of CUSTOMERS) {
    customers.push(
      (
        await call<{ id: string }>(api, 'POST', '/customers', {
          firstName,
          lastName,
          email,
          acceptsMarketing: email.length % 2 === 0,
        })
      ).id,
    );
  }
  const channels = ['online', 'pos', 'online', 'b2b'] as const;
  let orders = 0;
  for (let i = 0; i < 14; i++) {
    const lines = [{ sku: skus[(i * 5) % skus.length] as string, quantity: 1 + (i % 3) }];
    if (i % 2 === 0) lines.push({ sku: skus[(i * 3 + 1) % skus.length] as string, quantity: 1 });
    await call(api, 'POST', '/orders', {
      channel: channels[i % channels.length],
      locationId: i % 3 === 0 ? warehouse.id : store.id,
      customerId: i % 4 === 3 ? undefined : customers[i % customers.length],
      lines,
    });
    orders++;
  }
  return { locations: 2, products: PRODUCTS.length, variants: skus.length, customers: customers.length, orders };
}

@Module({ imports: [ConfigModule, DatabaseModule, IdentityModule] })
class DemoSeedModule {}

/** Creates the demo workspace and its data unless the demo owner signs in and already has products. */
export async function ensureDemoWorkspace(
  apiUrl: string,
): Promise<{ created: boolean; summary?: DemoSummary; demoKey?: string }> {
  const login = await fetch(`${apiUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: DEMO_SIGN_IN.email, password: DEMO_SIGN_IN.password }),
  });
  let workspaceId: string | null = null;
  if (login.ok) {
    workspaceId = ((await login.json()) as { workspace: { id: string } }).workspace.id;
    const cookie = login.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    const products = await fetch(`${apiUrl}/api/products?limit=1`, { headers: { cookie } });
    if (products.ok && ((await products.json()) as { data: unknown[] }).data.length > 0) return { created: false };
  }
  const app = await NestFactory.createApplicationContext(DemoSeedModule, { logger: false, abortOnError: false });
  try {
    const identity = app.get<IdentityAdmin>(IDENTITY_ADMIN);
    if (!workspaceId) {
      ({ workspaceId } = await identity.createWorkspace({
        name: DEMO_SIGN_IN.workspace,
        plan: 'pro',
        currency: 'USD',
        ownerEmail: DEMO_SIGN_IN.email,
        ownerPassword: DEMO_SIGN_IN.password,
      }));
    }
    // a short-lived key for the seed only, revoked as soon as the data is in
    const key = await identity.createApiKey({
      workspaceId,
      name: 'demo seed (revoked after use)',
      scopes: ['*'],
      expiresAt: new Date(Date.now() + 10 * 60_000),
    });
    let summary: DemoSummary;
    try {
      summary = await seedDemoCatalogue({ url: apiUrl, key: key.key });
    } finally {
      await identity.revokeApiKey(key.id);
    }
    // A read-only key for trying the api, printed once by `npm start` (stored hashed like every key; revocable in the
    // dashboard's API keys page).
    const demo = await identity.createApiKey({
      workspaceId,
      name: 'demo (read-only, printed once by npm start)',
      scopes: ['products:read', 'orders:read', 'customers:read', 'inventory:read', 'sync:read', 'export:read'],
    });
    return { created: true, summary, demoKey: demo.key };
  } finally {
    await app.close();
  }
}

if (require.main === module) {
  const apiUrl = process.env['API_URL'] ?? `http://127.0.0.1:${process.env['PORT'] ?? '4000'}`;
  ensureDemoWorkspace(apiUrl).then(
    (r) => {
      process.stdout.write(
        `${JSON.stringify({ ...r, signIn: { email: DEMO_SIGN_IN.email, password: DEMO_SIGN_IN.password } })}\n`,
      );
      process.exit(0);
    },
    (err: Error) => {
      process.stderr.write(`demo seed failed: ${err.stack ?? err.message}\n`);
      process.exit(1);
    },
  );
}
