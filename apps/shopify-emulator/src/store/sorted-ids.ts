// Ids are issued in increasing order, so an append-only array stays sorted and cursor lookups
// are binary searches; this keeps paging 100k products cheap.
export class SortedIds {
  private ids: bigint[] = [];
  /** Bumped by every add and remove (a re-added id too: its record may be a new object), for caches over the index. */
  version = 0;

  get length(): number {
    return this.ids.length;
  }

  add(id: bigint): void {
    this.version++;
    const last = this.ids[this.ids.length - 1];
    if (last === undefined || id > last) {
      this.ids.push(id);
      return;
    }
    const at = this.lowerBound(id);
    if (this.ids[at] !== id) this.ids.splice(at, 0, id);
  }

  remove(id: bigint): void {
    this.version++;
    const at = this.lowerBound(id);
    if (this.ids[at] === id) this.ids.splice(at, 1);
  }

  /** Index of the first id >= value. */
  lowerBound(value: bigint): number {
    let lo = 0;
    let hi = this.ids.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.ids[mid] as bigint) < value) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  at(index: number): bigint | undefined {
    return this.ids[index];
  }

  all(): readonly bigint[] {
    return this.ids;
  }
}
