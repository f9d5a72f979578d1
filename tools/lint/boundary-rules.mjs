// Boundary rules @nx/enforce-module-boundaries cannot express (it sees imports between projects, not what a library
// exports or how its modules are decorated). Used by eslint.config.mjs, proven by tools/lint/module-boundaries.spec.ts.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const CONTRACTS = '@retailos/shared/contracts';

/** Directories (relative to the root, no trailing slash) of the Nx projects under `base` carrying `tag`. */
export function projectsTagged(root, base, tag) {
  const found = [];
  const walk = (dir) => {
    for (const entry of readdirSync(path.join(root, dir), { withFileTypes: true })) {
      if (!entry.isDirectory() || entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
      const sub = `${dir}/${entry.name}`;
      const projectJson = path.join(root, sub, 'project.json');
      if (existsSync(projectJson)) {
        const tags = JSON.parse(readFileSync(projectJson, 'utf8')).tags ?? [];
        if (tags.includes(tag)) found.push(sub);
      } else {
        walk(sub);
      }
    }
  };
  walk(base);
  return found.sort();
}

function resolveModule(fromFile, spec) {
  const base = path.resolve(path.dirname(fromFile), spec);
  for (const candidate of [`${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts')]) {
    if (existsSync(candidate)) return candidate;
  }
  return null;
}

const hasExport = (node) => ts.getModifiers(node)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword) ?? false;

/**
 * A facade class: an injectable other code calls into, i.e. a class that is not a Nest module and either is named
 * `*Facade*` or implements an interface imported from shared/contracts (the port it binds to a token).
 */
function facadeReason(cls, contractNames) {
  const name = cls.name?.text ?? '(anonymous)';
  const isModule = (ts.getDecorators(cls) ?? []).some((d) => {
    const e = d.expression;
    return ts.isCallExpression(e) && ts.isIdentifier(e.expression) && e.expression.text === 'Module';
  });
  if (isModule) return null;
  if (/Facade/.test(name)) return `${name}`;
  for (const clause of cls.heritageClauses ?? []) {
    if (clause.token !== ts.SyntaxKind.ImplementsKeyword) continue;
    for (const t of clause.types) {
      const iface = t.expression.getText();
      if (contractNames.has(iface)) return `${name} (implements ${iface} from ${CONTRACTS})`;
    }
  }
  return null;
}

/** The facade classes a parsed file exports, following `export * from` / `export { x } from` into relative files. */
function facadesIn(sf, wanted, seen) {
  const contractNames = new Set();
  const classes = new Map();
  for (const st of sf.statements) {
    if (ts.isImportDeclaration(st) && ts.isStringLiteral(st.moduleSpecifier) && st.moduleSpecifier.text === CONTRACTS) {
      const bindings = st.importClause?.namedBindings;
      if (bindings && ts.isNamedImports(bindings)) for (const el of bindings.elements) contractNames.add(el.name.text);
    }
    if (ts.isClassDeclaration(st) && st.name) classes.set(st.name.text, st);
  }
  const out = [];
  for (const st of sf.statements) {
    if (ts.isClassDeclaration(st) && hasExport(st) && (!wanted || wanted.has(st.name?.text ?? ''))) {
      const reason = facadeReason(st, contractNames);
      if (reason) out.push(reason);
    }
    if (!ts.isExportDeclaration(st) || st.isTypeOnly) continue;
    if (st.exportClause && !ts.isNamedExports(st.exportClause)) continue; // `export * as ns from`: not a class
    const names = st.exportClause ? st.exportClause.elements.filter((e) => !e.isTypeOnly) : null;
    const spec = st.moduleSpecifier && ts.isStringLiteral(st.moduleSpecifier) ? st.moduleSpecifier.text : null;
    if (spec === null) {
      // `export { Local }` of a class declared in this file
      for (const el of names ?? []) {
        const cls = classes.get((el.propertyName ?? el.name).text);
        const reason = cls && facadeReason(cls, contractNames);
        if (reason && (!wanted || wanted.has(el.name.text))) out.push(reason);
      }
    } else if (spec.startsWith('.')) {
      const target = resolveModule(sf.fileName, spec);
      if (!target || seen.has(target)) continue;
      seen.add(target);
      const pick = names
        ? new Set(names.filter((e) => !wanted || wanted.has(e.name.text)).map((e) => (e.propertyName ?? e.name).text))
        : wanted;
      const parsed = ts.createSourceFile(target, readFileSync(target, 'utf8'), ts.ScriptTarget.Latest, true);
      out.push(...facadesIn(parsed, pick, seen));
    }
  }
  return out;
}

const noExportedFacadeClass = {
  meta: {
    type: 'problem',
    docs: { description: "A library's index.ts exports no facade class: callers inject a contracts token instead." },
    schema: [],
    messages: {
      facade:
        'A library must not export the facade class {{name}}: export nothing and bind an interface from @retailos/shared/contracts to a DI token in the owning module.',
    },
  },
  create(context) {
    return {
      'Program:exit'(program) {
        // The linted text may be virtual (the lint spec's probes): parse it, and follow its re-exports on disk.
        const sf = ts.createSourceFile(context.filename, context.sourceCode.getText(), ts.ScriptTarget.Latest, true);
        for (const name of facadesIn(sf, null, new Set([context.filename]))) {
          context.report({ node: program, messageId: 'facade', data: { name } });
        }
      },
    };
  },
};

const noGlobalModule = {
  meta: {
    type: 'problem',
    docs: {
      description:
        'No @Global() module in a context library: it would hide a dependency (or a cycle) between contexts.',
    },
    schema: [],
    messages: {
      global:
        "@Global() is not allowed here: it hides which context depends on which (and the cycles). Export a token, and let the app pass the module to the consumer's register(ports).",
    },
  },
  create(context) {
    return {
      Decorator(node) {
        const e = node.expression;
        const callee = e.type === 'CallExpression' ? e.callee : e;
        if (callee.type === 'Identifier' && callee.name === 'Global') context.report({ node, messageId: 'global' });
      },
    };
  },
};

export const boundaryPlugin = {
  rules: { 'no-exported-facade-class': noExportedFacadeClass, 'no-global-module': noGlobalModule },
};
