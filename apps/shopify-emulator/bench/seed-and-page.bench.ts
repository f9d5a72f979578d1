// Benchmark: seed 100,000 products x 3 variants, then page every product at 250 per page.
// Run: node tools/dev/run.mjs apps/shopify-emulator/bench/seed-and-page.bench.ts
//  (or SWC_NODE_PROJECT=tsconfig.json node -r @swc-node/register apps/shopify-emulator/bench/seed-and-page.bench.ts)
// Env: BENCH_PRODUCTS (default 100000), BENCH_PACED_PAGES (default 12).
import { startEmulator } from '../src/index';

const PRODUCTS = Number(process.env['BENCH_PRODUCTS'] ?? 100_000);
const PACED_PAGES = Number(process.env['BENCH_PACED_PAGES'] ?? 12);
const PAGE_QUERY = `query Page($after: String) {
  products(first: 250, after: $after) {
    edges { cursor node { id title handle status vendor productType tags createdAt updatedAt } }
    pageInfo { hasNextPage endCursor }
  }
}`;

interface Cost {
  requestedQueryCost: number;
  actualQueryCost: number | null;
  throttleStatus: { maximumAvailable: number; currentlyAvailable: number; restoreRate: number };
}
interface PageBody {
  data?: { products: { edges: unknown[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } };
  errors?: Array<{ extensions?: { code?: string } }>;
  extensions: { cost: Cost };
}

async function main(): Promise<void> {
  const em = await startEmulator({ port: 0 });
  const post = async <T>(
    path: string,
    body: unknown,
    headers: Record<string, string> = {},
    method = 'POST',
  ): Promise<T> => {
    const res = await fetch(`${em.url}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
    return (await res.json()) as T;
  };
  await post('/_emulator/apps', { clientId: 'bench', clientSecret: 'bench-secret' });
  const shop = await post<{ accessTokens: Record<string, string> }>('/_emulator/shops', {
    name: 'bench',
    install: 'bench',
  });
  const token = shop.accessTokens['bench'] as string;
  const gql = (after: string | null) =>
    post<PageBody>(
      '/shops/bench.myshopify.com/admin/api/2026-04/graphql.json',
      { query: PAGE_QUERY, variables: { after } },
      { 'x-shopify-access-token': token },
    );

  const t0 = performance.now();
  const seeded = await post<Record<string, number>>('/_emulator/shops/bench/seed', {
    products: PRODUCTS,
    variantsPerProduct: 3,
    locations: 1,
    seed: 1,
  });
  const seedMs = performance.now() - t0;
  const rssAfterSeed = process.memoryUsage().rss;
  console.log(
    `seed: ${PRODUCTS} products x 3 variants (${seeded['variants']} variants) in ${(seedMs / 1000).toFixed(2)} s (rss ${(rssAfterSeed / 2 ** 20).toFixed(0)} MiB)`,
  );

  // 1) Raw CPU: lift the throttle and page everything as fast as the emulator answers.
  await post('/_emulator/shops/bench/throttle', { maximumAvailable: 1e12, restoreRate: 1e12 }, {}, 'PUT');
  let after: string | null = null;
  let pages = 0;
  let rows = 0;
  let points = 0;
  const cpu0 = process.cpuUsage();
  const t1 = performance.now();
  for (;;) {
    const body = await gql(after);
    if (!body.data) throw new Error(`page failed: ${JSON.stringify(body.errors)}`);
    pages++;
    rows += body.data.products.edges.length;
    points += body.extensions.cost.actualQueryCost ?? 0;
    if (!body.data.products.pageInfo.hasNextPage) break;
    after = body.data.products.pageInfo.endCursor;
  }
  const pageMs = performance.now() - t1;
  const cpu = process.cpuUsage(cpu0);
  const perPage = pageMs / pages;
  console.log(
    `unthrottled paging: ${rows} products in ${pages} pages, ${(pageMs / 1000).toFixed(2)} s wall, ${perPage.toFixed(1)} ms/page, cpu ${((cpu.user + cpu.system) / 1000 / pages).toFixed(1)} ms/page (client+server in one process)`,
  );

  // 2) Default throttle (2000 max, 100/s): a client pacing itself from throttleStatus.
  await post('/_emulator/shops/bench/throttle', { maximumAvailable: 2000, restoreRate: 100 }, {}, 'PUT');
  const costPerPage = points / pages;
  const throttleBoundS = Math.max(0, points - 2000) / 100;
  console.log(
    `throttle-bound estimate at 2000/100: ${points} points total (${costPerPage.toFixed(0)}/page) -> ${throttleBoundS.toFixed(0)} s, vs ${(pageMs / 1000).toFixed(1)} s of emulator time`,
  );
  await new Promise((r) => setTimeout(r, 25_000)); // let the bucket refill from the burst above
  after = null;
  let throttled = 0;
  let waitMs = 0;
  let busyMs = 0;
  const t2 = performance.now();
  for (let i = 0; i < PACED_PAGES; i++) {
    if (waitMs > 0) await new Promise((r) => setTimeout(r, waitMs));
    const s = performance.now();
    const body = await gql(after);
    busyMs += performance.now() - s;
    if (body.errors?.[0]?.extensions?.code === 'THROTTLED') throttled++;
    if (body.data) after = body.data.products.pageInfo.endCursor;
    const c = body.extensions.cost;
    const deficit = c.requestedQueryCost - c.throttleStatus.currentlyAvailable;
    waitMs = deficit > 0 ? Math.ceil((deficit / c.throttleStatus.restoreRate) * 1000) : 0;
  }
  const pacedS = (performance.now() - t2) / 1000;
  console.log(
    `paced client, default throttle: ${PACED_PAGES} pages in ${pacedS.toFixed(1)} s (${((PACED_PAGES * costPerPage) / pacedS).toFixed(0)} points/s incl. the initial 2000-point burst), throttled=${throttled}, emulator busy ${((busyMs / (pacedS * 1000)) * 100).toFixed(1)}% of the time`,
  );
  await em.close();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
