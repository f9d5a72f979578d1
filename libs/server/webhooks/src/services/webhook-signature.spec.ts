import { createHmac } from 'node:crypto';
import { Webhook as StandardWebhook } from 'standardwebhooks';
import { Webhook as SvixWebhook } from 'svix';
import { SecretBox } from './secret-box';
import { generateSigningSecret, signDelivery } from './webhook-signature';

describe('delivery signatures', () => {
  const body = JSON.stringify({
    id: 'evt_1',
    topic: 'order.created',
    workspaceId: 'ws_1',
    occurredAt: new Date().toISOString(),
    data: { a: 'é' },
  });
  const now = Math.floor(Date.now() / 1000);

  it('verify with the standardwebhooks and svix libraries and the X-Retailos-Signature scheme', () => {
    const secret = generateSigningSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    const headers = signDelivery({
      secrets: [secret],
      eventId: 'evt_1',
      topic: 'order.created',
      body,
      timestampSec: now,
    });
    expect(new StandardWebhook(secret).verify(body, { ...headers })).toEqual(JSON.parse(body));
    expect(new SvixWebhook(secret).verify(body, { ...headers })).toEqual(JSON.parse(body));
    expect(headers['x-retailos-signature']).toBe(`sha256=${createHmac('sha256', secret).update(body).digest('hex')}`);
    expect(headers['x-retailos-idempotency-key']).toBe('evt_1');
  });

  it('fails verification for another secret, a tampered body or a stale timestamp', () => {
    const secret = generateSigningSecret();
    const headers = signDelivery({
      secrets: [secret],
      eventId: 'evt_1',
      topic: 'order.created',
      body,
      timestampSec: now,
    });
    expect(() => new StandardWebhook(generateSigningSecret()).verify(body, { ...headers })).toThrow();
    expect(() => new StandardWebhook(secret).verify(`${body} `, { ...headers })).toThrow();
    const stale = signDelivery({
      secrets: [secret],
      eventId: 'evt_1',
      topic: 'order.created',
      body,
      timestampSec: now - 3600,
    });
    expect(() => new StandardWebhook(secret).verify(body, { ...stale })).toThrow();
  });

  it('signs with both secrets during a rotation, so receivers on either one verify', () => {
    const [oldSecret, newSecret] = [generateSigningSecret(), generateSigningSecret()];
    const headers = signDelivery({
      secrets: [newSecret, oldSecret],
      eventId: 'evt_2',
      topic: 'order.updated',
      body,
      timestampSec: now,
    });
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(new StandardWebhook(oldSecret).verify(body, { ...headers })).toBeTruthy();
    expect(new SvixWebhook(newSecret).verify(body, { ...headers })).toBeTruthy();
  });

  it('seals secrets at rest with authenticated encryption', () => {
    const box = new SecretBox('a-long-enough-passphrase');
    const secret = generateSigningSecret();
    const sealed = box.seal(secret);
    expect(sealed).not.toContain(secret.slice(6));
    expect(box.open(sealed)).toBe(secret);
    expect(() => new SecretBox('another-passphrase!!').open(sealed)).toThrow();
    const [v, iv, tag, ct] = sealed.split(':');
    expect(() => box.open([v, iv, tag, Buffer.from('x').toString('base64') + (ct ?? '')].join(':'))).toThrow();
  });
});
