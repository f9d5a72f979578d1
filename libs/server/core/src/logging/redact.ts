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
  if (value instanceof Error) return describeError(value);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      out[k] = SECRET_KEY.test(k) && v !== undefined && v !== null ? REDACTED : redactDeep(v, depth + 1);
    }
    return out;
  }
  return value;
}

const SQLSTATE = /^[0-9A-Z]{5}$/;

/**
 * What of an error may be logged. A database error (it carries a SQLSTATE code) logs its class, code and the names
 * of the constraint/table/column, never its message or detail: those quote the SQL and the row's values (customer
 * data). Other errors keep their (redacted) message and stack.
 */
export function describeError(err: unknown): Record<string, unknown> {
  if (!(err instanceof Error)) return { type: typeof err };
  const e = err as Error & {
    code?: unknown;
    sqlState?: unknown;
    constraint?: unknown;
    table?: unknown;
    column?: unknown;
  };
  const code = typeof e.sqlState === 'string' ? e.sqlState : e.code;
  if (typeof code !== 'string' || !SQLSTATE.test(code)) {
    return { type: e.name, message: redactText(e.message), stack: e.stack ? redactText(e.stack) : undefined };
  }
  const out: Record<string, unknown> = { type: e.name, code };
  for (const key of ['constraint', 'table', 'column'] as const) if (typeof e[key] === 'string') out[key] = e[key];
  const frames = (e.stack ?? '').split('\n').filter((l) => l.trimStart().startsWith('at '));
  out['stack'] = frames
    .slice(0, 10)
    .map((l) => l.trim())
    .join('\n');
  return out;
}
