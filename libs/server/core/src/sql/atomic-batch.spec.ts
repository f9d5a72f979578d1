import { Client } from 'pg';
import { executeStatement, inlineStatement, numberArray, positional, preparedName, sqlLiteral } from './atomic-batch';

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

  it('runs a prepared statement as EXECUTE with inlined, escaped arguments under a stable name per text', () => {
    const st = positional('select ?::text, ?::int[]', ["it's", numberArray([1, 2])], { prepare: true });
    expect(st.prepare).toBe(true);
    const name = preparedName(st.text);
    expect(name).toMatch(/^rb_[0-9a-f]{24}$/);
    expect(preparedName('select $1::text, $2::int[]')).toBe(name);
    expect(preparedName('select $1::text')).not.toBe(name);
    expect(executeStatement(client, st)).toBe(`execute ${name}('it''s', '{1,2}')`);
    expect(executeStatement(client, { text: 'select 1', values: [], prepare: true })).toBe(
      `execute ${preparedName('select 1')}`,
    );
  });

  it('formats number arrays and refuses non-finite members', () => {
    expect(numberArray([])).toBe('{}');
    expect(numberArray([3, -4, 5000000000])).toBe('{3,-4,5000000000}');
    expect(() => numberArray([1, Number.POSITIVE_INFINITY])).toThrow(TypeError);
  });
});
