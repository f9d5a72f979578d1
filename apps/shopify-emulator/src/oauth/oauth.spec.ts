import { createHmac, timingSafeEqual } from 'node:crypto';
import { startTestShop } from '../testing/test-harness';
import type { TestShop } from '../testing/test-harness';

// Generous timeouts: the box is shared and heavily loaded at times.
jest.setTimeout(30_000);

/** The documented verification, written independently of the emulator's code. */
function verifyRedirect(url: URL, secret: string): boolean {
  const params = [...url.searchParams.entries()]
    .filter(([k]) => k !== 'hmac')
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const message = params.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
  const expected = Buffer.from(createHmac('sha256', secret).update(message).digest('hex'));
  const given = Buffer.from(url.searchParams.get('hmac') ?? '');
  return expected.length === given.length && timingSafeEqual(expected, given);
}

describe('OAuth', () => {
  let t: TestShop;

  beforeAll(async () => {
    t = await startTestShop();
  });
  afterAll(() => t.close());

  const authorizeUrl = (clientId: string, state: string) =>
    `${t.url}/shops/${t.shop}/admin/oauth/authorize?client_id=${clientId}&scope=read_products,write_inventory&redirect_uri=${encodeURIComponent('https://app.example/callback')}&state=${encodeURIComponent(state)}`;

  it('redirects with code, hmac, host, shop, state, timestamp signed with the client secret', async () => {
    const res = await fetch(authorizeUrl(t.clientId, 'nonce 123'), { redirect: 'manual' });
    expect(res.status).toBe(302);
    const location = new URL(res.headers.get('location')!);
    expect(location.origin + location.pathname).toBe('https://app.example/callback');
    expect([...location.searchParams.keys()].sort()).toEqual(['code', 'hmac', 'host', 'shop', 'state', 'timestamp']);
    expect(location.searchParams.get('shop')).toBe(t.shop);
    expect(location.searchParams.get('state')).toBe('nonce 123');
    expect(res.headers.get('location')).toContain('state=nonce%20123');
    expect(Math.abs(Number(location.searchParams.get('timestamp')) - Date.now() / 1000)).toBeLessThan(90);
    expect(verifyRedirect(location, t.clientSecret)).toBe(true);
    expect(verifyRedirect(location, 'other-secret')).toBe(false);
    const tampered = new URL(location);
    tampered.searchParams.set('state', 'forged');
    expect(verifyRedirect(tampered, t.clientSecret)).toBe(false);

    const exchange = () =>
      fetch(`${t.url}/shops/${t.shop}/admin/oauth/access_token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          client_id: t.clientId,
          client_secret: t.clientSecret,
          code: location.searchParams.get('code'),
        }),
      });
    const first = await exchange();
    expect(first.status).toBe(200);
    const token = (await first.json()) as { access_token: string; scope: string };
    expect(token.scope).toBe('read_products,write_inventory');
    const gql = await t.gql('{ shop { name } }', undefined, token.access_token);
    expect(gql.status).toBe(200);
    const second = await exchange();
    expect(second.status).toBe(400);
  });

  it('shows an approval page when the app does not auto-approve, and the form installs', async () => {
    await t.control('POST', '/_emulator/apps', {
      clientId: 'manual-app',
      clientSecret: 'manual-secret',
      name: 'Manual & Co',
    });
    const page = await fetch(authorizeUrl('manual-app', 's1'));
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Install Manual &#38; Co?');
    expect(html).toContain('<form method="post"');
    const form = new URLSearchParams({
      client_id: 'manual-app',
      scope: 'read_products',
      redirect_uri: 'https://app.example/cb',
      state: 's1',
    });
    const approved = await fetch(`${t.url}/shops/${t.shop}/admin/oauth/authorize`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
      redirect: 'manual',
    });
    expect(approved.status).toBe(302);
    expect(verifyRedirect(new URL(approved.headers.get('location')!), 'manual-secret')).toBe(true);
  });

  it('refuses a wrong client secret and unknown apps', async () => {
    const res = await fetch(authorizeUrl(t.clientId, 'x'), { redirect: 'manual' });
    const code = new URL(res.headers.get('location')!).searchParams.get('code');
    const bad = await fetch(`${t.url}/shops/${t.shop}/admin/oauth/access_token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ client_id: t.clientId, client_secret: 'nope', code: code ?? '' }).toString(),
    });
    expect(bad.status).toBe(400);
    const unknown = await fetch(authorizeUrl('no-such-app', 'x'), { redirect: 'manual' });
    expect(unknown.status).toBe(400);
  });
});
