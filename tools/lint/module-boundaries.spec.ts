import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// Lints in-memory snippets as if they lived in libs/shared/util, with the real eslint.config.mjs and project graph.
// ESLint loads its flat config with a native import(), which Jest's module sandbox cannot do: run it in a child.
const root = join(__dirname, '../..');

interface Probe {
  filePath: string;
  code: string;
  /**
   * Project pairs whose cycle check is skipped for this probe (the rest of the real rule options stay as they are):
   * every server lib already depends on shared-util, so an import the other way is reported as a cycle before any
   * tag constraint is looked at, and the probe would pass with the scope constraint deleted.
   */
  ignoreCycle?: [string, string][];
}
interface Finding {
  ruleId: string | null;
  message: string;
}

const script = `
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import devkit from '@nx/devkit';
// The boundary rule only reads a cached project graph (it is skipped without one, e.g. on a fresh clone).
await devkit.createProjectGraphAsync({ exitOnError: true });
const probes = JSON.parse(process.argv[1]);
// Virtual files are unknown to the TS project service; the boundary rule needs no type information.
const eslint = new ESLint({ overrideConfig: [{ files: ['**/*.ts'], ...tseslint.configs.disableTypeChecked }] });
const out = [];
for (const p of probes) {
  let linter = eslint;
  if (p.ignoreCycle) {
    const real = (await eslint.calculateConfigForFile(p.filePath)).rules['@nx/enforce-module-boundaries'];
    const [severity, options] = real;
    linter = new ESLint({
      overrideConfig: [
        { files: ['**/*.ts'], ...tseslint.configs.disableTypeChecked },
        { files: ['**/*.ts'], rules: { '@nx/enforce-module-boundaries': [severity, { ...options, ignoredCircularDependencies: p.ignoreCycle }] } },
      ],
    });
  }
  const [res] = await linter.lintText(p.code, { filePath: p.filePath });
  out.push(res.messages.map((m) => ({ ruleId: m.ruleId, message: m.message })));
}
process.stdout.write('\\n@@probe@@' + JSON.stringify(out));
`;

function lint(probes: Probe[]): Finding[][] {
  const stdout = execFileSync(process.execPath, ['--input-type=module', '-e', script, JSON.stringify(probes)], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, NX_DAEMON: 'false' },
  });
  // Nx may print warnings on stdout too: the results follow the last marker
  return JSON.parse(stdout.slice(stdout.lastIndexOf('@@probe@@') + '@@probe@@'.length)) as Finding[][];
}

const ruleErrors = (findings: Finding[], ruleId: string): string[] =>
  findings.filter((f) => f.ruleId === ruleId).map((f) => f.message);
const boundaryErrors = (findings: Finding[]): string[] => ruleErrors(findings, '@nx/enforce-module-boundaries');
const facadeErrors = (findings: Finding[]): string[] => ruleErrors(findings, 'retailos/no-exported-facade-class');
const globalErrors = (findings: Finding[]): string[] => ruleErrors(findings, 'retailos/no-global-module');

const GLOBAL_MODULE =
  "import { Global, Module } from '@nestjs/common';\n@Global()\n@Module({})\nexport class ProbeModule {}\n";

describe('module boundaries', () => {
  const utilFile = join(root, 'libs/shared/util/src/__boundary_probe__.ts');
  const featureFile = join(root, 'libs/server/customers/src/__boundary_probe__.ts');
  const featureSpec = join(root, 'libs/server/customers/src/__boundary_probe__.int-spec.ts');
  const dataAccessFile = join(root, 'libs/server/outbox/src/__boundary_probe__.ts');
  const catalogIndex = join(root, 'libs/server/catalog/src/index.ts');
  const identityIndex = join(root, 'libs/server/identity/src/index.ts');
  const ordersIndex = join(root, 'libs/server/orders/src/index.ts');
  const realIndexes = ['catalog', 'customers', 'identity', 'inventory', 'orders', 'sync', 'webhooks'].map((ctx) =>
    join(root, `libs/server/${ctx}/src/index.ts`),
  );
  let results: Finding[][];

  beforeAll(() => {
    results = lint([
      { filePath: utilFile, code: "import { Injectable } from '@nestjs/common';\nexport const probe = Injectable;\n" },
      { filePath: utilFile, code: "import * as core from '@retailos/server/core';\nexport const probe = core;\n" },
      {
        filePath: utilFile,
        code: "import * as contracts from '@retailos/shared/contracts';\nexport const probe = contracts;\n",
      },
      {
        filePath: utilFile,
        code: "import * as core from '@retailos/server/core';\nexport const probe = core;\n",
        ignoreCycle: [['shared-util', 'server-core']],
      },
      {
        filePath: featureFile,
        code: "import { WebhooksModule } from '@retailos/server/webhooks';\nexport const probe = WebhooksModule;\n",
      },
      {
        filePath: featureFile,
        code: "import { makeCustomer } from '@retailos/server/testing';\nexport const probe = makeCustomer;\n",
      },
      {
        filePath: featureFile,
        code: "import { keysetPage } from '@retailos/server/core';\nimport { tenantEm } from '@retailos/server/database';\nimport type { Page } from '@retailos/shared/contracts';\nimport { iso } from '@retailos/shared/util';\nexport const probe: [unknown, unknown, Page<1> | null, unknown] = [keysetPage, tenantEm, null, iso];\n",
      },
      {
        filePath: featureSpec,
        code: "import { WebhooksModule } from '@retailos/server/webhooks';\nimport { makeCustomer } from '@retailos/server/testing';\nexport const probe = [WebhooksModule, makeCustomer];\n",
      },
      // 8-10: a facade class exported from an index.ts: re-exported wholesale, by name (found through `implements`
      // of a contracts interface), declared in place
      {
        filePath: catalogIndex,
        code: "export * from './catalog.module';\nexport * from './services/catalog-facade.service';\n",
      },
      {
        filePath: identityIndex,
        code: "export { IdentityModule } from './identity.module';\nexport { IdentityAdminService as Admin } from './identity-admin.service';\n",
      },
      { filePath: ordersIndex, code: 'export class OrdersFacade {}\n' },
      // 11-13: @Global() in a context, in a context's spec, in a data-access library
      { filePath: featureFile, code: GLOBAL_MODULE },
      { filePath: featureSpec, code: GLOBAL_MODULE },
      { filePath: dataAccessFile, code: GLOBAL_MODULE },
      // 14...: the real index.ts files as they are
      ...realIndexes.map((filePath) => ({ filePath, code: readFileSync(filePath, 'utf8') })),
    ]);
  }, 60_000);

  it('bans framework imports from a type:util library', () => {
    expect(boundaryErrors(results[0]!).join('\n')).toMatch(/@nestjs\/common/);
  });

  it('keeps scope:shared from depending on scope:server', () => {
    // As written, Nx reports the cycle first (server-core already uses shared-util)...
    expect(boundaryErrors(results[1]!).join('\n')).toMatch(/Circular dependency/);
    // ...so the scope constraint itself is checked with that cycle set aside: it must be the one that refuses.
    expect(boundaryErrors(results[3]!)).toEqual([
      'A project tagged with "scope:shared" can only depend on libs tagged with "scope:shared"',
    ]);
  });

  it('lets util depend on contracts', () => {
    expect(boundaryErrors(results[2]!)).toEqual([]);
  });

  it('keeps a context (type:feature) from importing another context: they meet through contracts', () => {
    expect(boundaryErrors(results[4]!).join('\n')).toMatch(/type:feature/);
  });

  it('keeps test helpers (type:testing) out of context code', () => {
    expect(boundaryErrors(results[5]!).join('\n')).toMatch(/type:feature/);
  });

  it('lets a context use data-access, util and contracts libraries', () => {
    expect(boundaryErrors(results[6]!)).toEqual([]);
  });

  it("lets a context's integration spec compose other contexts' modules and the test factories", () => {
    expect(boundaryErrors(results[7]!)).toEqual([]);
  });

  it('refuses a facade class exported from a library index, however it is re-exported', () => {
    expect(facadeErrors(results[8]!).join('\n')).toMatch(/CatalogFacadeService/);
    expect(facadeErrors(results[9]!).join('\n')).toMatch(/IdentityAdminService \(implements IdentityAdmin/);
    expect(facadeErrors(results[10]!).join('\n')).toMatch(/OrdersFacade/);
  });

  it('lets an index export modules (including the standalone facade modules), migrations and entity lists', () => {
    expect(facadeErrors(results[8]!)).toHaveLength(1);
    expect(facadeErrors(results[9]!)).toHaveLength(1);
    for (const findings of results.slice(14)) expect(findings.map((f) => `${f.ruleId}: ${f.message}`)).toEqual([]);
  });

  it('refuses @Global() in a context and in its specs; infrastructure (data-access) modules may be global', () => {
    expect(globalErrors(results[11]!)).toHaveLength(1);
    expect(globalErrors(results[12]!)).toHaveLength(1);
    expect(globalErrors(results[13]!)).toEqual([]);
  });
});
