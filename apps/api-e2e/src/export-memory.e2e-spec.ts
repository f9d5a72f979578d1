import { EntityManager } from '@mikro-orm/postgresql';
import { createTestApp, type TestApp } from '@retailos/server/testing';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createApiApp } from '../../api/src/bootstrap';
import { seedWorkspace, type SeededWorkspace } from './support/identity';

// The export claim "memory stays flat": a workspace far bigger than one batch, exported through the real route (so
// with the real batch size of 1,000), read slowly by the client, while this process (which runs the api) is sampled.
// A server that collected the rows, or wrote without waiting for the socket, would hold the whole export in memory.
const ROWS = 100_000;
const NOTE = 'n'.repeat(300);
const MiB = 1024 * 1024;
// Flat: well under the size of the export itself (about 42 MiB of CSV; held as rows it would be several times that).
const BOUND = 16 * MiB;

// Live memory, not garbage waiting for a collection: a full GC before each reading.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

describe('export memory', () => {
  let api: TestApp;
  let ws: SeededWorkspace;

  beforeAll(async () => {
    api = await createTestApp(createApiApp);
    ws = await seedWorkspace(api);
    // Seeded in one statement: the route is under test here, not customer creation.
    await api.app
      .get(EntityManager)
      .fork()
      .execute(
        `insert into customers (id, workspace_id, email, first_name, last_name, note)
         select 'cus_mem' || lpad(i::text, 18, '0'), ?, 'mem' || i || '@example.test', 'First', 'Last ' || i, ?
           from generate_series(1, ?) i`,
        [ws.workspaceId, NOTE, ROWS],
      );
    // Statistics as autovacuum would leave them, so each batch is the index range scan it is in production.
    await api.app.get(EntityManager).fork().execute('analyze customers');
  }, 120_000);

  afterAll(async () => {
    await api.close();
  });

  it(`streams ${ROWS} customers (100 batches) to a reader that pauses, with memory that stays flat`, async () => {
    const live = (): number => {
      gc();
      const m = process.memoryUsage();
      return m.heapUsed + m.arrayBuffers;
    };
    const baseline = live();
    let peak = baseline;
    let bytes = 0;
    let newlines = 0;
    let reads = 0;
    const res = await fetch(`${api.url}/api/export/customers?format=csv`, {
      headers: { authorization: `Bearer ${ws.apiKey}` },
    });
    expect(res.status).toBe(200);
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    const consume = (value: Uint8Array): void => {
      bytes += value.byteLength;
      for (const byte of value) if (byte === 10) newlines++;
    };
    const first = await reader.read();
    if (first.value) consume(first.value);
    // The client stops reading. A server that waits for the socket stops producing once the buffers between are
    // full, and memory settles; one that does not keeps queueing the rest of the export. Wait for either: memory
    // (read without forcing a collection, which would stall the api in this very process) no higher over the last
    // 2 s than before them, or grown past the bound; then take the live figure.
    const stallStarted = Date.now();
    const readings: number[] = [];
    while (Date.now() - stallStarted < 60_000) {
      await new Promise((r) => setTimeout(r, 100));
      const m = process.memoryUsage();
      readings.push(m.heapUsed + m.arrayBuffers);
      const now = readings[readings.length - 1] as number;
      if (now - baseline > 2 * BOUND) break;
      const window = readings.slice(-21);
      if (window.length === 21 && Math.max(...window.slice(1)) - (window[0] as number) < MiB) break;
    }
    peak = Math.max(peak, live());
    const stalledMs = Date.now() - stallStarted;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      consume(value);
      // Every 50 reads (a few MiB), what the api and the client hold right now.
      if (++reads % 50 === 0) peak = Math.max(peak, live());
    }
    expect(newlines - 1).toBe(ROWS); // header + one line per customer
    expect(bytes).toBeGreaterThan(ROWS * NOTE.length);
    const growth = (peak - baseline) / MiB;
    process.stdout.write(
      `export memory: ${ROWS} rows, ${(bytes / MiB).toFixed(1)} MiB streamed, live heap+buffers grew ${growth.toFixed(1)} MiB at most (${reads} reads; paused ${stalledMs} ms)\n`,
    );
    expect(growth).toBeLessThan(BOUND / MiB);
  }, 120_000);
});
