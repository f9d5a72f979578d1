// Production build: node tools/build/build.mjs <api|worker|shopify-emulator>... [--out <dir>]   (default out: dist)
// Compiles each app's TypeScript with SWC (decorator metadata, as in dev and tests) into one self-contained folder,
// `<out>/apps/<app>/`: the app's own files at its root (`main.js`), the libraries it imports under `libs/`, the
// tools it ships under `tools/`. Only files reachable from the entry points are compiled; `@retailos/*` aliases are
// rewritten to relative paths, so plain `node` runs the output. A package the output requires that is not a
// production dependency fails the build (the runtime image installs with `npm ci --omit=dev`).
import { transformFileSync } from '@swc/core';
import { builtinModules } from 'node:module';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import swc from './swc.cjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Entry points (source, from the repo root) and assets (copied as is, source -> path inside the app folder). */
export const APPS = {
  api: {
    entries: ['apps/api/src/main.ts', 'tools/db/migrate.ts', 'tools/cli/main.ts'],
    assets: [],
  },
  worker: { entries: ['apps/worker/src/main.ts'], assets: [] },
  'shopify-emulator': {
    entries: ['apps/shopify-emulator/src/main.ts'],
    assets: [['apps/shopify-emulator/schema', 'schema']],
  },
};

const { SWC_JSC, SWC_MODULE } = swc;
const SWC_OPTIONS = { swcrc: false, jsc: SWC_JSC, module: SWC_MODULE, sourceMaps: true };

export class BuildError extends Error {}

function readJson(file) {
  return JSON.parse(readFileSync(path.join(root, file), 'utf8'));
}

function aliases() {
  const { paths } = readJson('tsconfig.base.json').compilerOptions;
  return new Map(Object.entries(paths).map(([alias, [target]]) => [alias, path.join(root, target)]));
}

function isFile(p) {
  return existsSync(p) && statSync(p).isFile();
}

/** Source file a relative specifier points at (TypeScript's resolution for `./x`: x.ts, x/index.ts, then as is). */
function resolveSource(fromFile, spec) {
  const base = path.resolve(path.dirname(fromFile), spec);
  for (const candidate of [
    `${base}.ts`,
    path.join(base, 'index.ts'),
    base,
    `${base}.js`,
    path.join(base, 'index.js'),
  ]) {
    if (isFile(candidate)) return candidate;
  }
  throw new BuildError(`${path.relative(root, fromFile)}: cannot resolve "${spec}"`);
}

/** Where a source file lands inside the app folder: `apps/<app>/src/x.ts` -> `x.js` for the app itself,
 *  `<project>/src/x.ts` -> `<project minus apps|libs prefix kept>/x.js` for libraries, tools as they are. */
function outputPathFor(source, appRoot) {
  const rel = path.relative(root, source).split(path.sep).join('/');
  let out;
  if (rel.startsWith(`${appRoot}/src/`)) out = rel.slice(appRoot.length + 5);
  else {
    const m = /^(libs\/.+?)\/src\/(.*)$/.exec(rel);
    if (m) out = `${m[1]}/${m[2]}`;
    else if (rel.startsWith('tools/')) out = rel;
    else throw new BuildError(`${rel}: only the app's own src, libs/*/src and tools/ can be part of a build`);
  }
  return out.replace(/\.ts$/, '.js');
}

function packageName(spec) {
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** Compiles one app; returns the packages its output requires. */
export function buildApp(app, outRoot) {
  const def = APPS[app];
  if (!def) throw new BuildError(`unknown app "${app}" (one of: ${Object.keys(APPS).join(', ')})`);
  const appRoot = `apps/${app}`;
  const outDir = path.join(outRoot, 'apps', app);
  rmSync(outDir, { recursive: true, force: true });
  const pkg = readJson('package.json');
  const prodDeps = new Set(Object.keys(pkg.dependencies ?? {}));
  const devDeps = new Set(Object.keys(pkg.devDependencies ?? {}));
  const builtins = new Set(builtinModules);
  const alias = aliases();
  const outputs = new Map(); // output path -> source, to refuse two sources landing on one file
  const packages = new Set();
  const queue = def.entries.map((e) => path.join(root, e));
  const seen = new Set(queue);

  while (queue.length > 0) {
    const source = queue.shift();
    const outRel = outputPathFor(source, appRoot);
    if (outputs.has(outRel)) throw new BuildError(`${outRel}: both ${outputs.get(outRel)} and ${source} compile to it`);
    outputs.set(outRel, source);
    const outFile = path.join(outDir, outRel);
    mkdirSync(path.dirname(outFile), { recursive: true });

    if (source.endsWith('.json')) {
      writeFileSync(outFile, readFileSync(source));
      continue;
    }
    const { code, map } = transformFileSync(source, {
      ...SWC_OPTIONS,
      filename: source,
      sourceFileName: path.relative(path.dirname(outFile), source),
    });
    const rewritten = code.replace(/require\("([^"]+)"\)/g, (whole, spec) => {
      let target;
      if (spec.startsWith('.')) target = resolveSource(source, spec);
      else if (alias.has(spec)) target = alias.get(spec);
      else {
        const name = spec.startsWith('node:') ? spec : packageName(spec);
        if (builtins.has(name) || name.startsWith('node:')) return whole;
        if (!prodDeps.has(name)) {
          const why = devDeps.has(name) ? 'a devDependency' : 'not a declared dependency';
          throw new BuildError(
            `${path.relative(root, source)} requires "${spec}", ${why}: the runtime installs production dependencies only`,
          );
        }
        packages.add(name);
        return whole;
      }
      if (!seen.has(target)) {
        seen.add(target);
        queue.push(target);
      }
      const targetOut = path.join(outDir, outputPathFor(target, appRoot));
      let relSpec = path.relative(path.dirname(outFile), targetOut).split(path.sep).join('/').replace(/\.js$/, '');
      if (!relSpec.startsWith('.')) relSpec = `./${relSpec}`;
      return `require(${JSON.stringify(relSpec)})`;
    });
    writeFileSync(outFile, `${rewritten}\n//# sourceMappingURL=${path.basename(outFile)}.map\n`);
    if (map) writeFileSync(`${outFile}.map`, map);
  }
  for (const [from, to] of def.assets) cpSync(path.join(root, from), path.join(outDir, to), { recursive: true });
  return { files: outputs.size, packages: [...packages].sort() };
}

async function main() {
  const args = process.argv.slice(2);
  const outFlag = args.indexOf('--out');
  const outRoot = path.resolve(root, outFlag >= 0 ? args[outFlag + 1] : 'dist');
  const apps = args.filter((a, i) => !a.startsWith('--') && (outFlag < 0 || i !== outFlag + 1));
  if (apps.length === 0) {
    process.stderr.write(`usage: node tools/build/build.mjs <${Object.keys(APPS).join('|')}>... [--out <dir>]\n`);
    process.exit(2);
  }
  for (const app of apps) {
    const started = Date.now();
    const { files } = buildApp(app, outRoot);
    process.stdout.write(
      `built ${path.relative(root, path.join(outRoot, 'apps', app)) || '.'}/main.js: ${files} files in ${Date.now() - started} ms\n`,
    );
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    await main();
  } catch (err) {
    process.stderr.write(`build failed: ${err instanceof BuildError ? err.message : err.stack}\n`);
    process.exit(1);
  }
}
