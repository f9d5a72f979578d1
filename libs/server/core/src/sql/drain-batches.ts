/**
 * Repeats one batched delete (or update) of at most `size` rows until a batch comes back short; answers the rows
 * touched. Small batches keep each statement short so it never holds locks that writers wait on.
 */
export async function drainBatches(batch: () => Promise<number>, size: number): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await batch();
    total += n;
    if (n < size) return total;
  }
}
