/**
 * The selection every output is rendered for (DESIGN.md §6): ministries, tags, excluded tags,
 * words, page size and cursor. Normalized means: the same selection always gives the same
 * canonical query string, which is the cache key, the feed's self link and the base of its id.
 * Turning an HTTP query into a selection, with its error answers, is web's job (web/query.ts);
 * the static export builds its selections here directly.
 */
import { slugify } from '../model/index.js';

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 200;
/** Values per parameter (after splitting at commas); more is not a filter but an attack. */
export const MAX_VALUES = 20;
export const MAX_TAG_CHARS = 100;
export const MAX_QUERY_CHARS = 200;
export const MAX_CURSOR_CHARS = 200;

export interface Filter {
  /** Ministry ids, sorted, distinct. */
  ministries: string[];
  /** Tag slugs, sorted, distinct. */
  tags: string[];
  excludeTags: string[];
  /** Words, whitespace collapsed; undefined when empty. */
  q?: string;
  limit: number;
  before?: string;
}

/** A selection as given: ids in any case, tags as labels or slugs, in any order, repeated. */
export interface FilterInput {
  ministries?: readonly string[];
  tags?: readonly string[];
  excludeTags?: readonly string[];
  q?: string;
  /** @defaultValue DEFAULT_LIMIT */
  limit?: number;
  before?: string;
}

/**
 * The normalized filter: ministry ids lower case, tags as slugs, both sorted and distinct, words
 * trimmed with whitespace collapsed. Checks nothing: callers pass values they have validated.
 */
export function createFilter(input: FilterInput): Filter {
  const q = input.q?.trim().replace(/\s+/g, ' ');
  const filter: Filter = {
    ministries: sortedDistinct((input.ministries ?? []).map((id) => id.toLowerCase())),
    tags: sortedDistinct((input.tags ?? []).map(slugify)),
    excludeTags: sortedDistinct((input.excludeTags ?? []).map(slugify)),
    limit: input.limit ?? DEFAULT_LIMIT,
  };
  if (q) filter.q = q;
  if (input.before !== undefined) filter.before = input.before;
  return filter;
}

function sortedDistinct(values: string[]): string[] {
  return [...new Set(values)].sort();
}

/**
 * Canonical query string of a filter (without `?`). `paging: false` leaves out limit and cursor:
 * that is the selection itself, the same for every page.
 */
export function filterQuery(filter: Filter, paging = true): string {
  const params = new URLSearchParams();
  if (filter.ministries.length > 0) params.set('ministry', filter.ministries.join(','));
  if (filter.tags.length > 0) params.set('tag', filter.tags.join(','));
  if (filter.excludeTags.length > 0) params.set('exclude_tag', filter.excludeTags.join(','));
  if (filter.q) params.set('q', filter.q);
  if (paging && filter.limit !== DEFAULT_LIMIT) params.set('limit', String(filter.limit));
  if (paging && filter.before) params.set('before', filter.before);
  return params.toString();
}

export function withQuery(path: string, query: string): string {
  return query === '' ? path : `${path}?${query}`;
}
