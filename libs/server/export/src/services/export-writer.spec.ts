import type { ExportBatch, ExportSource } from '@retailos/shared/contracts';
import { exportChunks } from './export-writer';

function source(total: number): ExportSource & { calls: (string | null)[] } {
  const calls: (string | null)[] = [];
  return {
    columns: ['id', 'name', 'note'],
    calls,
    async exportBatch(_ws: string, after: string | null, limit: number): Promise<ExportBatch> {
      calls.push(after);
      const start = after === null ? 0 : Number(after);
      const rows = Array.from({ length: Math.max(0, Math.min(limit, total - start)) }, (_, i) => ({
        id: String(start + i + 1),
        name: `n,"${start + i}"`,
        note: start + i === 0 ? '=SUM(A1)' : null,
      }));
      return { rows, next: rows.length === limit ? String(start + rows.length) : null };
    },
  };
}

async function collect(gen: AsyncGenerator<string>): Promise<string> {
  let out = '';
  for await (const chunk of gen) out += chunk;
  return out;
}

describe('export writer', () => {
  it('writes CSV in keyset batches with quoting and formula-safe cells', async () => {
    const src = source(5);
    const csv = await collect(exportChunks(src, 'ws', 'csv', 2));
    const lines = csv.trim().split('\r\n');
    expect(lines[0]).toBe('id,name,note');
    expect(lines).toHaveLength(6);
    expect(lines[1]).toBe(`1,"n,""0""",'=SUM(A1)`);
    expect(src.calls).toEqual([null, '2', '4']);
  });

  it('writes a valid JSON array, also when empty', async () => {
    expect(JSON.parse(await collect(exportChunks(source(3), 'ws', 'json', 2)))).toHaveLength(3);
    expect(JSON.parse(await collect(exportChunks(source(0), 'ws', 'json', 2)))).toEqual([]);
  });
});
