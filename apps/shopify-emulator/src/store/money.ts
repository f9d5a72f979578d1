// Money as decimal strings ("19.99"), computed in integer cents to avoid float drift.
export function toCents(amount: string | number): number {
  return Math.round(Number(amount) * 100);
}

export function fromCents(cents: number): string {
  return (cents / 100).toFixed(2);
}

export function normaliseMoney(amount: unknown): string | null {
  if (amount === null || amount === undefined || amount === '') return null;
  const n = Number(amount);
  return Number.isFinite(n) ? n.toFixed(2) : null;
}
