import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseLosslessJson } from '../domain/lossless-json';
import { orderFactsFromWebhook, toOrderInput } from './inbound-orders.service';

// Shopify's own orders/create sample (2026-04), as raw bytes.
const SAMPLE = readFileSync(join(__dirname, '../../test/fixtures/orders-create.json'), 'utf8');
const sample = () => parseLosslessJson(SAMPLE) as Record<string, unknown>;

describe('orderFactsFromWebhook', () => {
  it("maps Shopify's sample order: GID key, dates, money in minor units, lines by line GID", () => {
    const f = orderFactsFromWebhook(sample());
    expect(f).not.toBeNull();
    expect(f?.gid).toBe('gid://shopify/Order/820982911946154508');
    expect(f?.name).toBe('#9999');
    expect(f?.updatedAt.toISOString()).toBe('2022-01-01T00:00:00.000Z');
    expect(f?.cancelledAt?.toISOString()).toBe('2022-01-01T00:00:00.000Z');
    expect(f?.cancelReason).toBe('customer');
    expect(f?.currency).toBe('USD');
    expect(f?.customerGid).toBe('gid://shopify/Customer/115310627314723954');
    expect(f?.locationGid).toBeNull();
    expect(f?.lines).toHaveLength(5);
    expect(f?.lines[0]).toEqual({
      gid: 'gid://shopify/LineItem/487817672276298554',
      variantGid: null,
      sku: 'SKU2006-001',
      title: 'Aviator sunglasses',
      quantity: 1,
      unitPrice: 8999,
    });
  });

  it('keeps variant and location ids above 2^53 exact (read from the raw bytes)', () => {
    const raw = SAMPLE.replace('"variant_id": null', '"variant_id": 788032119674292922').replace(
      '"location_id": null',
      '"location_id": 905684977990123457',
    );
    const f = orderFactsFromWebhook(parseLosslessJson(raw) as Record<string, unknown>);
    expect(f?.lines[0]?.variantGid).toBe('gid://shopify/ProductVariant/788032119674292922');
    expect(f?.locationGid).toBe('gid://shopify/Location/905684977990123457');
  });

  it("reads whether the cancellation restocked from its refund lines' restock_type", () => {
    const withRefund = (types: string[]) => ({
      ...sample(),
      refunds: [{ id: 1, refund_line_items: types.map((t, i) => ({ id: i, quantity: 1, restock_type: t })) }],
    });
    expect(orderFactsFromWebhook(sample())?.cancelRestocked).toBe(false);
    expect(orderFactsFromWebhook(withRefund(['no_restock', 'no_restock']))?.cancelRestocked).toBe(false);
    expect(orderFactsFromWebhook(withRefund(['no_restock', 'cancel']))?.cancelRestocked).toBe(true);
    expect(orderFactsFromWebhook(withRefund(['legacy_restock']))?.cancelRestocked).toBe(true);
    expect(orderFactsFromWebhook(withRefund(['return']))?.cancelRestocked).toBe(false);
  });

  it('refuses a payload without its GID or updated_at, and drops lines without a positive quantity', () => {
    expect(orderFactsFromWebhook({ ...sample(), admin_graphql_api_id: undefined })).toBeNull();
    expect(orderFactsFromWebhook({ ...sample(), updated_at: 'soon' })).toBeNull();
    const p = sample();
    (p['line_items'] as Record<string, unknown>[])[1]!['quantity'] = 0;
    expect(orderFactsFromWebhook(p)?.lines.map((l) => l.sku)).not.toContain('LENS-PROTECT-2YR');
  });
});

describe('toOrderInput', () => {
  it('builds our order input from the facts and the resolved ids; unresolved lines are left out', () => {
    const f = orderFactsFromWebhook(sample())!;
    const input = toOrderInput(f, {
      variants: new Map([['gid://shopify/LineItem/487817672276298554', { variantId: 'var_1', sku: 'SKU2006-001' }]]),
      customerId: 'cus_1',
      locationId: 'loc_1',
    });
    expect(input).toEqual({
      source: 'shopify',
      externalId: 'gid://shopify/Order/820982911946154508',
      channel: 'online',
      customerId: 'cus_1',
      locationId: 'loc_1',
      currency: 'USD',
      note: null,
      createdAt: new Date('2022-01-01T00:00:00.000Z'),
      cancelledAt: new Date('2022-01-01T00:00:00.000Z'),
      cancelReason: 'customer',
      lines: [{ variantId: 'var_1', sku: 'SKU2006-001', title: 'Aviator sunglasses', quantity: 1, unitPrice: 8999 }],
    });
  });
});
