import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { freePort } from '@retailos/server/testing';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { createApiApp } from '../../../api/src/bootstrap';
import { startWorker, type RunningWorker } from '../../../worker/src/bootstrap';

const ROOT = resolve(__dirname, '../../../..');
export const SCREENSHOTS = resolve(ROOT, 'docs/screenshots');
export const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

/**
 * The whole product for a browser test: the real api (in this process, on BROWSER_API_PORT, the port the dashboard
 * build proxies to), the real worker, `next start` on the production build, and headless Chromium (Debian's
 * package driven by playwright-core). Part 2 adds its suites next to the first one and reuses this as is.
 */
export interface BrowserStack {
  apiUrl: string;
  /** What the browser opens: the dashboard, which proxies /api and /ws to the api. */
  dashboardUrl: string;
  api: NestFastifyApplication;
  worker: RunningWorker;
  browser: Browser;
  newPage(viewport?: { width: number; height: number }): Promise<{ context: BrowserContext; page: Page }>;
  /** Saves docs/screenshots/<name>.png (full page). */
  screenshot(page: Page, name: string): Promise<void>;
  close(): Promise<void>;
}

async function waitForHttp(url: string, child: ChildProcess, output: () => string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`next start exited with ${child.exitCode}:\n${output()}`);
    const ok = await fetch(url, { redirect: 'manual' }).then(
      (r) => r.status < 500,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`dashboard not up at ${url} in time:\n${output()}`);
}

export async function startBrowserStack(): Promise<BrowserStack> {
  const apiPort = Number(process.env['BROWSER_API_PORT'] ?? 0);
  if (!apiPort)
    throw new Error(
      'BROWSER_API_PORT is not set: run this tier with `npm run test:browser` (it builds the dashboard for that port)',
    );
  if (!existsSync(resolve(ROOT, 'apps/dashboard/.next/BUILD_ID')))
    throw new Error('no dashboard build: run this tier with `npm run test:browser`');
  if (!existsSync(CHROMIUM))
    throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (or set CHROMIUM_PATH)`);

  const api = await createApiApp();
  await api.listen(apiPort, '127.0.0.1');
  const worker = await startWorker({ metricsPort: -1 });

  const dashboardPort = await freePort();
  let out = '';
  const next = spawn(
    process.execPath,
    [
      resolve(ROOT, 'node_modules/next/dist/bin/next'),
      'start',
      resolve(ROOT, 'apps/dashboard'),
      '-p',
      String(dashboardPort),
      '-H',
      '127.0.0.1',
    ],
    {
      cwd: ROOT,
      env: { ...process.env, NODE_ENV: 'production' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  next.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  next.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  // `localhost` is a secure context for Chromium: the api's Secure cookies (NODE_ENV=test) are kept over http
  const dashboardUrl = `http://localhost:${dashboardPort}`;
  await waitForHttp(`http://127.0.0.1:${dashboardPort}/sign-in`, next, () => out, 60_000);

  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  mkdirSync(SCREENSHOTS, { recursive: true });

  const stopNext = async (): Promise<void> => {
    if (next.exitCode !== null || next.signalCode !== null) return;
    const exited = new Promise<void>((r) => next.once('exit', () => r()));
    next.kill('SIGTERM');
    const timer = setTimeout(() => next.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  };

  return {
    apiUrl: `http://127.0.0.1:${apiPort}`,
    dashboardUrl,
    api,
    worker,
    browser,
    newPage: async (viewport = { width: 1280, height: 800 }) => {
      const context = await browser.newContext({ viewport, baseURL: dashboardUrl, locale: 'en-US', timezoneId: 'UTC' });
      context.setDefaultTimeout(20_000);
      const page = await context.newPage();
      return { context, page };
    },
    screenshot: async (page, name) => {
      await page.screenshot({ path: resolve(SCREENSHOTS, `${name}.png`), fullPage: true, animations: 'disabled' });
    },
    close: async () => {
      await browser.close().catch(() => undefined);
      await stopNext();
      await worker.close();
      await api.close();
    },
  };
}

/** A local webhook receiver: records every request, answers what the test says per path. */
export class Receiver {
  readonly requests: { path: string; body: string }[] = [];
  private readonly status = new Map<string, number>();
  private server?: Server;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const path = req.url ?? '/';
        this.requests.push({ path, body: Buffer.concat(chunks).toString('utf8') });
        const code = this.status.get(path) ?? 200;
        res.writeHead(code, { 'content-type': 'application/json' });
        res.end(code < 300 ? '{"ok":true}' : '{"error":"receiver is down"}');
      });
    });
    await new Promise<void>((r) => this.server?.listen(0, '127.0.0.1', () => r()));
    this.url = `http://127.0.0.1:${(this.server?.address() as { port: number }).port}`;
  }

  /** The URL for `path`, answering `status` from now on. */
  answer(path: string, status: number): string {
    this.status.set(path, status);
    return `${this.url}${path}`;
  }

  at(path: string): { path: string; body: string }[] {
    return this.requests.filter((r) => r.path === path);
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((r) => this.server?.close(() => r()));
  }
}
