// Serialises payloads the way Shopify's Rails stack does: bigint ids as bare integer literals,
// `/` as `\/` and HTML-sensitive characters as \u escapes. Webhook bodies and bulk JSONL use it,
// and the exact bytes it returns are what gets signed.

const ESCAPES: Record<string, string> = {
  '/': '\\/',
  '&': '\\u0026',
  '<': '\\u003c',
  '>': '\\u003e',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029',
};

function encodeString(value: string): string {
  return JSON.stringify(value).replace(/[/&<>\u2028\u2029]/g, (ch) => ESCAPES[ch] ?? ch);
}

const RARE_ESCAPED = /[&<>\u2028\u2029]/;

/**
 * toShopifyJson for values without bigints (an executed GraphQL result: every scalar is already serialised), by the
 * native JSON.stringify: the bytes are the same, since every escaped character can only occur inside a string. Bulk
 * JSONL writes hundreds of thousands of rows through it. A bigint falls back to toShopifyJson.
 */
export function plainToShopifyJson(value: unknown): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch {
    return toShopifyJson(value);
  }
  if (text === undefined) return 'null';
  // Every gid has slashes: the common escape by plain string replacement, the rare ones by the general pattern.
  text = text.replaceAll('/', '\\/');
  return RARE_ESCAPED.test(text) ? text.replace(/[&<>\u2028\u2029]/g, (ch) => ESCAPES[ch] ?? ch) : text;
}

export function toShopifyJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  switch (typeof value) {
    case 'bigint':
      return value.toString();
    case 'number':
      return Number.isFinite(value) ? String(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'string':
      return encodeString(value);
    case 'object': {
      if (Array.isArray(value)) return `[${value.map((v) => toShopifyJson(v)).join(',')}]`;
      const parts: string[] = [];
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        if (v === undefined) continue;
        parts.push(`${encodeString(k)}:${toShopifyJson(v)}`);
      }
      return `{${parts.join(',')}}`;
    }
    default:
      return 'null';
  }
}
