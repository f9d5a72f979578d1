import { decodeCursor, encodeCursor, filterKeyOf, InvalidCursorError } from './cursor';

describe('cursor', () => {
  const secret = 's3cret';
  const key = filterKeyOf({ channel: 'pos', status: undefined });

  it('round-trips a keyset position', () => {
    const c = encodeCursor({ k: ['2026-01-01T00:00:00.000Z', 'ord_1'] }, key, secret);
    expect(decodeCursor(c, key, secret)).toEqual({ k: ['2026-01-01T00:00:00.000Z', 'ord_1'] });
  });

  it('rejects a tampered cursor', () => {
    const c = encodeCursor({ k: [1, 'a'] }, key, secret);
    const [body, sig] = c.split('.') as [string, string];
    const forged = Buffer.from(JSON.stringify({ k: [2, 'a'] })).toString('base64url');
    expect(() => decodeCursor(`${forged}.${sig}`, key, secret)).toThrow(InvalidCursorError);
    expect(() => decodeCursor(`${body}.AAAA`, key, secret)).toThrow(InvalidCursorError);
    expect(() => decodeCursor('garbage', key, secret)).toThrow(InvalidCursorError);
  });

  it('rejects a cursor reused with other filters', () => {
    const c = encodeCursor({ k: [1, 'a'] }, key, secret);
    expect(() => decodeCursor(c, filterKeyOf({ channel: 'online' }), secret)).toThrow(InvalidCursorError);
  });

  it('filter keys ignore order and empty values', () => {
    expect(filterKeyOf({ a: 1, b: 'x', c: undefined })).toBe(filterKeyOf({ b: 'x', a: 1, c: '' }));
  });
});
