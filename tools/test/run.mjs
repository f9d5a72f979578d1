// `npm test [unit|int|e2e|browser] [-- jest args]`: runs the Jest tiers in order against real Postgres and Redis,
// stops at the first failing tier, and closes with one `N passed, N failed` line across all tiers.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import path from 'node:path';
import { ensureDeps, repoRoot } from '../dev/ensure-deps.mjs';

const TIERS = {
  unit: { config: 'jest.unit.config.js', roots: ['apps', 'libs', 'tools'], suffix: '.spec.ts', services: false },
  int: { config: 'jest.int.config.js', roots: ['apps', 'libs', 'tools'], suffix: '.int-spec.ts', services: true },
  e2e: { config: 'jest.e2e.config.js', roots: ['apps/api-e2e'], suffix: '.e2e-spec.ts', services: true },
  // the dashboard in headless Chromium: builds the dashboard for an api port first (see prepareBrowserTier)
  browser: {
    config: 'jest.browser.config.js',
    roots: ['apps/dashboard-e2e'],
    suffix: '.browser-spec.ts',
    services: true,
    workers: 1,
  },
};

const argv = process.argv.slice(2);
const selected = argv[0] && argv[0] in TIERS ? [argv.shift()] : Object.keys(TIERS);
const jestArgs = argv[0] === '--' ? argv.slice(1) : argv;
const say = (msg) => process.stderr.write(`[test] ${msg}\n`);

function hasTests(dir, suffix) {
  if (!existsSync(dir)) return false;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) {
      if (['node_modules', 'dist', '.data', 'coverage', '.nx', '.next'].includes(entry.name)) continue;
      if (hasTests(path.join(dir, entry.name), suffix)) return true;
    } else if (entry.name.endsWith(suffix)) {
      return true;
    }
  }
  return false;
}

let current; // the running jest (or next build) process, for signal forwarding
const handles = [];
let stopServices = async () => undefined;

function runJest(tier, env) {
  const { config } = TIERS[tier];
  const require = createRequire(path.join(repoRoot, 'package.json'));
  const jestBin = require.resolve('jest/bin/jest');
  const outDir = path.join(repoRoot, '.data', 'test-results');
  mkdirSync(outDir, { recursive: true });
  const outputFile = path.join(outDir, `${tier}-${process.pid}.json`); // concurrent runs must not share it
  rmSync(outputFile, { force: true });
  const args = [jestBin, '-c', config, '--passWithNoTests', '--json', '--outputFile', outputFile];
  if (process.env.CI) args.push('--ci');
  if (tier !== 'unit') args.push(`--maxWorkers=${TIERS[tier].workers ?? 2}`);
  args.push(...jestArgs);
  say(`${tier}: jest ${args.slice(1, 3).join(' ')}${jestArgs.length ? ` ${jestArgs.join(' ')}` : ''}`);
  return new Promise((resolve) => {
    current = spawn(process.execPath, args, { cwd: repoRoot, env, stdio: 'inherit' });
    current.on('exit', (code, signal) => {
      current = undefined;
      let counts = { passed: 0, failed: 0, skipped: 0 };
      try {
        const r = JSON.parse(readFileSync(outputFile, 'utf8'));
        counts = {
          passed: r.numPassedTests,
          // a suite that crashed outside its tests (syntax error, failing hook) has no failed test: count it once
          failed:
            r.numFailedTests +
            r.testResults.filter((t) => t.status === 'failed' && !t.assertionResults.some((a) => a.status === 'failed'))
              .length,
          skipped: r.numPendingTests + (r.numTodoTests ?? 0),
        };
      } catch {
        if (code === 0) code = 1; // jest claimed success but wrote no report
      }
      rmSync(outputFile, { force: true });
      resolve({ code: signal ? 1 : (code ?? 1), ...counts });
    });
  });
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/**
 * The browser tier runs the production build (`next start`), whose rewrites are fixed at build time: pick the port
 * the in-test api will listen on, build the dashboard to proxy there, and hand the port to Jest.
 */
async function prepareBrowserTier(env) {
  const port = await freePort();
  const require = createRequire(path.join(repoRoot, 'package.json'));
  const nextBin = require.resolve('next/dist/bin/next');
  const started = Date.now();
  say(`browser: next build apps/dashboard (API_URL=http://127.0.0.1:${port})`);
  const code = await new Promise((resolve) => {
    current = spawn(process.execPath, [nextBin, 'build', path.join(repoRoot, 'apps/dashboard')], {
      cwd: repoRoot,
      env: { ...env, NODE_ENV: 'production', API_URL: `http://127.0.0.1:${port}`, NEXT_TELEMETRY_DISABLED: '1' },
      stdio: 'inherit',
    });
    current.on('exit', (c, signal) => {
      current = undefined;
      resolve(signal ? 1 : (c ?? 1));
    });
  });
  say(
    `browser: build ${code === 0 ? 'done' : `failed (exit ${code})`} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  env.BROWSER_API_PORT = String(port);
  if (code !== 0) return code;
  // the issue's budget: each page's first load ships under 300 kB of JavaScript (gzip)
  const { firstLoadSizes } = await import('../dev/dashboard-bundle-size.mjs');
  const sizes = firstLoadSizes();
  const over = sizes.filter((r) => r.bytes > 300 * 1024);
  const largest = sizes.reduce((a, b) => (b.bytes > a.bytes ? b : a));
  say(
    `browser: first-load JS per page ${(Math.min(...sizes.map((r) => r.bytes)) / 1024).toFixed(1)}-${(largest.bytes / 1024).toFixed(1)} kB gzip (largest ${largest.route})`,
  );
  for (const r of over)
    say(`browser: ${r.route} ships ${(r.bytes / 1024).toFixed(1)} kB of JavaScript on first load (budget 300 kB)`);
  return over.length ? 1 : 0;
}

async function main() {
  ensureDeps();
  const env = { ...process.env, NODE_ENV: 'test' };

  const plan = selected.filter((tier) => {
    const t = TIERS[tier];
    if (t.roots.some((r) => hasTests(path.join(repoRoot, r), t.suffix))) return true;
    say(`${tier}: no *${t.suffix} files, skipped`);
    return false;
  });

  if (plan.some((tier) => TIERS[tier].services)) {
    const services = await import('../dev/services.mjs');
    stopServices = () => services.stopAll(handles);
    try {
      // Tests get the admin database: the global setup creates one database per Jest worker from it.
      const pg = await services.ensurePostgres({
        databaseUrl: process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL ?? services.DEFAULT_TEST_DATABASE_URL,
        explicit: Boolean(process.env.TEST_DATABASE_URL || process.env.DATABASE_URL),
      });
      handles.push(pg);
      const redis = await services.ensureRedis({ redisUrl: process.env.REDIS_URL ?? services.DEFAULT_REDIS_URL });
      handles.push(redis);
      Object.assign(env, { TEST_DATABASE_URL: pg.url, DATABASE_URL: pg.url, REDIS_URL: redis.url });
    } catch (err) {
      process.stderr.write(`${err instanceof services.ServiceError ? err.message : err.stack}\n`);
      await stopServices();
      return 1;
    }
  }

  const total = { passed: 0, failed: 0, skipped: 0 };
  let exitCode = 0;
  for (const tier of plan) {
    if (tier === 'browser') {
      const built = await prepareBrowserTier(env);
      if (built !== 0) {
        say('browser: the dashboard does not build; counted as 1 failure');
        total.failed += 1;
        exitCode = built;
        break;
      }
    }
    const started = Date.now();
    const r = await runJest(tier, env);
    if (tier === 'browser') say(`browser: tier ran in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    total.passed += r.passed;
    total.failed += r.failed;
    total.skipped += r.skipped;
    if (r.code !== 0) {
      if (r.failed === 0) {
        // a crash outside any test (global setup, config) still has to show up in the closing line
        say(`${tier}: jest exited ${r.code} without a failing test; counted as 1 failure`);
        total.failed += 1;
      }
      say(`${tier} tier failed (exit ${r.code}); later tiers not run`);
      exitCode = r.code;
      break;
    }
  }
  await stopServices();

  if (exitCode === 0 && total.failed > 0) exitCode = 1;
  if (exitCode === 0 && total.passed + total.failed === 0) {
    say('no tests ran');
    exitCode = 1;
  }
  process.stdout.write(
    `\n${total.passed} passed, ${total.failed} failed${total.skipped ? `, ${total.skipped} skipped` : ''}\n`,
  );
  return exitCode;
}

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (current) current.kill(signal);
    void stopServices().then(() => process.exit(130));
  });
}

process.exit(await main());
