import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * Issue 17's data-access convention, checked on the tree: SQL statements live only in `*.sql.ts` files (and
 * migrations), each opening with one line that names the benchmark justifying it; everything else reaches Postgres
 * through its context's repository (EntityManager / QueryBuilder).
 */
const root = join(__dirname, '../..');

/** A string literal (quote or backtick) that opens with a statement that runs, in any case. */
export const SQL_STRING =
  /[`'"]\s*(select\s+(?:\d+\b|(?:[\w*"(]|\$\{)[^`'"]*?(?:\bfrom\b|\bas\b|\(|;))|insert\s+into\b|update\s+\w+\s+set\b|delete\s+from\b|with\s+\w+\s+as\s*\(|listen\s|notify\s|prepare\s+\$?\{?\w|execute\s+\$?\{?\w|create\s+(?:sequence|database|table)\b|drop\s+(?:database|table|sequence)\b|truncate\s)/i;

/** The first line of a `*.sql.ts`: `// Raw SQL justified by tools/bench/<name>.bench.ts ...`. */
const JUSTIFICATION = /^\/\/ Raw SQL justified by (?:[^\n]*?)(tools\/bench\/[\w-]+\.bench\.ts)/;

/**
 * Where a statement may appear outside `*.sql.ts`, and why. Keep it short: every entry is a debt or a different kind
 * of code (the executor itself, tests, benchmarks measuring bare SQL as their ceiling, the emulator, which is not ours).
 */
const ALLOWED: { path: RegExp; why: string }[] = [
  { path: /^libs\/server\/core\/src\/sql\//, why: 'the one execution API: it sends PREPARE / EXECUTE itself' },
  { path: /\/migrations\//, why: 'migrations are SQL by design' },
  { path: /\.(spec|int-spec|e2e-spec|browser-spec)\.ts$/, why: 'tests probe the database directly' },
  { path: /^libs\/server\/testing\//, why: 'test support (per-worker databases, drain checks)' },
  { path: /^apps\/api-e2e\/src\/support\//, why: 'e2e fixtures seed rows the api cannot create' },
  { path: /^tools\/bench\//, why: 'benchmarks run the bare SQL ceiling they compare the api against' },
  { path: /^tools\/dev\/services\.mjs$/, why: 'the dev stack creates its database before any app exists' },
  { path: /^apps\/shopify-emulator\//, why: "Shopify's stand-in, no Postgres" },
  { path: /\.d\.ts$/, why: 'generated Shopify types (GraphQL documents)' },
];

/** `*.sql.ts` files whose first line does not name a benchmark yet, and why. Each is a debt: shrink this list. */
const UNJUSTIFIED_PENDING = new Set<string>([]);

/** `*.sql.ts` still calling em.execute themselves, and why (none today). */
const OWN_EXECUTION_PENDING = new Set<string>([]);

/** pg Pools opened outside core's execution API, and why (none today). */
const POOL_PENDING = new Set<string>([]);

function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (['node_modules', 'dist', '.data', '.next', '.nx', 'coverage'].includes(entry.name)) continue;
    const full = join(dir, entry.name);
    if (entry.isDirectory()) sourceFiles(full, out);
    else if (/\.(ts|tsx|mts|js|mjs)$/.test(entry.name)) out.push(relative(root, full));
  }
  return out;
}

const files = ['apps', 'libs', 'tools']
  .filter((d) => existsSync(join(root, d)))
  .flatMap((d) => sourceFiles(join(root, d)));

describe('SQL placement (issue 17)', () => {
  it('finds a statement in the detector probes, and nothing in ordinary strings', () => {
    for (const probe of [
      "em.execute('select id from customers where id = ?')",
      '`\n   select seq, id from outbox`',
      "'SELECT 1 FROM pg_database'",
      "'select 1'",
      '`insert into orders (id) values (?)`',
      "'update outbox set published_at = now()'",
      '"delete from idempotency_keys where key = ?"',
      '`with c as (select 1) select * from c`',
      '`LISTEN ${channel}`',
      '`create sequence if not exists ${name}`',
      "'select pg_try_advisory_xact_lock(?) as ok'",
    ])
      expect(SQL_STRING.test(probe)).toBe(true);
    for (const prose of [
      "'Select a location'",
      "'Update product'",
      "'Create a webhook'",
      "'delete'",
      '`select`',
      "'insert'",
    ])
      expect(SQL_STRING.test(prose)).toBe(false);
  });

  it('finds SQL statements only in *.sql.ts files and the listed places', () => {
    const offenders = files
      .filter((f) => !f.endsWith('.sql.ts') && !ALLOWED.some((a) => a.path.test(f)))
      .flatMap((f) =>
        readFileSync(join(root, f), 'utf8')
          .split('\n')
          .flatMap((line, i) => {
            // A statement may open on the line after its quote: look at this line and the next together.
            const m = SQL_STRING.exec(line);
            return m ? [`${f}:${i + 1}: ${m[0].trim().slice(0, 60)}`] : [];
          }),
      );
    const multiline = files
      .filter((f) => !f.endsWith('.sql.ts') && !ALLOWED.some((a) => a.path.test(f)))
      .flatMap((f) => {
        const m = /`\s*\n\s*(select|insert\s+into|update\s+\w+\s+set|delete\s+from|with\s+\w+\s+as)\b/i.exec(
          readFileSync(join(root, f), 'utf8'),
        );
        return m ? [`${f}: ${m[0].trim()}`] : [];
      });
    expect([...offenders, ...multiline]).toEqual([]);
  });

  it('every *.sql.ts opens with one line naming the benchmark that justifies it, and that benchmark exists', () => {
    const sqlFiles = files.filter((f) => f.endsWith('.sql.ts') && !UNJUSTIFIED_PENDING.has(f));
    expect(sqlFiles.length).toBeGreaterThan(5);
    const bad = sqlFiles.flatMap((f) => {
      const first = readFileSync(join(root, f), 'utf8').split('\n')[0] ?? '';
      const m = JUSTIFICATION.exec(first);
      if (!m) return [`${f}: first line does not name a tools/bench/*.bench.ts: ${first.slice(0, 80)}`];
      return existsSync(join(root, m[1] as string)) ? [] : [`${f}: ${m[1]} does not exist`];
    });
    expect(bad).toEqual([]);
  });

  it('*.sql.ts run their SQL through the one execution API (no em.execute, no driver of their own)', () => {
    const bad = files
      .filter((f) => f.endsWith('.sql.ts') && !OWN_EXECUTION_PENDING.has(f))
      .filter((f) => /\.execute(<[^>]*>)?\(|from 'pg'|require\('pg'\)/.test(readFileSync(join(root, f), 'utf8')));
    expect(bad).toEqual([]);
  });

  it('nothing reaches into knex internals, and only the execution API opens a pg Pool', () => {
    const bad = files
      .filter(
        (f) =>
          !ALLOWED.some((a) => a.path.test(f) && !/core\/src\/sql/.test(f)) &&
          !POOL_PENDING.has(f) &&
          f !== 'tools/db/sql-placement.spec.ts',
      )
      .flatMap((f) => {
        const text = readFileSync(join(root, f), 'utf8');
        const hits = [
          /acquireConnection|releaseConnection|getKnex\(\)\.client/.test(text) ? 'knex internals' : '',
          !f.startsWith('libs/server/core/src/sql/') &&
          /new (pg\.)?Pool\(/.test(text) &&
          /from 'pg'|require\('pg'\)/.test(text)
            ? 'pg Pool'
            : '',
        ];
        return hits.filter(Boolean).map((h) => `${f}: ${h}`);
      });
    expect(bad).toEqual([]);
  });

  it('the allow-lists name only files that exist', () => {
    for (const f of [...OWN_EXECUTION_PENDING, ...POOL_PENDING]) expect(existsSync(join(root, f))).toBe(true);
    for (const f of UNJUSTIFIED_PENDING) expect(existsSync(join(root, f))).toBe(true);
  });
});
