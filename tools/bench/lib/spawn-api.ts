import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';

export const ROOT = resolve(__dirname, '../../..');

export function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.once('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => ok(port));
    });
  });
}

/** Runs a repo script (`node tools/dev/run.mjs <file> ...args`) and returns its stdout. */
export function run(file: string, args: string[], env: NodeJS.ProcessEnv): string {
  const out = spawnSync(process.execPath, [resolve(ROOT, 'tools/dev/run.mjs'), file, ...args], {
    cwd: ROOT,
    env,
    encoding: 'utf8',
  });
  if (out.status !== 0) throw new Error(`${file} ${args[0] ?? ''} failed: ${out.stderr}`);
  return out.stdout;
}

export function runJson(file: string, args: string[], env: NodeJS.ProcessEnv): Record<string, string> {
  return JSON.parse(run(file, args, env)) as Record<string, string>;
}

/** SIGTERM, resolved once the process has exited (at once when it already has). */
export function stopProcess(child: ChildProcess): Promise<void> {
  return new Promise<void>((done) => {
    if (child.exitCode !== null) return done();
    child.once('exit', () => done());
    child.kill('SIGTERM');
  });
}

export async function startApi(
  env: NodeJS.ProcessEnv,
  port: number,
): Promise<{ url: string; child: ChildProcess; stop(): Promise<void> }> {
  // BENCH_API_NODE_ARGS (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`): node flags for the api process alone, which is
  // then started the way tools/dev/run.mjs starts it (SWC register + the repo tsconfig) without the wrapper.
  const nodeArgs = (env['BENCH_API_NODE_ARGS'] ?? '').split(/\s+/).filter(Boolean);
  const argv =
    nodeArgs.length > 0
      ? [...nodeArgs, '-r', require.resolve('@swc-node/register'), 'apps/api/src/main.ts']
      : [resolve(ROOT, 'tools/dev/run.mjs'), 'apps/api/src/main.ts'];
  const child = spawn(process.execPath, argv, {
    cwd: ROOT,
    env: {
      ...env,
      PORT: String(port),
      HOST: '127.0.0.1',
      ...(nodeArgs.length > 0 ? { SWC_NODE_PROJECT: resolve(ROOT, 'tsconfig.json') } : {}),
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`api exited with ${child.exitCode}`);
    if (
      await fetch(`${url}/health/live`).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    child,
    stop: () => stopProcess(child),
  };
}

/**
 * Starts the worker as its own process and resolves once it processes jobs. `profileDir` writes a CPU profile of it
 * there (started the way tools/dev/run.mjs starts it, without the wrapper, so the flag reaches the worker).
 */
export async function startWorker(
  env: NodeJS.ProcessEnv,
  profileDir?: string,
): Promise<{ child: ChildProcess; stop(): Promise<void> }> {
  const args = profileDir
    ? [
        '-r',
        require.resolve('@swc-node/register'),
        '--cpu-prof',
        `--cpu-prof-dir=${profileDir}`,
        resolve(ROOT, 'apps/worker/src/main.ts'),
      ]
    : [resolve(ROOT, 'tools/dev/run.mjs'), 'apps/worker/src/main.ts'];
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...env, LOG_LEVEL: 'info', WORKER_METRICS_PORT: '-1', SWC_NODE_PROJECT: resolve(ROOT, 'tsconfig.json') },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((ok, fail) => {
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('Processing ')) ok();
    });
    child.once('exit', (code) => fail(new Error(`worker exited with ${code}`)));
  });
  child.stdout?.resume();
  return {
    child,
    stop: () => stopProcess(child),
  };
}

/**
 * CPU time (user + system, ms) used so far by a process started by startApi: the api itself, not the run.mjs wrapper
 * (its first child). Linux only (/proc); null elsewhere. On a shared host this moves far less than requests/s.
 */
export function apiCpuMs(child: ChildProcess): number | null {
  const pid = child.pid;
  if (pid === undefined || !existsSync(`/proc/${pid}/stat`)) return null;
  const childrenFile = `/proc/${pid}/task/${pid}/children`;
  const kids = existsSync(childrenFile) ? readFileSync(childrenFile, 'utf8').trim().split(/\s+/).filter(Boolean) : [];
  const target = kids[0] ?? String(pid);
  const fields = readFileSync(`/proc/${target}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  // utime and stime are fields 14 and 15 of /proc/<pid>/stat, in clock ticks (100 per second on Linux).
  return (Number(fields[11]) + Number(fields[12])) * 10;
}
