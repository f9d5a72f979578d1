// Runs a TypeScript entry point with SWC (path aliases + decorator metadata from tsconfig.json):
//   node tools/dev/run.mjs <file.ts> [args...]
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureDeps, repoRoot } from './ensure-deps.mjs';

/** argv prefix that makes `node` run a .ts file the way the apps are built */
export function tsNodeArgs() {
  const require = createRequire(path.join(repoRoot, 'package.json'));
  return ['-r', require.resolve('@swc-node/register')];
}

export function tsEnv(env = process.env) {
  return { ...env, SWC_NODE_PROJECT: path.join(repoRoot, 'tsconfig.json') };
}

async function main() {
  const [file, ...args] = process.argv.slice(2);
  if (!file) {
    process.stderr.write('usage: node tools/dev/run.mjs <file.ts> [args...]\n');
    process.exit(2);
  }
  ensureDeps();
  const child = spawn(process.execPath, [...tsNodeArgs(), path.resolve(file), ...args], {
    stdio: 'inherit',
    env: tsEnv(),
  });

  // A Ctrl-C in a terminal already reaches the child (same process group); sending it twice would make
  // NestJS skip its graceful shutdown. SIGTERM, or SIGINT without a terminal, is forwarded.
  const forward = (signal) => {
    if (signal === 'SIGINT' && process.stdin.isTTY) return;
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => forward(signal));

  child.on('error', (err) => {
    process.stderr.write(`[run] failed to start node: ${err.message}\n`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => {
    if (signal) {
      const signum = { SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGTERM: 15 }[signal] ?? 1;
      process.exit(128 + signum);
    }
    process.exit(code ?? 1);
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
