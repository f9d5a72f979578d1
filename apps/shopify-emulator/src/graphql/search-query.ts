// A subset of Shopify's search syntax for `query:` arguments: `field:value`, comparators
// (`:>`, `:>=`, `:<`, `:<=`), quoted values, `*` prefix wildcards, `-`/NOT negation, AND/OR.

export type FieldGetter<T> = (record: T) => unknown;

interface Term {
  field: string | null;
  op: '=' | '>' | '>=' | '<' | '<=';
  value: string;
  negate: boolean;
  quoted?: boolean;
}

/** One `extensions.search` entry: a query whose unknown fields Shopify dropped (with a warning). */
export interface SearchReport {
  path: Array<string | number>;
  query: string;
  parsed: unknown;
  warnings: Array<{ field: string; message: string; code: string }>;
}

interface SearchScope {
  query: string;
  used: boolean;
  unknown: Set<string>;
}

// Set around the (synchronous) call of a resolver whose field takes `query:`, so compileSearch can
// report what it did not understand without threading the context through every call site.
let scope: SearchScope | null = null;

/**
 * Runs a resolver for a field with a `query:` argument and returns what Shopify would put in
 * `extensions.search`: unknown fields, or every field when the connection applies no search.
 */
export function withSearchScope<T>(
  query: string | null | undefined,
  path: Array<string | number>,
  run: () => T,
): { result: T; report: SearchReport | null } {
  if (!query || !query.trim()) return { result: run(), report: null };
  const mine: SearchScope = { query, used: false, unknown: new Set() };
  const outer = scope;
  scope = mine;
  let result: T;
  try {
    result = run();
  } finally {
    scope = outer;
  }
  const groups = parseSearchQuery(query);
  const unknown = mine.used
    ? [...mine.unknown]
    : [
        ...new Set(
          groups
            .flat()
            .map((t) => t.field)
            .filter((f): f is string => f !== null),
        ),
      ];
  if (unknown.length === 0) return { result, report: null };
  return {
    result,
    report: {
      path,
      query,
      parsed: parsedForm(groups),
      warnings: unknown.map((field) => ({
        field,
        message: 'Invalid search field for this query.',
        code: 'invalid_field',
      })),
    },
  };
}

/** For connections that are always empty: any search is "applied" (there is nothing to filter). */
export function acceptSearch(): void {
  if (scope) scope.used = true;
}

function termForm(t: Term): Record<string, unknown> {
  const key =
    t.op === '='
      ? t.quoted
        ? 'match_phrase'
        : 'match_all'
      : { '>': 'range_gt', '>=': 'range_gte', '<': 'range_lt', '<=': 'range_lte' }[t.op];
  const base: Record<string, unknown> = t.field === null ? { [key]: t.value } : { field: t.field, [key]: t.value };
  return t.negate ? { not: base } : base;
}

/** Shopify's `parsed` echo of a query: a term, or and/or of terms. */
function parsedForm(groups: Term[][]): unknown {
  const ands = groups.map((g) => (g.length === 1 ? termForm(g[0] as Term) : { and: g.map(termForm) }));
  return ands.length === 1 ? ands[0] : { or: ands };
}

function tokenize(query: string): string[] {
  const tokens: string[] = [];
  const re = /\s*(-?[A-Za-z_.]+:(?:[<>]=?)?(?:"[^"]*"|'[^']*'|[^\s()]*)|"[^"]*"|'[^']*'|\(|\)|[^\s()]+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(query)) !== null) if (m[1]) tokens.push(m[1]);
  return tokens;
}

function unquote(v: string): string {
  return v.replace(/^(["'])(.*)\1$/, '$2');
}

function parseTerm(token: string, negate: boolean): Term {
  let t = token;
  if (t.startsWith('-')) {
    negate = !negate;
    t = t.slice(1);
  }
  const m = /^([A-Za-z_.]+):(>=|<=|>|<)?(.*)$/.exec(t);
  if (!m || !m[1]) return { field: null, op: '=', value: unquote(t), negate, quoted: /^["']/.test(t) };
  return {
    field: m[1].toLowerCase(),
    op: (m[2] as Term['op'] | undefined) ?? '=',
    value: unquote(m[3] ?? ''),
    negate,
    quoted: /^["']/.test(m[3] ?? ''),
  };
}

/** Returns OR-groups of AND-ed terms. Parentheses are flattened (good enough for sync filters). */
export function parseSearchQuery(query: string): Term[][] {
  const groups: Term[][] = [[]];
  let negateNext = false;
  for (const token of tokenize(query)) {
    if (token === '(' || token === ')' || token === 'AND') continue;
    if (token === 'OR') {
      groups.push([]);
      continue;
    }
    if (token === 'NOT') {
      negateNext = true;
      continue;
    }
    (groups[groups.length - 1] as Term[]).push(parseTerm(token, negateNext));
    negateNext = false;
  }
  return groups.filter((g) => g.length > 0);
}

function compare(actual: unknown, term: Term): boolean {
  if (actual === null || actual === undefined) return false;
  if (Array.isArray(actual)) return actual.some((a) => compare(a, term));
  if (typeof actual === 'bigint') {
    const digits = /(\d+)\s*$/.exec(term.value)?.[1];
    if (!digits) return false;
    const want = BigInt(digits);
    return cmp(actual < want ? -1 : actual > want ? 1 : 0, term.op);
  }
  if (typeof actual === 'number') {
    const want = Number(term.value);
    if (Number.isNaN(want)) return false;
    return cmp(Math.sign(actual - want), term.op);
  }
  if (typeof actual === 'boolean') return cmp(String(actual) === term.value.toLowerCase() ? 0 : 1, term.op);
  const s = String(actual);
  if (/^\d{4}-\d{2}-\d{2}/.test(s)) {
    const a = Date.parse(s);
    const w = Date.parse(term.value);
    if (!Number.isNaN(a) && !Number.isNaN(w)) return cmp(Math.sign(a - w), term.op);
  }
  const a = s.toLowerCase();
  const w = term.value.toLowerCase();
  if (term.op === '=' && w.endsWith('*')) return a.startsWith(w.slice(0, -1));
  if (term.op === '=') return a === w;
  return cmp(a < w ? -1 : a > w ? 1 : 0, term.op);
}

function cmp(sign: number, op: Term['op']): boolean {
  switch (op) {
    case '=':
      return sign === 0;
    case '>':
      return sign > 0;
    case '>=':
      return sign >= 0;
    case '<':
      return sign < 0;
    case '<=':
      return sign <= 0;
  }
}

/**
 * Compiles a query into a predicate. Unknown fields are dropped from the query, as Shopify does
 * (reported in `extensions.search` by withSearchScope); free-text terms go to `text`.
 */
export function compileSearch<T>(
  query: string | null | undefined,
  fields: Record<string, FieldGetter<T>>,
  text?: FieldGetter<T>,
): ((record: T) => boolean) | null {
  if (!query || !query.trim()) return null;
  const groups = parseSearchQuery(query);
  if (scope && scope.query === query) {
    scope.used = true;
    for (const t of groups.flat()) if (t.field !== null && !fields[t.field]) scope.unknown.add(t.field);
  }
  if (groups.length === 0) return null;
  return (record: T) =>
    groups.some((terms) =>
      terms.every((term) => {
        let ok: boolean;
        if (term.field === null) {
          if (!text) return true;
          const hay = String(text(record) ?? '').toLowerCase();
          ok = hay.includes(term.value.toLowerCase());
        } else {
          const getter = fields[term.field];
          if (!getter) return true;
          ok = compare(getter(record), term);
        }
        return term.negate ? !ok : ok;
      }),
    );
}
