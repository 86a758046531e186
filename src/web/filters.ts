/**
 * The public filter language (DESIGN.md §6): query parameters → a validated, normalized filter.
 * Normalized means: the same selection always gives the same canonical query string, which is
 * the cache key, the feed's self link and the base of its id.
 */
import { slugify } from '../model/index.js';
import { badParameter, ProblemError } from './problem.js';

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 200;
/** Values per parameter (after splitting at commas); more is not a filter but an attack. */
export const MAX_VALUES = 20;
export const MAX_TAG_CHARS = 100;
export const MAX_QUERY_CHARS = 200;
const MAX_CURSOR_CHARS = 200;

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

export type RawQuery = Record<string, string | string[] | undefined>;

function valuesOf(query: RawQuery, name: string): string[] {
  const raw = query[name];
  const given = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
  if (given.length > MAX_VALUES) throw badParameter(name, `given ${given.length} times; at most ${MAX_VALUES} values are allowed`);
  const values = given.flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v !== '');
  if (values.length > MAX_VALUES) throw badParameter(name, `${values.length} values; at most ${MAX_VALUES} are allowed`);
  return values;
}

function singleValue(query: RawQuery, name: string, maxChars: number): string | undefined {
  const raw = query[name];
  if (Array.isArray(raw)) throw badParameter(name, `given ${raw.length} times; give it once`);
  if (raw === undefined || raw.trim() === '') return undefined;
  if (raw.length > maxChars) throw badParameter(name, `${raw.length} characters; at most ${maxChars} are allowed`);
  return raw.trim();
}

function tagSlugs(query: RawQuery, name: string): string[] {
  const slugs = valuesOf(query, name).map((value) => {
    if (value.length > MAX_TAG_CHARS) throw badParameter(name, `"${value.slice(0, 40)}…" is longer than ${MAX_TAG_CHARS} characters`);
    const slug = slugify(value);
    if (slug === '') throw badParameter(name, `"${value}" has no letters or digits; give a Schlagwort such as "Integration" or its slug "integration"`);
    return slug;
  });
  return [...new Set(slugs)].sort();
}

function parseLimit(query: RawQuery): number {
  const raw = singleValue(query, 'limit', 10);
  if (raw === undefined) return DEFAULT_LIMIT;
  const n = /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isInteger(n) || n < 1 || n > MAX_LIMIT) {
    throw badParameter('limit', `"${raw}" is not a whole number from 1 to ${MAX_LIMIT}`);
  }
  return n;
}

/**
 * Validates the query. `fixed` adds filters from the path (`/ministries/<id>.atom`). Unknown
 * ministries are a 404 that lists the valid ids; an unknown tag is fine (an empty feed).
 */
export function parseFilter(query: RawQuery, ministryIds: readonly string[], fixed: { ministry?: string; tag?: string } = {}): Filter {
  const ministries = valuesOf(query, 'ministry').map((m) => m.toLowerCase());
  if (fixed.ministry !== undefined) ministries.push(fixed.ministry.toLowerCase());
  for (const id of ministries) {
    if (!ministryIds.includes(id)) {
      throw new ProblemError(404, 'Unknown ministry', `There is no ministry "${id}". Valid ids: ${ministryIds.join(', ')}.`, {
        parameter: 'ministry',
        valid: [...ministryIds],
      });
    }
  }
  const tags = tagSlugs(query, 'tag');
  if (fixed.tag !== undefined) {
    const slug = slugify(fixed.tag);
    if (slug === '') throw new ProblemError(404, 'Unknown tag', `"${fixed.tag}" is not a Schlagwort slug.`);
    if (!tags.includes(slug)) tags.push(slug);
    tags.sort();
  }
  const q = singleValue(query, 'q', MAX_QUERY_CHARS)?.replace(/\s+/g, ' ');
  const filter: Filter = {
    ministries: [...new Set(ministries)].sort(),
    tags,
    excludeTags: tagSlugs(query, 'exclude_tag'),
    limit: parseLimit(query),
  };
  if (q) filter.q = q;
  const before = singleValue(query, 'before', MAX_CURSOR_CHARS);
  if (before !== undefined) filter.before = before;
  return filter;
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
