/**
 * Which sources listed a page, and adding sources to a stored item.
 *
 * Scrape jobs collapse by URL, so the job that ingests a release carries only the source that
 * queued it first. Every poll therefore records its sighting of each URL before it looks at the
 * page state, and ingest reads the sightings after it has written the page state: whichever runs
 * second sees the other's write, so no discovering source is lost.
 */
import type { Redis } from 'ioredis';
import type { LuaScript } from '../redis/index.js';
import type { StoredItem } from './item-record.js';
import { sha1Hex, type StoreKeys } from './keys.js';
import { decodeItem, encodeItem } from './item-codec.js';

/** Sightings only matter until the page is stored; a month is ample for a stuck queue. */
const SIGHTING_TTL_SECONDS = 30 * 24 * 3600;
const MAX_ATTEMPTS = 50;

interface Ctx {
  redis: Redis;
  keys: StoreKeys;
}

export async function recordSightings(ctx: Ctx, canonicalUrls: readonly string[], sourceId: string): Promise<void> {
  if (canonicalUrls.length === 0) return;
  const pipe = ctx.redis.pipeline();
  for (const url of canonicalUrls) {
    pipe.sadd(ctx.keys.sightings(url), sourceId).expire(ctx.keys.sightings(url), SIGHTING_TTL_SECONDS);
  }
  await pipe.exec();
}

export function readSightings(ctx: Ctx, canonicalUrl: string): Promise<string[]> {
  return ctx.redis.smembers(ctx.keys.sightings(canonicalUrl));
}

/**
 * Adds sources to an item's `sources` and to each source's item set, counting a duplicate for
 * each; true when any was new.
 * Optimistic like ingest: the write only happens if the item JSON is still the one read, and the
 * ingest script compares the same sha1, so neither overwrites the other.
 */
export async function addItemSources(ctx: Ctx & { script: LuaScript }, itemId: string, sourceIds: readonly string[], now: Date): Promise<boolean> {
  const key = ctx.keys.item(itemId);
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const json = await ctx.redis.get(key);
    if (json === null) return false;
    const item = decodeItem(json);
    const added = [...new Set(sourceIds)].filter((id) => !item.sources.includes(id));
    if (added.length === 0) return false;
    const next: StoredItem = { ...item, sources: [...item.sources, ...added], lastChanged: now.toISOString() };
    const reply = await ctx.script.run(ctx.redis, [key, ctx.keys.version], [
      sha1Hex(json),
      encodeItem(next),
      itemId,
      ...added.flatMap((id) => [ctx.keys.sourceItems(id), ctx.keys.source(id)]),
    ]);
    if (reply !== -1) return true;
  }
  throw new Error(`adding sources to item ${itemId} conflicted ${MAX_ATTEMPTS} times with concurrent writes`);
}
