// The baseline of tools/bench/shopify-import.bench.ts: page through a shop's products (with variants), inventory items
// (with levels), customers and orders (with line items) over the Admin GraphQL API, 250 per page, doing nothing with
// the rows but counting them, and checking that each root's nodes came in strictly ascending sort order (with the
// counts: every node exactly once). Prints {ms, rows, maxRssMb, perRoot: {<root>: {nodes, rows}}} as one JSON line (rows
// count every node, nested ones included: a bulk operation's objectCount; nodes only the root's: its rootObjectCount).
//   node tools/dev/run.mjs tools/bench/lib/shopify-pager.ts <graphqlUrl> <accessToken>

const [endpoint, token] = process.argv.slice(2) as [string, string];

/** `order`: the root's sort (locations by NAME, orders by PROCESSED_AT, which seeded orders share with createdAt, the rest by ID). */
const PAGES: { root: string; select: string; nested?: string; order?: 'id' | 'createdAt' }[] = [
  { root: 'locations', select: 'id name isActive' },
  {
    root: 'products',
    order: 'id',
    select: 'id handle title descriptionHtml vendor productType status tags updatedAt',
    nested:
      'variants(first: 100) { edges { node { id sku barcode title price compareAtPrice inventoryPolicy updatedAt inventoryItem { id } } } }',
  },
  {
    root: 'inventoryItems',
    order: 'id',
    select: 'id variant { id }',
    nested:
      'inventoryLevels(first: 50) { edges { node { id location { id } quantities(names: ["available", "on_hand"]) { name quantity } } } }',
  },
  { root: 'customers', order: 'id', select: 'id email firstName lastName phone note tags updatedAt' },
  {
    root: 'orders',
    order: 'createdAt',
    select:
      'id name email note tags createdAt updatedAt cancelledAt cancelReason currencyCode customer { id } subtotalPriceSet { shopMoney { amount currencyCode } } totalPriceSet { shopMoney { amount currencyCode } }',
    nested:
      'lineItems(first: 50) { edges { node { id title sku quantity variant { id } originalUnitPriceSet { shopMoney { amount } } } } }',
  },
];

async function main(): Promise<void> {
  const started = performance.now();
  let rows = 0;
  type Counted = { nodes: number; rows: number; pages: number; ascending: boolean | null };
  const perRoot: Record<string, Counted> = {};
  for (const page of PAGES) {
    const counted: Counted = (perRoot[page.root] = {
      nodes: 0,
      rows: 0,
      pages: 0,
      ascending: page.order ? true : null,
    });
    const before = rows;
    let last: { value: string; id: bigint } | null = null;
    for (let after: string | null = null; ;) {
      const query = `query($after: String) { ${page.root}(first: 250, after: $after) { edges { node { ${page.select} ${page.nested ?? ''} } } pageInfo { hasNextPage endCursor } } }`;
      const res = await fetch(endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-shopify-access-token': token },
        body: JSON.stringify({ query, variables: { after } }),
      });
      const body = (await res.json()) as {
        data?: Record<
          string,
          { edges: { node: Record<string, unknown> }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } }
        >;
        errors?: unknown;
      };
      const conn = body.data?.[page.root];
      if (!conn) throw new Error(`${page.root}: ${JSON.stringify(body.errors ?? body).slice(0, 300)}`);
      counted.pages++;
      counted.nodes += conn.edges.length;
      for (const { node } of conn.edges) {
        rows++;
        if (page.order) {
          const gid = String(node['id']);
          const key = {
            value: page.order === 'createdAt' ? String(node['createdAt']) : '',
            id: BigInt(gid.slice(gid.lastIndexOf('/') + 1)),
          };
          if (last && !(key.value > last.value || (key.value === last.value && key.id > last.id)))
            counted.ascending = false;
          last = key;
        }
        for (const v of Object.values(node))
          if (v && typeof v === 'object' && 'edges' in v) rows += (v as { edges: unknown[] }).edges.length;
      }
      if (!conn.pageInfo.hasNextPage) break;
      after = conn.pageInfo.endCursor;
    }
    counted.rows = rows - before;
  }
  process.stdout.write(
    `${JSON.stringify({ ms: Math.round(performance.now() - started), rows, maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024), perRoot })}\n`,
  );
}

main().catch((err: unknown) => {
  process.stderr.write(`${String(err)}\n`);
  process.exit(1);
});
