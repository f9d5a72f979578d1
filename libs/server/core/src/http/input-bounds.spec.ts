import { parseQueryString } from './configure-http-app';
import { findOutOfBounds, INPUT_BOUNDS, scanJsonText, unstorableString } from './input-bounds';

const keys = (n: number): Record<string, string> =>
  Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, 'v']));

describe('input bounds', () => {
  it('passes ordinary bodies', () => {
    expect(
      findOutOfBounds({
        title: 'T',
        tags: ['a', 'b'],
        variants: [{ sku: 'A-1', price: 2500, options: { size: 'M' } }],
      }),
    ).toBeNull();
    expect(findOutOfBounds('prod_123')).toBeNull();
    expect(findOutOfBounds({ limit: '50', q: 'café 🚀' })).toBeNull();
    expect(findOutOfBounds(Number.MAX_SAFE_INTEGER)).toBeNull();
  });

  it('refuses too many keys and too long arrays on the text, before parsing', () => {
    expect(scanJsonText(JSON.stringify({ options: keys(INPUT_BOUNDS.keysPerObject + 1) }))?.message).toMatch(
      /more than 64 fields/,
    );
    expect(scanJsonText(JSON.stringify({ options: keys(INPUT_BOUNDS.keysPerObject) }))).toBeNull();
    expect(scanJsonText(JSON.stringify({ v: new Array(INPUT_BOUNDS.arrayItems + 1).fill({}) }))?.message).toMatch(
      /more than 1000 items/,
    );
    expect(
      scanJsonText(JSON.stringify({ v: new Array(INPUT_BOUNDS.arrayItems).fill({ a: 1, b: [1, 2] }) })),
    ).toBeNull();
    expect(scanJsonText('{"a":"x,y,z",' + '"b":1,'.repeat(10) + '"c":2}')).toBeNull();
  });

  it('refuses too many keys, too long arrays, too many values', () => {
    expect(findOutOfBounds({ options: keys(INPUT_BOUNDS.keysPerObject + 1) })).toMatchObject({ field: 'options' });
    expect(findOutOfBounds({ variants: new Array(INPUT_BOUNDS.arrayItems + 1).fill({}) })).toMatchObject({
      field: 'variants',
    });
    const wide = { a: Array.from({ length: 30 }, () => Array.from({ length: 999 }, () => 1)) };
    expect(findOutOfBounds(wide)?.message).toMatch(/more than 20000 values/);
  });

  it('refuses nesting beyond the cap, on the text before parsing and on the value', () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    expect(scanJsonText(deep)?.message).toMatch(/nested more than 8 levels/);
    expect(scanJsonText('{"a":"[[[[[[[[[[[[[[[[[[[[\\"[[[[[[,,,,"}')).toBeNull();
    let v: unknown = 'x';
    for (let i = 0; i < 20; i++) v = { v };
    expect(findOutOfBounds(v)?.message).toMatch(/nested more than 8 levels/);
  });

  it('refuses NUL and lone surrogates in values and keys, with the field path', () => {
    expect(findOutOfBounds({ a: [{ b: 'x\u0000y' }] })).toEqual({
      field: 'a.0.b',
      message: 'a.0.b must not contain a NUL character',
    });
    expect(findOutOfBounds({ email: 'a\uD800@x.io' })?.message).toMatch(/lone UTF-16 surrogate/);
    expect(findOutOfBounds({ email: 'a\uDC00@x.io' })?.message).toMatch(/lone UTF-16 surrogate/);
    expect(findOutOfBounds({ ['k\u0000']: 1 })?.message).toMatch(/field name .* NUL/);
    expect(unstorableString('ok 😀')).toBeNull();
  });

  it('refuses numbers JavaScript cannot hold exactly', () => {
    expect(findOutOfBounds(JSON.parse('{"price": 9007199254740993}'))).toMatchObject({ field: 'price' });
    expect(findOutOfBounds(JSON.parse('{"price": 100000000000000000000}'))).toMatchObject({ field: 'price' });
    expect(findOutOfBounds(JSON.parse('{"q": -1e300}'))).toMatchObject({ field: 'q' });
  });

  it('refuses prototype keys like any other unknown field', () => {
    expect(findOutOfBounds(JSON.parse('{"__proto__": {"admin": true}}'))).toMatchObject({ field: '__proto__' });
    expect(findOutOfBounds(JSON.parse('{"a": {"constructor": {"prototype": 1}}}'))).toMatchObject({
      field: 'a.constructor',
    });
  });

  it('costs linear time: a 1 MiB body of 100,000 keys is refused in a few milliseconds', () => {
    const text = JSON.stringify(keys(100_000));
    const started = process.hrtime.bigint();
    expect(scanJsonText(text)?.message).toMatch(/more than 64 fields/);
    expect(findOutOfBounds(JSON.parse(text))).toMatchObject({ field: 'body' });
    // Generous on purpose (shared CI box): the quadratic path this replaces took seconds.
    expect(Number(process.hrtime.bigint() - started) / 1e6).toBeLessThan(1000);
  });
});

describe('strict query strings', () => {
  const malformed = (q: Record<string, unknown>): boolean => Object.getOwnPropertySymbols(q).length > 0;

  it('decodes plus, percent-escapes and repeated keys', () => {
    const q = parseQueryString('q=caf%C3%A9+bar&tag=a&tag=b&tag=c&empty&x=1%2B1');
    expect({ ...q }).toEqual({ q: 'café bar', tag: ['a', 'b', 'c'], empty: '', x: '1+1' });
    expect(malformed(q)).toBe(false);
  });

  it('marks bad escapes and bytes that are not UTF-8 (a CESU-8 lone surrogate) as malformed', () => {
    expect(malformed(parseQueryString('q=%E0%A4%A'))).toBe(true);
    expect(malformed(parseQueryString('q=%ED%A0%80'))).toBe(true);
    expect(malformed(parseQueryString('q=%FF'))).toBe(true);
  });
});
