import { join } from 'node:path';
import ts from 'typescript';

/**
 * Derives the OpenAPI (3.0) schema of every response view from its TypeScript declaration in
 * `libs/shared/contracts/src/views.ts`: the views are the single source, the registry
 * (`libs/shared/contracts/src/view-schemas.generated.ts`) is their output and `view-schemas.spec.ts` fails when the two
 * drift. Every interface exported from views.ts is a root; a named interface of contracts that a view refers to
 * becomes a `$ref` to its own entry, and so does a named union of literals (a contracts type alias) that two places
 * use. An interface that extends contract interfaces is `allOf` their `$ref`s and its own members. JSDoc becomes
 * `description`.
 */

const root = join(__dirname, '../..');
export const CONTRACTS_DIR = join(root, 'libs/shared/contracts/src');
export const VIEWS_FILE = join(CONTRACTS_DIR, 'views.ts');
export const REGISTRY_FILE = join(CONTRACTS_DIR, 'view-schemas.generated.ts');

export type Schema = Record<string, unknown>;

/** Stands for the item view inside the `Page<T>` envelope schema. */
export const PAGE_ITEM_REF = '#/components/schemas/{item}';

export function generateViewSchemas(): { views: Record<string, Schema>; page: Schema } {
  const program = ts.createProgram([VIEWS_FILE, join(CONTRACTS_DIR, 'pagination.ts')], {
    strict: true,
    target: ts.ScriptTarget.ES2022,
    noEmit: true,
  });
  const checker = program.getTypeChecker();
  const views = program.getSourceFile(VIEWS_FILE);
  if (!views) throw new Error(`cannot read ${VIEWS_FILE}`);

  const out: Record<string, Schema> = {};
  const queue: ts.InterfaceDeclaration[] = [];
  const named = new Map<string, ts.InterfaceDeclaration>();

  const enqueue = (decl: ts.InterfaceDeclaration): string => {
    const name = decl.name.text;
    const known = named.get(name);
    if (known && known !== decl && known.getSourceFile() !== decl.getSourceFile()) {
      throw new Error(`two contract interfaces are named ${name}`);
    }
    if (!named.has(name)) {
      named.set(name, decl);
      queue.push(decl);
    }
    return name;
  };

  /** A contracts interface (not generic), referenced by name rather than inlined. */
  const contractInterface = (type: ts.Type): ts.InterfaceDeclaration | null => {
    const decl = type.aliasSymbol ? undefined : type.getSymbol()?.declarations?.[0];
    if (!decl || !ts.isInterfaceDeclaration(decl) || decl.typeParameters?.length) return null;
    return decl.getSourceFile().fileName.startsWith(CONTRACTS_DIR) ? decl : null;
  };

  const describe = (symbol: ts.Symbol): string | undefined => {
    const text = ts.displayPartsToString(symbol.getDocumentationComment(checker)).replace(/\s+/g, ' ').trim();
    return text || undefined;
  };

  /**
   * Named unions of literals: how often each is used, and its type. `shared` (those used more than once, known after a
   * first pass) are written once and referenced by name; the others stay inline.
   */
  const aliasUses = new Map<string, { type: ts.UnionType; uses: number }>();
  let shared = new Set<string>();

  /** A contracts type alias naming a union of literals (not generic), e.g. `ScopeGrant`. */
  const literalAlias = (type: ts.Type): string | null => {
    const decl = type.aliasSymbol?.declarations?.[0];
    if (!decl || type.aliasTypeArguments?.length || !decl.getSourceFile().fileName.startsWith(CONTRACTS_DIR))
      return null;
    if (
      !type.isUnion() ||
      !type.types.every((t) => t.flags & (ts.TypeFlags.StringLiteral | ts.TypeFlags.NumberLiteral))
    )
      return null;
    return type.aliasSymbol!.getName();
  };

  const objectSchema = (type: ts.Type, own?: ts.InterfaceDeclaration): Schema => {
    const properties: Record<string, Schema> = {};
    const required: string[] = [];
    for (const prop of checker.getPropertiesOfType(type)) {
      if (own && !prop.declarations?.some((d) => d.parent === own)) continue;
      const decl = prop.valueDeclaration ?? prop.declarations?.[0];
      if (!decl) throw new Error(`property ${prop.name} has no declaration`);
      const optional = (prop.flags & ts.SymbolFlags.Optional) !== 0;
      let propType = checker.getTypeOfSymbolAtLocation(prop, decl);
      if (optional) propType = stripUndefined(propType);
      const schema = toSchema(propType);
      const description = describe(prop);
      properties[prop.name] = description ? withDescription(schema, description) : schema;
      if (!optional) required.push(prop.name);
    }
    const out: Schema = { type: 'object', properties };
    if (required.length) out['required'] = required;
    // Closed only where the view says so: a client must tolerate fields the server adds later.
    const index = own && !own.members.some(ts.isIndexSignatureDeclaration) ? undefined : type.getStringIndexType();
    if (index) out['additionalProperties'] = toSchema(index);
    return out;
  };

  /** The contract interfaces a declaration extends (none when any base is not one: then it is flattened). */
  const contractBases = (decl: ts.InterfaceDeclaration): ts.InterfaceDeclaration[] => {
    const bases = (decl.heritageClauses ?? []).flatMap((h) => h.types.map((t) => checker.getTypeAtLocation(t)));
    const found = bases.map(contractInterface);
    return found.every((b): b is ts.InterfaceDeclaration => b !== null) ? found : [];
  };

  /** An interface's own schema: its members, after `allOf` the `$ref`s of the contract interfaces it extends. */
  const interfaceSchema = (decl: ts.InterfaceDeclaration, type: ts.Type): Schema => {
    const bases = contractBases(decl);
    if (bases.length === 0) return objectSchema(type);
    const refs = bases.map((b) => ({ $ref: `#/components/schemas/${enqueue(b)}` }));
    return { allOf: [...refs, objectSchema(type, decl)] };
  };

  const stripUndefined = (type: ts.Type): ts.Type => {
    if (!type.isUnion()) return type;
    const kept = type.types.filter((t) => (t.flags & ts.TypeFlags.Undefined) === 0);
    return kept.length === 1 ? kept[0]! : type;
  };

  const toSchema = (type: ts.Type): Schema => {
    const f = type.flags;
    if (f & (ts.TypeFlags.Unknown | ts.TypeFlags.Any)) return {};
    if (f & ts.TypeFlags.String) return { type: 'string' };
    if (f & ts.TypeFlags.Number) return { type: 'number' };
    if (f & ts.TypeFlags.Boolean) return { type: 'boolean' };
    if (f & ts.TypeFlags.StringLiteral) return { type: 'string', enum: [(type as ts.StringLiteralType).value] };
    if (f & ts.TypeFlags.NumberLiteral) return { type: 'number', enum: [(type as ts.NumberLiteralType).value] };
    if (f & ts.TypeFlags.BooleanLiteral) return { type: 'boolean', enum: [checker.typeToString(type) === 'true'] };
    if (f & ts.TypeFlags.TemplateLiteral) return { type: 'string' };
    // Page<T>'s item: the view name is filled in where the envelope is used (see PAGE_ITEM_REF)
    if (f & ts.TypeFlags.TypeParameter) return { $ref: PAGE_ITEM_REF };
    const alias = literalAlias(type);
    if (alias) {
      aliasUses.set(alias, { type: type as ts.UnionType, uses: (aliasUses.get(alias)?.uses ?? 0) + 1 });
      if (shared.has(alias)) return { $ref: `#/components/schemas/${alias}` };
    }
    if (type.isUnion()) return unionSchema(type.types);
    if (checker.isArrayType(type) || checker.isTupleType(type)) {
      const [item] = checker.getTypeArguments(type as ts.TypeReference);
      return { type: 'array', items: item ? toSchema(item) : {} };
    }
    if (type.isIntersection()) return objectSchema(type);
    if (type.getSymbol()?.getName() === 'Date') return { type: 'string', format: 'date-time' };
    if (f & ts.TypeFlags.Object) {
      const iface = contractInterface(type);
      if (iface) return { $ref: `#/components/schemas/${enqueue(iface)}` };
      return objectSchema(type);
    }
    throw new Error(`no schema for type ${checker.typeToString(type)}`);
  };

  const unionSchema = (members: readonly ts.Type[]): Schema => {
    const nullable = members.some((t) => t.flags & ts.TypeFlags.Null);
    const rest = members.filter((t) => !(t.flags & (ts.TypeFlags.Null | ts.TypeFlags.Undefined)));
    let schema: Schema;
    if (rest.length > 0 && rest.every((t) => t.flags & ts.TypeFlags.StringLiteral)) {
      schema = { type: 'string', enum: rest.map((t) => (t as ts.StringLiteralType).value) };
    } else if (rest.length > 0 && rest.every((t) => t.flags & ts.TypeFlags.BooleanLiteral)) {
      schema = rest.length === 2 ? { type: 'boolean' } : toSchema(rest[0]!);
    } else if (rest.length === 1) {
      schema = toSchema(rest[0]!);
    } else {
      schema = { oneOf: rest.map(toSchema) };
    }
    if (!nullable) return schema;
    // OpenAPI 3.0: no sibling keywords next to $ref, so a nullable reference goes through allOf
    return schema['$ref'] ? { allOf: [schema], nullable: true } : { ...schema, nullable: true };
  };

  const withDescription = (schema: Schema, description: string): Schema =>
    schema['$ref'] ? { allOf: [schema], description } : { ...schema, description };

  const generate = (): void => {
    for (const k of Object.keys(out)) delete out[k];
    queue.length = 0;
    named.clear();
    aliasUses.clear();
    for (const st of views.statements) {
      if (ts.isInterfaceDeclaration(st) && st.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword))
        enqueue(st);
    }
    while (queue.length) {
      const decl = queue.shift()!;
      const symbol = checker.getSymbolAtLocation(decl.name);
      if (!symbol) throw new Error(`no symbol for ${decl.name.text}`);
      const schema = interfaceSchema(decl, checker.getDeclaredTypeOfSymbol(symbol));
      const description = describe(symbol);
      out[decl.name.text] = description ? { description, ...schema } : schema;
    }
    for (const name of shared) {
      if (out[name]) throw new Error(`a view and a type alias are both named ${name}`);
      out[name] = unionSchema(aliasUses.get(name)!.type.types);
    }
  };
  generate();
  shared = new Set([...aliasUses].filter(([, a]) => a.uses > 1).map(([name]) => name));
  generate();
  const sorted = Object.fromEntries(
    Object.keys(out)
      .sort()
      .map((k) => [k, out[k]!]),
  );

  // The list envelope, from the generic Page<T> of pagination.ts
  const pageFile = program.getSourceFile(join(CONTRACTS_DIR, 'pagination.ts'));
  const page = pageFile?.statements.find(
    (st): st is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(st) && st.name.text === 'Page',
  );
  const pageSymbol = page && checker.getSymbolAtLocation(page.name);
  if (!pageSymbol) throw new Error('Page<T> not found in pagination.ts');
  const envelope = objectSchema(checker.getDeclaredTypeOfSymbol(pageSymbol));
  const pageDescription = describe(pageSymbol);
  return { views: sorted, page: pageDescription ? { description: pageDescription, ...envelope } : envelope };
}

/** The registry module's text: plain data, so contracts stay framework-free (listed in .prettierignore). */
export function renderRegistry(schemas: { views: Record<string, Schema>; page: Schema }): string {
  return [
    '// Generated from views.ts by `node tools/dev/run.mjs tools/openapi/generate-view-schemas.ts`: do not edit by hand',
    '// (tools/openapi/view-schemas.spec.ts fails when this file and the views drift apart).',
    '',
    '/** OpenAPI 3.0 schema of every response view, keyed by its name in views.ts; `$ref`s point into this registry. */',
    `export const VIEW_SCHEMAS = ${JSON.stringify(schemas.views, null, 2)} as const satisfies Record<string, object>;`,
    '',
    'export type ViewName = keyof typeof VIEW_SCHEMAS;',
    '',
    `/** The \`Page<T>\` list envelope; \`${PAGE_ITEM_REF}\` stands for the item view. */`,
    `export const PAGE_SCHEMA = ${JSON.stringify(schemas.page, null, 2)} as const;`,
    '',
    `export const PAGE_ITEM_REF = '${PAGE_ITEM_REF}';`,
    '',
  ].join('\n');
}
