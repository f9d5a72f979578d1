import { canonicalJson, requestFingerprint } from './idempotency.service';

describe('idempotency fingerprint', () => {
  it('ignores key order and whitespace but not values', () => {
    expect(canonicalJson({ b: 1, a: [{ y: 2, x: 1 }] })).toBe('{"a":[{"x":1,"y":2}],"b":1}');
    expect(requestFingerprint('POST', '/api/orders', { a: 1, b: 2 })).toBe(
      requestFingerprint('POST', '/api/orders', { b: 2, a: 1 }),
    );
    expect(requestFingerprint('POST', '/api/orders', { a: 1 })).not.toBe(
      requestFingerprint('POST', '/api/orders', { a: 2 }),
    );
  });

  it('binds the endpoint: the same body on another path is another request', () => {
    expect(requestFingerprint('POST', '/api/orders', {})).not.toBe(requestFingerprint('POST', '/api/locations', {}));
  });
});
