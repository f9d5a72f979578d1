import { CaptureMatcher, compareToCapture } from './capture-compare';

const cost = (requested: number, actual: number | null) => ({
  cost: {
    requestedQueryCost: requested,
    actualQueryCost: actual,
    throttleStatus: { maximumAvailable: 2000, currentlyAvailable: 1990, restoreRate: 100 },
  },
});

describe('compareToCapture (strict by default)', () => {
  it('fails on any differing scalar: enum values, quantity names, amounts, titles', () => {
    expect(compareToCapture({ status: 'ACTIVE' }, { status: 'DRAFT' })).toHaveLength(1);
    expect(compareToCapture({ name: 'available' }, { name: 'on_hand' })).toHaveLength(1);
    expect(compareToCapture({ amount: '10.00' }, { amount: '10.0' })).toHaveLength(1);
    expect(compareToCapture({ delta: 5 }, { delta: 4 })).toHaveLength(1);
    expect(compareToCapture({ title: 'A' }, { title: 'A' })).toEqual([]);
  });

  it('fails on arrays of another length anywhere (one enum value instead of two)', () => {
    const full = { enumValues: [{ name: 'A' }, { name: 'B' }] };
    expect(compareToCapture(full, { enumValues: [{ name: 'A' }] })).toEqual([
      expect.stringContaining('expected 2 items, got 1'),
    ]);
    expect(compareToCapture({ tags: ['x'] }, { tags: ['x', 'y'] })).toHaveLength(1);
  });

  it('fails on missing or unexpected keys', () => {
    expect(compareToCapture({ a: 1, b: null }, { a: 1 })).toEqual(['$.b: missing']);
    expect(compareToCapture({ a: 1 }, { a: 1, c: 2 })).toEqual(['$.c: unexpected']);
  });

  it('maps ids consistently: same captured id -> same emulator id, both ways, same type', () => {
    const m = new CaptureMatcher();
    expect(m.compare({ id: 'gid://shopify/Product/1' }, { id: 'gid://shopify/Product/900' })).toEqual([]);
    expect(m.compare({ id: 'gid://shopify/Product/1' }, { id: 'gid://shopify/Product/900' })).toEqual([]);
    expect(m.compare({ id: 'gid://shopify/Product/1' }, { id: 'gid://shopify/Product/901' })).toHaveLength(1);
    expect(m.compare({ id: 'gid://shopify/Product/2' }, { id: 'gid://shopify/Product/900' })).toHaveLength(1);
    expect(m.compare({ id: 'gid://shopify/Product/3' }, { id: 'gid://shopify/ProductVariant/3' })).toHaveLength(1);
    expect(
      m.compare({ id: 'gid://shopify/InventoryLevel/1?inventory_item_id=2' }, { id: 'gid://shopify/InventoryLevel/5' }),
    ).toHaveLength(1);
  });

  it('compares timestamps by format and cursors by consistent mapping', () => {
    expect(compareToCapture({ createdAt: '2026-05-05T00:12:18Z' }, { createdAt: '2030-01-01T10:00:00Z' })).toEqual([]);
    expect(
      compareToCapture({ createdAt: '2026-05-05T00:12:18Z' }, { createdAt: '2030-01-01T10:00:00.123Z' }),
    ).toHaveLength(1);
    expect(compareToCapture({ updatedAt: null }, { updatedAt: '2030-01-01T10:00:00Z' })).toHaveLength(1);
    const m = new CaptureMatcher();
    expect(m.compare({ startCursor: 'abc', endCursor: 'abc' }, { startCursor: 'x', endCursor: 'x' })).toEqual([]);
    expect(m.compare({ startCursor: 'abc', endCursor: 'abc' }, { startCursor: 'x', endCursor: 'y' })).toHaveLength(1);
  });

  it('requires extensions.cost and compares requested exactly, actual within one point', () => {
    expect(compareToCapture({ data: {}, extensions: cost(13, 10) }, { data: {} })).toEqual(['$.extensions: missing']);
    expect(compareToCapture({ data: {}, extensions: cost(13, 10) }, { data: {}, extensions: {} })).toEqual([
      '$.extensions.cost: missing',
    ]);
    expect(compareToCapture({ extensions: cost(13, 10) }, { extensions: cost(13, 10) })).toEqual([]);
    expect(compareToCapture({ extensions: cost(13, 10) }, { extensions: cost(13, 11) })).toEqual([]);
    expect(compareToCapture({ extensions: cost(13, 10) }, { extensions: cost(14, 10) })).toHaveLength(1);
    expect(compareToCapture({ extensions: cost(13, 10) }, { extensions: cost(13, 12) })).toHaveLength(1);
    expect(compareToCapture({ extensions: cost(13, null) }, { extensions: cost(13, 13) })).toHaveLength(1);
    const other = cost(13, 10);
    other.cost.throttleStatus.maximumAvailable = 1000;
    expect(compareToCapture({ extensions: cost(13, 10) }, { extensions: other })).toHaveLength(1);
  });
});
