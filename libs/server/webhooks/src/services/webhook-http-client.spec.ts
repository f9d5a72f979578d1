import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebhookHttpClient } from './webhook-http-client';

describe('WebhookHttpClient (undici pools against a local receiver)', () => {
  let server: Server;
  let base = '';
  let connections = 0;
  const routes = new Map<string, (req: IncomingMessage, res: ServerResponse, body: string) => void>();
  // A roomy timeout for the answering receivers (a loaded CI host can take over 300 ms for a first connection), and a
  // short one for the receiver that never answers.
  const client = new WebhookHttpClient({ allowPrivateNetworks: false, allowedHosts: ['127.0.0.1'] }, 10_000);
  const impatient = new WebhookHttpClient({ allowPrivateNetworks: false, allowedHosts: ['127.0.0.1'] }, 300);

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => (routes.get(req.url ?? '') ?? ((_q, r) => r.writeHead(404).end()))(req, res, body));
    });
    server.on('connection', () => connections++);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await client.close();
    await impatient.close();
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  it('posts the body with the given headers over kept-alive connections', async () => {
    const seen: { body: string; sig: string | undefined; length: string | undefined }[] = [];
    routes.set('/ok?x=1', (req, res, body) => {
      seen.push({
        body,
        sig: req.headers['x-retailos-signature'] as string | undefined,
        length: req.headers['content-length'],
      });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
    const before = connections;
    for (let i = 0; i < 5; i++) {
      const out = await client.post(
        `${base}/ok?x=1`,
        { 'content-type': 'application/json', 'x-retailos-signature': 'sha256=ab' },
        `{"n":${i},"é":1}`,
      );
      expect(out).toMatchObject({ statusCode: 200, succeeded: true, error: null, excerpt: '{"ok":true}', gone: false });
    }
    expect(seen[4]).toEqual({
      body: '{"n":4,"é":1}',
      sig: 'sha256=ab',
      length: String(Buffer.byteLength('{"n":4,"é":1}')),
    });
    // Kept alive: not a connection per request (undici may open a second one while the first is being released).
    expect(connections - before).toBeLessThanOrEqual(2);
  });

  it('reports status, Retry-After and 410 as they came', async () => {
    routes.set('/busy', (_q, res) => res.writeHead(503, { 'retry-after': '7' }).end('later'));
    routes.set('/gone', (_q, res) => res.writeHead(410).end());
    routes.set('/err', (_q, res) =>
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"errorCode":"E1"}'),
    );
    expect(await client.post(`${base}/busy`, {}, '{}')).toMatchObject({
      statusCode: 503,
      succeeded: false,
      error: 'http_503',
      retryAfter: '7',
      excerpt: 'later',
    });
    expect(await client.post(`${base}/gone`, {}, '{}')).toMatchObject({
      statusCode: 410,
      succeeded: false,
      gone: true,
    });
    expect(await client.post(`${base}/err`, {}, '{}')).toMatchObject({
      statusCode: 200,
      succeeded: false,
      error: 'receiver_error_body',
    });
  });

  it('judges an oversized body by its status alone and keeps a 1 KiB excerpt', async () => {
    routes.set('/big', (_q, res) =>
      res.writeHead(200, { 'content-type': 'application/json' }).end(`{"errorCode":"${'x'.repeat(100_000)}"}`),
    );
    const out = await client.post(`${base}/big`, {}, '{}');
    expect(out).toMatchObject({ statusCode: 200, succeeded: true });
    expect(out.excerpt).toHaveLength(1024);
  });

  it('times out a receiver that never answers, and names a refused connection', async () => {
    routes.set('/hang', () => undefined);
    const hung = await impatient.post(`${base}/hang`, {}, '{}');
    expect(hung).toMatchObject({ succeeded: false, statusCode: null, error: 'timeout after 300 ms' });
    expect(hung.latencyMs).toBeGreaterThanOrEqual(290);
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', () => r()));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const refused = await client.post(`http://127.0.0.1:${port}/`, {}, '{}');
    expect(refused).toMatchObject({ succeeded: false, statusCode: null });
    expect(refused.error).toMatch(/^connection_error: ECONNREFUSED/);
  });
});
