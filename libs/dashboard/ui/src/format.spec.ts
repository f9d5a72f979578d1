import { formatMoney, formatRelative, titleCase } from './format';

describe('formatting', () => {
  it('formats minor units by the currency exponent', () => {
    expect(formatMoney(12345, 'USD')).toBe('$123.45');
    expect(formatMoney(500, 'JPY')).toBe('¥500');
    expect(formatMoney(-250, 'EUR')).toBe('-€2.50');
  });

  it('says how long ago, switching to a date after a week', () => {
    const now = Date.parse('2026-11-30T12:00:00Z');
    expect(formatRelative('2026-11-30T11:59:50Z', now)).toBe('just now');
    expect(formatRelative('2026-11-30T11:55:00Z', now)).toBe('5 minutes ago');
    expect(formatRelative('2026-11-29T12:00:00Z', now)).toBe('yesterday');
    expect(formatRelative('2026-11-01T12:00:00Z', now)).toMatch(/Nov 1, 2026/);
    expect(formatRelative(null, now)).toBe('—');
  });

  it('title-cases snake case', () => {
    expect(titleCase('partially_returned')).toBe('Partially returned');
  });
});
