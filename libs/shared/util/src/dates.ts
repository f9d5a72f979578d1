/** ISO-8601 UTC text of a timestamp, null for none (the one conversion every view uses). */
export function iso(value: Date | string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  return (value instanceof Date ? value : new Date(value)).toISOString();
}
