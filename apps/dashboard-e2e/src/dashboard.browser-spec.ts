import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import type { Page } from 'playwright-core';
import { IDENTITY_ADMIN, type IdentityAdmin } from '@retailos/shared/contracts';
import { seedDemoCatalogue } from '../../../tools/dev/demo-seed';
import { waitFor } from '../../api-e2e/src/support/wait';
import { Receiver, startBrowserStack, type BrowserStack } from './support/stack';

// Webhook retries in milliseconds (1 s scaled by 0.05), then a dead letter; the receiver is on 127.0.0.1.
process.env['WEBHOOK_RETRY_SCHEDULE'] = '1s';
process.env['WEBHOOK_TIME_SCALE'] = '0.05';
process.env['WEBHOOK_ALLOWED_HOSTS'] = '127.0.0.1';
process.env['WEBHOOK_TIMEOUT_MS'] = '3000';

interface Seeded {
  workspaceId: string;
  email: string;
  password: string;
  key: string;
}

let stack: BrowserStack;
let receiver: Receiver;
let ws: Seeded;
let page: Page;

async function api<T>(method: string, path: string, key: string, body?: unknown): Promise<{ status: number; body: T }> {
  const res = await fetch(`${stack.apiUrl}/api${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
}

async function signIn(p: Page): Promise<void> {
  await p.getByLabel('Email').fill(ws.email);
  await p.getByLabel('Password').fill(ws.password);
  await p.getByRole('button', { name: 'Sign in' }).click();
}

/** Each test may run alone (`-t`): sign in first unless the browser already holds a session. */
async function ensureSignedIn(): Promise<void> {
  if ((await page.context().cookies()).some((c) => c.name === 'retailos_session')) return;
  await page.goto('/sign-in');
  await signIn(page);
  await page.waitForURL(/\/orders$/);
}

beforeAll(async () => {
  receiver = new Receiver();
  await receiver.start();
  stack = await startBrowserStack();
  const identity = stack.api.get<IdentityAdmin>(IDENTITY_ADMIN, { strict: false });
  const id = randomBytes(4).toString('hex');
  const email = `owner-${id}@example.test`;
  const password = `pw-${randomBytes(12).toString('hex')}`;
  const { workspaceId } = await identity.createWorkspace({
    name: 'Browser Test Outfitters',
    plan: 'enterprise',
    currency: 'USD',
    ownerEmail: email,
    ownerPassword: password,
  });
  const key = (await identity.createApiKey({ workspaceId, name: 'test operator key', scopes: ['*'] })).key;
  ws = { workspaceId, email, password, key };
  await seedDemoCatalogue({ url: stack.apiUrl, key });
  ({ page } = await stack.newPage());
}, 120_000);

afterAll(async () => {
  await stack?.close();
  await receiver?.stop();
});

describe('dashboard in Chromium', () => {
  it('signs in: a wrong password is refused, the right one opens the orders list with workspace and user in the header', async () => {
    await page.goto('/orders');
    await page.waitForURL(/\/sign-in\?next=%2Forders/);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await stack.screenshot(page, '01-sign-in');

    await page.getByLabel('Email').fill(ws.email);
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'do not match' }).waitFor();

    await signIn(page);
    await page.waitForURL(/\/orders$/);
    expect(await page.getByTestId('workspace-name').textContent()).toBe('Browser Test Outfitters');
    expect(await page.getByTestId('user-email').textContent()).toBe(ws.email);
    await page.getByTestId('order-row').first().waitFor();
    expect(await page.getByTestId('order-row').count()).toBe(14);
    await page.getByTestId('live-status').filter({ hasText: 'Live' }).waitFor();
    await stack.screenshot(page, '02-orders');
  });

  it('shows an order placed through the api in the orders list live, without a reload', async () => {
    await ensureSignedIn();
    await page.goto('/orders');
    await page.getByTestId('live-status').filter({ hasText: 'Live' }).waitFor();
    await page.evaluate(() => Object.assign(window, { __sameDocument: true }));
    const locations = await api<{ data: { id: string }[] }>('GET', '/locations', ws.key);
    const placed = await api<{ id: string; name: string }>('POST', '/orders', ws.key, {
      channel: 'online',
      locationId: locations.body.data[0]?.id,
      lines: [{ sku: 'TEE-MER-M', quantity: 2 }],
    });
    expect(placed.status).toBe(201);

    const row = page.locator(`[data-testid="order-row"][data-row-id="${placed.body.id}"]`);
    await row.waitFor({ timeout: 15_000 });
    expect(await row.textContent()).toContain(placed.body.name);
    // the same document: the row came over the live channel, not from a navigation
    expect(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
    await stack.screenshot(page, '03-orders-live');

    await row.getByRole('link', { name: placed.body.name }).click();
    await page.getByTestId('order-total').waitFor();
    expect(await page.getByTestId('order-total').textContent()).toBe('$96.00');
    await stack.screenshot(page, '04-order-detail');
  });

  it('creates an API key that is shown once and works, then revokes it and the api refuses it', async () => {
    await ensureSignedIn();
    await page.getByRole('link', { name: 'API keys' }).click();
    await page.getByRole('heading', { name: 'API keys' }).waitFor();
    await page.getByRole('button', { name: 'Create API key' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Name').fill('ERP export');
    await dialog.getByLabel('orders:read').check();
    await dialog.getByRole('button', { name: 'Create key' }).click();
    const raw = (await dialog.getByTestId('secret-value').textContent()) ?? '';
    expect(raw).toMatch(/^wsk_live_[0-9A-Za-z]{49}$/);
    await stack.screenshot(page, '05-api-key-created');

    expect((await api('GET', '/orders?limit=1', raw)).status).toBe(200);
    expect((await api('GET', '/customers?limit=1', raw)).status).toBe(403); // scopes narrow what the key may do

    await dialog.getByRole('button', { name: 'Done' }).click();
    await dialog.waitFor({ state: 'detached' });
    // never shown again: not on the page, not in the list's answer
    expect(await page.content()).not.toContain(raw);
    const row = page.getByTestId('api-key-row').filter({ hasText: 'ERP export' });
    await row.waitFor();
    expect(await row.textContent()).toContain(raw.slice(0, 12));
    expect(await row.textContent()).toContain('orders:read');
    await stack.screenshot(page, '06-api-keys');

    await row.getByRole('button', { name: 'Revoke ERP export' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Revoke key' }).click();
    await row.getByText('Revoked').waitFor();
    expect((await api('GET', '/orders?limit=1', raw)).status).toBe(401);
  });

  it('creates a webhook subscription, sends a test event and shows the delivery in its log', async () => {
    await ensureSignedIn();
    const url = receiver.answer('/hooks/ok', 200);
    await page.getByRole('link', { name: 'Webhooks' }).click();
    await page.getByRole('button', { name: 'Add endpoint' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Endpoint URL').fill(url);
    await dialog.getByRole('button', { name: 'Add endpoint' }).click();
    expect((await dialog.getByTestId('secret-value').textContent()) ?? '').toMatch(/^whsec_/);
    await dialog.getByRole('link', { name: 'Open the endpoint' }).click();

    await page.getByRole('button', { name: 'Send test event' }).click();
    const delivery = page.locator('[data-testid="delivery"][data-topic="webhook.test"][data-status="succeeded"]');
    await delivery.waitFor({ timeout: 20_000 });
    await delivery.locator('summary').click();
    await delivery.getByText('HTTP 200').first().waitFor();
    expect(receiver.at('/hooks/ok').some((r) => r.body.includes('"webhook.test"'))).toBe(true);
    await stack.screenshot(page, '07-webhook-deliveries');
    await page.getByRole('link', { name: '← Webhooks' }).click();
    await page.getByTestId('webhook-row').first().waitFor();
    await stack.screenshot(page, '08-webhooks');
  });

  it('replays a dead-lettered delivery from the dead letters tab', async () => {
    await ensureSignedIn();
    const url = receiver.answer('/hooks/down', 500);
    const sub = await api<{ id: string }>('POST', '/webhooks/subscribe', ws.key, { url, topics: ['order.*'] });
    expect(sub.status).toBe(201);
    expect((await api('POST', `/webhooks/subscriptions/${sub.body.id}/test`, ws.key)).status).toBe(202);
    const dead = await waitFor(async () => {
      const r = await api<{ data: { id: string }[] }>(
        'GET',
        `/webhooks/deliveries?status=dead&subscriptionId=${sub.body.id}`,
        ws.key,
      );
      return r.body.data[0];
    }, 'the delivery to be dead-lettered');

    await page.goto(`/webhooks/${sub.body.id}`);
    await page.getByRole('tab', { name: 'Dead letters' }).click();
    const row = page.locator(`[data-testid="delivery"][data-status="dead"]`);
    await row.waitFor();
    await stack.screenshot(page, '09-dead-letters');

    receiver.answer('/hooks/down', 200);
    const failedBefore = receiver.at('/hooks/down').length;
    await row.getByRole('button', { name: `Replay delivery ${dead.id}` }).click();
    await page.getByRole('tab', { name: 'Dead letters' }).getByText('Dead letters').waitFor();
    await page.getByText('No dead letters.').waitFor();
    await page.getByRole('tab', { name: 'Delivery log' }).click();
    await page.locator('[data-testid="delivery"][data-status="succeeded"]').waitFor({ timeout: 20_000 });
    expect(receiver.at('/hooks/down').length).toBe(failedBefore + 1);
  });

  it('renders products, inventory and customers with their details, at 1280 and 768 px', async () => {
    await ensureSignedIn();
    await page.getByRole('link', { name: 'Products' }).click();
    await page.getByTestId('product-row').first().waitFor();
    expect(await page.getByTestId('product-row').count()).toBe(8);
    await page.getByLabel('Search').fill('hoodie');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="product-row"]').length === 1);
    await stack.screenshot(page, '10-products');
    await page.getByRole('link', { name: 'Organic Cotton Hoodie' }).click();
    await page.getByRole('table', { name: 'Variants and stock per location' }).waitFor();
    expect(await page.getByRole('columnheader', { name: 'Flagship store' }).count()).toBe(1);
    await stack.screenshot(page, '11-product-detail');

    await page.getByRole('link', { name: 'Inventory' }).click();
    await page.getByTestId('level-row').first().waitFor();
    await stack.screenshot(page, '12-inventory');

    await page.getByRole('link', { name: 'Customers' }).click();
    await page.getByTestId('customer-row').first().waitFor();
    await stack.screenshot(page, '13-customers');
    await page.getByRole('link', { name: 'Ada Lovelace' }).click();
    await page.getByTestId('customer-ltv').waitFor();
    await page.getByRole('table', { name: 'Order history' }).locator('tbody tr').first().waitFor();
    await stack.screenshot(page, '14-customer-detail');

    const narrow = await stack.newPage({ width: 768, height: 1000 });
    await narrow.context.addCookies(await page.context().cookies());
    await narrow.page.goto('/orders');
    await narrow.page.getByTestId('order-row').first().waitFor();
    // nothing wider than the viewport: the layout reflows instead of scrolling sideways
    expect(await narrow.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(768);
    await stack.screenshot(narrow.page, '15-orders-768');
    await narrow.context.close();
  });

  it('sends an expired session back to sign-in with a message, and back to the page after signing in', async () => {
    await ensureSignedIn();
    await page.goto('/customers');
    await page.getByTestId('customer-row').first().waitFor();
    const db = new Client({ connectionString: process.env['DATABASE_URL'] });
    await db.connect();
    try {
      await db.query(`update sessions set expires_at = now() - interval '1 minute' where workspace_id = $1`, [
        ws.workspaceId,
      ]);
    } finally {
      await db.end();
    }
    // the next call the page makes (a customer not loaded yet) is refused; the shell turns that into sign-in
    await page.getByRole('link', { name: 'Grace Hopper' }).click();
    await page.waitForURL(/\/sign-in\?/);
    expect(new URL(page.url()).searchParams.get('reason')).toBe('expired');
    expect(await page.getByTestId('sign-in-reason').textContent()).toContain('Your session has expired');
    await stack.screenshot(page, '16-session-expired');

    await signIn(page);
    await page.waitForURL(/\/customers\/cus_/);
    await page.getByTestId('customer-ltv').waitFor();
  });

  it('is keyboard reachable: skip link, navigation, and a dialog that opens with Enter and closes with Escape', async () => {
    await ensureSignedIn();
    await page.goto('/orders');
    await page.getByTestId('order-row').first().waitFor();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
    // Tab on through the sidebar to the Webhooks link, then follow it with Enter
    for (let i = 0; i < 20; i++) {
      await page.keyboard.press('Tab');
      if ((await page.evaluate(() => document.activeElement?.textContent)) === 'Webhooks') break;
    }
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/webhooks$/);
    await page.getByRole('button', { name: 'Add endpoint' }).focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    // focus moved into the dialog, and Escape closes it
    expect(await page.evaluate(() => Boolean(document.activeElement?.closest('[role="dialog"]')))).toBe(true);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
  });

  it('signs out: back to sign-in, and the old session cookie no longer works', async () => {
    await ensureSignedIn();
    await page.goto('/orders');
    await page.getByTestId('order-row').first().waitFor();
    const cookie = (await page.context().cookies())
      .filter((c) => c.name.startsWith('retailos_'))
      .map((c) => `${c.name}=${c.value}`)
      .join('; ');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/sign-in\?/);
    expect(await page.getByTestId('sign-in-reason').textContent()).toContain('You are signed out');
    expect((await fetch(`${stack.apiUrl}/api/auth/me`, { headers: { cookie } })).status).toBe(401);
  });
});
