// Programmatic entry point: start a Shopify emulator in-process (tests, benchmarks, the demo).
import type { AddressInfo } from 'node:net';
import { rmSync } from 'node:fs';
import { defaultDataDir, Emulator } from './emulator';
import { buildServer } from './http/server';
import { loadSnapshot, saveSnapshot } from './store/snapshot';

export { Emulator, DEFAULT_SCOPES, DEFAULT_THROTTLE, normaliseShopDomain } from './emulator';
export type { AppRec, EmulatorConfig } from './emulator';
export type { FaultSettings, ThrottleSettings } from './store/store.types';
export type { Delivery, DeliveryAttempt, DeliveryStatus } from './webhooks/webhook-delivery.service';
export { RETRY_DELAYS_MS, RETRY_COUNT, API_VERSION } from './webhooks/webhook-delivery.service';
export { toShopifyJson } from './util/shopify-json';
export { signOAuthParams, verifyOAuthParams, oauthMessage } from './oauth/oauth.routes';

export interface StartEmulatorOptions {
  port?: number;
  host?: string;
  /** Multiplies every emulator delay (webhook retries, reorder window, bulk progress). 1 = real time. */
  timeScale?: number;
  /** Load state from this file at start and save it on close (and on POST /_emulator/snapshot). */
  snapshotFile?: string;
  webhookConnectTimeoutMs?: number;
  webhookTimeoutMs?: number;
}

export interface RunningEmulator {
  url: string;
  port: number;
  emulator: Emulator;
  close(): Promise<void>;
}

export async function startEmulator(opts: StartEmulatorOptions = {}): Promise<RunningEmulator> {
  const dataDir = defaultDataDir();
  const emulator = new Emulator({
    timeScale: opts.timeScale ?? 1,
    webhookConnectTimeoutMs: opts.webhookConnectTimeoutMs ?? 1000,
    webhookTimeoutMs: opts.webhookTimeoutMs ?? 5000,
    dataDir,
  });
  if (opts.snapshotFile) loadSnapshot(emulator, opts.snapshotFile);
  const app = buildServer(emulator);
  if (opts.snapshotFile) {
    const file = opts.snapshotFile;
    app.post('/_emulator/snapshot', async (_req, reply) => {
      saveSnapshot(emulator, file);
      return reply.send({ saved: file });
    });
  }
  await app.listen({ port: opts.port ?? 0, host: opts.host ?? '127.0.0.1' });
  const address = app.server.address() as AddressInfo;
  const host = opts.host && opts.host !== '0.0.0.0' && opts.host !== '::' ? opts.host : '127.0.0.1';
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
  emulator.baseUrl = url;
  let closed = false;
  return {
    url,
    port: address.port,
    emulator,
    async close() {
      if (closed) return;
      closed = true;
      emulator.close();
      if (opts.snapshotFile) saveSnapshot(emulator, opts.snapshotFile);
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
