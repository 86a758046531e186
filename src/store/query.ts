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
import { searchLimitProblem, type Vocabulary } from './search-index.js';
import { searchWords } from './search-text.js';
import { searchItems, type SearchOptions } from './search-query.js';
import { decodeText } from './text-codec.js';

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
  /** This process's copy of the word index's vocabulary; needed for `q`. */
  vocabulary?: Vocabulary;
  search?: SearchOptions;
}

/** Temp sets outlive a crashed query by at most this long. */
export const TEMP_TTL_S = 60;
export const SCAN_BATCH = 100;

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

export interface Loaded {
  position: Position;
  item: StoredItem;
  /** Normalized text, loaded only when words must be checked in it. */
  text?: string;
}

/** The items at `positions` (missing ones left out), with their texts when `withText`. */
export async function loadItems(ctx: QueryContext, positions: readonly Position[], withText = false): Promise<Loaded[]> {
  const pipe = ctx.redis.pipeline();
  for (const { id } of positions) {
    pipe.get(ctx.keys.item(id));
    if (withText) pipe.getBuffer(ctx.keys.text(id));
  }
  const replies = (await pipe.exec()) ?? [];
  const loaded: Loaded[] = [];
  let at = 0;
  for (const position of positions) {
    const json = replies[at++]?.[1] as string | null | undefined;
    const text = withText ? (decodeText(replies[at++]?.[1] as Buffer | null) ?? '') : undefined;
    if (!json) continue;
    loaded.push({ position, item: JSON.parse(json) as StoredItem, ...(text === undefined ? {} : { text }) });
  }
  return loaded;
}

/** Whether an item carries none of the excluded tags. */
export function excludesNone(filter: QueryFilter): (item: StoredItem) => boolean {
  const excluded = new Set((filter.excludeTags ?? []).map(slugify).filter(Boolean));
  return (item) => !item.tags.some((tag) => excluded.has(tag.slug));
}

export function validateLimit(limit: number): void {
  if (!Number.isSafeInteger(limit) || limit < 1) throw new RangeError(`limit must be a positive integer, got ${limit}`);
}

/** One page as found: the items (one more than asked tells that an older page exists) or where a bounded search stopped. */
export function toPage(found: Loaded[], limit: number, stoppedAt?: Position): QueryPage {
  const page = found.slice(0, limit);
  const last = page[page.length - 1];
  const next = found.length > limit && last ? last.position : stoppedAt;
  return { items: page.map((entry) => toItem(entry.item)), next: next ? encodeCursor(next) : undefined };
}

export async function queryItems(ctx: QueryContext, filter: QueryFilter): Promise<QueryPage> {
  validateLimit(filter.limit);
  const position = filter.before === undefined ? undefined : decodeCursor(filter.before);
  const problem = filter.q ? searchLimitProblem(filter.q) : undefined;
  if (problem) throw new RangeError(`q: ${problem}`);
  const words = filter.q ? searchWords(filter.q) : [];
  const set = await openFilterSet(ctx, filter);
  try {
    if (words.length > 0) return await searchItems(ctx, set.key, filter, words, position);
    return await listItems(ctx, set.key, filter, position);
  } finally {
    await set.release();
  }
}

/** A page of the filter set, exclusions applied. */
async function listItems(ctx: QueryContext, key: string, filter: QueryFilter, after: Position | undefined): Promise<QueryPage> {
  const keep = excludesNone(filter);
  const batch = (filter.excludeTags?.length ?? 0) > 0 ? Math.max(SCAN_BATCH, filter.limit + 1) : filter.limit + 1;
  const found: Loaded[] = [];
  let position = after;
  while (found.length <= filter.limit) {
    const positions = await nextPositions(ctx.redis, key, position, batch);
    if (positions.length === 0) break;
    for (const entry of await loadItems(ctx, positions)) if (keep(entry.item)) found.push(entry);
    position = positions[positions.length - 1];
  }
  return toPage(found, filter.limit);
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
