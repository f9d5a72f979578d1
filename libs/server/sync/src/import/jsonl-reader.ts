import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';

export type BulkRow = Record<string, unknown> & { id?: unknown; __parentId?: unknown };

/** One root object of a bulk result with its child rows, and the line number just past its last line. */
export interface BulkGroup {
  root: BulkRow;
  children: BulkRow[];
  endLine: number;
}

/**
 * Streams a bulk operation's JSONL (never held whole): fetch's body stream through readline, one line at a time, the
 * first `skipLines` lines read past without parsing (the checkpoint's offset). Yields each root row with the child
 * rows that follow it (`__parentId`); Shopify writes children after their parent.
 */
export async function* readBulkGroups(
  url: string,
  skipLines: number,
  fetchImpl: typeof fetch = fetch,
): AsyncGenerator<BulkGroup> {
  const res = await fetchImpl(url);
  if (!res.ok || !res.body) throw new Error(`bulk result download answered HTTP ${res.status}`);
  const input = Readable.fromWeb(res.body as unknown as WebReadableStream<Uint8Array>);
  const lines = createInterface({ input, crlfDelay: Infinity });
  let line = 0;
  let current: BulkGroup | null = null;
  try {
    for await (const text of lines) {
      line++;
      if (line <= skipLines || text.trim() === '') {
        if (current) current.endLine = line;
        continue;
      }
      const row = JSON.parse(text) as BulkRow;
      if (row.__parentId === undefined) {
        if (current) yield current;
        current = { root: row, children: [], endLine: line };
      } else if (current) {
        current.children.push(row);
        current.endLine = line;
      }
      // A child whose parent lies before the checkpoint cannot happen: offsets are only ever saved at a root boundary.
    }
    if (current) yield current;
  } finally {
    lines.close();
    input.destroy();
  }
}
