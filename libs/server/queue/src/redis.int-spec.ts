import { createServer } from 'node:net';
import { closeRedis, createRedis } from './redis';

const url = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';

describe('closeRedis', () => {
  it('resolves once the socket is closed, where disconnect() returns with it still open', async () => {
    const plain = createRedis(url);
    await plain.ping();
    const ended = new Promise((r) => plain.once('end', r));
    plain.disconnect();
    // A live handle after shutdown returned: what kept Jest workers from exiting after the last suite.
    expect(plain.stream.destroyed).toBe(false);
    await ended;

    const client = createRedis(url);
    await client.ping();
    await closeRedis(client);
    expect(client.status).toBe('end');
    expect(client.stream.destroyed).toBe(true);
    await closeRedis(client); // idempotent
  });

  it('does not wait forever for a client that is between reconnect attempts', async () => {
    // A port nothing listens on.
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', () => r()));
    const { port } = probe.address() as { port: number };
    await new Promise((r) => probe.close(r));
    // ioredis arms a disconnectTimeout timer even for a socket that is already gone: short here, so none outlives the test.
    const client = createRedis(`redis://127.0.0.1:${port}`, {
      retryStrategy: () => 60_000,
      lazyConnect: false,
      disconnectTimeout: 20,
    });
    client.on('error', () => undefined);
    await new Promise<void>((r) => client.once('reconnecting', () => r()));
    await closeRedis(client, 300); // without the fallback this hangs until the Jest timeout
    expect(client.stream.destroyed).toBe(true);
    await new Promise((r) => setTimeout(r, 50));
  });
});
