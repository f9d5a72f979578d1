import { metricsRegistry } from '@retailos/server/core';
import { Counter, Histogram } from 'prom-client';

export const webhookAttempts = new Counter({
  name: 'webhook_delivery_attempts_total',
  help: 'Outbound webhook attempts by outcome (succeeded, failed, dead, gone).',
  labelNames: ['outcome'],
  registers: [metricsRegistry],
});

export const webhookAttemptLatency = new Histogram({
  name: 'webhook_delivery_attempt_seconds',
  help: 'Outbound webhook HTTP attempt latency.',
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [metricsRegistry],
});
