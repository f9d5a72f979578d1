import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** One registry per process; api and worker both expose it at /metrics. */
export const metricsRegistry = new Registry();
collectDefaultMetrics({ register: metricsRegistry });

export const httpRequestDuration = new Histogram({
  name: 'http_request_duration_seconds',
  help: 'HTTP request latency by route and status',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  registers: [metricsRegistry],
});

export const jobOutcomes = new Counter({
  name: 'queue_jobs_total',
  help: 'Jobs processed by queue, job name and outcome',
  labelNames: ['queue', 'job', 'outcome'] as const,
  registers: [metricsRegistry],
});

export const jobDuration = new Histogram({
  name: 'queue_job_duration_seconds',
  help: 'Job processing time by queue and job name',
  labelNames: ['queue', 'job'] as const,
  buckets: [0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60],
  registers: [metricsRegistry],
});

type AsyncCollector = () => Promise<void>;
const collectors: AsyncCollector[] = [];

/** Libraries register gauges that are read on scrape (queue depth, outbox lag), not on every change. */
export function registerScrapeCollector(fn: AsyncCollector): void {
  collectors.push(fn);
}

export const queueDepth = new Gauge({
  name: 'queue_depth',
  help: 'Jobs per queue and state',
  labelNames: ['queue', 'state'] as const,
  registers: [metricsRegistry],
});

export const outboxLagSeconds = new Gauge({
  name: 'outbox_lag_seconds',
  help: 'Age of the oldest unpublished outbox row (0 when none)',
  registers: [metricsRegistry],
});

export const outboxPending = new Gauge({
  name: 'outbox_pending_rows',
  help: 'Outbox rows not yet published',
  registers: [metricsRegistry],
});

export async function renderMetrics(): Promise<string> {
  await Promise.allSettled(collectors.map((c) => c()));
  return metricsRegistry.metrics();
}
