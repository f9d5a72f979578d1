import { isStorableTimestamp, ValidationFailedError } from '@retailos/server/core';

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `250ms`, `5s`, `30m`, `2h`, `5d` -> milliseconds. */
export function parseDuration(text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)\s*$/.exec(text);
  if (!m || !m[1] || !m[2]) throw new Error(`Not a duration: "${text}" (use e.g. 500ms, 5s, 30m, 2h, 1d)`);
  return Math.round(Number(m[1]) * (UNITS[m[2]] ?? 0));
}

export function parseSchedule(text: string): number[] {
  const steps = text
    .split(',')
    .filter((s) => s.trim() !== '')
    .map(parseDuration);
  if (steps.length === 0) throw new Error('WEBHOOK_RETRY_SCHEDULE needs at least one step');
  return steps;
}

/** Resolved webhook timings: every wait is multiplied by the time scale once, here. */
export interface WebhookTimings {
  timeoutMs: number;
  /** Wait before retry n (index 0 = before the 2nd attempt). */
  retryDelaysMs: number[];
  jitter: number;
  disableAfterMs: number;
  secretOverlapMs: number;
  timeScale: number;
}

export function resolveTimings(config: {
  WEBHOOK_TIMEOUT_MS: number;
  WEBHOOK_RETRY_SCHEDULE: string;
  WEBHOOK_TIME_SCALE: number;
  WEBHOOK_RETRY_JITTER: number;
  WEBHOOK_DISABLE_AFTER: string;
  WEBHOOK_SECRET_OVERLAP: string;
}): WebhookTimings {
  const scale = config.WEBHOOK_TIME_SCALE;
  return {
    timeoutMs: config.WEBHOOK_TIMEOUT_MS,
    retryDelaysMs: parseSchedule(config.WEBHOOK_RETRY_SCHEDULE).map((ms) => Math.round(ms * scale)),
    jitter: config.WEBHOOK_RETRY_JITTER,
    disableAfterMs: Math.round(parseDuration(config.WEBHOOK_DISABLE_AFTER) * scale),
    secretOverlapMs: Math.round(parseDuration(config.WEBHOOK_SECRET_OVERLAP) * scale),
    timeScale: scale,
  };
}

/**
 * The wait before the next attempt, or null when the schedule is exhausted (dead letter). `retryIndex` counts
 * failed attempts since the delivery was created or last replayed. Retry-After (already in ms) is a floor.
 */
export function nextRetryDelay(
  timings: WebhookTimings,
  retryIndex: number,
  retryAfterMs: number | null,
  random: () => number = Math.random,
): number | null {
  const base = timings.retryDelaysMs[retryIndex];
  if (base === undefined) return null;
  const jittered = Math.round(base * (1 + timings.jitter * (random() * 2 - 1)));
  return Math.max(jittered, retryAfterMs ?? 0);
}

/** Retry-After is delta-seconds or an HTTP date; answers ms (scaled like every other wait), capped at a day. */
export function parseRetryAfter(header: string | undefined, timeScale: number, now = Date.now()): number | null {
  if (!header) return null;
  const trimmed = header.trim();
  let ms: number;
  if (/^\d+$/.test(trimmed)) ms = Number(trimmed) * 1000;
  else {
    const at = Date.parse(trimmed);
    if (Number.isNaN(at)) return null;
    ms = Math.max(0, at - now);
  }
  return Math.round(Math.min(ms, 86_400_000) * timeScale);
}

export function parseSinceParam(since: string | undefined): Date {
  // A 4-digit year only: `+275760-09-13T00:00:00.000Z` is a valid Date that Postgres cannot parse (a 500 otherwise).
  const d = since && isStorableTimestamp(since) ? new Date(since) : new Date(NaN);
  if (!since || Number.isNaN(d.getTime())) {
    throw new ValidationFailedError([
      { field: 'since', message: 'since must be an ISO-8601 date-time with a year between 0001 and 9999' },
    ]);
  }
  return d;
}

/** Lease slack past the HTTP timeout: a crashed sender's claim expires and the sweeper hands the delivery on. */
const LEASE_SLACK_MS = 5000;

/** How long a claim holds a delivery: one HTTP attempt plus slack. */
export function leaseMs(timings: Pick<WebhookTimings, 'timeoutMs'>): number {
  return timings.timeoutMs + LEASE_SLACK_MS;
}
