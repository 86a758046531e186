/**
 * The public filter language over HTTP (DESIGN.md §6): query parameters → a validated filter.
 * Everything a request can get wrong is answered here as problem+json naming the parameter; the
 * normalization that makes the canonical query is publish's (`createFilter`).
 */
import { slugify } from '../model/index.js';
import { createFilter, MAX_CURSOR_CHARS, MAX_LIMIT, MAX_QUERY_CHARS, MAX_TAG_CHARS, MAX_VALUES, type Filter } from '../publish/index.js';
import { searchLimitProblem } from '../store/index.js';
import { badParameter, ProblemError } from './problem.js';

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

/** Tag labels or slugs, each checked to make a slug; createFilter turns them into slugs. */
function tagValues(query: RawQuery, name: string): string[] {
  const values = valuesOf(query, name);
  for (const value of values) {
    if (value.length > MAX_TAG_CHARS) throw badParameter(name, `"${value.slice(0, 40)}…" is longer than ${MAX_TAG_CHARS} characters`);
    if (slugify(value) === '') throw badParameter(name, `"${value}" has no letters or digits; give a Schlagwort such as "Integration" or its slug "integration"`);
  }
  return values;
}

/** `?tags=a,b` of /opml: the tag feeds to list besides the merged and the ministry feeds, as slugs. */
export function parseOpmlTags(query: RawQuery): string[] {
  return [...new Set(tagValues(query, 'tags').map(slugify))].sort();
}

function parseLimit(query: RawQuery): number | undefined {
  const raw = singleValue(query, 'limit', 10);
  if (raw === undefined) return undefined;
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
  const tags = tagValues(query, 'tag');
  if (fixed.tag !== undefined) {
    if (slugify(fixed.tag) === '') throw new ProblemError(404, 'Unknown tag', `"${fixed.tag}" is not a Schlagwort slug.`);
    tags.push(fixed.tag);
  }
  const q = singleValue(query, 'q', MAX_QUERY_CHARS);
  // The word index bounds what one search may cost; say which bound and what to do instead.
  const searchProblem = q === undefined ? undefined : searchLimitProblem(q);
  if (searchProblem) throw badParameter('q', searchProblem);
  const excludeTags = tagValues(query, 'exclude_tag');
  const limit = parseLimit(query);
  const before = singleValue(query, 'before', MAX_CURSOR_CHARS);
  return createFilter({ ministries, tags, excludeTags, q, limit, before });
}
