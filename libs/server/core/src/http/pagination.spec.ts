import { InvalidCursorProblem, readCursor, toPage } from './pagination';

const secret = 'cursor-secret';

function cursorFor(list: string, workspaceId: string, filters: Record<string, unknown> = {}): string {
  const page = toPage(
    [{ id: 'a' }, { id: 'b' }],
    1,
    (r) => [r.id],
    (r) => r,
    { list, workspaceId, ...filters },
    secret,
  );
  return page.nextCursor as string;
}

describe('pagination cursors', () => {
  it('read back on the list, workspace and filters they were issued for', () => {
    expect(
      readCursor(
        cursorFor('inventory_levels', 'ws_a', { sku: 'X' }),
        { list: 'inventory_levels', workspaceId: 'ws_a', sku: 'X' },
        secret,
      ),
    ).toEqual(['a']);
  });

  it('are refused on another list, in another workspace or with other filters', () => {
    const c = cursorFor('inventory_levels', 'ws_a');
    expect(() => readCursor(c, { list: 'products', workspaceId: 'ws_a' }, secret)).toThrow(InvalidCursorProblem);
    expect(() => readCursor(c, { list: 'inventory_levels', workspaceId: 'ws_b' }, secret)).toThrow(
      InvalidCursorProblem,
    );
    expect(() => readCursor(c, { list: 'inventory_levels', workspaceId: 'ws_a', sku: 'X' }, secret)).toThrow(
      InvalidCursorProblem,
    );
  });
});
