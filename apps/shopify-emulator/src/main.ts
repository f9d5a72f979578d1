// `npm run start:emulator`: a standalone emulator on SHOPIFY_EMULATOR_PORT (default 4100).
import { startEmulator } from './index';

async function main(): Promise<void> {
  const port = Number(process.env['SHOPIFY_EMULATOR_PORT'] ?? 4100);
  const timeScale = Number(process.env['SHOPIFY_EMULATOR_TIME_SCALE'] ?? 1);
  const snapshotFile = process.env['SHOPIFY_EMULATOR_SNAPSHOT'] || undefined;
  const host = process.env['SHOPIFY_EMULATOR_HOST'] ?? '127.0.0.1';
  const running = await startEmulator({ port, host, timeScale, snapshotFile });
  process.stdout.write(
    `Shopify emulator listening on ${running.url} (timeScale=${timeScale}${snapshotFile ? `, snapshot=${snapshotFile}` : ''})\n`,
  );
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`${signal} received, shutting down\n`);
    running.close().then(
      () => process.exit(0),
      (err: unknown) => {
        process.stderr.write(`shutdown failed: ${String(err)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
