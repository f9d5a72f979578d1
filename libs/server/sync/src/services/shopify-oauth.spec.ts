import { createHmac } from 'node:crypto';
import { oauthMessage, timestampFresh, verifyOAuthHmac, verifyWebhookHmac } from './shopify-oauth';

const SECRET = 'hush-hush-secret-0123456789';
const sign = (p: Record<string, string>): string => createHmac('sha256', SECRET).update(oauthMessage(p)).digest('hex');

describe('OAuth redirect HMAC (hex)', () => {
  // Shopify's documented example message shape: sorted keys, & joined, hmac excluded.
  const params = {
    code: '0907a61c0c8d55e99db179b68161bc00',
    shop: 'some-shop.myshopify.com',
    state: 'a b&c',
    timestamp: '1337178173',
    host: 'c29tZS1zaG9w',
  };

  it('signs the sorted params without hmac, spaces as %20', () => {
    expect(oauthMessage({ ...params, hmac: 'x' })).toBe(
      'code=0907a61c0c8d55e99db179b68161bc00&host=c29tZS1zaG9w&shop=some-shop.myshopify.com&state=a%20b%26c&timestamp=1337178173',
    );
  });

  it('accepts the right signature in either hex case and refuses any change', () => {
    const hmac = sign(params);
    expect(verifyOAuthHmac({ ...params, hmac }, SECRET)).toBe(true);
    expect(verifyOAuthHmac({ ...params, hmac: hmac.toUpperCase() }, SECRET)).toBe(true);
    expect(verifyOAuthHmac({ ...params, shop: 'other.myshopify.com', hmac }, SECRET)).toBe(false);
    expect(verifyOAuthHmac({ ...params, hmac }, `${SECRET}x`)).toBe(false);
    expect(verifyOAuthHmac({ ...params, hmac: hmac.slice(0, 62) }, SECRET)).toBe(false);
    expect(verifyOAuthHmac(params, SECRET)).toBe(false);
  });

  it('refuses timestamps more than 90 s away, either way', () => {
    const now = 1_700_000_000_000;
    expect(timestampFresh(String(now / 1000 - 89), now)).toBe(true);
    expect(timestampFresh(String(now / 1000 + 89), now)).toBe(true);
    expect(timestampFresh(String(now / 1000 - 91), now)).toBe(false);
    expect(timestampFresh(String(now / 1000 + 91), now)).toBe(false);
    expect(timestampFresh('12abc', now)).toBe(false);
    expect(timestampFresh(undefined, now)).toBe(false);
  });
});

describe('webhook HMAC (base64 over the raw bytes)', () => {
  // Shopify escapes / as \/ : the signature is over these exact bytes, not a re-serialisation.
  const raw = Buffer.from('{"id":788032119674292922,"handle":"a\\/b","title":"x \\u0026 y"}');
  const header = createHmac('sha256', SECRET).update(raw).digest('base64');

  it('accepts the exact bytes and refuses a re-serialised body', () => {
    expect(verifyWebhookHmac(raw, header, [SECRET])).toBe(true);
    const reserialised = Buffer.from(JSON.stringify(JSON.parse(raw.toString())));
    expect(verifyWebhookHmac(reserialised, header, [SECRET])).toBe(false);
  });

  it('accepts the previous secret during a rotation, refuses garbage', () => {
    expect(verifyWebhookHmac(raw, header, ['new-secret-abcdefghijkl', SECRET])).toBe(true);
    expect(verifyWebhookHmac(raw, header, ['new-secret-abcdefghijkl'])).toBe(false);
    expect(verifyWebhookHmac(raw, undefined, [SECRET])).toBe(false);
    expect(verifyWebhookHmac(raw, 'not base64!', [SECRET])).toBe(false);
    expect(verifyWebhookHmac(raw, header.slice(0, 20), [SECRET])).toBe(false);
  });
});
