// A subset of Shopify's search syntax for `query:` arguments: `field:value`, comparators
// (`:>`, `:>=`, `:<`, `:<=`), quoted values, `*` prefix wildcards, `-`/NOT negation, AND/OR.

export type FieldGetter<T> = (record: T) => unknown;

interface Term {
  field: string | null;
  op: '=' | '>' | '>=' | '<' | '<=';
  value: string;
  negate: boolean;
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
  if (!m || !m[1]) return { field: null, op: '=', value: unquote(t), negate };
  return { field: m[1].toLowerCase(), op: (m[2] as Term['op'] | undefined) ?? '=', value: unquote(m[3] ?? ''), negate };
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
 * Compiles a query into a predicate. Unknown fields are ignored (Shopify ignores them too, with a
 * search warning); free-text terms go to `text`.
 */
export function compileSearch<T>(
  query: string | null | undefined,
  fields: Record<string, FieldGetter<T>>,
  text?: FieldGetter<T>,
): ((record: T) => boolean) | null {
  if (!query || !query.trim()) return null;
  const groups = parseSearchQuery(query);
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
