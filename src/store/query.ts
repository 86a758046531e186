/**
 * Reading items newest first for the publishing layer: filters by ministry and tag as sorted-set
 * unions/intersections (into short-lived temp keys), exclusions and word search on the loaded
 * items, and cursor paging that walks every item exactly once even with equal timestamps.
 */
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { slugify, type Item } from '../model/index.js';
import { decodeCursor, encodeCursor, type Position } from './cursor.js';
import { toItem, type StoredItem } from './item-record.js';
import type { StoreKeys } from './keys.js';
import { foldedContainsAllWords, searchText, searchWords } from './search-text.js';

export interface QueryFilter {
  /** Ministry ids; an item matches any of them. */
  ministries?: string[];
  /** Tag slugs or labels (compared by slug, so case and umlaut spelling do not matter); any of them. */
  tags?: string[];
  /** Items carrying any of these tags are left out. */
  excludeTags?: string[];
  /** Every word must occur in the title, summary or text (case- and umlaut-insensitive). */
  q?: string;
  limit: number;
  /** Cursor from a previous page's `next`. */
  before?: string;
}

export interface QueryPage {
  items: Item[];
  /** Cursor for the next older page; absent on the last page. */
  next?: string;
}

export interface QueryContext {
  redis: Redis;
  keys: StoreKeys;
}

/** Temp sets outlive a crashed query by at most this long. */
const TEMP_TTL_S = 60;
const SCAN_BATCH = 100;

function toPositions(reply: string[]): Position[] {
  const positions: Position[] = [];
  for (let i = 0; i + 1 < reply.length; i += 2) positions.push({ id: reply[i]!, score: Number(reply[i + 1]) });
  return positions;
}

/** Up to `count` positions of `key` strictly after `after` in (score desc, id desc) order. */
export async function nextPositions(redis: Redis, key: string, after: Position | undefined, count: number): Promise<Position[]> {
  if (!after) return toPositions(await redis.zrevrangebyscore(key, '+inf', '-inf', 'WITHSCORES', 'LIMIT', 0, count));
  // The rest of a group of equal timestamps, which ZREVRANGEBYSCORE lists by id descending.
  const tied = (await redis.zrangebyscore(key, after.score, after.score))
    .filter((id) => id < after.id)
    .sort()
    .reverse()
    .slice(0, count)
    .map((id) => ({ score: after.score, id }));
  if (tied.length >= count) return tied;
  const older = await redis.zrevrangebyscore(key, `(${after.score}`, '-inf', 'WITHSCORES', 'LIMIT', 0, count - tied.length);
  return [...tied, ...toPositions(older)];
}

interface FilterSet {
  key: string;
  release(): Promise<void>;
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

/** The sorted set to walk: `all`, one index, or a temp union/intersection of indexes. */
async function openFilterSet(ctx: QueryContext, filter: QueryFilter): Promise<FilterSet> {
  const { keys, redis } = ctx;
  const groups = [
    unique((filter.ministries ?? []).map((m) => keys.ministry(m.trim().toLowerCase()))),
    unique((filter.tags ?? []).map((t) => keys.tag(slugify(t)))),
  ].filter((group) => group.length > 0);
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

interface Loaded {
  position: Position;
  item: StoredItem;
  /** Raw text, loaded only to search an item that has no stored search text. */
  text?: string;
  /** The words were found in the item's stored search text. */
  wordsFound?: boolean;
}

interface Wanted {
  position: Position;
  withText: boolean;
  wordsFound?: boolean;
}

async function loadItems(ctx: QueryContext, wanted: Wanted[]): Promise<Loaded[]> {
  const pipe = ctx.redis.pipeline();
  for (const { position, withText } of wanted) {
    pipe.get(ctx.keys.item(position.id));
    if (withText) pipe.get(ctx.keys.text(position.id));
  }
  const replies = (await pipe.exec()) ?? [];
  const loaded: Loaded[] = [];
  let at = 0;
  for (const { position, withText, wordsFound } of wanted) {
    const json = replies[at++]?.[1] as string | null | undefined;
    const text = withText ? ((replies[at++]?.[1] as string | null | undefined) ?? '') : undefined;
    if (!json) continue;
    loaded.push({ position, item: JSON.parse(json) as StoredItem, ...(text === undefined ? {} : { text }), ...(wordsFound ? { wordsFound } : {}) });
  }
  return loaded;
}

/**
 * The positions whose items may hold every word, decided on the stored search texts alone (one
 * string per item, no item JSON): found ones are marked, and items without a search text (stored
 * before it existed) are kept to be searched the slow way, in their raw text.
 */
async function preselect(ctx: QueryContext, positions: Position[], words: readonly string[]): Promise<Wanted[]> {
  if (words.length === 0) return positions.map((position) => ({ position, withText: false }));
  const pipe = ctx.redis.pipeline();
  for (const { id } of positions) pipe.get(ctx.keys.search(id));
  const replies = (await pipe.exec()) ?? [];
  const wanted: Wanted[] = [];
  positions.forEach((position, i) => {
    const folded = replies[i]?.[1];
    if (typeof folded !== 'string') wanted.push({ position, withText: true });
    else if (foldedContainsAllWords(folded, words)) wanted.push({ position, withText: false, wordsFound: true });
  });
  return wanted;
}

function matcher(filter: QueryFilter, words: readonly string[]): (entry: Loaded) => boolean {
  const excluded = new Set((filter.excludeTags ?? []).map(slugify).filter(Boolean));
  return ({ item, text, wordsFound }) => {
    if (item.tags.some((tag) => excluded.has(tag.slug))) return false;
    if (words.length === 0 || wordsFound) return true;
    return foldedContainsAllWords(searchText(item, text ?? ''), words);
  };
}

function validateLimit(limit: number): void {
  if (!Number.isSafeInteger(limit) || limit < 1) throw new RangeError(`limit must be a positive integer, got ${limit}`);
}

export async function queryItems(ctx: QueryContext, filter: QueryFilter): Promise<QueryPage> {
  validateLimit(filter.limit);
  let position = filter.before === undefined ? undefined : decodeCursor(filter.before);
  const words = filter.q ? searchWords(filter.q) : [];
  const matches = matcher(filter, words);
  const scanning = Boolean(filter.q) || (filter.excludeTags?.length ?? 0) > 0;
  const batch = scanning ? Math.max(SCAN_BATCH, filter.limit + 1) : filter.limit + 1;
  const set = await openFilterSet(ctx, filter);
  try {
    // One more than asked for tells whether an older page exists.
    const found: Loaded[] = [];
    while (found.length <= filter.limit) {
      const positions = await nextPositions(ctx.redis, set.key, position, batch);
      if (positions.length === 0) break;
      for (const entry of await loadItems(ctx, await preselect(ctx, positions, words))) if (matches(entry)) found.push(entry);
      position = positions[positions.length - 1];
    }
    const page = found.slice(0, filter.limit);
    const last = page[page.length - 1];
    return {
      items: page.map((entry) => toItem(entry.item)),
      next: found.length > filter.limit && last ? encodeCursor(last.position) : undefined,
    };
  } finally {
    await set.release();
  }
}

/** Every item, newest first, `batch` at a time; safe while ingest runs (cursor-based, not by rank). */
export async function* walkItems(ctx: QueryContext, batch: number): AsyncGenerator<Item> {
  validateLimit(batch);
  let position: Position | undefined;
  for (;;) {
    const positions = await nextPositions(ctx.redis, ctx.keys.all, position, batch);
    if (positions.length === 0) return;
    for (const { item } of await loadItems(ctx, positions.map((position) => ({ position, withText: false })))) yield toItem(item);
    position = positions[positions.length - 1];
  }
}
