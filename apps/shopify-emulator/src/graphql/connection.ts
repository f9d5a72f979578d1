// Relay connections with opaque base64 cursors ({"last_id":...,"last_value":...}, like Shopify's).
import { GraphQLError } from 'graphql';
import type { SortedIds } from '../store/sorted-ids';
import type { BulkPage } from './graphql-context';
import { acceptSearch } from './search-query';

export const MAX_PAGE_SIZE = 250;

export interface ConnectionArgs {
  first?: number | null;
  last?: number | null;
  after?: string | null;
  before?: string | null;
  reverse?: boolean | null;
}

export interface Connection<T> {
  edges: Array<{ cursor: string; node: T }>;
  nodes: T[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}

export function encodeCursor(id: bigint, value: string = id.toString()): string {
  return Buffer.from(`{"last_id":${id},"last_value":${JSON.stringify(value)}}`).toString('base64');
}

export function decodeCursor(cursor: string): { id: bigint; value: string } {
  try {
    const text = Buffer.from(cursor, 'base64').toString('utf8');
    const m = /^\{"last_id":(\d+),"last_value":("(?:[^"\\]|\\.)*")\}$/.exec(text);
    if (!m || !m[1] || !m[2]) throw new Error('bad cursor');
    return { id: BigInt(m[1]), value: JSON.parse(m[2]) as string };
  } catch {
    throw new GraphQLError(`Invalid cursor for current pagination sort.`, { extensions: { code: 'BAD_REQUEST' } });
  }
}

/** Shopify insists on first or last, at most 250. Returns the page size and direction. */
export function pageSize(args: ConnectionArgs, bulk: boolean): { size: number; backwards: boolean } {
  if (bulk) return { size: Number.MAX_SAFE_INTEGER, backwards: false };
  const { first, last } = args;
  if ((first === null || first === undefined) && (last === null || last === undefined)) {
    throw new GraphQLError('you must provide one of first or last', { extensions: { code: 'BAD_REQUEST' } });
  }
  const size = (first ?? last) as number;
  if (size > MAX_PAGE_SIZE || size < 0) {
    throw new GraphQLError(`The ${first != null ? 'first' : 'last'} argument must be between 0 and ${MAX_PAGE_SIZE}.`, {
      extensions: { code: 'BAD_REQUEST' },
    });
  }
  return { size, backwards: first == null };
}

/** An edge whose cursor is encoded when read: bulk operations and `nodes` selections never read it. */
class Edge<T> {
  constructor(
    readonly node: T,
    private readonly idOf: (t: T) => bigint,
    private readonly valueOf: ((t: T) => string) | undefined,
  ) {}

  get cursor(): string {
    return encodeCursor(this.idOf(this.node), this.valueOf ? this.valueOf(this.node) : undefined);
  }
}

function build<T>(
  items: T[],
  idOf: (t: T) => bigint,
  hasNext: boolean,
  hasPrev: boolean,
  valueOf?: (t: T) => string,
): Connection<T> {
  const edges = items.map((node) => new Edge(node, idOf, valueOf));
  return {
    edges,
    nodes: items,
    pageInfo: {
      hasNextPage: hasNext,
      hasPreviousPage: hasPrev,
      get startCursor() {
        return edges[0]?.cursor ?? null;
      },
      get endCursor() {
        return edges[edges.length - 1]?.cursor ?? null;
      },
    },
  };
}

/**
 * Pages over an id-sorted index without materialising the whole list: binary search to the
 * cursor, then scan while filtering. This is what keeps 100k-product paging cheap.
 */
export function connectionFromIndex<T>(
  index: SortedIds,
  get: (id: bigint) => T | undefined,
  idOf: (t: T) => bigint,
  args: ConnectionArgs,
  filter: ((t: T) => boolean) | null,
  bulkPage?: BulkPage,
): Connection<T> {
  const ids = index.all();
  if (bulkPage) {
    const start = bulkPage.afterId === null ? 0 : index.lowerBound(bulkPage.afterId + 1n);
    const out: T[] = [];
    let i = start;
    for (; i < ids.length && out.length < bulkPage.size; i++) {
      const rec = get(ids[i] as bigint);
      if (rec !== undefined && (!filter || filter(rec))) out.push(rec);
    }
    bulkPage.exhausted = i >= ids.length;
    if (i > 0) bulkPage.nextAfterId = ids[i - 1];
    return build(out, idOf, i < ids.length, false);
  }
  const { size, backwards } = pageSize(args, false);
  const desc = Boolean(args.reverse);
  const afterId = args.after ? decodeCursor(args.after).id : null;
  const beforeId = args.before ? decodeCursor(args.before).id : null;
  // Scan in logical order for `first`, against it for `last`; stop at the opposite cursor.
  const ascendingScan = desc === backwards;
  const from = backwards ? beforeId : afterId;
  const until = backwards ? afterId : beforeId;
  let i: number;
  if (ascendingScan) i = from === null ? 0 : index.lowerBound(from + 1n);
  else i = from === null ? ids.length - 1 : index.lowerBound(from) - 1;
  const step = ascendingScan ? 1 : -1;
  const out: T[] = [];
  let more = false;
  for (; i >= 0 && i < ids.length; i += step) {
    const id = ids[i] as bigint;
    if (until !== null && (ascendingScan ? id >= until : id <= until)) break;
    const rec = get(id);
    if (rec === undefined || (filter && !filter(rec))) continue;
    if (out.length === size) {
      more = true;
      break;
    }
    out.push(rec);
  }
  if (backwards) {
    out.reverse();
    return build(out, idOf, beforeId !== null, more);
  }
  return build(out, idOf, more, afterId !== null);
}

/** Pages over a small in-memory list (variants of a product, levels of an item...). */
export function connectionFromArray<T>(
  items: readonly T[],
  idOf: (t: T) => bigint,
  args: ConnectionArgs,
  bulk: boolean,
  valueOf?: (t: T) => string,
): Connection<T> {
  if (bulk) return build([...items], idOf, false, false, valueOf);
  const { size, backwards } = pageSize(args, false);
  let list = args.reverse ? [...items].reverse() : [...items];
  const pos = (cursor: string): number => {
    const { id } = decodeCursor(cursor);
    return list.findIndex((t) => idOf(t) === id);
  };
  let from = 0;
  let to = list.length;
  if (args.after) from = pos(args.after) + 1;
  if (args.before) {
    const p = pos(args.before);
    if (p >= 0) to = p;
  }
  list = list.slice(from, to);
  if (backwards) {
    const page = list.slice(Math.max(0, list.length - size));
    return build(page, idOf, Boolean(args.before), list.length > size, valueOf);
  }
  return build(list.slice(0, size), idOf, list.length > size, from > 0, valueOf);
}

export type SortValue = string | number | null;

function compareSort(a: SortValue, b: SortValue): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a) < String(b) ? -1 : 1;
}

interface SortedItem<T> {
  rec: T;
  value: SortValue;
  id: bigint;
}

interface SortedView<T> {
  version: number;
  items: SortedItem<T>[];
  /** id -> index in items */
  position: Map<bigint, number>;
}

/** The last sort of each index by each key: paging 100k orders by PROCESSED_AT sorts them once, not once a page. */
const sortedViews = new WeakMap<SortedIds, Map<string, SortedView<unknown>>>();

/**
 * Every record of the index by (value, id). The cached sort is reused while the index is unchanged and every record
 * still has the value it was sorted by (recomputed here: a linear pass, no sort), so an update that moves a record
 * (UPDATED_AT, INVENTORY_TOTAL...) is seen on the next page.
 */
function sortedView<T>(
  index: SortedIds,
  get: (id: bigint) => T | undefined,
  sortKey: string,
  sorter: (t: T) => SortValue,
): SortedView<T> {
  let views = sortedViews.get(index);
  if (!views) {
    views = new Map();
    sortedViews.set(index, views);
  }
  const cached = views.get(sortKey) as SortedView<T> | undefined;
  if (cached && cached.version === index.version && cached.items.every((i) => sorter(i.rec) === i.value)) return cached;
  const items: SortedItem<T>[] = [];
  for (const id of index.all()) {
    const rec = get(id);
    if (rec !== undefined) items.push({ rec, value: sorter(rec), id });
  }
  items.sort((a, b) => compareSort(a.value, b.value) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const view: SortedView<T> = { version: index.version, items, position: new Map(items.map((it, i) => [it.id, i])) };
  views.set(sortKey, view as SortedView<unknown>);
  return view;
}

/**
 * A root connection honouring `sortKey` (graphql-js fills in the SDL default, so `locations` sorts
 * by NAME and `orders` by PROCESSED_AT unless told otherwise). ID, RELEVANCE and keys without a
 * sorter page over the id index; other keys page over the records sorted by (value, id) with the value
 * in the cursor, as Shopify's cursors carry it, finding the cursor's record by id and filtering while
 * scanning from it. Bulk operations always stream in id order.
 */
export function rootConnection<T>(
  index: SortedIds,
  get: (id: bigint) => T | undefined,
  idOf: (t: T) => bigint,
  args: ConnectionArgs & { sortKey?: string | null },
  filter: ((t: T) => boolean) | null,
  bulkPage: BulkPage | undefined,
  sorters: Record<string, (t: T) => SortValue>,
): Connection<T> {
  const sorter = args.sortKey ? sorters[args.sortKey] : undefined;
  if (bulkPage || !sorter) return connectionFromIndex(index, get, idOf, args, filter, bulkPage);
  const { size, backwards } = pageSize(args, false);
  const view = sortedView(index, get, args.sortKey as string, sorter);
  const n = view.items.length;
  const reverse = Boolean(args.reverse);
  // Logical position k (after `reverse`) <-> index in the ascending view.
  const itemAt = (k: number) => view.items[reverse ? n - 1 - k : k] as SortedItem<T>;
  const positionOf = (cursor: string): number => {
    const p = view.position.get(decodeCursor(cursor).id);
    return p === undefined ? -1 : reverse ? n - 1 - p : p;
  };
  const from = args.after ? positionOf(args.after) + 1 : 0;
  let to = n;
  if (args.before) {
    const p = positionOf(args.before);
    if (p >= 0) to = p;
  }
  const page: SortedItem<T>[] = [];
  let more = false;
  const step = backwards ? -1 : 1;
  for (let k = backwards ? to - 1 : from; k >= from && k < to; k += step) {
    const item = itemAt(k);
    if (filter && !filter(item.rec)) continue;
    if (page.length === size) {
      more = true;
      break;
    }
    page.push(item);
  }
  if (backwards) page.reverse();
  const values = new Map(page.map((i) => [i.id, i.value]));
  const valueOf = (t: T) => String(values.get(idOf(t)) ?? '');
  const recs = page.map((i) => i.rec);
  return backwards
    ? build(recs, idOf, Boolean(args.before), more, valueOf)
    : build(recs, idOf, more, from > 0, valueOf);
}

/** A connection the emulator's data never fills (media, collections, events...): any search is applied. */
export function emptyConnection(): Connection<never> {
  acceptSearch();
  return {
    edges: [],
    nodes: [],
    pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null },
  };
}
