import { createTestApp, type TestApp } from '@retailos/server/testing';
import { createApiApp } from '../../api/src/bootstrap';
import { client, type Client } from './support/commerce';
import { seedWorkspace, type SeededWorkspace } from './support/identity';

describe('locations', () => {
  let api: TestApp;
  let ws: SeededWorkspace;
  let c: Client;
  let other: Client;

  beforeAll(async () => {
    api = await createTestApp(createApiApp);
    ws = await seedWorkspace(api);
    c = client(api.url, ws.apiKey);
    other = client(api.url, (await seedWorkspace(api)).apiKey);
  });

  afterAll(async () => {
    await api.close();
  });

  it('creates, gets and lists locations of the workspace only', async () => {
    const res = await c.post('/api/locations', {
      name: 'Warehouse',
      code: 'WH1',
      address: { city: 'Lyon', country: 'FR' },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ name: 'Warehouse', code: 'WH1', active: true, address: { city: 'Lyon' } });
    expect(res.body.id).toMatch(/^loc_/);
    expect((await c.get(`/api/locations/${res.body.id}`)).body.name).toBe('Warehouse');
    const list = await c.get('/api/locations');
    expect(list.body.data.map((l: { id: string }) => l.id)).toContain(res.body.id);
    expect(list.body).toHaveProperty('nextCursor');
    const theirs = await other.get('/api/locations');
    expect(theirs.body.data.map((l: { id: string }) => l.id)).not.toContain(res.body.id);
    expect((await other.get(`/api/locations/${res.body.id}`)).status).toBe(404);
    expect((await c.post('/api/locations', { name: 'Again', code: 'WH1' })).status).toBe(409);
  });

  it('validates the body', async () => {
    for (const [body, field] of [
      [{}, 'name'],
      [{ name: '' }, 'name'],
      [{ name: 'x', code: '' }, 'code'],
      [{ name: 'x', address: 'Main St' }, 'address'],
      [{ name: 'x', unknown: 1 }, 'unknown'],
    ] as [unknown, string][]) {
      const res = await c.post('/api/locations', body);
      expect(res.status).toBe(400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    }
  });

  it('pages with a cursor', async () => {
    const mine = client(api.url, (await seedWorkspace(api)).apiKey);
    for (let i = 0; i < 5; i++) await mine.post('/api/locations', { name: `L${i}` });
    const p1 = await mine.get('/api/locations?limit=2');
    const p2 = await mine.get(`/api/locations?limit=2&cursor=${encodeURIComponent(p1.body.nextCursor)}`);
    const p3 = await mine.get(`/api/locations?limit=2&cursor=${encodeURIComponent(p2.body.nextCursor)}`);
    expect([...p1.body.data, ...p2.body.data, ...p3.body.data].map((l: { name: string }) => l.name)).toEqual([
      'L4',
      'L3',
      'L2',
      'L1',
      'L0',
    ]);
    expect(p3.body.nextCursor).toBeNull();
  });

  it('needs inventory scopes', async () => {
    const key = client(api.url, await ws.createKey(['inventory:read']));
    expect((await key.get('/api/locations')).status).toBe(200);
    expect((await key.post('/api/locations', { name: 'nope' })).status).toBe(403);
    expect((await client(api.url, await ws.createKey(['orders:read'])).get('/api/locations')).status).toBe(403);
  });
});
