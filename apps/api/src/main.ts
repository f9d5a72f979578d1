import { AppConfig, LISTEN_BACKLOG } from '@retailos/server/core';
import { createApiApp } from './bootstrap';

async function main(): Promise<void> {
  const app = await createApiApp();
  const config = app.get(AppConfig);
  // A flash sale opens a thousand connections at once: Node's default accept queue (511) overflows and the kernel
  // resets the rest. The kernel still caps it at net.core.somaxconn.
  await app.listen({ port: config.PORT, host: config.HOST, backlog: LISTEN_BACKLOG });
  process.stdout.write(
    `${JSON.stringify({ level: 30, msg: `api listening on http://localhost:${config.PORT}/api` })}\n`,
  );
}

main().catch((err: unknown) => {
  process.stderr.write(`api failed to start: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
