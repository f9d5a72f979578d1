import type { Principal } from '@retailos/shared/contracts';
import { parseCookies, roomForEvent, roomsFor, scopeRoom } from './realtime-rooms';

const principal = (scopes: Principal['scopes']): Principal => ({
  kind: 'api_key',
  workspaceId: 'ws_a',
  plan: 'pro',
  scopes,
});

describe('realtime rooms', () => {
  it('joins the rooms of readable scopes only', () => {
    expect(roomsFor(principal(['orders:read', 'orders:write', 'products:write']))).toEqual([
      'ws:ws_a',
      'ws:ws_a:orders:read',
    ]);
    expect(roomsFor(principal(['*']))).toContain('ws:ws_a:sync:read');
    expect(roomsFor(principal(['*'])).every((r) => r.startsWith('ws:ws_a'))).toBe(true);
  });

  it('routes each topic to the room of the scope that may read it', () => {
    expect(roomForEvent('ws_a', 'order.created')).toBe(scopeRoom('ws_a', 'orders:read'));
    expect(roomForEvent('ws_a', 'inventory.level.updated')).toBe('ws:ws_a:inventory:read');
    expect(roomForEvent('ws_a', 'sync.import.progress')).toBe('ws:ws_a:sync:read');
    expect(roomForEvent('ws_a', 'webhook.subscription.disabled')).toBe('ws:ws_a:webhooks:read');
    expect(roomForEvent('ws_a', 'mystery.happened')).toBeNull();
  });

  it('parses cookie headers', () => {
    expect(parseCookies('a=1; retailos_session=abc%3D; b="q"')).toEqual({ a: '1', retailos_session: 'abc=', b: 'q' });
    expect(parseCookies(undefined)).toEqual({});
  });
});
