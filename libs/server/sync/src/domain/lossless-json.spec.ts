import { idText, parseLosslessJson } from './lossless-json';

describe('parseLosslessJson', () => {
  it('keeps ids above 2^53 exact as strings and leaves small numbers alone', () => {
    const raw =
      '{"id":820982911946154508,"line_items":[{"variant_id":788032119674292922,"quantity":2,"price":"89.99"}],"total_weight":0,"x":-1.5e3}';
    const parsed = parseLosslessJson(raw) as {
      id: unknown;
      line_items: { variant_id: unknown; quantity: unknown }[];
      x: unknown;
    };
    expect(parsed.id).toBe('820982911946154508');
    expect(parsed.line_items[0]?.variant_id).toBe('788032119674292922');
    expect(parsed.line_items[0]?.quantity).toBe(2);
    expect(parsed.x).toBe(-1500);
    // What JSON.parse would have done:
    expect(String((JSON.parse(raw) as { id: number }).id)).not.toBe('820982911946154508');
  });

  it('never touches digits inside strings, escaped quotes included', () => {
    const raw = '{"note":"call 820982911946154508 \\"now\\" 99999999999999999","n":99999999999999999}';
    expect(parseLosslessJson(raw)).toEqual({
      note: 'call 820982911946154508 "now" 99999999999999999',
      n: '99999999999999999',
    });
  });

  it('rejects what JSON.parse rejects', () => {
    expect(() => parseLosslessJson('{"a":')).toThrow(SyntaxError);
  });

  it('idText accepts exact decimal text and safe integers only', () => {
    expect(idText('788032119674292922')).toBe('788032119674292922');
    expect(idText(24826418)).toBe('24826418');
    expect(idText(1.5)).toBeNull();
    expect(idText(null)).toBeNull();
    expect(idText('12a')).toBeNull();
  });
});
