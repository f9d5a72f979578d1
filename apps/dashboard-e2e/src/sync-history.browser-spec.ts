import { randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';
import { startEmulator, type RunningEmulator } from '../../shopify-emulator/src';
import {
  seedWorkspace,
  sessionHeaders,
  type SeededWorkspace,
  type StaffSession,
} from '../../api-e2e/src/support/identity';
import { connectShop, emulatorControl } from '../../api-e2e/src/support/shopify';
import { waitFor } from '../../api-e2e/src/support/wait';
import { startBrowserStack, type BrowserStack } from './support/stack';

// Sync History through the real path: a workspace connected to an emulator shop by OAuth; the merchant edits a
// customer in the shop, the emulator delivers signed webhooks to the api, the worker applies them and writes history.
const CLIENT_ID = `retailos-browser-${randomBytes(4).toString('hex')}`;
const CLIENT_SECRET = `secret-${randomBytes(16).toString('hex')}`;
const ENV_KEYS = [
  'SHOPIFY_CLIENT_ID',
  'SHOPIFY_CLIENT_SECRET',
  'SHOPIFY_BASE_URL',
  'SHOPIFY_APP_URL',
  'SHOPIFY_RETRY_BASE_MS',
] as const;
const savedEnv = Object.fromEntries(ENV_KEYS.map((k) => [k, process.env[k]]));

let shopify: RunningEmulator;
let stack: BrowserStack;
let ws: SeededWorkspace;
let session: StaffSession;
let shop: string;
let page: Page;

const emulator = emulatorControl(() => shopify.url);
const merchant = <T = Record<string, unknown>>(path: string, body: unknown): Promise<T> =>
  emulator.merchant<T>(shop, path, body);
const pause = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function ourCustomer(email: string): Promise<{ id: string } | undefined> {
  const res = await fetch(`${stack.apiUrl}/api/customers?email=${encodeURIComponent(email)}`, {
    headers: { cookie: session.cookie },
  });
  return ((await res.json()) as { data: { id: string; email: string }[] }).data.find((c) => c.email === email);
}

beforeAll(async () => {
  shopify = await startEmulator({ port: 0, timeScale: 0.01 });
  await emulator.registerApp(CLIENT_ID, CLIENT_SECRET, 'Retailos browser tests');
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
  shop = await emulator.newShop('sync', { locations: 1, seed: 5 });
  await connectShop(stack.apiUrl, session, shop);
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
    const { customerId } = await merchant<{ customerId: string }>('customers', {
      firstName: 'Grace',
      lastName: 'Hopper',
      email,
      note: 'base',
    });
    const firstRow = page.getByTestId('sync-history-row').first();
    const entries = await waitFor(
      async () => {
        const res = await fetch(`${stack.apiUrl}/api/sync/history`, { headers: { cookie: session.cookie } });
        const body = (await res.json()) as { data: unknown[] };
        return body.data.length > 0 ? body.data : null;
      },
      'the first history entry in the api',
      30_000,
    );
    expect(entries).toHaveLength(1);
    await firstRow.waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('sync-history-row').count()).toBe(1);
    const mine = await waitFor(() => ourCustomer(email), 'the customer on our side');
    expect(await firstRow.textContent()).toContain(mine.id);

    // Same field edited on both sides: Shopify first (delivery held by an outage), we a second later; ours wins.
    await emulator.control('PUT', `/shops/${shop}/faults`, { outage: true });
    await merchant('customers/update', { customerId, note: 'theirs', firstName: 'Amazing Grace' });
    await pause(1100); // Shopify's updated_at has one-second precision
    const patched = await fetch(`${stack.apiUrl}/api/customers/${mine.id}`, {
      method: 'PATCH',
      headers: { ...sessionHeaders(session), 'content-type': 'application/json' },
      body: JSON.stringify({ note: 'ours' }),
    });
    expect(patched.status).toBe(200);
    await emulator.control('PUT', `/shops/${shop}/faults`, { outage: false });

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
