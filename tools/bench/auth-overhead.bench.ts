import { load, type AutocannonResult } from './lib/autocannon';
import { appendReport, benchEnv, flag, PLATFORM_DATABASE_URL, prepareWorkspace } from './lib/commerce';
import { apiCpuMs, freePort, startApi } from './lib/spawn-api';
import { runBench } from './lib/cli';

/**
 * Cost of authenticating with an API key: requests/s on GET /api/auth/ping/key (key checked, workspace rate limit)
 * over GET /api/auth/ping (public, per-IP rate limit), same process, same run, rounds interleaved. Then, at a fixed
 * rate for both, the api's own CPU time per request (Linux): on a host shared with other jobs requests/s swing with
 * their load, CPU per request at an equal rate much less.
 *
 *   npm run bench -- tools/bench/auth-overhead.bench.ts [--duration 10] [--connections 50] [--rounds 2] [--rate 1000]
 */

async function main(): Promise<void> {
  const duration = flag('duration', 10);
  const connections = flag('connections', 50);
  const rounds = flag('rounds', 2);
  const rate = flag('rate', 1000);
  const env = benchEnv({ DATABASE_URL: PLATFORM_DATABASE_URL });

  const { key } = prepareWorkspace(env, 'auth bench', 'products:read');

  const api = await startApi(env, await freePort());
  try {
    const publicUrl = `${api.url}/api/auth/ping`;
    const keyUrl = `${api.url}/api/auth/ping/key`;
    const headers = { authorization: `Bearer ${key}` };
    const check = await fetch(keyUrl, { headers });
    if (check.status !== 200) throw new Error(`authenticated ping answered ${check.status}`);
    // Warm up JIT, pools and the key cache.
    await load({ url: publicUrl, connections, duration: 2 });
    await load({ url: keyUrl, connections, duration: 2, headers });

    const pub: AutocannonResult[] = [];
    const auth: AutocannonResult[] = [];
    for (let r = 0; r < rounds; r++) {
      pub.push(await load({ url: publicUrl, connections, duration }));
      auth.push(await load({ url: keyUrl, connections, duration, headers }));
    }
    // CPU per request at one fixed rate for both routes (same batching per event-loop turn), rounds interleaved.
    const cpuPub: number[] = [];
    const cpuAuth: number[] = [];
    const fixed: AutocannonResult[] = [];
    for (let r = 0; r < rounds; r++) {
      for (const [into, opts] of [
        [cpuPub, { url: publicUrl }],
        [cpuAuth, { url: keyUrl, headers }],
      ] as const) {
        const before = apiCpuMs(api.child);
        const res = await load({ ...opts, connections, duration, overallRate: rate });
        const after = apiCpuMs(api.child);
        if (before !== null && after !== null && res.requests.total > 0)
          into.push(((after - before) * 1000) / res.requests.total);
        fixed.push(res);
      }
    }
    const median = (xs: number[]): number | null =>
      xs.length === 0 ? null : ([...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number);
    const cpuPubUs = median(cpuPub);
    const cpuAuthUs = median(cpuAuth);
    const rps = (rs: AutocannonResult[]): number => rs.reduce((s, x) => s + x.requests.average, 0) / rs.length;
    const p99 = (rs: AutocannonResult[]): number => Math.max(...rs.map((x) => x.latency.p99));
    const bad = [...pub, ...auth, ...fixed].reduce((s, x) => s + x.non2xx + x.errors + x.timeouts, 0);
    const ratio = rps(auth) / rps(pub);
    const result = {
      publicRps: Math.round(rps(pub)),
      apiKeyRps: Math.round(rps(auth)),
      ratio: Math.round(ratio * 1000) / 1000,
      publicP99Ms: p99(pub),
      apiKeyP99Ms: p99(auth),
      cpuUsPerRequestPublic: cpuPubUs === null ? null : Math.round(cpuPubUs * 10) / 10,
      cpuUsPerRequestApiKey: cpuAuthUs === null ? null : Math.round(cpuAuthUs * 10) / 10,
      cpuRatio: cpuPubUs === null || cpuAuthUs === null ? null : Math.round((cpuPubUs / cpuAuthUs) * 1000) / 1000,
      rate,
      non2xxOrErrors: bad,
      connections,
      durationSeconds: duration,
      rounds,
    };
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);

    appendReport(
      'API-key authentication overhead',
      `npm run bench -- tools/bench/auth-overhead.bench.ts --duration ${duration} --connections ${connections} --rounds ${rounds}`,
      '| route | req/s | p99 ms |\n|---|---|---|\n' +
        `| GET /api/auth/ping (public) | ${result.publicRps} | ${result.publicP99Ms} |\n` +
        `| GET /api/auth/ping/key (API key) | ${result.apiKeyRps} | ${result.apiKeyP99Ms} |\n\n` +
        `Ratio authenticated/public: **${result.ratio}** (target >= 0.8). Non-2xx or errors: ${bad}.\n` +
        (result.cpuRatio === null
          ? ''
          : `\nAt ${rate} req/s each (${rounds} interleaved rounds, medians), api CPU per request: public ${result.cpuUsPerRequestPublic} us, ` +
            `API key ${result.cpuUsPerRequestApiKey} us; CPU ratio public/API key **${result.cpuRatio}** (what the req/s ratio would be on an idle, CPU-bound host).\n`),
    );
    if (bad > 0) process.exitCode = 1;
  } finally {
    await api.stop();
  }
}

runBench(main);
