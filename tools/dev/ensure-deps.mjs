// Installs node_modules with `npm ci` when they are missing or out of date with package-lock.json, so every
// npm script works as the first command on a fresh clone. Node built-ins only: it runs before anything is installed.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync, utimesSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const lockFile = path.join(repoRoot, 'package-lock.json');
const hiddenLock = path.join(repoRoot, 'node_modules', '.package-lock.json');

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

// mtimes alone give false alarms (a fresh clone, or `npm install` writing the two files in either order),
// so an older hidden lockfile is compared by content before we pay for `npm ci`.
function sameInstall() {
  const want = readJson(lockFile)?.packages;
  const have = readJson(hiddenLock)?.packages;
  if (!want || !have) return false;
  for (const [key, meta] of Object.entries(want)) {
    if (key === '' || meta.link) continue;
    const got = have[key];
    if (got) {
      if (got.version !== meta.version) return false;
    } else if (!meta.optional && !meta.peer && !meta.dev) {
      return false;
    } else if (meta.dev && !process.env.NODE_ENV?.startsWith('prod') && !meta.optional) {
      return false;
    }
  }
  return true;
}

export function depsAreFresh() {
  if (!existsSync(lockFile)) return existsSync(path.join(repoRoot, 'node_modules'));
  if (!existsSync(hiddenLock)) return false;
  if (statSync(hiddenLock).mtimeMs >= statSync(lockFile).mtimeMs) return true;
  if (!sameInstall()) return false;
  const now = new Date();
  try {
    utimesSync(hiddenLock, now, now);
  } catch {
    // read-only node_modules: we simply compare again next time
  }
  return true;
}

function hasCommand(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

function npm(args) {
  // Share the lock other local npm installs take, so we never install under a concurrent install.
  const [cmd, cmdArgs] = hasCommand('flock') ? ['flock', ['/tmp/retailos-npm.lock', 'npm', ...args]] : ['npm', args];
  const res = spawnSync(cmd, cmdArgs, { cwd: repoRoot, stdio: ['ignore', process.stderr, process.stderr] });
  return res.error ? 1 : (res.status ?? 1);
}

export function ensureDeps() {
  if (depsAreFresh()) return;
  process.stderr.write('[deps] node_modules missing or older than package-lock.json: running npm ci\n');
  if (!existsSync(lockFile)) {
    if (npm(['install', '--no-audit', '--no-fund']) !== 0) process.exit(1);
    return;
  }
  // No fallback to `npm install`: a lockfile that `npm ci` refuses is a bug to fix, not to hide.
  const code = npm(['ci', '--no-audit', '--no-fund']);
  if (code !== 0) {
    process.stderr.write(`[deps] npm ci failed (exit ${code}); package-lock.json must be regenerated\n`);
    process.exit(code);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  ensureDeps();
}
