/**
 * Reading items newest first for the publishing layer: filters by ministry and tag as sorted-set
 * unions/intersections (into short-lived temp keys), or, where a ministry and a tag filter meet,
 * one script that walks the smaller index (lua/read-page-0.lua); exclusions and word search on
 * the loaded items, and cursor paging that walks every item exactly once even with equal
 * timestamps.
 */
import { randomBytes } from 'node:crypto';
import { slugify, type Item } from '../model/index.js';
import { decodeCursor, type Position } from './cursor.js';
import { toItem } from './item-record.js';
import {
  excludesNone,
  loadedItem,
  loadItems,
  nextPositions,
  SCAN_BATCH,
  TEMP_TTL_S,
  toPage,
  validateLimit,
  type Loaded,
  type QueryContext,
  type QueryFilter,
  type QueryPage,
} from './query-read.js';
import { DEFAULT_SEARCH_OPTIONS, searchLimitProblem } from './search-index.js';
import { searchWords } from './search-text.js';
import { searchItems } from './search-query.js';
import { LuaScript } from '../redis/index.js';

export { nextPositions, type QueryContext, type QueryFilter, type QueryPage } from './query-read.js';

interface FilterSet {
  key: string;
  release(): Promise<void>;
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

/** A page of a listing reads its items in one call of this script (see the script). */
const readPageScript = new LuaScript(new URL('./lua/read-page-0.lua', import.meta.url));

/** The filter's sets: an item matches when it is in at least one set of every group. */
function filterGroups(ctx: QueryContext, filter: QueryFilter): string[][] {
  const { keys } = ctx;
  return [
    unique((filter.ministries ?? []).map((m) => keys.ministry(m.trim().toLowerCase()))),
    unique((filter.tags ?? []).map((t) => keys.tag(slugify(t)))),
  ].filter((group) => group.length > 0);
}

/** The sorted set of the groups' items: `all`, one index, or a temp union/intersection of indexes. */
async function openFilterSet(ctx: QueryContext, groups: string[][]): Promise<FilterSet> {
  const { keys, redis } = ctx;
  const only = groups.length === 1 && groups[0]!.length === 1 ? groups[0]![0] : undefined;
  if (groups.length === 0 || only) return { key: only ?? keys.all, release: async () => undefined };

  const token = randomBytes(8).toString('hex');
  const target = keys.temp(token);
  const parts: string[] = [];
  const tx = redis.multi();
  const unionOf = (group: string[], dest: string): string => {
    if (group.length === 1) return group[0]!;
    tx.zunionstore(dest, group.length, ...group, 'AGGREGATE', 'MAX');
    if (dest !== target) parts.push(dest);
    return dest;
  };
  if (groups.length === 1) {
    unionOf(groups[0]!, target);
  } else {
    const a = unionOf(groups[0]!, keys.temp(`${token}:a`));
    const b = unionOf(groups[1]!, keys.temp(`${token}:b`));
    tx.zinterstore(target, 2, a, b, 'AGGREGATE', 'MAX');
    if (parts.length > 0) tx.del(...parts);
  }
  tx.expire(target, TEMP_TTL_S);
  await tx.exec();
  return { key: target, release: async () => void (await redis.del(target)) };
}

export async function queryItems(ctx: QueryContext, filter: QueryFilter): Promise<QueryPage> {
  validateLimit(filter.limit);
  const position = filter.before === undefined ? undefined : decodeCursor(filter.before);
  const problem = filter.q ? searchLimitProblem(filter.q) : undefined;
  if (problem) throw new RangeError(`q: ${problem}`);
  const words = filter.q ? searchWords(filter.q) : [];
  const groups = filterGroups(ctx, filter);
  // A listing of where filters meet walks the smallest of them without building the intersection.
  if (words.length === 0 && groups.length > 1 && groups.some((group) => group.length === 1)) return listMatches(ctx, groups, filter, position);
  const set = await openFilterSet(ctx, groups);
  try {
    if (words.length > 0) return await searchItems(ctx, set.key, filter, words, position);
    return await listSet(ctx, set.key, filter, position);
  } finally {
    await set.release();
  }
}

/**
 * A page of one sorted set, exclusions applied: a range, then the items in one MGET (for a
 * single set this is cheaper than the script: Lua would copy every item twice).
 */
async function listSet(ctx: QueryContext, key: string, filter: QueryFilter, after: Position | undefined): Promise<QueryPage> {
  const keep = excludesNone(filter);
  const batch = (filter.excludeTags?.length ?? 0) > 0 ? Math.max(SCAN_BATCH, filter.limit + 1) : filter.limit + 1;
  const found: Loaded[] = [];
  let position = after;
  while (found.length <= filter.limit) {
    const positions = await nextPositions(ctx.redis, key, position, batch);
    if (positions.length === 0) break;
    for (const entry of await loadItems(ctx, positions)) if (keep(entry)) found.push(entry);
    position = positions[positions.length - 1];
  }
  return toPage(found, filter.limit);
}

type ReadPageReply = [matches: string[], lastScore: string, lastId: string, ended: number];

/** A page of the items in every group, exclusions applied: one script call per `maxListScan` ids looked at (a few milliseconds of Redis). */
async function listMatches(ctx: QueryContext, groups: string[][], filter: QueryFilter, after: Position | undefined): Promise<QueryPage> {
  const keep = excludesNone(filter);
  const found: Loaded[] = [];
  const groupsJson = JSON.stringify(groups);
  const scanLimit = ctx.search?.maxListScan ?? DEFAULT_SEARCH_OPTIONS.maxListScan;
  let position = after;
  for (;;) {
    const wanted = filter.limit + 1 - found.length;
    const args = [ctx.keys.item(''), wanted, scanLimit, position === undefined ? '' : String(position.score), position?.id ?? '', groupsJson];
    const [matches, lastScore, lastId, ended] = (await readPageScript.run(ctx.redis, [], args)) as ReadPageReply;
    for (let i = 0; i + 2 < matches.length; i += 3) {
      const entry = loadedItem({ id: matches[i]!, score: Number(matches[i + 1]) }, matches[i + 2]!);
      if (keep(entry)) found.push(entry);
    }
    if (found.length > filter.limit || ended === 1 || lastId === '') return toPage(found, filter.limit);
    position = { score: Number(lastScore), id: lastId };
  }
}

/** Every item, newest first, `batch` at a time; safe while ingest runs (cursor-based, not by rank). */
export async function* walkItems(ctx: QueryContext, batch: number): AsyncGenerator<Item> {
  validateLimit(batch);
  let position: Position | undefined;
  for (;;) {
    const positions = await nextPositions(ctx.redis, ctx.keys.all, position, batch);
    if (positions.length === 0) return;
    for (const { item } of await loadItems(ctx, positions)) yield toItem(item);
    position = positions[positions.length - 1];
  }
}
