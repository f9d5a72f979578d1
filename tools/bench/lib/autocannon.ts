// autocannon ships no types; this is the slice the benchmarks use.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const autocannon = require('autocannon') as (opts: AutocannonOptions) => Promise<AutocannonResult>;

export interface AutocannonOptions {
  url: string;
  connections?: number;
  duration?: number;
  pipelining?: number;
  /** Requests per second across all connections (open loop). */
  overallRate?: number;
  headers?: Record<string, string>;
}

export interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; average: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}

export async function load(opts: AutocannonOptions): Promise<AutocannonResult> {
  return autocannon(opts);
}
