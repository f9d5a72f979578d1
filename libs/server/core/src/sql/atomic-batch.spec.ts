import { Client } from 'pg';
import { inlineStatement, positional, sqlLiteral } from './atomic-batch';

// escapeLiteral is pure string work in node-postgres; no connection is opened.
const client = new Client();

describe('atomic batch SQL inlining', () => {
  it('quotes strings with the driver escaping, keeps numbers and booleans, refuses anything else', () => {
    expect(sqlLiteral(client, "O'Brien")).toBe("'O''Brien'");
    expect(sqlLiteral(client, 'back\\slash')).toBe(" E'back\\\\slash'");
    expect(sqlLiteral(client, 42)).toBe('42');
    expect(sqlLiteral(client, null)).toBe('NULL');
    expect(sqlLiteral(client, true)).toBe('TRUE');
    expect(() => sqlLiteral(client, { a: 1 })).toThrow(TypeError);
    expect(() => sqlLiteral(client, Number.NaN)).toThrow(TypeError);
  });

  it('replaces each $n once and never re-scans the inserted text', () => {
    const st = positional('select ?, ?::jsonb, ?', ["x'); drop table orders; --", '{"a":"$1"}', 7]);
    expect(st.text).toBe('select $1, $2::jsonb, $3');
    expect(inlineStatement(client, st)).toBe(`select 'x''); drop table orders; --', '{"a":"$1"}'::jsonb, 7`);
  });

  it('refuses a placeholder without a value', () => {
    expect(() => positional('select ?', [])).toThrow();
    expect(() => inlineStatement(client, { text: 'select $2', values: [1] })).toThrow();
  });
});
