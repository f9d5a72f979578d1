import { explainLevelChange, includedIn } from './stock-expectations';

const at = new Date('2026-11-30T10:00:00Z');
const p = (id: string, delta: number, secondsBefore = 0) => ({
  id,
  delta,
  occurredAt: new Date(at.getTime() - secondsBefore * 1000),
});

describe('explainLevelChange', () => {
  it('a sale of 2 explains a level drop of 2 exactly', () => {
    expect(explainLevelChange(-2, [p('a', -2)], at)).toEqual({ absorbed: ['a'], unexplained: 0 });
  });

  it('two sales coalesced into one level change (an older webhook skipped) are both explained', () => {
    expect(explainLevelChange(-5, [p('a', -2, 3), p('b', -3, 1)], at)).toEqual({
      absorbed: ['a', 'b'],
      unexplained: 0,
    });
  });

  it('a drop larger than the known sales leaves the rest unexplained', () => {
    expect(explainLevelChange(-7, [p('a', -2)], at)).toEqual({ absorbed: ['a'], unexplained: -5 });
  });

  it('a merchant +5 and a sale of 3 in one state: the sale is explained, +5 is not', () => {
    expect(explainLevelChange(2, [p('a', -3, 1)], at)).toEqual({ absorbed: ['a'], unexplained: 5 });
  });

  it('a sale made after the level state is left for a later state', () => {
    expect(explainLevelChange(-2, [p('later', -2, -5)], at)).toEqual({ absorbed: [], unexplained: -2 });
  });

  it('the unexplained total is the same whichever states arrive (telescoping deltas)', () => {
    // Levels 10 -> 8 (sale a) -> 13 (merchant +5) -> 12 (sale b); every state seen vs only the last one.
    const sales = [p('a', -2, 3), p('b', -1, 1)];
    const stepwise = [
      explainLevelChange(-2, sales.slice(0, 1), new Date(at.getTime() - 3000)).unexplained,
      explainLevelChange(5, [], new Date(at.getTime() - 2000)).unexplained,
      explainLevelChange(-1, sales.slice(1), at).unexplained,
    ];
    expect(stepwise.reduce((s, x) => s + x, 0)).toBe(5);
    expect(explainLevelChange(2, sales, at).unexplained).toBe(5);
  });
});

describe('includedIn', () => {
  it('compares on the second Shopify reports', () => {
    expect(includedIn(at, at)).toBe(true);
    expect(includedIn(new Date(at.getTime() + 1000), at)).toBe(false);
  });
});
