// The ingest benchmark's baseline: a bare Fastify route doing only what the webhook route must do at its core, the
// base64 HMAC check over the raw bytes (constant time) and the inbox insert (unique on shop + webhook id), then 200.
//   node tools/dev/run.mjs tools/bench/lib/bare-shopify-receiver.ts <port>   (DATABASE_URL, SHOPIFY_CLIENT_SECRET, BENCH_WORKSPACE)
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import Fastify from 'fastify';
import { Pool } from 'pg';

async function main(): Promise<void> {
  const port = Number(process.argv[2]);
  const secret = process.env['SHOPIFY_CLIENT_SECRET'] ?? '';
  const workspaceId = process.env['BENCH_WORKSPACE'] ?? '';
  const pool = new Pool({ connectionString: process.env['DATABASE_URL'], max: 20 });
  const app = Fastify({ logger: false });
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
  app.post('/webhooks', async (req, reply) => {
    const raw = req.body as Buffer;
    const given = Buffer.from(String(req.headers['x-shopify-hmac-sha256'] ?? ''), 'base64');
    const expected = createHmac('sha256', secret).update(raw).digest();
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return reply.code(401).send();
    await pool.query(
      `insert into shopify_webhooks (id, workspace_id, shop_domain, webhook_id, event_id, topic, triggered_at, body)
       values ($1, $2, $3, $4, $5, $6, $7, $8) on conflict do nothing`,
      [
        `swh_${randomUUID()}`,
        workspaceId,
        req.headers['x-shopify-shop-domain'],
        req.headers['x-shopify-webhook-id'],
        req.headers['x-shopify-event-id'] ?? null,
        req.headers['x-shopify-topic'],
        new Date(),
        raw.toString('utf8'),
      ],
    );
    return reply.code(200).send({ ok: true });
  });
  app.get('/health', async () => ({ ok: true }));
  await app.listen({ port, host: '127.0.0.1' });
  process.on(
    'SIGTERM',
    () =>
      void app
        .close()
        .then(() => pool.end())
        .then(() => process.exit(0)),
  );
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
