// Compares an emulator response with a live Shopify capture, strictly: every scalar must be equal
// and every array the same length, unless the value is volatile by one of the named rules below
// (each with the reason it cannot be reproduced). `extensions.cost` must be present when the capture
// has it and its figures must match within COST_TOLERANCE.

/**
 * Cost tolerance: the requested cost must equal the capture's (clients reserve it up front and pace
 * from it); the actual cost may differ by one point (Shopify's refund of unreturned objects has
 * quirks no consistent rule reproduces: 8 vs 9 for a nodes(ids:) read).
 */
export const COST_TOLERANCE = { requested: 0, actual: 1 };

const GID = /^gid:\/\/shopify\/([A-Za-z]+)\/\d+(\?.*)?$/;
const ISO_SECONDS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;
const ISO_MILLIS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z$/;

/**
 * Volatile values, by rule. A rule names the key (or key path) it applies to and why the value
 * cannot be reproduced; anything not covered here is compared exactly.
 */
export const VOLATILE_RULES: Record<
  string,
  { reason: string; check: (e: unknown, a: unknown, m: CaptureMatcher) => string | null }
> = {
  // Values derived from the wall clock: compared by format (same precision), not by value.
  timestamp: { reason: 'wall-clock time of the live run', check: (e, a) => timestampCheck(e, a) },
  // Cursors encode record ids: each captured cursor must map to one emulator cursor, consistently.
  cursor: { reason: 'opaque, encodes store-specific ids', check: (e, a, m) => m.mapped('cursor', e, a) },
  // Geocoding and address suggestions come from Shopify's address service.
  geocoded: { reason: 'computed by Shopify address services', check: () => null },
  // The live app's granted scopes differ from the emulator app's install.
  accessScopes: {
    reason: 'depends on the capturing app install',
    check: (e, a) => (Array.isArray(a) && Array.isArray(e) ? null : 'accessScopes must be a list'),
  },
  // Signed storage URLs of bulk result files (host, signature, expiry).
  signedUrl: {
    reason: 'signed storage URL of the live shop',
    check: (e, a) =>
      e === null
        ? a === null
          ? null
          : `expected null url, got ${JSON.stringify(a)}`
        : typeof a === 'string' && /^https?:\/\//.test(a)
          ? null
          : `expected a URL, got ${JSON.stringify(a)}`,
  },
  // Bulk result sizes depend on the live shop's data, which a replay cannot recreate byte for byte.
  bulkSize: {
    reason: 'size of the live result file',
    check: (e, a) =>
      e === null
        ? a === null
          ? null
          : `expected null, got ${JSON.stringify(a)}`
        : typeof a === 'string' && /^\d+$/.test(a)
          ? null
          : `expected a numeric string, got ${JSON.stringify(a)}`,
  },
  // The bucket fill level depends on every earlier request in the capture session.
  bucketLevel: {
    reason: 'depends on the earlier requests of the live session',
    check: (_e, a) =>
      typeof a === 'number' && a >= 0 ? null : `expected a non-negative number, got ${JSON.stringify(a)}`,
  },
  // Idempotency keys and shop domains embed the capture run (mapped like ids).
  runScoped: { reason: 'embeds the capture run or shop', check: (e, a, m) => m.mapped('run', e, a) },
};

/**
 * Which rule applies at a key. Handles are compared exactly: replays send the captured titles, and
 * Shopify derives handles from them deterministically.
 */
const RULE_BY_KEY: Record<string, keyof typeof VOLATILE_RULES> = {
  createdAt: 'timestamp',
  updatedAt: 'timestamp',
  completedAt: 'timestamp',
  processedAt: 'timestamp',
  publishedAt: 'timestamp',
  cancelledAt: 'timestamp',
  closedAt: 'timestamp',
  deactivatedAt: 'timestamp',
  cursor: 'cursor',
  startCursor: 'cursor',
  endCursor: 'cursor',
  latitude: 'geocoded',
  longitude: 'geocoded',
  suggestedAddresses: 'geocoded',
  accessScopes: 'accessScopes',
  url: 'signedUrl',
  partialDataUrl: 'signedUrl',
  objectCount: 'bulkSize',
  rootObjectCount: 'bulkSize',
  fileSize: 'bulkSize',
  currentlyAvailable: 'bucketLevel',
  myshopifyDomain: 'runScoped',
};

function timestampCheck(e: unknown, a: unknown): string | null {
  if (e === null || a === null) return e === a ? null : `expected ${JSON.stringify(e)}, got ${JSON.stringify(a)}`;
  if (typeof e !== 'string' || typeof a !== 'string') return `expected timestamp, got ${JSON.stringify(a)}`;
  const fmt = (s: string) => (ISO_SECONDS.test(s) ? 'seconds' : ISO_MILLIS.test(s) ? 'millis' : 'other');
  if (fmt(e) === 'other') return e === a ? null : `expected ${JSON.stringify(e)}, got ${JSON.stringify(a)}`;
  return fmt(e) === fmt(a) ? null : `expected a ${fmt(e)}-precision timestamp like ${e}, got ${JSON.stringify(a)}`;
}

/**
 * Holds the consistent mappings (captured value -> emulator value) for ids, cursors and run-scoped
 * strings across one replay session: the same captured id must always map to the same emulator id
 * and no two captured ids may map to one emulator id.
 */
export class CaptureMatcher {
  private readonly forward = new Map<string, string>();
  private readonly backward = new Map<string, string>();

  constructor(private readonly costTolerance: { requested: number; actual: number } = COST_TOLERANCE) {}

  mapped(kind: string, e: unknown, a: unknown): string | null {
    if (e === null || a === null) return e === a ? null : `expected ${JSON.stringify(e)}, got ${JSON.stringify(a)}`;
    if (typeof e !== 'string' || typeof a !== 'string') return `expected a ${kind} string, got ${JSON.stringify(a)}`;
    // Already rewritten to the emulator's id by the replay (IdMap.apply): identity is consistent.
    if (e === a) return null;
    const k = `${kind}:${e}`;
    const seen = this.forward.get(k);
    if (seen !== undefined) return seen === a ? null : `${kind} ${e} mapped to ${seen} earlier, now ${a}`;
    const back = this.backward.get(`${kind}:${a}`);
    if (back !== undefined && back !== e) return `${kind} ${a} already stands for ${back}, not ${e}`;
    this.forward.set(k, a);
    this.backward.set(`${kind}:${a}`, e);
    return null;
  }

  /** Pins a mapping (e.g. ids the spec created itself). */
  pin(kind: string, e: string, a: string): void {
    this.forward.set(`${kind}:${e}`, a);
    this.backward.set(`${kind}:${a}`, e);
  }

  compare(expected: unknown, actual: unknown, at = '$', key = '', parent = ''): string[] {
    const ruleName = RULE_BY_KEY[key];
    if (ruleName && !(key === 'url' && parent !== 'bulkOperation')) {
      const problem = VOLATILE_RULES[ruleName]!.check(expected, actual, this);
      return problem ? [`${at}: ${problem} (rule ${ruleName})`] : [];
    }
    if (key === 'cost' && parent === 'extensions') return this.compareCost(expected, actual, at);
    if (expected === null || actual === null || expected === undefined || actual === undefined) {
      return expected === actual ? [] : [`${at}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`];
    }
    if (Array.isArray(expected)) {
      if (!Array.isArray(actual)) return [`${at}: expected array, got ${JSON.stringify(actual)}`];
      const out: string[] = [];
      if (expected.length !== actual.length)
        out.push(
          `${at}: expected ${expected.length} items, got ${actual.length} (${JSON.stringify(actual).slice(0, 300)})`,
        );
      const n = Math.min(expected.length, actual.length);
      for (let i = 0; i < n; i++) out.push(...this.compare(expected[i], actual[i], `${at}[${i}]`, key, parent));
      return out;
    }
    if (typeof expected === 'object') {
      if (typeof actual !== 'object' || Array.isArray(actual))
        return [`${at}: expected object, got ${JSON.stringify(actual)}`];
      const e = expected as Record<string, unknown>;
      const a = actual as Record<string, unknown>;
      const out: string[] = [];
      for (const k of Object.keys(e)) {
        if (!(k in a)) out.push(`${at}.${k}: missing`);
        else out.push(...this.compare(e[k], a[k], `${at}.${k}`, k, key));
      }
      for (const k of Object.keys(a)) if (!(k in e)) out.push(`${at}.${k}: unexpected`);
      return out;
    }
    if (typeof expected !== typeof actual)
      return [`${at}: expected ${typeof expected} ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`];
    if (typeof expected === 'string' && GID.test(expected)) {
      const et = GID.exec(expected)!;
      const am = GID.exec(actual as string);
      if (!am || am[1] !== et[1] || Boolean(am[2]) !== Boolean(et[2]))
        return [`${at}: expected a ${et[1]} id like ${expected}, got ${JSON.stringify(actual)}`];
      const problem = this.mapped('id', expected, actual);
      return problem ? [`${at}: ${problem} (rule id)`] : [];
    }
    return expected === actual ? [] : [`${at}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`];
  }

  private compareCost(expected: unknown, actual: unknown, at: string): string[] {
    if (actual === undefined || actual === null) return [`${at}: missing extensions.cost`];
    const e = expected as {
      requestedQueryCost: number | null;
      actualQueryCost: number | null;
      throttleStatus: Record<string, number>;
    };
    const a = actual as typeof e;
    const out: string[] = [];
    for (const f of ['requestedQueryCost', 'actualQueryCost'] as const) {
      const ev = e[f];
      const av = a[f];
      if (ev === null || av === null || typeof av !== 'number' || typeof ev !== 'number') {
        if (ev !== av) out.push(`${at}.${f}: expected ${ev}, got ${JSON.stringify(av)}`);
      } else {
        const tol = f === 'requestedQueryCost' ? this.costTolerance.requested : this.costTolerance.actual;
        if (Math.abs(ev - av) > tol) out.push(`${at}.${f}: expected ${ev} (±${tol}), got ${av}`);
      }
    }
    // The bucket's size and restore rate are plan settings, compared exactly; the fill level is volatile.
    out.push(...this.compare(e.throttleStatus, a.throttleStatus, `${at}.throttleStatus`, 'throttleStatus', 'cost'));
    return out;
  }
}

/** One-shot strict comparison with a fresh matcher. */
export function compareToCapture(expected: unknown, actual: unknown, matcher = new CaptureMatcher()): string[] {
  return matcher.compare(expected, actual);
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
