import { redactDeep, redactText } from './redact';

describe('redaction', () => {
  it('masks secret-looking keys at any depth', () => {
    const out = redactDeep({
      headers: { authorization: 'Bearer abc', 'x-shopify-access-token': 'shpat_1', accept: 'json' },
      body: { nested: { clientSecret: 'x', api_key: 'y', token: 'z', name: 'ok' } },
    });
    expect(JSON.stringify(out)).not.toMatch(/abc|shpat_1|"x"|"y"|"z"/);
    expect(JSON.stringify(out)).toContain('"name":"ok"');
    expect(JSON.stringify(out)).toContain('"accept":"json"');
  });

  it('scrubs credentials inside free text', () => {
    expect(redactText('failed with Bearer secret123 here')).toBe('failed with Bearer [REDACTED] here');
    expect(redactText('key wsk_live_abcDEF123_x9')).not.toContain('abcDEF');
    expect(redactText('/cb?code=abc&shop=x')).toBe('/cb?code=[REDACTED]&shop=x');
  });
});
