// Field readers for control-API bodies: each returns the typed value or throws a 400 naming the field.
// `path` prefixes nested fields (`throttle.restoreRate`). Unknown fields are ignored, as before.
import { ControlError } from './control-util';

type Body = Record<string, unknown>;

const name = (key: string, path?: string) => (path ? `${path}.${key}` : key);

export function optionalString(b: Body, key: string): string | undefined {
  const v = b[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw new ControlError(400, `${key} must be a string`, key);
  return v;
}

export function requiredString(b: Body, key: string): string {
  const v = optionalString(b, key);
  if (v === undefined || v === '') throw new ControlError(400, `${key} is required`, key);
  return v;
}

export function optionalBoolean(b: Body, key: string): boolean | undefined {
  const v = b[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') throw new ControlError(400, `${key} must be a boolean`, key);
  return v;
}

export function optionalStringArray(b: Body, key: string): string[] | undefined {
  const v = b[key];
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string'))
    throw new ControlError(400, `${key} must be an array of strings`, key);
  return v as string[];
}

/** A string or an array of strings, as a list (absent: empty). */
export function stringOrStringArray(b: Body, key: string): string[] {
  return typeof b[key] === 'string' ? [b[key]] : (optionalStringArray(b, key) ?? []);
}

export function optionalObject(b: Body, key: string, path?: string): Body | undefined {
  const v = b[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'object' || Array.isArray(v))
    throw new ControlError(400, `${name(key, path)} must be an object`, name(key, path));
  return v as Body;
}

/** Every field of b must be a non-negative integer (seed options). */
export function nonNegativeIntegers<T extends object>(b: Body, path?: string): T {
  for (const [k, v] of Object.entries(b)) {
    if (typeof v !== 'number' || v < 0 || !Number.isInteger(v))
      throw new ControlError(400, `${name(k, path)} must be a non-negative integer`, name(k, path));
  }
  return b as unknown as T;
}

/** A finite number >= 0; numeric strings are still accepted, as they were before validation. */
export function optionalDuration(b: Body, key: string): number | undefined {
  const v = b[key];
  if (v === undefined || v === null) return undefined;
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isFinite(n) || n < 0)
    throw new ControlError(400, `${key} must be a number >= 0`, key);
  return n;
}

export { name as fieldName };
