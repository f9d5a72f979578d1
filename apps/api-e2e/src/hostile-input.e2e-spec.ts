import { EntityManager } from '@mikro-orm/postgresql';
import { createRedis } from '@retailos/server/queue';
import { performance } from 'node:perf_hooks';
import { createApiApp } from '../../api/src/bootstrap';
import { bearer, seedWorkspace, sessionHeaders, type SeededWorkspace, type StaffSession } from './support/identity';
import { fixtureContext, fixtureFor } from './support/route-fixtures';
import { createWalkableApp, fillPath, type DtoClass, type RegisteredRoute, type WalkableApp } from './support/routes';

/**
 * Hostile input, walked over the live route table: every class of bad input the api was once vulnerable to (a
 * stall, a 500, a silent change) goes to every route that reads a body, a query or a path parameter. Each answer
 * must be a 4xx problem+json, nothing may change, and a /health/live probe running alongside measures how long
 * the event loop was held.
 */

// The issue's bound for each hostile answer and for the delay of a concurrent /health/live probe.
const BOUND_MS = 100;
const ATTEMPTS = 10;

/** One digest per workspace-owned table (outbox included: a refused request raises no event). */
async function fingerprint(em: EntityManager, workspaceId: string): Promise<Record<string, string>> {
  // api_keys and sessions: using a credential stamps its last-used time, which is not a change made by the input.
  const tables = (await em.fork().execute(
    `select table_name from information_schema.columns
      where table_schema = 'public' and column_name = 'workspace_id' and table_name not in ('api_keys', 'sessions') order by table_name`,
  )) as { table_name: string }[];
  const out: Record<string, string> = {};
  for (const { table_name } of tables) {
    const rows = (await em
      .fork()
      .execute(
        `select count(*)::int as n, md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as digest from "${table_name}" t where workspace_id = ?`,
        [workspaceId],
      )) as { n: number; digest: string }[];
    out[table_name] = `${rows[0]?.n}:${rows[0]?.digest}`;
  }
  return out;
}

/** Property names a DTO declares (from its OpenAPI metadata), in declaration order. */
function dtoFields(dto: DtoClass | true | undefined): string[] {
  if (!dto || dto === true) return [];
  const names = (Reflect.getMetadata('swagger/apiModelPropertiesArray', dto.prototype as object) ?? []) as string[];
  return names.map((n) => n.replace(/^:/, ''));
}

interface HostileRequest {
  kind: string;
  path: string;
  body?: string | Uint8Array<ArrayBuffer>;
  contentType?: string;
}

const encoder = new TextEncoder();
const utf8 = (text: string): Uint8Array<ArrayBuffer> => encoder.encode(text);
const wideObject = (n: number): string => `{${Array.from({ length: n }, (_, i) => `"k${i}":0`).join(',')}}`;

/**
 * The large shapes, encoded once. Full scale (the sizes of issue 12: 60,000 keys is the most that fits in 1 MiB,
 * 100,000 array items and levels) goes to the routes the issue named; every other route gets the same shapes ten
 * times over their cap, which takes the same refusal path: the walk shares the machine with other suites, and
 * tens of megabytes of uploads slow them. Full-scale costs are measured by tools/bench/hostile-input.bench.ts.
 */
function largeShapes(
  keys: number,
  items: number,
  depth: number,
  bytes: number,
): { kind: string; body: Uint8Array<ArrayBuffer> }[] {
  const wide = wideObject(keys);
  return [
    { kind: `object of ${keys} keys`, body: utf8(`{"variants":[{"options":${wide}}]}`) },
    { kind: `top-level object of ${keys} keys`, body: utf8(wide) },
    { kind: `array of ${items} objects`, body: utf8(`{"variants":[${new Array(items).fill('{}').join(',')}]}`) },
    { kind: `${depth} levels of nesting`, body: utf8(`{"x":${'['.repeat(depth)}${']'.repeat(depth)}}`) },
    { kind: 'body over 1 MiB', body: utf8(`{"x":"${'a'.repeat(bytes)}"}`) },
  ];
}
const FULL_SCALE = largeShapes(60_000, 100_000, 100_000, 1_100_000);
const OVER_CAP = largeShapes(640, 10_000, 80, 1_100_000);
const NAMED_IN_ISSUE = new Set([
  'POST /api/auth/login',
  'POST /api/products',
  'PATCH /api/products/:id',
  'POST /api/customers',
  'PATCH /api/customers/:id',
  'POST /api/orders',
  'POST /api/orders/:id/returns',
  'POST /api/locations',
]);

/** Body classes: the field is one the route's DTO declares, so the input is where a real client would put it. */
function bodyClasses(
  field: string,
  fullScale: boolean,
): { kind: string; body: string | Uint8Array<ArrayBuffer>; contentType?: string }[] {
  const f = JSON.stringify(field);
  return [
    ...(fullScale ? FULL_SCALE : OVER_CAP),
    { kind: 'NUL in a string', body: `{${f}:"a\\u0000b"}` },
    { kind: 'lone surrogate in a string', body: `{${f}:"a\\ud800@example.com"}` },
    { kind: 'NUL in a key', body: `{"a\\u0000":1}` },
    { kind: 'integer above 2^53', body: `{${f}:9007199254740993}` },
    { kind: 'integer above bigint', body: `{${f}:100000000000000000000}` },
    { kind: '__proto__ key', body: `{"__proto__":{"admin":true},${f}:"x"}` },
    { kind: 'constructor key', body: `{"constructor":{"prototype":{"admin":true}}}` },
    { kind: 'malformed JSON', body: `{${f}:` },
    { kind: 'wrong content type', body: 'hello', contentType: 'text/plain' },
  ];
}

function queryClasses(fields: string[]): { kind: string; query: string }[] {
  const out = [
    { kind: 'query __proto__', query: '__proto__=x' },
    { kind: 'query constructor', query: 'constructor[prototype][admin]=1' },
    { kind: 'query bad percent-encoding', query: 'q=%E0%A4%A' },
  ];
  for (const field of fields) {
    out.push({ kind: `NUL in query ${field}`, query: `${field}=a%00b` });
    out.push({ kind: `lone surrogate (CESU-8) in query ${field}`, query: `${field}=%ED%A0%80` });
  }
  return out;
}

const PATH_CLASSES: { kind: string; value: string }[] = [
  { kind: 'NUL in path id', value: '%00' },
  { kind: 'NUL inside path id', value: 'prod_%00x' },
  { kind: 'lone surrogate (CESU-8) in path id', value: '%ED%A0%80' },
  { kind: 'bad percent-encoding in path id', value: '%E0%A4%A' },
  { kind: 'path id of 200 characters', value: 'a'.repeat(200) },
];

describe('hostile input: every route, every class, 4xx problem+json, nothing changes, the loop never stalls', () => {
  let api: WalkableApp;
  let ws: SeededWorkspace;
  let session: StaffSession;
  let em: EntityManager;
  const ids = new Map<string, Record<string, string>>();

  beforeAll(async () => {
    api = await createWalkableApp(createApiApp);
    em = api.app.get(EntityManager);
    ws = await seedWorkspace(api);
    session = await ws.login();
    const ctx = fixtureContext(api, ws);
    for (const route of api.routes) {
      if (route.params.length === 0 || route.rule?.kind === 'public' || ids.has(route.path)) continue;
      const fixture = fixtureFor(route.path);
      if (fixture) ids.set(route.path, await fixture.create(ctx));
    }
  }, 120_000);

  afterAll(async () => {
    await api.close();
    // The walk spends the loopback address's per-IP budget on purpose (public routes, refusals before the guard):
    // later suites on this Jest worker must start with a fresh one.
    const redis = createRedis(process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379');
    const keys = await redis.keys(`${process.env['REDIS_PREFIX'] ?? 'retailos'}:identity:rl:ip:*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  });

  const headersFor = (route: RegisteredRoute): Record<string, string> =>
    route.rule?.kind === 'public' ? {} : route.rule?.kind === 'session' ? sessionHeaders(session) : bearer(ws.apiKey);

  function hostileRequests(route: RegisteredRoute): HostileRequest[] {
    const own = ids.get(route.path) ?? {};
    const path = route.params.every((p) => own[p] !== undefined) ? fillPath(route.path, own) : null;
    const out: HostileRequest[] = [];
    if (path && route.inputs.body) {
      const field = dtoFields(route.inputs.body)[0] ?? 'x';
      for (const c of bodyClasses(field, NAMED_IN_ISSUE.has(`${route.method} ${route.path}`)))
        out.push({ kind: c.kind, path, body: c.body, contentType: c.contentType });
    }
    if (path && route.inputs.query) {
      for (const c of queryClasses(dtoFields(route.inputs.query)))
        out.push({ kind: c.kind, path: `${path}?${c.query}` });
    }
    for (const param of route.params) {
      for (const c of PATH_CLASSES) {
        // Raw (not re-encoded) into the path: the point is what the server makes of these bytes.
        const raw = route.path.replace(/:(\w+)/g, (_m, name: string) =>
          name === param ? c.value : encodeURIComponent(own[name] ?? 'x'),
        );
        out.push({ kind: `${c.kind} (:${param})`, path: raw, body: route.inputs.body ? '{}' : undefined });
      }
    }
    return out;
  }

  interface Sent {
    what: string;
    route: RegisteredRoute;
    request: HostileRequest;
    start: number;
    ms: number;
  }
  interface WalkResult {
    sent: number;
    wrong: string[];
    timings: Sent[];
    probes: { start: number; ms: number }[];
    probeMs: number[];
  }

  async function send(
    route: RegisteredRoute,
    h: HostileRequest,
  ): Promise<{ res: Response; text: string; start: number; ms: number }> {
    const headers: Record<string, string> = { ...headersFor(route) };
    if (h.body !== undefined) headers['content-type'] = h.contentType ?? 'application/json';
    const start = performance.now();
    const res = await fetch(`${api.url}${h.path}`, { method: route.method, headers, body: h.body });
    const text = await res.text();
    return { res, text, start, ms: performance.now() - start };
  }

  async function probeOnce(): Promise<{ start: number; ms: number }> {
    const start = performance.now();
    const res = await fetch(`${api.url}/health/live`);
    await res.arrayBuffer();
    return { start, ms: performance.now() - start };
  }

  const walked = (): RegisteredRoute[] =>
    api.routes.filter((r) => r.params.length > 0 || r.inputs.body || r.inputs.query);

  /** Every class to every route, with a /health/live probe every 10 ms alongside (its latency = event-loop hold). */
  async function walk(): Promise<WalkResult> {
    const probes: { start: number; ms: number }[] = [];
    let walking = true;
    const probe = (async () => {
      while (walking) {
        probes.push(await probeOnce());
        await new Promise((r) => setTimeout(r, 10));
      }
    })();
    const wrong: string[] = [];
    const timings: Sent[] = [];
    for (const route of walked()) {
      for (const h of hostileRequests(route)) {
        const { res, text, start, ms } = await send(route, h);
        // A breather after each large upload, so suites sharing the machine (hot-sku's 1,000 connections) keep up.
        if (h.body instanceof Uint8Array && h.body.length > 100_000) await new Promise((r) => setTimeout(r, 50));
        const what = `${route.method} ${route.path} [${h.kind}]`;
        timings.push({ what, route, request: h, start, ms });
        const type = res.headers.get('content-type') ?? '';
        if (
          res.status < 400 ||
          res.status >= 500 ||
          !type.startsWith('application/problem+json') ||
          !res.headers.get('x-request-id')
        ) {
          wrong.push(`${what}: ${res.status} ${type} ${text.slice(0, 160)}`);
        }
      }
    }
    walking = false;
    await probe;
    const result = { sent: timings.length, wrong, timings, probes, probeMs: probes.map((p) => p.ms) };
    report(result);
    return result;
  }

  function report({ sent, timings, probeMs }: WalkResult): void {
    const slowest = [...timings].sort((x, y) => y.ms - x.ms).slice(0, 5);
    const median = (xs: number[]): number => [...xs].sort((p, q) => p - q)[Math.floor(xs.length / 2)] ?? 0;
    // Printed every run, so a CI log shows the margin to the 100 ms bounds.
    process.stdout.write(
      `[hostile-input] ${sent} requests; answer median ${median(timings.map((x) => x.ms)).toFixed(1)} ms;` +
        ` /health/live probes ${probeMs.length}, median ${median(probeMs).toFixed(1)} ms, max ${Math.max(...probeMs).toFixed(1)} ms;` +
        ` over ${BOUND_MS} ms: ${timings.filter((x) => x.ms > BOUND_MS).length} answers, ${probeMs.filter((x) => x > BOUND_MS).length} probes;` +
        ` slowest: ${slowest.map((x) => `${x.what} ${x.ms.toFixed(0)} ms`).join('; ')}\n`,
    );
  }

  let first: WalkResult | undefined;

  it('sends every class to every route with a body, query or path parameter: 4xx problem+json, nothing changes', async () => {
    expect(walked().length).toBeGreaterThan(20);
    expect(
      walked()
        .filter((r) => r.params.length > 0 && !ids.has(r.path) && r.rule?.kind !== 'public')
        .map((r) => r.path),
    ).toEqual([]);
    const before = await fingerprint(em, ws.workspaceId);
    expect(Object.keys(before)).toEqual(
      expect.arrayContaining(['products', 'variants', 'orders', 'customers', 'outbox']),
    );

    first = await walk();
    expect(first.wrong).toEqual([]);
    expect(first.sent).toBeGreaterThan(300);
    expect(await fingerprint(em, ws.workspaceId)).toEqual(before);
  }, 300_000);

  it('answers each in under 100 ms and never delays a concurrent /health/live by more than 100 ms', async () => {
    expect(first).toBeDefined();
    if (!first) return;
    // On a CPU shared with other processes any single request can be held back; a real stall repeats, because a
    // hostile body costs the same every time. So each request that was over the bound, or that was in flight while
    // a probe was, is sent again (up to ATTEMPTS times, a pause between) with a probe alongside: it fails only if
    // every attempt is slow. On an idle machine no request needs a second attempt.
    const overlapping = (p: { start: number; ms: number }): Sent[] =>
      first?.timings.filter((t) => t.start < p.start + p.ms && p.start < t.start + t.ms) ?? [];
    const suspects = new Set<Sent>([
      ...first.timings.filter((t) => t.ms >= BOUND_MS),
      ...first.probes.filter((p) => p.ms >= BOUND_MS).flatMap(overlapping),
    ]);
    const stalls: string[] = [];
    for (const s of suspects) {
      const attempts: string[] = [];
      for (let i = 0; i < ATTEMPTS; i++) {
        const [answer, probe] = await Promise.all([
          send(s.route, s.request),
          new Promise((r) => setTimeout(r, 2)).then(probeOnce),
        ]);
        if (answer.ms < BOUND_MS && probe.ms < BOUND_MS) break;
        attempts.push(`answer ${answer.ms.toFixed(0)} ms, probe ${probe.ms.toFixed(0)} ms`);
        await new Promise((r) => setTimeout(r, 100));
      }
      if (attempts.length === ATTEMPTS) stalls.push(`${s.what}: ${attempts.join('; ')}`);
    }
    process.stdout.write(
      `[hostile-input] ${suspects.size} requests over the bound in the walk were sent again; still slow: ${stalls.length}\n`,
    );
    expect(stalls).toEqual([]);
  }, 300_000);
});
