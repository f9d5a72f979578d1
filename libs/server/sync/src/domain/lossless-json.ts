/**
 * JSON.parse that keeps integers beyond 2^53 exact: Shopify's numeric ids (e.g. 788032119674292922) become strings,
 * every other number stays a number. The raw text is scanned once, outside string literals only.
 */
export function parseLosslessJson(raw: string): unknown {
  let out = '';
  let last = 0;
  let i = 0;
  const n = raw.length;
  while (i < n) {
    const c = raw.charCodeAt(i);
    if (c === 0x22 /* " */) {
      // Skip the string literal, escapes included.
      i++;
      while (i < n && raw.charCodeAt(i) !== 0x22) i += raw.charCodeAt(i) === 0x5c /* \ */ ? 2 : 1;
      i++;
      continue;
    }
    if (c === 0x2d /* - */ || (c >= 0x30 && c <= 0x39)) {
      const start = i;
      i++;
      while (i < n && /[0-9.eE+-]/.test(raw.charAt(i))) i++;
      const token = raw.slice(start, i);
      if (/^-?\d{16,}$/.test(token) && !Number.isSafeInteger(Number(token))) {
        out += `${raw.slice(last, start)}"${token}"`;
        last = i;
      }
      continue;
    }
    i++;
  }
  return JSON.parse(last === 0 ? raw : out + raw.slice(last));
}

/** A Shopify numeric id as exact decimal text (from a number within 2^53 or a string kept by parseLosslessJson). */
export function idText(value: unknown): string | null {
  if (typeof value === 'string' && /^\d{1,20}$/.test(value)) return value;
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return String(value);
  return null;
}
