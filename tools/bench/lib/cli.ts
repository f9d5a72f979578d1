/** `--name <positive number>` (or zero, where zero means something) from argv, or the fallback. */
export function flag(name: string, fallback: number, allowZero = false): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : NaN;
  return Number.isFinite(v) && (v > 0 || (allowZero && v === 0)) ? v : fallback;
}

/** Nearest-rank percentile of unsorted samples, rounded to 0.01. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return Math.round((sorted[idx] ?? NaN) * 100) / 100;
}

/** Runs a benchmark's main: a failure prints its stack and exits 1. */
export function runBench(main: () => Promise<void>): void {
  main().catch((err: unknown) => {
    process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
    process.exit(1);
  });
}
