import { freePort } from '@retailos/server/testing';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '../..');
// Inside the repository, so the compiled apps resolve the installed packages as they would in the image.
const out = join(root, '.data', `build-test-${process.pid}`);

interface Running {
  child: ChildProcess;
  /** Resolves on 'close': the process has exited and its stdout/stderr pipes are closed too. */
  closed: Promise<void>;
  output(): string;
}

const running: Running[] = [];
let finished = false;

/** Starts a compiled entry point with plain node (no TypeScript loader), as the runtime image does. */
function startCompiled(entry: string, env: Record<string, string>): Running {
  const child = spawn(process.execPath, ['--enable-source-maps', join(out, entry)], {
    cwd: root,
    env: { ...process.env, NODE_ENV: 'production', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  child.stdout?.on('data', (d: Buffer) => (text += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (text += d.toString()));
  const closed = new Promise<void>((r) => child.once('close', () => r()));
  const proc = { child, closed, output: () => text };
  running.push(proc);
  return proc;
}

async function stop(proc: Running): Promise<void> {
  const { child } = proc;
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10000);
  await proc.closed;
  clearTimeout(timer);
}

async function waitFor<T>(
  what: string,
  procs: Running[],
  probe: () => Promise<T | undefined>,
  timeoutMs = 45000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !finished) {
    for (const p of procs) {
      if (p.child.exitCode !== null)
        throw new Error(`${what}: a process exited with ${p.child.exitCode}:\n${p.output()}`);
    }
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${what}: not within ${timeoutMs} ms:\n${procs.map((p) => p.output()).join('\n')}`);
}

describe('production build (tools/build/build.mjs, the `build` Nx targets)', () => {
  afterAll(async () => {
    finished = true; // a probe still polling after a timeout stops too
    await Promise.all(running.map(stop));
    rmSync(out, { recursive: true, force: true });
  });

  it('compiles api and worker; the compiled migration CLI, api and worker run with plain node and the api is ready', async () => {
    const built = spawnSync(process.execPath, ['tools/build/build.mjs', 'api', 'worker', '--out', out], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(built.stderr).toBe('');
    expect(built.status).toBe(0);
    for (const entry of ['apps/api/main.js', 'apps/api/tools/db/migrate.js', 'apps/worker/main.js'])
      expect(existsSync(join(out, entry))).toBe(true);

    // The test database is already migrated: the compiled CLI connects, finds every migration applied.
    const migrated = spawnSync(process.execPath, [join(out, 'apps/api/tools/db/migrate.js'), 'up'], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, LOG_LEVEL: 'warn' },
    });
    expect(migrated.stderr).toBe('');
    expect(migrated.stdout.trim()).toBe('applied 0 migration(s)');

    const [port, metricsPort] = [await freePort(), await freePort()];
    const prefix = `${process.env['REDIS_PREFIX'] ?? 'retailos'}:compiled`;
    const api = startCompiled('apps/api/main.js', { PORT: String(port), HOST: '127.0.0.1', REDIS_PREFIX: prefix });
    const worker = startCompiled('apps/worker/main.js', {
      WORKER_METRICS_PORT: String(metricsPort),
      REDIS_PREFIX: prefix,
    });

    const ready = await waitFor('api /health/ready', [api, worker], async () => {
      const res = await fetch(`http://127.0.0.1:${port}/health/ready`);
      return res.ok
        ? ((await res.json()) as { status: string; checks: Record<string, { status: string }> })
        : undefined;
    });
    expect(ready.status).toBe('ok');
    expect(Object.values(ready.checks).map((c) => c.status)).toEqual(['up', 'up']);

    // The worker's scheduled retention jobs run at boot: both complete in the compiled worker.
    const metrics = await waitFor('worker runs its scheduled prunes', [api, worker], async () => {
      const text = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
      return /queue_jobs_total\{[^}]*job="webhooks\.prune"[^}]*outcome="completed"/.test(text) &&
        /queue_jobs_total\{[^}]*job="outbox\.prune"[^}]*outcome="completed"/.test(text)
        ? text
        : undefined;
    });
    expect(metrics).not.toMatch(/outcome="failed"/);
    expect(worker.output()).not.toMatch(/job failed/);
  }, 120_000); // two app boots: tens of seconds on a loaded machine
});
