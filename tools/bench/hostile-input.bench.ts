import { performance } from 'node:perf_hooks';
import { appendReport, benchEnv, flag, percentile, prepareWorkspace, table } from './lib/commerce';
import { freePort, startApi } from './lib/spawn-api';
import { runBench } from './lib/cli';

/**
 * Worst cases of hostile input against a real api process: time to answer and how long a concurrent
 * `GET /health/live` probe (every 5 ms) is delayed, for the largest body the api ACCEPTS in its worst shape (the
 * baseline: the work any valid client may ask for), valid requests of ordinary size, and the hostile bodies of
 * issue 12 (keys, arrays, nesting, a full 1 MiB body refused only by its last field). Rounds interleave the cases.
 *
 *   npm run bench -- tools/bench/hostile-input.bench.ts [--rounds 15]
 */

const uniq = (): string => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`.toUpperCase();

/** The largest product the DTO accepts, every free-form field at its cap: 100 variants x 3 options, 250 tags. */
function largestProduct(badLastPrice = false): string {
  const s = uniq();
  const options = (i: number): Record<string, string> =>
    Object.fromEntries(
      Array.from({ length: 3 }, (_, k) => [`option-${k}-${'o'.repeat(50)}`, `${i}-${'v'.repeat(250)}`]),
    );
  return JSON.stringify({
    title: 't'.repeat(255),
    description: 'd'.repeat(20_000),
    vendor: 'v'.repeat(255),
    tags: Array.from({ length: 250 }, (_, i) => `${i}-${'t'.repeat(250)}`),
    variants: Array.from({ length: 100 }, (_, i) => ({
      sku: `B-${s}-${i}`,
      title: 'x'.repeat(255),
      barcode: 'b'.repeat(64),
      price: badLastPrice && i === 99 ? -1 : 2500,
      compareAtPrice: 3000,
      options: options(i),
    })),
  });
}

function smallProduct(): string {
  return JSON.stringify({
    title: 'Classic T-shirt',
    tags: ['summer'],
    variants: [{ sku: `S-${uniq()}`, price: 2500, options: { size: 'M' } }],
  });
}

const wide = (n: number): string => `{${Array.from({ length: n }, (_, i) => `"k${i}":0`).join(',')}}`;

interface Case {
  name: string;
  method: string;
  path: string;
  body: () => string;
  expect: number;
}

async function main(): Promise<void> {
  const rounds = flag('rounds', 15);
  const env = benchEnv();
  const { key } = prepareWorkspace(env, 'hostile bench');

  const bigValid = largestProduct();
  const cases: Case[] = [
    { name: 'valid: small product (baseline)', method: 'POST', path: '/api/products', body: smallProduct, expect: 201 },
    {
      name: `valid: largest accepted product, worst shape (${Math.round(bigValid.length / 1024)} KiB)`,
      method: 'POST',
      path: '/api/products',
      body: () => largestProduct(),
      expect: 201,
    },
    {
      name: 'refused: same body, last variant invalid (full validation)',
      method: 'POST',
      path: '/api/products',
      body: () => largestProduct(true),
      expect: 400,
    },
    {
      name: 'refused: login, 100,000 unknown keys (1.4 MiB)',
      method: 'POST',
      path: '/api/auth/login',
      body: () => wide(100_000),
      expect: 413,
    },
    {
      name: 'refused: login, 60,000 unknown keys (0.7 MiB)',
      method: 'POST',
      path: '/api/auth/login',
      body: () => wide(60_000),
      expect: 400,
    },
    {
      name: 'refused: variants [{}] x 100,000',
      method: 'POST',
      path: '/api/products',
      body: () => `{"title":"t","variants":[${new Array(100_000).fill('{}').join(',')}]}`,
      expect: 400,
    },
    {
      name: 'refused: options of 60,000 keys',
      method: 'POST',
      path: '/api/products',
      body: () => `{"title":"t","variants":[{"sku":"X","price":1,"options":${wide(60_000)}}]}`,
      expect: 400,
    },
    {
      name: 'refused: 100,000 levels of nesting',
      method: 'POST',
      path: '/api/products',
      body: () => `{"title":${'['.repeat(100_000)}${']'.repeat(100_000)}}`,
      expect: 400,
    },
    {
      name: 'refused: 1 MiB string, unknown field at the end',
      method: 'POST',
      path: '/api/products',
      body: () => `{"title":"t","description":"${'d'.repeat(1_040_000)}","zz":1}`,
      expect: 400,
    },
  ];

  const api = await startApi(env, await freePort());
  try {
    const samples = new Map<string, { ms: number[]; probeMax: number[]; wrong: number }>(
      cases.map((c) => [c.name, { ms: [], probeMax: [], wrong: 0 }]),
    );
    const idle: number[] = [];
    const send = async (c: Case, body: string): Promise<{ status: number; ms: number; probeMax: number }> => {
      let probing = true;
      let probeMax = 0;
      const probe = (async () => {
        while (probing) {
          const t = performance.now();
          await (await fetch(`${api.url}/health/live`)).arrayBuffer();
          probeMax = Math.max(probeMax, performance.now() - t);
          await new Promise((r) => setTimeout(r, 5));
        }
      })();
      await new Promise((r) => setTimeout(r, 5));
      const t = performance.now();
      const res = await fetch(`${api.url}${c.path}`, {
        method: c.method,
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body,
      });
      await res.arrayBuffer();
      const ms = performance.now() - t;
      probing = false;
      await probe;
      return { status: res.status, ms, probeMax };
    };
    // Warm-up: JIT, pools, key cache.
    for (const c of cases) await send(c, c.body());
    for (let r = 0; r < rounds; r++) {
      for (const c of cases) {
        const body = c.body(); // built before the clock starts
        const { status, ms, probeMax } = await send(c, body);
        const s = samples.get(c.name);
        if (!s) continue;
        s.ms.push(ms);
        s.probeMax.push(probeMax);
        if (status !== c.expect) s.wrong++;
      }
      // The probe alone, nothing else running: the floor every probe figure sits on.
      const t = performance.now();
      await (await fetch(`${api.url}/health/live`)).arrayBuffer();
      idle.push(performance.now() - t);
    }

    const rows = cases.map((c) => {
      const s = samples.get(c.name) ?? { ms: [], probeMax: [], wrong: 0 };
      return {
        case: c.name,
        status: c.expect,
        p50: percentile(s.ms, 50),
        p95: percentile(s.ms, 95),
        max: percentile(s.ms, 100),
        probeP50: percentile(s.probeMax, 50),
        probeMax: percentile(s.probeMax, 100),
        wrongStatus: s.wrong,
      };
    });
    const result = { rounds, idleProbeP50: percentile(idle, 50), idleProbeMax: percentile(idle, 100), rows };
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);

    appendReport(
      'Hostile input: time to answer and /health/live delay',
      `npm run bench -- tools/bench/hostile-input.bench.ts --rounds ${rounds}`,
      'Each request runs with a `GET /health/live` probe every 5 ms alongside; "probe max" is the slowest probe during that request ' +
        '(how long the event loop was held). Cases interleaved per round. Body limits: 1 MiB, depth 8, 64 keys per object, 1000 items per array ' +
        '(checked on the text before JSON.parse), then the DTO rules.\n\n' +
        table(
          ['case', 'status', 'p50 ms', 'p95 ms', 'max ms', 'probe max p50 ms', 'probe max ms', 'wrong status'],
          rows.map((r) => [r.case, r.status, r.p50, r.p95, r.max, r.probeP50, r.probeMax, r.wrongStatus]),
        ) +
        `\n\nProbe alone (no other request): p50 ${result.idleProbeP50} ms, max ${result.idleProbeMax} ms. Before the bounds (issue 12) the ` +
        '100,000-key login body took 6.3 s and held /health/live as long.',
    );
    if (rows.some((r) => r.wrongStatus > 0)) process.exitCode = 1;
  } finally {
    await api.stop();
  }
}

runBench(main);
