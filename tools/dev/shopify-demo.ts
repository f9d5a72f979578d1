// `npm start`, once the api is ready: a demo workspace connected to a seeded demo shop in the emulator, through the
// real OAuth flow. Idempotent: later starts find the workspace (and, while the emulator runs, the connection).
//   node tools/dev/run.mjs tools/dev/shopify-demo.ts   (PORT, SHOPIFY_EMULATOR_PORT, SHOPIFY_CLIENT_ID/SECRET from env)
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { DEMO_SIGN_IN } from './demo-seed';

const API = `http://127.0.0.1:${process.env['PORT'] ?? '4000'}`;
const EMULATOR = `http://127.0.0.1:${process.env['SHOPIFY_EMULATOR_PORT'] ?? '4100'}`;
const CLIENT_ID = process.env['SHOPIFY_CLIENT_ID'] || 'retailos-dev-app';
const CLIENT_SECRET = process.env['SHOPIFY_CLIENT_SECRET'] || 'dev-shopify-client-secret-change-me';
// The one demo workspace: the dashboard's demo seed creates it first; this connects it to the demo shop.
const DEMO = {
  email: DEMO_SIGN_IN.email,
  password: DEMO_SIGN_IN.password,
  name: DEMO_SIGN_IN.workspace,
  shop: 'retailos-demo.myshopify.com',
};

const say = (msg: string): void => void process.stdout.write(`${msg}\n`);

async function json<T>(res: Response, what: string): Promise<T> {
  if (!res.ok) throw new Error(`${what}: HTTP ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

async function login(): Promise<{ cookie: string; csrf: string } | null> {
  const res = await fetch(`${API}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: DEMO.email, password: DEMO.password }),
  });
  if (res.status === 401) return null;
  const body = await json<{ csrfToken: string }>(res, 'demo sign-in');
  return {
    cookie: res.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; '),
    csrf: body.csrfToken,
  };
}

async function main(): Promise<void> {
  // The app the api's SHOPIFY_CLIENT_ID names (the emulator keeps apps in memory: register it on every start).
  const apps = await json<{ clientId: string }[]>(await fetch(`${EMULATOR}/_emulator/apps`), 'emulator apps');
  if (!apps.some((a) => a.clientId === CLIENT_ID)) {
    await json(
      await fetch(`${EMULATOR}/_emulator/apps`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          clientId: CLIENT_ID,
          clientSecret: CLIENT_SECRET,
          name: 'Retailos (dev)',
          autoApprove: true,
        }),
      }),
      'register app',
    );
  }
  if ((await fetch(`${EMULATOR}/_emulator/shops/${DEMO.shop}`)).status === 404) {
    await json(
      await fetch(`${EMULATOR}/_emulator/shops`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          name: DEMO.shop,
          seed: { products: 25, variantsPerProduct: 3, locations: 2, customers: 20, orders: 10, seed: 42 },
        }),
      }),
      'seed demo shop',
    );
  }

  let session = await login();
  let apiKey: string | null = null;
  if (!session) {
    const cli = spawnSync(
      process.execPath,
      [
        resolve(__dirname, 'run.mjs'),
        'tools/cli/main.ts',
        'workspace:create',
        '--name',
        DEMO.name,
        '--owner-email',
        DEMO.email,
        '--owner-password',
        DEMO.password,
        '--plan',
        'pro',
      ],
      {
        cwd: resolve(__dirname, '../..'),
        env: process.env,
        encoding: 'utf8',
      },
    );
    if (cli.status !== 0) throw new Error(`workspace:create failed: ${cli.stderr}`);
    session = await login();
    if (!session) throw new Error('the demo workspace was created but its owner cannot sign in');
    const key = await json<{ key: string }>(
      await fetch(`${API}/api/api-keys`, {
        method: 'POST',
        headers: { cookie: session.cookie, 'x-csrf-token': session.csrf, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'demo', scopes: ['*'] }),
      }),
      'demo API key',
    );
    apiKey = key.key;
  }

  const current = await fetch(`${API}/api/shopify/connection`, { headers: { cookie: session.cookie } });
  const connection = current.ok ? await json<{ shop: string; status: string }>(current, 'connection') : null;
  if (
    !connection ||
    connection.status !== 'active' ||
    (
      (await fetch(`${EMULATOR}/_emulator/shops/${DEMO.shop}`).then((r) => r.json())) as {
        installs: { clientId: string }[];
      }
    ).installs.every((i) => i.clientId !== CLIENT_ID)
  ) {
    if (connection?.status === 'active')
      await fetch(`${API}/api/shopify/connection`, {
        method: 'DELETE',
        headers: { cookie: session.cookie, 'x-csrf-token': session.csrf },
      });
    const install = await fetch(`${API}/api/shopify/install?shop=${DEMO.shop}`, {
      headers: { cookie: session.cookie },
      redirect: 'manual',
    });
    const authorize = install.headers.get('location');
    if (install.status !== 302 || !authorize)
      throw new Error(`install answered ${install.status}: ${await install.text()}`);
    const approved = await fetch(authorize, { redirect: 'manual' });
    const callback = approved.headers.get('location');
    if (approved.status !== 302 || !callback)
      throw new Error(`the emulator's authorize page answered ${approved.status}`);
    await json(await fetch(callback, { headers: { cookie: session.cookie } }), 'OAuth callback');
  }
  say(`Demo: sign in as ${DEMO.email} / ${DEMO.password}; workspace connected to ${DEMO.shop} (emulator ${EMULATOR}).`);
  if (apiKey) say(`Demo API key (shown once): ${apiKey}`);
}

main().catch((err: unknown) => {
  process.stderr.write(`demo setup failed: ${(err as Error).message}\n`);
  process.exit(1);
});
