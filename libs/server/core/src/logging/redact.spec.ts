import { describeError, redactDeep, redactText } from './redact';

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

describe('database errors in logs', () => {
  it('keep their code and names, never the SQL or the row values', () => {
    const pg = Object.assign(
      new Error('insert into customers (email) values (\'ana@shop.test\') - null value in column "tags"'),
      {
        code: '23502',
        detail: 'Failing row contains (cus_1, ana@shop.test, Ana).',
        table: 'customers',
        column: 'tags',
      },
    );
    pg.name = 'NotNullConstraintViolationException';
    const out = JSON.stringify(redactDeep({ err: pg, reqId: 'r1' }));
    expect(out).not.toMatch(/ana@shop\.test|insert into|Failing row/);
    expect(JSON.parse(out)).toMatchObject({
      reqId: 'r1',
      err: { type: 'NotNullConstraintViolationException', code: '23502', table: 'customers', column: 'tags' },
    });
    expect(describeError(new Error('plain failure'))).toMatchObject({ message: 'plain failure' });
  });
});
