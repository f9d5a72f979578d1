import type { FieldError } from '../errors/domain-error';

/**
 * Structural limits checked on parsed input before any transformation or validation runs. class-transformer and
 * class-validator cost grows with the shape of a body (and badly with keys per object), so a hostile body must be
 * refused by a single linear walk first. No DTO of this api comes near these numbers.
 */
export const INPUT_BOUNDS = {
  /** Bytes of a JSON body (Fastify refuses larger ones with 413 before reading further). */
  bodyBytes: 1024 * 1024,
  /** Nesting of objects and arrays; the deepest DTO (product -> variants -> options) is 3. */
  depth: 8,
  /** Keys per object; the widest DTO has about 15 fields, free-form maps are capped lower by their DTO. */
  keysPerObject: 64,
  /** Items per array; DTOs cap their arrays at 250 at most. */
  arrayItems: 1000,
  /** Objects, arrays and values in one body. */
  nodes: 20_000,
} as const;

/** Keys that JSON.parse keeps as own properties but that mean prototype surgery to any code merging objects. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

// ES2024 (Node 20 has it; the TypeScript lib here is ES2023).
type WellFormed = string & { isWellFormed(): boolean };

/** Why a string cannot be stored as is: Postgres text refuses NUL, UTF-8 (and jsonb) refuse lone surrogates. */
export function unstorableString(s: string): string | null {
  if (s.includes('\u0000')) return 'must not contain a NUL character';
  if (!(s as WellFormed).isWellFormed()) return 'must not contain a lone UTF-16 surrogate';
  return null;
}

function join(path: string, key: string | number): string {
  return path === '' ? String(key) : `${path}.${key}`;
}

/**
 * The structural limits checked on the raw JSON text, before JSON.parse allocates anything: nesting depth, items
 * per array, keys per object (strings skipped). A hostile body is refused after reading only as far as the first
 * excess, so the cost of refusing it is linear and small. Returns the problem, or null.
 */
export function scanJsonText(text: string, bounds: typeof INPUT_BOUNDS = INPUT_BOUNDS): FieldError | null {
  // Per open container: 1 for an array, 0 for an object, and how many separators it has seen so far.
  const isArray: number[] = [];
  const commas: number[] = [];
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
      continue;
    }
    if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (isArray.length >= bounds.depth)
        return { field: 'body', message: `body is nested more than ${bounds.depth} levels deep` };
      isArray.push(c === 0x5b ? 1 : 0);
      commas.push(0);
    } else if (c === 0x7d || c === 0x5d) {
      isArray.pop();
      commas.pop();
    } else if (c === 0x2c && commas.length > 0) {
      const top = commas.length - 1;
      const n = (commas[top] as number) + 1;
      commas[top] = n;
      if (isArray[top] === 1 && n >= bounds.arrayItems)
        return { field: 'body', message: `an array in the body has more than ${bounds.arrayItems} items` };
      if (isArray[top] === 0 && n >= bounds.keysPerObject)
        return { field: 'body', message: `an object in the body has more than ${bounds.keysPerObject} fields` };
    }
  }
  return null;
}

/**
 * One iterative walk over a parsed body or query: the first structural problem, or null. Checks depth, keys per
 * object, array length, node count, forbidden keys, unstorable strings (values and keys) and numbers JavaScript
 * cannot hold exactly (|n| > 2^53 - 1: 9007199254740993 would silently become ...992).
 */
export function findOutOfBounds(value: unknown, bounds: typeof INPUT_BOUNDS = INPUT_BOUNDS): FieldError | null {
  const stack: { value: unknown; path: string; depth: number }[] = [{ value, path: '', depth: 0 }];
  let nodes = 0;
  while (stack.length > 0) {
    const { value: v, path, depth } = stack.pop() as { value: unknown; path: string; depth: number };
    if (++nodes > bounds.nodes)
      return { field: path || 'body', message: `the request has more than ${bounds.nodes} values` };
    const field = path || 'body';
    if (typeof v === 'string') {
      const why = unstorableString(v);
      if (why) return { field, message: `${field} ${why}` };
    } else if (typeof v === 'number') {
      if (!Number.isFinite(v) || Math.abs(v) > Number.MAX_SAFE_INTEGER) {
        return {
          field,
          message: `${field} is outside the range of exact numbers (at most ${Number.MAX_SAFE_INTEGER} in magnitude)`,
        };
      }
    } else if (v !== null && typeof v === 'object') {
      if (depth >= bounds.depth) return { field, message: `${field} is nested more than ${bounds.depth} levels deep` };
      if (Array.isArray(v)) {
        if (v.length > bounds.arrayItems)
          return { field, message: `${field} has more than ${bounds.arrayItems} items` };
        for (let i = v.length - 1; i >= 0; i--)
          stack.push({ value: v[i] as unknown, path: join(path, i), depth: depth + 1 });
      } else {
        const keys = Object.keys(v);
        if (keys.length > bounds.keysPerObject)
          return { field, message: `${field} has more than ${bounds.keysPerObject} fields` };
        for (let i = keys.length - 1; i >= 0; i--) {
          const key = keys[i] as string;
          const keyPath = join(path, key);
          if (FORBIDDEN_KEYS.has(key)) return { field: keyPath, message: `${keyPath} is not an allowed field` };
          const why = unstorableString(key);
          if (why) return { field: path || 'body', message: `a field name in ${path || 'the body'} ${why}` };
          stack.push({ value: (v as Record<string, unknown>)[key], path: keyPath, depth: depth + 1 });
        }
      }
    }
  }
  return null;
}
