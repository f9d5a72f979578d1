import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { captureLogs, createTestApp, freePort, type TestApp } from '@retailos/server/testing';
import { createApiApp } from '../../api/src/bootstrap';
import { startWorker } from '../../worker/src/bootstrap';

async function waitFor(check: () => Promise<boolean>, timeoutMs = 10000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('condition not met in time');
}

describe('platform: health, metrics, problem+json, log redaction', () => {
  let api: TestApp;
  let logs: ReturnType<typeof captureLogs>;

  beforeAll(async () => {
    logs = captureLogs();
    process.env['LOG_LEVEL'] = 'info';
    api = await createTestApp(createApiApp);
  });

  afterAll(async () => {
    await api.close();
    logs.restore();
    process.env['LOG_LEVEL'] = 'silent';
  });

  it('is live and ready against real Postgres and Redis', async () => {
    expect((await fetch(`${api.url}/health/live`)).status).toBe(200);
    const ready = await fetch(`${api.url}/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ok', failing: [] });
  });

  it('serves the OpenAPI spec and the docs UI', async () => {
    const spec = (await (await fetch(`${api.url}/api/openapi.json`)).json()) as {
      openapi: string;
      info: { title: string };
    };
    expect(spec.openapi).toMatch(/^3\./);
    expect(spec.info.title).toBe('Retailos API');
    const docs = await fetch(`${api.url}/api/docs`);
    expect(docs.status).toBe(200);
    expect(await docs.text()).toContain('swagger');
  });

  it('exposes Prometheus metrics with request latency by route and status', async () => {
    await fetch(`${api.url}/health/live`);
    const text = await (await fetch(`${api.url}/metrics`)).text();
    expect(text).toMatch(/http_request_duration_seconds_bucket\{.*route="\/health\/live".*status="200"/);
  });

  it('answers unknown routes and broken JSON with problem+json', async () => {
    const notFound = await fetch(`${api.url}/api/nothing-here`);
    expect(notFound.status).toBe(404);
    expect(notFound.headers.get('content-type')).toContain('application/problem+json');
    const broken = await fetch(`${api.url}/api/nothing-here`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"oops":',
    });
    expect(broken.status).toBe(400);
    expect(await broken.json()).toMatchObject({ code: 'malformed_json', status: 400 });
  });

  it('never writes credentials to the logs', async () => {
    const completed = (): number => (logs.text().match(/request completed/g) ?? []).length;
    const before = completed();
    await fetch(`${api.url}/api/nothing-here?token=tok_abc987`, {
      headers: { Authorization: 'Bearer secret123', Cookie: 'retailos_session=sess_zz9' },
    });
    await fetch(`${api.url}/health/live`, { headers: { Authorization: 'Bearer secret123' } });
    // Both requests' completion lines written (the log is asynchronous): poll for them, no guessed sleep.
    await waitFor(() => Promise.resolve(completed() >= before + 2));
    const text = logs.text();
    expect(text).toContain('request completed');
    expect(text).toContain('/api/nothing-here');
    expect(text).not.toContain('secret123');
    expect(text).not.toContain('tok_abc987');
    expect(text).not.toContain('sess_zz9');
  });
});

describe('readiness follows Redis down and back up without a restart', () => {
  let redis: ChildProcess | undefined;
  let port: number;
  let api: TestApp;
  const originalRedisUrl = process.env['REDIS_URL'];

  function startRedis(): ChildProcess {
    const dir = mkdtempSync(join(tmpdir(), 'rt-redis-'));
    return spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
      {
        stdio: 'ignore',
      },
    );
  }

  beforeAll(async () => {
    port = await freePort();
    redis = startRedis();
    process.env['REDIS_URL'] = `redis://127.0.0.1:${port}`;
    api = await createTestApp(createApiApp);
  });

  afterAll(async () => {
    await api.close();
    redis?.kill('SIGKILL');
    process.env['REDIS_URL'] = originalRedisUrl;
  });

  const ready = async (): Promise<{ status: number; body: { failing: string[] } }> => {
    const res = await fetch(`${api.url}/health/ready`);
    return { status: res.status, body: (await res.json()) as { failing: string[] } };
  };

  it('503 naming redis while it is down, 200 again once it is back', async () => {
    await waitFor(async () => (await ready()).status === 200);
    redis?.kill('SIGKILL');
    await waitFor(async () => (await ready()).status === 503);
    const down = await ready();
    expect(down.body.failing).toEqual(['redis']);
    redis = startRedis();
    await waitFor(async () => (await ready()).status === 200, 15000);
  });
});

describe('worker process: metrics for queues, jobs and the outbox', () => {
  it('serves queue depth, job outcomes and outbox lag in Prometheus format', async () => {
    const port = await freePort();
    const worker = await startWorker({ metricsPort: port });
    try {
      const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      expect(text).toMatch(/queue_depth\{queue="webhooks",state="waiting"\} \d+/);
      expect(text).toMatch(/outbox_lag_seconds \d/);
      expect(text).toMatch(/outbox_pending_rows \d/);
      expect(text).toContain('# TYPE queue_jobs_total counter');
    } finally {
      await worker.close();
    }
  });
});
