import { TokenBox } from './token-box';

describe('TokenBox', () => {
  const box = new TokenBox('a-long-test-passphrase');

  it('round-trips and never stores the token in clear', () => {
    const sealed = box.seal('shpat_secret_token', 'ws_1');
    expect(sealed).not.toContain('shpat_secret_token');
    expect(box.open(sealed, 'ws_1')).toBe('shpat_secret_token');
    expect(box.seal('shpat_secret_token', 'ws_1')).not.toBe(sealed);
  });

  it('refuses another key, another row and a tampered ciphertext', () => {
    const sealed = box.seal('shpat_secret_token', 'ws_1');
    expect(() => new TokenBox('another-passphrase-xx').open(sealed, 'ws_1')).toThrow();
    expect(() => box.open(sealed, 'ws_2')).toThrow();
    const parts = sealed.split(':');
    const ct = Buffer.from(parts[3] ?? '', 'base64');
    ct[0] = (ct[0] ?? 0) ^ 1;
    expect(() => box.open([parts[0], parts[1], parts[2], ct.toString('base64')].join(':'), 'ws_1')).toThrow();
  });
});
