import { generateSigningSecret, signDelivery, WebhookHttpClient } from '@retailos/server/webhooks';
import { newId } from '@retailos/shared/util';

/**
 * The delivery worker's own send path with nothing else: the same HTTP client (SSRF vetting, pinned lookup,
 * keep-alive agent, response judging) and the same two signatures per request, from one Node process, with no
 * database, queue or bookkeeping. Its rate bounds what any delivery built on this client can reach on this host.
 *
 *   node tools/dev/run.mjs tools/bench/lib/bare-sender.ts <url> <concurrency> <durationMs>
 * prints {"sent": n, "failed": n, "perSec": n}
 */
async function main(): Promise<void> {
  const [url = '', concurrencyArg = '64', durationArg = '10000'] = process.argv.slice(2);
  const concurrency = Number(concurrencyArg);
  const durationMs = Number(durationArg);
  const client = new WebhookHttpClient({ allowPrivateNetworks: false, allowedHosts: [new URL(url).hostname] }, 10_000);
  const secret = generateSigningSecret();
  let sent = 0;
  let failed = 0;
  const started = Date.now();
  const deadline = started + durationMs;
  const lane = async (): Promise<void> => {
    while (Date.now() < deadline) {
      const id = newId('evt');
      const body = JSON.stringify({
        id,
        topic: 'order.created',
        workspaceId: 'ws_bench',
        occurredAt: new Date().toISOString(),
        data: { orderId: newId('ord'), total: { amount: 4200, currency: 'EUR' } },
      });
      const headers = signDelivery({
        secrets: [secret],
        eventId: id,
        topic: 'order.created',
        body,
        timestampSec: Math.floor(Date.now() / 1000),
      });
      const outcome = await client.post(url, { ...headers }, body);
      if (outcome.succeeded) sent++;
      else failed++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  const elapsed = Date.now() - started;
  process.stdout.write(`${JSON.stringify({ sent, failed, perSec: Math.round(sent / (elapsed / 1000)) })}\n`);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
    process.exit(1);
  },
);
