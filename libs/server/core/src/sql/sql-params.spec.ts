import { textArray, updateAssignments } from './sql-params';

describe('sql params', () => {
  it('quotes every text[] element, escaping quotes and backslashes', () => {
    expect(textArray(['a', 'b c', 'x"y', 'back\\slash', '{,}'])).toBe('{"a","b c","x\\"y","back\\\\slash","{,}"}');
    expect(textArray([])).toBe('{}');
  });

  it('assigns only the fields present, in order, with casts and encoders', () => {
    const dto: { title?: string; vendor?: string | null; tags?: string[] } = { title: 'T', vendor: null, tags: ['a'] };
    const out = updateAssignments(dto, [
      ['title', 'title'],
      ['vendor', 'vendor'],
      ['tags', 'tags', 'text[]', textArray],
    ]);
    expect(out.sets).toEqual(['updated_at = now()', 'title = ?', 'vendor = ?', 'tags = ?::text[]']);
    expect(out.params).toEqual(['T', null, '{"a"}']);
    expect(updateAssignments({} as typeof dto, [['title', 'title']]).sets).toEqual(['updated_at = now()']);
  });
});
