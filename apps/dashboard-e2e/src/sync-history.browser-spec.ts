import { randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';
import { startEmulator, type RunningEmulator } from '../../shopify-emulator/src';
import { seedWorkspace, sessionHeaders, type SeededWorkspace, type StaffSession } from '../../api-e2e/src/support/identity';
import { startBrowserStack, type BrowserStack } from './support/stack';

// Sync History through the real path: a workspace connected to an emulator shop by OAuth; the merchant edits a
// customer in the shop, the emulator delivers signed webhooks to the api, the worker applies them and writes history.
const CLIENT_ID = `retailos-browser-${randomBytes(4).toString('hex')}`;
const CLIENT_SECRET = `secret-${randomBytes(16).toString('hex')}`;
const ENV_KEYS = ['SHOPIFY_CLIENT_ID', 'SHOPIFY_CLIENT_SECRET', 'SHOPIFY_BASE_URL', 'SHOPIFY_APP_URL', 'SHOPIFY_RETRY_BASE_MS'] as const;
const savedEnv = Object.fromEntries(ENV_KEYS.map((k) => [k, process.env[k]]));

let shopify: RunningEmulator;
let stack: BrowserStack;
let ws: SeededWorkspace;
let session: StaffSession;
let shop: string;
let page: Page;

async function control<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${shopify.url}/_emulator${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

const merchant = <T = Record<string, unknown>>(path: string, body: unknown): Promise<T> => control<T>('POST', `/shops/${shop}/merchant/${path}`, body);
const pause = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function waitFor<T>(check: () => Promise<T | undefined | false | null>, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Our install route, Shopify's (auto-approved) authorize page, then our callback: the real OAuth connect. */
async function connect(): Promise<void> {
  const install = await fetch(`${stack.apiUrl}/api/shopify/install?shop=${shop}`, { headers: { cookie: session.cookie }, redirect: 'manual' });
  expect(install.status).toBe(302);
  const approved = await fetch(install.headers.get('location') ?? '', { redirect: 'manual' });
  expect(approved.status).toBe(302);
  const callback = await fetch(approved.headers.get('location') ?? '', { headers: { cookie: session.cookie } });
  expect(callback.status).toBe(200);
  await waitFor(async () => ((await (await fetch(`${stack.apiUrl}/api/shopify/connection`, { headers: { cookie: session.cookie } })).json()) as { webhooksRegisteredAt: string | null }).webhooksRegisteredAt, 'webhook subscriptions');
}

async function ourCustomer(email: string): Promise<{ id: string } | undefined> {
  const res = await fetch(`${stack.apiUrl}/api/customers?email=${encodeURIComponent(email)}`, { headers: { cookie: session.cookie } });
  return ((await res.json()) as { data: { id: string; email: string }[] }).data.find((c) => c.email === email);
}

beforeAll(async () => {
  shopify = await startEmulator({ port: 0, timeScale: 0.01 });
  await control('POST', '/apps', { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, autoApprove: true, name: 'Retailos browser tests' });
  Object.assign(process.env, {
    SHOPIFY_CLIENT_ID: CLIENT_ID,
    SHOPIFY_CLIENT_SECRET: CLIENT_SECRET,
    SHOPIFY_BASE_URL: `${shopify.url}/shops/{shop}`,
    // the emulator delivers webhooks to the api itself (the dashboard only proxies the browser's calls)
    SHOPIFY_APP_URL: `http://127.0.0.1:${process.env['BROWSER_API_PORT'] ?? ''}`,
    SHOPIFY_RETRY_BASE_MS: '20',
  });
  stack = await startBrowserStack();
  ws = await seedWorkspace({ url: stack.apiUrl, app: stack.api }, { name: 'Sync Test Outfitters' });
  session = await ws.login();
  shop = (await control<{ domain: string }>('POST', '/shops', { name: `sync-${randomBytes(5).toString('hex')}`, seed: { locations: 1, seed: 5 } })).domain;
  await connect();
  ({ page } = await stack.newPage());
}, 120_000);

afterAll(async () => {
  await stack?.close();
  await shopify?.close();
  for (const k of ENV_KEYS) {
    if (savedEnv[k] === undefined) delete process.env[k];
    else process.env[k] = savedEnv[k];
  }
});

describe('Sync history in Chromium', () => {
  it('lists entries arriving live from Shopify webhooks, filters by entity, and shows before/after with the losing conflict value', async () => {
    await page.goto('/sign-in');
    await page.getByLabel('Email').fill(ws.ownerEmail);
    await page.getByLabel('Password').fill(ws.ownerPassword);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/orders$/);
    await page.getByRole('link', { name: 'Sync history' }).first().click();
    await page.waitForURL(/\/sync\/history$/);
    await page.getByText('No sync history yet').waitFor();
    await page.getByTestId('live-status').filter({ hasText: 'Live' }).waitFor();
    await page.evaluate(() => Object.assign(window, { __sameDocument: true }));

    // The merchant creates a customer in Shopify: customers/create reaches us, the entry shows up without a reload.
    const email = `grace-${randomBytes(4).toString('hex')}@example.test`;
    const { customerId } = await merchant<{ customerId: string }>('customers', { firstName: 'Grace', lastName: 'Hopper', email, note: 'base' });
    const firstRow = page.getByTestId('sync-history-row').first();
    const entries = await waitFor(async () => {
      const res = await fetch(`${stack.apiUrl}/api/sync/history`, { headers: { cookie: session.cookie } });
      const body = (await res.json()) as { data: unknown[] };
      return body.data.length > 0 ? body.data : null;
    }, 'the first history entry in the api', 30_000);
    expect(entries).toHaveLength(1);
    await firstRow.waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('sync-history-row').count()).toBe(1);
    const mine = await waitFor(() => ourCustomer(email), 'the customer on our side');
    expect(await firstRow.textContent()).toContain(mine.id);

    // Same field edited on both sides: Shopify first (delivery held by an outage), we a second later; ours wins.
    await control('PUT', `/shops/${shop}/faults`, { outage: true });
    await merchant('customers/update', { customerId, note: 'theirs', firstName: 'Amazing Grace' });
    await pause(1100); // Shopify's updated_at has one-second precision
    const patched = await fetch(`${stack.apiUrl}/api/customers/${mine.id}`, { method: 'PATCH', headers: { ...sessionHeaders(session), 'content-type': 'application/json' }, body: JSON.stringify({ note: 'ours' }) });
    expect(patched.status).toBe(200);
    await control('PUT', `/shops/${shop}/faults`, { outage: false });

    const conflictRow = page.getByTestId('sync-history-row').filter({ hasText: '1 conflict' });
    await conflictRow.waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('sync-history-row').count()).toBe(2);
    expect(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);

    // The entity id search (our id or the GID) and a filter that matches nothing.
    await page.getByLabel('Entity id').fill(customerId);
    await waitFor(async () => (await page.getByTestId('sync-history-row').count()) === 2, 'the GID search');
    await page.getByLabel('Source').selectOption('push');
    await page.getByText('No entries match').waitFor();
    await page.getByLabel('Source').selectOption('');
    await page.getByLabel('Entity id').fill('');
    await conflictRow.waitFor();
    await stack.screenshot(page, '17-sync-history');

    // Before/after: firstName changed; note was contested, Shopify's 'theirs' lost to our later 'ours'.
    await conflictRow.getByRole('link').first().click();
    await page.waitForURL(/\/sync\/history\/shi_/);
    const change = page.getByTestId('sync-change');
    await change.first().waitFor();
    expect(await change.count()).toBe(1);
    expect((await change.first().textContent())?.replace(/\s+/g, ' ')).toBe('firstNameGraceAmazing Grace');
    const conflict = page.getByTestId('sync-conflict');
    expect(await conflict.count()).toBe(1);
    expect(await conflict.locator('th').textContent()).toBe('note');
    expect(await conflict.getByTestId('sync-conflict-loser').textContent()).toContain('theirs');
    expect(await conflict.getByTestId('sync-conflict-loser').textContent()).toContain('Lost');
    expect(await conflict.getByTestId('sync-conflict-winner').textContent()).toContain('ours');
    expect(await conflict.getByTestId('sync-conflict-winner').textContent()).toContain('Kept');
    await stack.screenshot(page, '18-sync-history-entry');
  });
});
