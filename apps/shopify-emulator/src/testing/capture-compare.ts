// Compares an emulator response with a live Shopify capture: HTTP status, error messages/codes/
// paths, userErrors exactly, and the response shape; free values (ids, timestamps, names, cursors,
// cost figures) only by type.

/** Keys whose string values must match exactly. */
const STRICT_STRING_KEYS = new Set([
  'message',
  'code',
  'status',
  'reason',
  'topic',
  'format',
  'filter',
  '__typename',
  'errorCode',
  'type',
  'precision',
  'referenceDocumentUri',
  'callbackUrl',
  'uri',
  'className',
  'argumentName',
  'typeName',
  'fieldName',
  'arguments',
  'explanation',
  'countryCode',
  'provinceCode',
  'query',
]);
/** Keys whose arrays must have the same length and content shape. */
const STRICT_ARRAY_KEYS = new Set(['errors', 'userErrors', 'changes', 'nodes', 'edges', 'field', 'path', 'problems', 'includeFields', 'metafieldNamespaces', 'quantities']);
/** Values Shopify computes from data we cannot reproduce (geocoding, suggestions, live scopes). */
const FREE_KEYS = new Set(['latitude', 'longitude', 'suggestedAddresses', 'accessScopes', 'cost', 'extensions.cost', 'objectCount', 'rootObjectCount', 'fileSize', 'url', 'partialDataUrl', 'formatted']);

export function compareToCapture(expected: unknown, actual: unknown, at = '$', key = ''): string[] {
  if (FREE_KEYS.has(key)) return [];
  if (expected === null || actual === null) {
    return expected === actual ? [] : [`${at}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`];
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return [`${at}: expected array, got ${JSON.stringify(actual)}`];
    const out: string[] = [];
    const strict = STRICT_ARRAY_KEYS.has(key) || key.endsWith('UserErrors');
    if (strict && expected.length !== actual.length) out.push(`${at}: expected ${expected.length} items, got ${actual.length} (${JSON.stringify(actual).slice(0, 300)})`);
    const n = Math.min(expected.length, actual.length);
    for (let i = 0; i < n; i++) {
      const e: unknown = expected[i];
      const a: unknown = actual[i];
      if (key === 'field' || key === 'path' || key === 'includeFields' || key === 'metafieldNamespaces') {
        if (e !== a) out.push(`${at}[${i}]: expected ${JSON.stringify(e)}, got ${JSON.stringify(a)}`);
      } else out.push(...compareToCapture(e, a, `${at}[${i}]`, key));
    }
    return out;
  }
  if (typeof expected === 'object') {
    if (typeof actual !== 'object' || Array.isArray(actual)) return [`${at}: expected object, got ${JSON.stringify(actual)}`];
    const e = expected as Record<string, unknown>;
    const a = actual as Record<string, unknown>;
    const out: string[] = [];
    for (const k of Object.keys(e)) {
      if (!(k in a)) {
        if (!FREE_KEYS.has(k)) out.push(`${at}.${k}: missing`);
        continue;
      }
      out.push(...compareToCapture(e[k], a[k], `${at}.${k}`, k));
    }
    for (const k of Object.keys(a)) if (!(k in e) && !FREE_KEYS.has(k)) out.push(`${at}.${k}: unexpected`);
    return out;
  }
  if (typeof expected !== typeof actual) return [`${at}: expected ${typeof expected} ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`];
  if (typeof expected === 'string') {
    return STRICT_STRING_KEYS.has(key) && expected !== actual ? [`${at}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`] : [];
  }
  return expected === actual ? [] : [`${at}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`];
}

/** Drops error locations (when we had to reconstruct the query text, positions cannot match). */
export function withoutLocations(body: unknown): unknown {
  if (!body || typeof body !== 'object') return body;
  const b = body as { errors?: Array<Record<string, unknown>> };
  if (!Array.isArray(b.errors)) return body;
  return { ...b, errors: b.errors.map(({ locations: _l, ...rest }) => rest) };
}

/**
 * Learns capture-id -> emulator-id pairs by walking a captured response next to ours, so later
 * requests can be rewritten to point at the emulator's records.
 */
export class IdMap {
  private readonly map = new Map<string, string>();

  learn(captured: unknown, actual: unknown): void {
    if (typeof captured === 'string' && typeof actual === 'string') {
      if (/^gid:\/\/shopify\//.test(captured) && /^gid:\/\/shopify\//.test(actual)) this.map.set(captured, actual);
      return;
    }
    if (Array.isArray(captured) && Array.isArray(actual)) {
      captured.forEach((c, i) => this.learn(c, actual[i]));
      return;
    }
    if (captured && actual && typeof captured === 'object' && typeof actual === 'object') {
      for (const [k, v] of Object.entries(captured)) this.learn(v, (actual as Record<string, unknown>)[k]);
    }
  }

  set(captured: string, actual: string): void {
    this.map.set(captured, actual);
  }

  /** Rewrites ids (also the numeric tail inside strings such as filters) in variables. */
  apply<T>(value: T): T {
    const rewrite = (s: string): string => {
      const direct = this.map.get(s);
      if (direct) return direct;
      let out = s;
      for (const [from, to] of this.map) {
        const fromNum = from.split('/').pop() as string;
        const toNum = to.split('/').pop() as string;
        if (fromNum && out.includes(fromNum)) out = out.split(fromNum).join(toNum);
      }
      return out;
    };
    const walk = (v: unknown): unknown => {
      if (typeof v === 'string') return rewrite(v);
      if (Array.isArray(v)) return v.map(walk);
      if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
      return v;
    };
    return walk(value) as T;
  }
}
