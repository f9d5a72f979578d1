import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** Resident memory of the api process (the node grandchild of run.mjs), MiB. */
export function apiRssMiB(runnerPid: number): number {
  try {
    const kids = execFileSync('pgrep', ['-P', String(runnerPid)], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .filter(Boolean);
    const pid = kids[0] ?? String(runnerPid);
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    return Math.round(kb / 1024);
  } catch {
    return NaN;
  }
}

export interface ExportMeasure {
  rows: number;
  mib: number;
  seconds: number;
  rssBefore: number;
  rssPeak: number;
}

/** Samples the api's memory every 250 ms while `work` runs. */
export async function withRssPeak<T>(
  runnerPid: number,
  work: () => Promise<T>,
): Promise<{ result: T; rssBefore: number; rssPeak: number }> {
  const rssBefore = apiRssMiB(runnerPid);
  let rssPeak = rssBefore;
  const timer = setInterval(() => (rssPeak = Math.max(rssPeak, apiRssMiB(runnerPid))), 250);
  try {
    return { result: await work(), rssBefore, rssPeak };
  } finally {
    clearInterval(timer);
  }
}

/** Streams a whole `GET /api/export/<resource>`, sampling the api's memory while it runs. */
export async function measureExport(
  url: string,
  key: string,
  runnerPid: number,
  resource: string,
  format: 'csv' | 'json',
): Promise<ExportMeasure> {
  const started = performance.now();
  const { result, rssBefore, rssPeak } = await withRssPeak(runnerPid, async () => {
    const res = await fetch(`${url}/api/export/${resource}?format=${format}`, {
      headers: { authorization: `Bearer ${key}` },
    });
    if (!res.body) throw new Error('export without a body');
    let bytes = 0;
    let newlines = 0;
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      bytes += chunk.length;
      for (const b of chunk) if (b === 10) newlines++;
    }
    return { bytes, newlines };
  });
  // CSV: a header line, then a line a row; JSON: `[`, a line a row, then `]` on a line of its own.
  return {
    rows: result.newlines - (format === 'csv' ? 1 : 2),
    mib: Math.round(result.bytes / 2 ** 20),
    seconds: (performance.now() - started) / 1000,
    rssBefore,
    rssPeak,
  };
}
