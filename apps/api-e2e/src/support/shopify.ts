import type { EntityManager } from '@mikro-orm/postgresql';
import { redisOptionsFromUrl } from '@retailos/server/queue';
import { QUEUES } from '@retailos/shared/contracts';
import { Queue } from 'bullmq';
import { randomBytes } from 'node:crypto';
import type { StaffSession } from './identity';
import { waitFor } from './wait';

/**
 * The Shopify emulator's control API (`/_emulator/...`) and the merchant's actions in a shop, for suites that connect
 * a workspace to an emulator shop. `emulatorUrl` is read on each call (the emulator starts in `beforeAll`).
 */
export function emulatorControl(emulatorUrl: () => string) {
  const control = async <T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${emulatorUrl()}/_emulator${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };
  return {
    control,
    /** Registers our app with the emulator, approving every install without a consent click. */
    registerApp: (clientId: string, clientSecret: string, name: string) =>
      control('POST', '/apps', { clientId, clientSecret, autoApprove: true, name }),
    /** A new shop with seeded data; its domain. */
    newShop: async (prefix: string, seed: { locations: number; seed: number }): Promise<string> =>
      (
        await control<{ domain: string }>('POST', '/shops', {
          name: `${prefix}-${randomBytes(5).toString('hex')}`,
          seed,
        })
      ).domain,
    /** What the merchant does in the shop's admin (creates, updates): the emulator sends the webhooks. */
    merchant: <T = Record<string, unknown>>(shop: string, path: string, body: unknown): Promise<T> =>
      control<T>('POST', `/shops/${shop}/merchant/${path}`, body),
  };
}

/**
 * Our install route, then Shopify's (auto-approved) authorize page: the authorize URL we redirected to and the callback
 * URL Shopify redirects back to (not yet followed).
 */
export async function authorizeShop(
  apiUrl: string,
  session: StaffSession,
  shop: string,
): Promise<{ authorizeUrl: string; callback: URL }> {
  const install = await fetch(`${apiUrl}/api/shopify/install?shop=${shop}`, {
    headers: { cookie: session.cookie },
    redirect: 'manual',
  });
  if (install.status !== 302) throw new Error(`install answered ${install.status}: ${await install.text()}`);
  const authorizeUrl = install.headers.get('location') ?? '';
  const approved = await fetch(authorizeUrl, { redirect: 'manual' });
  if (approved.status !== 302) throw new Error(`authorize answered ${approved.status}: ${await approved.text()}`);
  return { authorizeUrl, callback: new URL(approved.headers.get('location') ?? '') };
}

/** The whole OAuth connect as the staff member `session`, done once the webhook subscriptions are registered. */
export async function connectShop(apiUrl: string, session: StaffSession, shop: string): Promise<void> {
  const { callback } = await authorizeShop(apiUrl, session, shop);
  const res = await fetch(callback, { headers: { cookie: session.cookie } });
  if (res.status !== 200) throw new Error(`callback answered ${res.status}: ${await res.text()}`);
  await waitFor(
    async () =>
      (
        (await (await fetch(`${apiUrl}/api/shopify/connection`, { headers: { cookie: session.cookie } })).json()) as {
          webhooksRegisteredAt: string | null;
        }
      ).webhooksRegisteredAt,
    'webhook subscriptions',
    // A setup job on a loaded host (a first e2e run with other jobs beside it) took longer than the default 20 s.
    60_000,
  );
  await waitForImport(apiUrl, { cookie: session.cookie });
}

/**
 * Waits until the connection's initial import (started by setup) has completed: until then Shopify's deliveries are
 * held in the inbox, so a test acting on the shop through webhooks must start after it.
 */
export async function waitForImport(apiUrl: string, headers: Record<string, string>): Promise<void> {
  await waitFor(async () => {
    const res = await fetch(`${apiUrl}/api/shopify/import`, { headers });
    return res.status === 200 && ((await res.json()) as { status: string }).status === 'completed';
  }, 'initial import completed');
}

/**
 * Every Shopify delivery the api accepted has been applied: the worker's drain (it polls) has taken each inbox row into
 * the sync queue, and that queue has nothing waiting, running or scheduled, twice in a row (a job may enqueue another).
 */
export async function syncIdle(em: EntityManager, timeoutMs = 30_000): Promise<void> {
  await waitFor(
    async () => {
      const [row] = (await em
        .fork()
        .execute('select count(*)::int as n from shopify_webhooks where queued_at is null')) as { n: number }[];
      return row?.n === 0;
    },
    'the inbox drain',
    timeoutMs,
  );
  const q = new Queue(QUEUES.sync, {
    connection: redisOptionsFromUrl(process.env['REDIS_URL'] ?? ''),
    prefix: process.env['REDIS_PREFIX'],
  });
  try {
    let idle = 0;
    await waitFor(
      async () => {
        const c = await q.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
        idle = Object.values(c).every((n) => n === 0) ? idle + 1 : 0;
        return idle >= 2;
      },
      'the sync queue to go idle',
      timeoutMs,
    );
  } finally {
    await q.close();
  }
}
