import { conflictWinner, mergeFields, type MergeInput } from './field-merge';

const FIELDS = ['firstName', 'lastName', 'note'] as const;
const at = (iso: string): Date => new Date(iso);

function input(partial: Partial<MergeInput>): MergeInput {
  return {
    fields: FIELDS,
    base: { firstName: 'Ada', lastName: 'Lovelace', note: null },
    ours: { firstName: 'Ada', lastName: 'Lovelace', note: null },
    theirs: { firstName: 'Ada', lastName: 'Lovelace', note: null },
    theirsAt: at('2026-11-30T10:00:05Z'),
    oursAt: () => at('2026-11-30T10:00:00Z'),
    ...partial,
  };
}

describe('field-level three-way merge', () => {
  it('changes nothing when Shopify sends what we already agreed on (a duplicate)', () => {
    expect(mergeFields(input({}))).toEqual({ apply: {}, changes: [], conflicts: [] });
  });

  it('takes only the fields Shopify changed', () => {
    const r = mergeFields(input({ theirs: { firstName: 'Augusta', lastName: 'Lovelace', note: null } }));
    expect(r.apply).toEqual({ firstName: 'Augusta' });
    expect(r.changes).toEqual([{ field: 'firstName', before: 'Ada', after: 'Augusta' }]);
  });

  it('keeps both sides when they edited different fields', () => {
    const r = mergeFields(
      input({
        ours: { firstName: 'Ada', lastName: 'Lovelace', note: 'VIP (ours)' },
        theirs: { firstName: 'Augusta', lastName: 'Lovelace', note: null },
      }),
    );
    expect(r.apply).toEqual({ firstName: 'Augusta' });
    expect(r.conflicts).toEqual([]);
  });

  it('same field, our write later: ours stays and Shopify value is recorded as the loser', () => {
    const r = mergeFields(
      input({
        ours: { firstName: 'Ada', lastName: 'Lovelace', note: 'ours' },
        theirs: { firstName: 'Ada', lastName: 'Lovelace', note: 'theirs' },
        theirsAt: at('2026-11-30T10:00:05Z'),
        oursAt: () => at('2026-11-30T10:00:09Z'),
      }),
    );
    expect(r.apply).toEqual({});
    expect(r.conflicts).toEqual([
      expect.objectContaining({ field: 'note', ours: 'ours', theirs: 'theirs', winner: 'ours' }),
    ]);
  });

  it('same field, Shopify later: theirs applied, ours recorded as the loser', () => {
    const r = mergeFields(
      input({
        ours: { firstName: 'Ada', lastName: 'Lovelace', note: 'ours' },
        theirs: { firstName: 'Ada', lastName: 'Lovelace', note: 'theirs' },
        theirsAt: at('2026-11-30T10:00:07Z'),
        oursAt: () => at('2026-11-30T10:00:06.900Z'),
      }),
    );
    expect(r.apply).toEqual({ note: 'theirs' });
    expect(r.conflicts).toEqual([expect.objectContaining({ field: 'note', winner: 'theirs' })]);
  });

  it('both sides changed a field to the same value: no conflict, nothing to write', () => {
    const r = mergeFields(
      input({
        ours: { firstName: 'X', lastName: 'Lovelace', note: null },
        theirs: { firstName: 'X', lastName: 'Lovelace', note: null },
      }),
    );
    expect(r).toEqual({ apply: {}, changes: [], conflicts: [] });
  });

  it('a record new to us takes every field', () => {
    const r = mergeFields(input({ base: null, ours: null }));
    expect(r.apply).toEqual({ firstName: 'Ada', lastName: 'Lovelace', note: null });
    // Empty fields of a new record are written but are not history noise.
    expect(r.changes.map((c) => c.field)).toEqual(['firstName', 'lastName']);
  });
});

describe('tie rule (Shopify timestamps have one-second precision)', () => {
  it('the same second goes to ours, whatever the milliseconds and in either order', () => {
    expect(conflictWinner(at('2026-11-30T10:00:05.000Z'), at('2026-11-30T10:00:05Z'))).toBe('ours');
    expect(conflictWinner(at('2026-11-30T10:00:05.999Z'), at('2026-11-30T10:00:05Z'))).toBe('ours');
    // Our write at .001 of a second that Shopify reports as :05 is still the same second: ours.
    expect(conflictWinner(at('2026-11-30T10:00:05.001Z'), at('2026-11-30T10:00:05.000Z'))).toBe('ours');
  });

  it('a later second wins on either side', () => {
    expect(conflictWinner(at('2026-11-30T10:00:04.999Z'), at('2026-11-30T10:00:05Z'))).toBe('theirs');
    expect(conflictWinner(at('2026-11-30T10:00:06.000Z'), at('2026-11-30T10:00:05Z'))).toBe('ours');
  });

  it('is deterministic: merging the same inputs twice gives the same result', () => {
    const i = input({
      ours: { firstName: 'O', lastName: 'Lovelace', note: null },
      theirs: { firstName: 'T', lastName: 'Lovelace', note: null },
      theirsAt: at('2026-11-30T10:00:05Z'),
      oursAt: () => at('2026-11-30T10:00:05.500Z'),
    });
    expect(mergeFields(i)).toEqual(mergeFields(i));
    expect(mergeFields(i).conflicts[0]?.winner).toBe('ours');
  });
});
