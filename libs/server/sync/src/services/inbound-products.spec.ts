import { minorUnits, productFields, variantFields } from './inbound-products.service';

describe('Shopify product payload mapping', () => {
  it('money strings become minor units exactly, never through floating point', () => {
    expect(minorUnits('19.99')).toBe(1999);
    expect(minorUnits('0.10')).toBe(10);
    expect(minorUnits('7')).toBe(700);
    expect(minorUnits('1.5')).toBe(150);
    expect(minorUnits('1234567.89')).toBe(123456789);
    expect(minorUnits(null)).toBeNull();
    expect(minorUnits('')).toBeNull();
    expect(minorUnits('-1.00')).toBeNull();
    expect(minorUnits('abc')).toBeNull();
  });

  it('maps only the keys the payload carries (a trimmed payload never blanks ours)', () => {
    expect(productFields({ title: 'Tee', tags: 'b, a ,, c', status: 'draft', body_html: '', vendor: 'Acme' })).toEqual({
      title: 'Tee',
      tags: ['b', 'a', 'c'],
      status: 'draft',
      description: null,
      vendor: 'Acme',
    });
    expect(productFields({ status: 'unknown' })).toEqual({});
    expect(productFields({})).toEqual({});
  });

  it('variants: inventory policy, compare-at price, and a SKU derived from the GID when Shopify has none', () => {
    const gid = 'gid://shopify/ProductVariant/9007199254740993';
    expect(
      variantFields({ sku: '', price: '5.00', compare_at_price: null, inventory_policy: 'continue', barcode: '' }, gid),
    ).toEqual({
      sku: 'shopify-9007199254740993',
      price: 500,
      compareAtPrice: null,
      allowBackorder: true,
      barcode: null,
    });
    expect(variantFields({ sku: 'A-1', inventory_policy: 'deny' }, gid)).toEqual({ sku: 'A-1', allowBackorder: false });
  });
});
