import type { ExportSource } from '@retailos/shared/contracts';
import { Readable } from 'node:stream';

export type ExportFormat = 'json' | 'csv';

export const EXPORT_BATCH_SIZE = 1000;

function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text =
    value instanceof Date ? value.toISOString() : typeof value === 'object' ? JSON.stringify(value) : String(value);
  // Quote when needed; a leading =,+,-,@ is prefixed so spreadsheets never run a cell as a formula.
  const safe = /^[=+\-@\t\r]/.test(text) && !/^-?\d+(\.\d+)?$/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function jsonValue(value: unknown): unknown {
  return value instanceof Date ? value.toISOString() : value;
}

/**
 * Pulls keyset batches one at a time and yields text chunks. Readable.from() only asks for the next chunk when the
 * socket drained the previous one, so memory stays at about one batch whatever the size of the workspace.
 */
export async function* exportChunks(
  source: ExportSource,
  workspaceId: string,
  format: ExportFormat,
  batchSize = EXPORT_BATCH_SIZE,
): AsyncGenerator<string> {
  const columns = source.columns;
  let after: string | null = null;
  let first = true;
  yield format === 'csv' ? `${columns.join(',')}\r\n` : '[';
  for (;;) {
    const batch = await source.exportBatch(workspaceId, after, batchSize);
    if (batch.rows.length > 0) {
      if (format === 'csv') {
        yield batch.rows.map((r) => columns.map((c) => csvCell(r[c])).join(',')).join('\r\n') + '\r\n';
      } else {
        const parts = batch.rows.map((r) =>
          JSON.stringify(Object.fromEntries(columns.map((c) => [c, jsonValue(r[c] ?? null)]))),
        );
        yield (first ? '\n' : ',\n') + parts.join(',\n');
        first = false;
      }
    }
    if (!batch.next) break;
    after = batch.next;
  }
  if (format === 'json') yield '\n]\n';
}

export function exportStream(source: ExportSource, workspaceId: string, format: ExportFormat): Readable {
  return Readable.from(exportChunks(source, workspaceId, format), { objectMode: false });
}
