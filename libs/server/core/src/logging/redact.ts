/** Keys whose values never reach a log line, whatever object they sit in. */
const SECRET_KEY = /(authorization|cookie|password|passwd|secret|token|api[-_]?key|^key$|[-_]key$|hmac|signature)/i;
/** Credentials that may hide inside free text (error messages, URLs). */
const SECRET_TEXT: [RegExp, string][] = [
  [/(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi, '$1 [REDACTED]'],
  [/wsk_(live|test)_[A-Za-z0-9_]+/g, 'wsk_$1_[REDACTED]'],
  [/whsec_[A-Za-z0-9+/=]+/g, 'whsec_[REDACTED]'],
  [/shpat_[A-Za-z0-9]+/g, 'shpat_[REDACTED]'],
  [/([?&](?:token|key|secret|code|hmac|signature|access_token)=)[^&\s]+/gi, '$1[REDACTED]'],
];

export const REDACTED = '[REDACTED]';

export function redactText(text: string): string {
  let out = text;
  for (const [pattern, replacement] of SECRET_TEXT) out = out.replace(pattern, replacement);
  return out;
}

/** Deep copy with secret-looking keys masked and credential patterns scrubbed from strings. */
export function redactDeep(value: unknown, depth = 0): unknown {
  if (depth > 8) return '[Truncated]';
  if (typeof value === 'string') return redactText(value);
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, depth + 1));
  if (value instanceof Error) {
    return { type: value.name, message: redactText(value.message), stack: value.stack ? redactText(value.stack) : undefined };
  }
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      out[k] = SECRET_KEY.test(k) && v !== undefined && v !== null ? REDACTED : redactDeep(v, depth + 1);
    }
    return out;
  }
  return value;
}
