/**
 * How many releases a selection holds and which page is the newer neighbour of a page.
 *
 * The store pages one way only, older, by cursor (a cursor names a position in the newest-first
 * order, so a page `before=c` always shows the releases just older than c, whatever arrived
 * since). The newer neighbour of page `before=c` is the page whose `next` was c: remembered when
 * that page was rendered (people page back one page at a time), otherwise found by walking the
 * selection from its newest page, bounded. The counts come from the store's index sizes where
 * one index is the selection, else from walking the selection, bounded too.
 */
import type { QueryFilter, QueryPage, Store } from '../../store/index.js';
import { filterQuery, type Filter } from '../selection.js';

/** Pages walked from the newest to find a newer neighbour; deeper, "newer" leads to the first page. */
const MAX_WALK_PAGES = 200;
/** Releases counted by walking; more is shown as "more than". */
export const MAX_COUNTED = 10_000;
const COUNT_BATCH = 500;
/** Remembered neighbours; a crawler walking every filter cannot grow the process. */
const MAX_REMEMBERED = 20_000;

export interface Neighbours {
  /** 1-based page number, when known. */
  page?: number;
  /** The newer page: `{}` is the first page; undefined when this is the first page. */
  newer?: { before?: string };
}

export class PageTrail {
  /** `<selection>\n<limit>\n<cursor>` → the page before it; Map order is age, oldest first out. */
  private readonly known = new Map<string, { before?: string; page: number }>();

  /** Records that the page `before` (undefined: the first) of `filter` is followed by `next`. */
  record(filter: Filter, page: number, next: string | undefined): void {
    if (next === undefined) return;
    const key = trailKey(filter, next);
    this.known.delete(key);
    this.known.set(key, { ...(filter.before === undefined ? {} : { before: filter.before }), page });
    if (this.known.size > MAX_REMEMBERED) this.known.delete(this.known.keys().next().value!);
  }

  /** Where page `filter.before` stands and which page is newer. */
  async neighbours(store: Pick<Store, 'query'>, filter: Filter): Promise<Neighbours> {
    if (filter.before === undefined) return { page: 1 };
    const known = this.known.get(trailKey(filter, filter.before));
    if (known) return { page: known.page + 1, newer: known.before === undefined ? {} : { before: known.before } };
    let before: string | undefined;
    for (let page = 1; page <= MAX_WALK_PAGES; page++) {
      const { next } = await store.query(queryFilter({ ...filter, before }));
      this.record({ ...filter, before }, page, next);
      if (next === undefined) break;
      if (next === filter.before) return { page: page + 1, newer: before === undefined ? {} : { before } };
      before = next;
    }
    // A cursor from elsewhere (another page size, an old link): the way back is the first page.
    return { newer: {} };
  }
}

function trailKey(filter: Filter, cursor: string): string {
  return `${filterQuery(filter, false)}\n${filter.limit}\n${cursor}`;
}

/** The filter as the store takes it (no undefined members). */
export function queryFilter(filter: Filter): QueryFilter {
  const query: QueryFilter = { ministries: filter.ministries, tags: filter.tags, excludeTags: filter.excludeTags, limit: filter.limit };
  if (filter.q !== undefined) query.q = filter.q;
  if (filter.before !== undefined) query.before = filter.before;
  return query;
}

export interface MatchCount {
  count: number;
  /** False when counting stopped at MAX_COUNTED. */
  exact: boolean;
}

/** What the index sizes already tell: all items, one ministry, one tag. */
export interface KnownCounts {
  total: number;
  ministries: Record<string, number>;
  tags: ReadonlyMap<string, number>;
}

export async function countMatches(store: Pick<Store, 'query'>, filter: Filter, known: KnownCounts): Promise<MatchCount> {
  const { ministries, tags, excludeTags, q } = filter;
  if (excludeTags.length === 0 && q === undefined) {
    if (ministries.length === 0 && tags.length === 0) return { count: known.total, exact: true };
    if (ministries.length === 1 && tags.length === 0) return { count: known.ministries[ministries[0]!] ?? 0, exact: true };
    if (tags.length === 1 && ministries.length === 0) return { count: known.tags.get(tags[0]!) ?? 0, exact: true };
  }
  let count = 0;
  let page: QueryPage = { items: [] };
  let before: string | undefined;
  do {
    page = await store.query(queryFilter({ ...filter, limit: COUNT_BATCH, before }));
    count += page.items.length;
    before = page.next;
  } while (before !== undefined && count < MAX_COUNTED);
  return { count, exact: before === undefined };
}
