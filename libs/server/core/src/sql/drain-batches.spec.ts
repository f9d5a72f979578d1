import { drainBatches } from './drain-batches';

describe('drainBatches', () => {
  it('repeats full batches and stops after the first short one, answering the total', async () => {
    const sizes = [3, 3, 1, 3];
    let calls = 0;
    const total = await drainBatches(async () => sizes[calls++] ?? 0, 3);
    expect(total).toBe(7);
    expect(calls).toBe(3);
  });

  it('runs once when the first batch is already short', async () => {
    let calls = 0;
    expect(await drainBatches(async () => (calls++, 0), 5000)).toBe(0);
    expect(calls).toBe(1);
  });
});
