/** Money is integer minor units plus an ISO 4217 code; never floats. */
export interface Money {
  amount: number;
  currency: string;
}

export const ISO_CURRENCY = /^[A-Z]{3}$/;

export function addMinor(a: number, b: number): number {
  const sum = a + b;
  if (!Number.isSafeInteger(sum)) throw new RangeError('Money amount overflow');
  return sum;
}

export function multiplyMinor(unit: number, quantity: number): number {
  const total = unit * quantity;
  if (!Number.isSafeInteger(total)) throw new RangeError('Money amount overflow');
  return total;
}
