// `npm start`: the whole dev stack in one terminal. Services (or their fallbacks), migrations once,
// then api, worker, emulator and dashboard with prefixed output. Ctrl-C stops everything.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { ensureDeps, repoRoot } from './ensure-deps.mjs';

ensureDeps();
const { DEFAULT_DATABASE_URL, DEFAULT_REDIS_URL, ServiceError, ensurePostgres, ensureRedis, stopAll } =
  await import('./services.mjs');
const { tsEnv, tsNodeArgs } = await import('./run.mjs');

const at = (...p) => path.join(repoRoot, ...p);
const colors = [36, 35, 33, 32, 34];
const useColor = process.stdout.isTTY && !process.env.NO_COLOR;
const say = (msg) => process.stdout.write(`${useColor ? '\x1b[1m' : ''}[start]${useColor ? '\x1b[0m' : ''} ${msg}\n`);

const handles = [];
const children = new Map(); // name -> ChildProcess
let shuttingDown = false;

async function shutdown(code, reason) {
  if (shuttingDown) return;
  shuttingDown = true;
  if (reason) say(reason);
  const alive = [...children.values()].filter((c) => c.exitCode === null && c.signalCode === null);
  await Promise.all(
    alive.map(
      (child) =>
        new Promise((resolve) => {
          child.once('exit', resolve);
          signalGroup(child, 'SIGTERM');
          setTimeout(() => signalGroup(child, 'SIGKILL'), 10_000).unref();
        }),
    ),
  );
  await stopAll(handles);
  process.exit(code);
}

function signalGroup(child, signal) {
  try {
    process.kill(-child.pid, signal); // the child leads its own process group (detached)
  } catch {
    try {
      child.kill(signal);
    } catch {
      // already gone
    }
  }
}

process.on('SIGINT', () => void shutdown(0, 'stopping (SIGINT)'));
process.on('SIGTERM', () => void shutdown(0, 'stopping (SIGTERM)'));
process.on('SIGHUP', () => void shutdown(0, 'stopping (SIGHUP)'));

function prefixLines(stream, name, color, out) {
  const label = useColor ? `\x1b[${color}m${name.padEnd(9)}|\x1b[0m ` : `${name.padEnd(9)}| `;
  readline.createInterface({ input: stream }).on('line', (line) => out.write(`${label}${line}\n`));
}

/** Spawns a long-running child; if it dies, the whole stack stops with its exit code. */
function launch(name, command, args, env) {
  const color = colors[children.size % colors.length];
  // detached = own process group, so Ctrl-C reaches only us and we stop the children in order
  const child = spawn(command, args, { cwd: repoRoot, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  children.set(name, child);
  prefixLines(child.stdout, name, color, process.stdout);
  prefixLines(child.stderr, name, color, process.stderr);
  child.on('error', (err) => void shutdown(1, `${name} failed to start: ${err.message}`));
  child.on('exit', (code, signal) => {
    if (shuttingDown) return;
    void shutdown(code ?? 1, `${name} exited (${signal ?? `code ${code}`}); stopping everything`);
  });
  return child;
}

function runOnce(name, command, args, env) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
    prefixLines(child.stdout, name, 90, process.stdout);
    prefixLines(child.stderr, name, 90, process.stderr);
    child.on('error', () => resolve(1));
    child.on('exit', (code) => resolve(code ?? 1));
  });
}

/**
 * The emulator keeps its apps in memory: register the app the api's SHOPIFY_CLIENT_ID / SHOPIFY_CLIENT_SECRET name
 * (defaults mirror libs/server/core's AppConfig), auto-approved, so any emulator shop connects out of the box.
 */
async function registerDevShopifyApp(emulatorPort) {
  const base = `http://127.0.0.1:${emulatorPort}/_emulator`;
  if (!(await waitForHttp(`${base}/health`, 60_000))) return;
  const clientId = process.env.SHOPIFY_CLIENT_ID || 'retailos-dev-app';
  try {
    const apps = await (await fetch(`${base}/apps`)).json();
    if (Array.isArray(apps) && apps.some((a) => a.clientId === clientId)) return;
    const res = await fetch(`${base}/apps`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        clientId,
        clientSecret: process.env.SHOPIFY_CLIENT_SECRET || 'dev-shopify-client-secret-change-me',
        name: 'Retailos (dev)',
        autoApprove: true,
      }),
    });
    say(
      res.ok
        ? `Shopify app ${clientId} registered in the emulator`
        : `could not register the Shopify app in the emulator (${res.status})`,
    );
  } catch (err) {
    say(`could not register the Shopify app in the emulator: ${err.message}`);
  }
}

async function waitForHttp(url, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !shuttingDown) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (res.ok) return true;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  return false;
}

async function main() {
  const port = process.env.PORT ?? '4000';
  const emulatorPort = process.env.SHOPIFY_EMULATOR_PORT ?? '4100';
  const dashboardPort = process.env.DASHBOARD_PORT ?? '3000';

  try {
    const pg = await ensurePostgres({ databaseUrl: process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL });
    handles.push(pg);
    const redis = await ensureRedis({ redisUrl: process.env.REDIS_URL ?? DEFAULT_REDIS_URL });
    handles.push(redis);
    process.env.DATABASE_URL = pg.url;
    process.env.REDIS_URL = redis.url;
  } catch (err) {
    process.stderr.write(`${err instanceof ServiceError ? err.message : err.stack}\n`);
    await stopAll(handles);
    process.exit(1);
  }

  const env = tsEnv({
    ...process.env,
    NODE_ENV: process.env.NODE_ENV ?? 'development',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
    PORT: port,
    SHOPIFY_EMULATOR_PORT: emulatorPort,
  });

  // The migration CLI is whatever .ts file the db:migrate script names.
  const migrateScript = JSON.parse(readFileSync(at('package.json'), 'utf8')).scripts?.['db:migrate'] ?? '';
  const migrateEntry = /(\S+\.ts)\b/.exec(migrateScript)?.[1];
  if (migrateEntry && existsSync(at(migrateEntry))) {
    say('running migrations (npm run db:migrate)');
    const code = await runOnce('migrate', 'npm', ['run', '--silent', 'db:migrate'], env);
    if (code !== 0) return shutdown(code, `migrations failed (exit ${code}); not starting the apps`);
  } else {
    say(`no migration CLI yet (${migrateEntry ?? 'db:migrate script'} missing): skipping migrations`);
  }
  if (shuttingDown) return;

  const node = [process.execPath, ...tsNodeArgs()];
  const urls = [];
  if (existsSync(at('apps/shopify-emulator/src/main.ts'))) {
    launch('emulator', node[0], [...node.slice(1), at('apps/shopify-emulator/src/main.ts')], {
      ...env,
      PORT: emulatorPort,
    });
    urls.push(['Shopify emulator', `http://localhost:${emulatorPort}`]);
  }
  for (const app of ['api', 'worker']) {
    const main = at('apps', app, 'src/main.ts');
    if (!existsSync(main)) {
      say(`apps/${app}/src/main.ts does not exist yet: skipping ${app}`);
      continue;
    }
    launch(app, node[0], [...node.slice(1), main], env);
  }
  if (children.has('api')) {
    urls.unshift(
      ['API', `http://localhost:${port}/api`],
      ['API docs', `http://localhost:${port}/api/docs`],
      ['Readiness', `http://localhost:${port}/health/ready`],
    );
  }
  // The dashboard runs `next dev`: it is up in seconds and recompiles on save, where a production build would cost a
  // minute on every start. The browser tests use the production build (`next build` + `next start`) instead.
  const hasNextConfig =
    existsSync(at('apps/dashboard')) && readdirSync(at('apps/dashboard')).some((f) => /^next\.config\./.test(f));
  if (hasNextConfig) {
    launch(
      'dashboard',
      process.execPath,
      [at('node_modules/next/dist/bin/next'), 'dev', at('apps/dashboard'), '--port', dashboardPort],
      { ...env, API_URL: process.env.API_URL ?? `http://127.0.0.1:${port}`, NEXT_TELEMETRY_DISABLED: '1' },
    );
    urls.push(['Dashboard', `http://localhost:${dashboardPort}`]);
  }
  if (children.size === 0) return shutdown(1, 'nothing to start: no apps/*/src/main.ts yet');

  const width = Math.max(...urls.map(([label]) => label.length));
  say(
    `Retailos dev stack (${[...children.keys()].join(', ')})\n${urls.map(([l, u]) => `  ${l.padEnd(width)}  ${u}`).join('\n')}\n  Ctrl-C stops everything.`,
  );
  if (children.has('emulator') && !children.has('api')) void registerDevShopifyApp(emulatorPort);
  if (children.has('api') && (await waitForHttp(`http://127.0.0.1:${port}/health/ready`, 120_000))) {
    say(`api is ready: http://localhost:${port}/api`);
    if (process.env.RETAILOS_DEMO !== '0' && existsSync(at('tools/dev/demo-seed.ts')))
      await seedDemo(env, port, dashboardPort);
    // The same demo workspace, connected to a seeded demo shop (registers the dev app in the emulator first).
    if (process.env.RETAILOS_DEMO !== '0' && children.has('emulator') && existsSync(at('tools/dev/shopify-demo.ts'))) {
      const code = await runOnce('demo', node[0], [...node.slice(1), at('tools/dev/shopify-demo.ts')], env);
      if (code !== 0) say('demo setup failed (see above); the stack keeps running');
    }
  }
}

/** First start: a demo workspace with a small catalogue, stock, customers and orders (idempotent; RETAILOS_DEMO=0 skips). */
async function seedDemo(env, port, dashboardPort) {
  const out = await new Promise((resolve) => {
    const child = spawn(process.execPath, [...tsNodeArgs(), at('tools/dev/demo-seed.ts')], {
      cwd: repoRoot,
      env: { ...env, API_URL: `http://127.0.0.1:${port}` },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout.on('data', (d) => (stdout += d));
    prefixLines(child.stderr, 'demo', 90, process.stderr);
    child.on('error', () => resolve(null));
    child.on('exit', (code) => resolve(code === 0 ? stdout : null));
  });
  if (shuttingDown) return;
  if (!out) return say('demo workspace: seeding failed (see above); the stack keeps running');
  const result = JSON.parse(out.trim().split('\n').pop());
  const what = result.created
    ? `created (${result.summary.products} products, ${result.summary.customers} customers, ${result.summary.orders} orders)`
    : 'already there';
  say(
    `demo workspace ${what}. Sign in at http://localhost:${dashboardPort}\n  email     ${result.signIn.email}\n  password  ${result.signIn.password}` +
      (result.demoKey
        ? `\n  api key   ${result.demoKey}\n            (read-only; shown this once, never again: try curl -H "Authorization: Bearer <key>" http://localhost:${port}/api/products)`
        : ''),
  );
}

await main();
