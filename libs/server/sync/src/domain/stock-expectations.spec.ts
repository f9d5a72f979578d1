import { absorbIntoUnexplained, explainLevelChange } from './stock-expectations';

const at = new Date('2026-11-30T10:00:00Z');
const p = (id: string, delta: number, seconds = 0) => ({ id, delta, occurredAt: new Date(at.getTime() - seconds * 1000) });

describe('explainLevelChange', () => {
  it('a sale of 2 explains a level drop of 2 exactly', () => {
    expect(explainLevelChange(-2, [p('a', -2)], at)).toEqual({ absorbed: ['a'], unexplained: 0 });
  });

  it('two sales coalesced into one level change are both explained', () => {
    expect(explainLevelChange(-5, [p('a', -2, 3), p('b', -3, 1)], at)).toEqual({ absorbed: ['a', 'b'], unexplained: 0 });
  });

  it('a drop larger than the known sales leaves the rest unexplained', () => {
    expect(explainLevelChange(-7, [p('a', -2)], at)).toEqual({ absorbed: ['a'], unexplained: -5 });
  });

  it('a merchant increase is never explained by a sale; the sale stays pending', () => {
    expect(explainLevelChange(4, [p('a', -2)], at)).toEqual({ absorbed: [], unexplained: 4 });
  });

  it('a sale larger than the drop is not absorbed (its own level change is still to come)', () => {
    expect(explainLevelChange(-1, [p('a', -2)], at)).toEqual({ absorbed: [], unexplained: -1 });
  });

  it('a sale made after the level state it is compared with is left pending', () => {
    expect(explainLevelChange(-2, [p('later', -2, -5)], at)).toEqual({ absorbed: [], unexplained: -2 });
  });

  it('no change, nothing to explain', () => {
    expect(explainLevelChange(0, [p('a', -2)], at)).toEqual({ absorbed: [], unexplained: 0 });
  });
});

describe('absorbIntoUnexplained', () => {
  it('a sale arriving after its level webhook consumes the unexplained drop', () => {
    expect(absorbIntoUnexplained(-2, -2)).toBe(0);
    expect(absorbIntoUnexplained(-5, -2)).toBe(-3);
  });

  it('refuses what the balance does not contain', () => {
    expect(absorbIntoUnexplained(0, -2)).toBeNull();
    expect(absorbIntoUnexplained(-1, -2)).toBeNull();
    expect(absorbIntoUnexplained(3, -2)).toBeNull();
  });
});
