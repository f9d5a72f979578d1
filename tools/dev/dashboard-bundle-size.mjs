// First-load JavaScript per dashboard route, gzip, from a production build (`next build apps/dashboard`).
// Next 16 no longer prints the "First Load JS" column, so this reads the same inputs it used to: the root main
// files every page loads plus the client entry chunks of the route's layouts and page (client reference manifests).
// `node tools/dev/dashboard-bundle-size.mjs [--budget-kb 300]` prints a table and exits 1 over the budget.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const nextDir = path.join(repoRoot, 'apps/dashboard/.next');

function* manifests(dir) {
  for (const entry of readdirSync(dir)) {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) yield* manifests(full);
    else if (entry === 'page_client-reference-manifest.js') yield full;
  }
}

export function firstLoadSizes() {
  if (!existsSync(path.join(nextDir, 'BUILD_ID')))
    throw new Error('no production build in apps/dashboard/.next (run next build first)');
  const build = JSON.parse(readFileSync(path.join(nextDir, 'build-manifest.json'), 'utf8'));
  const gz = new Map();
  const size = (file) => {
    if (!gz.has(file)) gz.set(file, gzipSync(readFileSync(path.join(nextDir, file))).length);
    return gz.get(file);
  };
  const rows = [];
  for (const file of manifests(path.join(nextDir, 'server/app'))) {
    const sandbox = { globalThis: {} };
    sandbox.globalThis = sandbox;
    vm.runInNewContext(readFileSync(file, 'utf8'), sandbox);
    for (const [route, manifest] of Object.entries(sandbox.__RSC_MANIFEST)) {
      if (route.startsWith('/_')) continue; // Next's own error pages
      const files = new Set(build.rootMainFiles);
      for (const chunks of Object.values(manifest.entryJSFiles)) for (const c of chunks) files.add(c);
      const bytes = [...files].reduce((sum, f) => sum + size(f), 0);
      rows.push({ route: route.replace(/\/page$/, '').replace(/\/\([^)]+\)/g, '') || '/', bytes });
    }
  }
  return rows.sort((a, b) => a.route.localeCompare(b.route));
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const i = process.argv.indexOf('--budget-kb');
  const budget = i > 0 ? Number(process.argv[i + 1]) : 300;
  const rows = firstLoadSizes();
  const width = Math.max(...rows.map((r) => r.route.length));
  let over = 0;
  for (const r of rows) {
    const kb = r.bytes / 1024;
    if (kb > budget) over++;
    process.stdout.write(
      `${r.route.padEnd(width)}  ${kb.toFixed(1).padStart(6)} kB gzip${kb > budget ? `  OVER ${budget} kB` : ''}\n`,
    );
  }
  process.exit(over ? 1 : 0);
}
