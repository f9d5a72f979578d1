import { judgeResponse } from './webhook-http-client';
import { nextRetryDelay, parseDuration, parseRetryAfter, resolveTimings } from './webhook-timing';
import { patternsMatching, topicProblem } from './webhook-topics';

const timings = resolveTimings({
  WEBHOOK_TIMEOUT_MS: 10000,
  WEBHOOK_RETRY_SCHEDULE: '5s,5m,30m,2h,5h,10h,10h',
  WEBHOOK_TIME_SCALE: 1,
  WEBHOOK_RETRY_JITTER: 0.2,
  WEBHOOK_DISABLE_AFTER: '5d',
  WEBHOOK_SECRET_OVERLAP: '24h',
});

describe('retry schedule', () => {
  it('parses durations and scales every wait', () => {
    expect(parseDuration('250ms')).toBe(250);
    expect(parseDuration('1.5h')).toBe(5_400_000);
    expect(() => parseDuration('5 weeks')).toThrow();
    expect(timings.retryDelaysMs).toEqual([5000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000]);
    const scaled = resolveTimings({
      ...{ WEBHOOK_TIMEOUT_MS: 1, WEBHOOK_RETRY_JITTER: 0 },
      WEBHOOK_RETRY_SCHEDULE: '5s,5m',
      WEBHOOK_TIME_SCALE: 0.001,
      WEBHOOK_DISABLE_AFTER: '1h',
      WEBHOOK_SECRET_OVERLAP: '24h',
    });
    expect(scaled.retryDelaysMs).toEqual([5, 300]);
    expect(scaled.disableAfterMs).toBe(3600);
    expect(scaled.secretOverlapMs).toBe(86_400);
  });

  it('jitters within bounds and runs out after the last step (dead letter)', () => {
    expect(nextRetryDelay(timings, 0, null, () => 0)).toBe(4000);
    expect(nextRetryDelay(timings, 0, null, () => 1)).toBe(6000);
    expect(nextRetryDelay(timings, 6, null, () => 0.5)).toBe(36_000_000);
    expect(nextRetryDelay(timings, 7, null)).toBeNull();
  });

  it('honours Retry-After as a floor, in seconds or as an HTTP date', () => {
    expect(parseRetryAfter('120', 1)).toBe(120_000);
    expect(parseRetryAfter(new Date(Date.now() + 60_000).toUTCString(), 1)).toBeGreaterThan(58_000);
    expect(parseRetryAfter('soon', 1)).toBeNull();
    expect(parseRetryAfter('999999', 1)).toBe(86_400_000);
    expect(parseRetryAfter('120', 0.001)).toBe(120);
    expect(nextRetryDelay(timings, 0, 120_000, () => 0.5)).toBe(120_000);
    expect(nextRetryDelay(timings, 1, 120_000, () => 0.5)).toBe(300_000);
  });
});

describe('success rule', () => {
  it('is a 2xx whose JSON body carries no errorCode/errorMessage', () => {
    expect(judgeResponse(200, '')).toEqual({ ok: true, error: null });
    expect(judgeResponse(204, 'thanks')).toEqual({ ok: true, error: null });
    expect(judgeResponse(200, '{"ok":true}').ok).toBe(true);
    expect(judgeResponse(200, '{"errorCode":"X"}')).toEqual({ ok: false, error: 'receiver_error_body' });
    expect(judgeResponse(202, '{"errorMessage":null}').ok).toBe(false);
    expect(judgeResponse(200, '{not json').ok).toBe(true);
    expect(judgeResponse(301, '')).toEqual({ ok: false, error: 'http_301' });
    expect(judgeResponse(500, '{"ok":true}').ok).toBe(false);
  });
});

describe('topics', () => {
  it('accepts known topics and wildcards, refuses the rest', () => {
    for (const t of [
      '*',
      'order.created',
      'order.*',
      'inventory.*',
      'inventory.level.*',
      'sync.import.progress',
      'sync.*',
      'webhook.*',
    ]) {
      expect(topicProblem(t)).toBeNull();
    }
    for (const t of ['', 'order', 'orders.*', 'order.shipped', 'Order.created', 'order.**', '*.created', 'order.*.x']) {
      expect(topicProblem(t)).not.toBeNull();
    }
  });

  it('lists every pattern that matches a topic', () => {
    expect(patternsMatching('inventory.level.updated').sort()).toEqual(
      ['*', 'inventory.*', 'inventory.level.*', 'inventory.level.updated'].sort(),
    );
  });
});
