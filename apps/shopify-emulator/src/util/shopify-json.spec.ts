import { plainToShopifyJson, toShopifyJson } from './shopify-json';
import { parseGid, idFrom, toGid } from './gid';

describe('toShopifyJson', () => {
  it('writes bigints as integer literals and escapes like Shopify', () => {
    const id = 788032119674292922n;
    expect(toShopifyJson({ id, gid: toGid('Product', id), t: 'A & B <i>', n: null, a: [1, true] })).toBe(
      '{"id":788032119674292922,"gid":"gid:\\/\\/shopify\\/Product\\/788032119674292922","t":"A \\u0026 B \\u003ci\\u003e","n":null,"a":[1,true]}',
    );
  });

  it('round-trips through a lossless reading of the digits', () => {
    const out = toShopifyJson({ id: 9007199254740993n });
    expect(String(JSON.parse(out).id)).not.toBe('9007199254740993'); // the trap the emulator exists to expose
    expect(/"id":(\d+)/.exec(out)![1]).toBe('9007199254740993');
  });
});

describe('gid helpers', () => {
  it('parses GIDs and bare ids', () => {
    expect(parseGid('gid://shopify/InventoryLevel/1?inventory_item_id=2')?.params.get('inventory_item_id')).toBe('2');
    expect(idFrom('gid://shopify/Product/12', 'Product')).toBe(12n);
    expect(idFrom('gid://shopify/Product/12', 'Order')).toBeNull();
    expect(idFrom('34', 'Order')).toBe(34n);
  });
});

describe('plainToShopifyJson', () => {
  it('writes the same bytes as toShopifyJson for a bigint-free value, and falls back for bigints', () => {
    const value = {
      id: 'gid://shopify/Product/788032119674292922',
      t: 'A & B <i> \u2028 "q" \\ é',
      n: null,
      u: undefined,
      a: [1, true, { x: 'a/b', nan: Number.NaN }],
      '<k/>': 2.5,
    };
    expect(plainToShopifyJson(value)).toBe(toShopifyJson(value));
    expect(plainToShopifyJson({ id: 788032119674292922n })).toBe('{"id":788032119674292922}');
  });
});
