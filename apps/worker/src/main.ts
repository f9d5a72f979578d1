import { startWorker } from './bootstrap';

startWorker().catch((err: unknown) => {
  process.stderr.write(`worker failed to start: ${(err as Error).message}\n`);
  process.exit(1);
});
