/**
 * Store formats, and the migration at start (`openApp` calls `Store.migrate`).
 *
 * Format 1 (no `format` key) kept three copies of every body: the item JSON, the normalized text
 * (plain) and a folded search text (`search:<id>`) that `q` scanned item by item. Format 2 keeps
 * the item JSON and the normalized text, deflated (text-codec.ts), and answers `q` from the word
 * index (search-index.ts). Format 3 deflates the body HTML inside the item JSON too
 * (item-codec.ts). Migrating walks every item once: from format 1 it indexes its words, deflates
 * its text and deletes its search text; from either it rewrites the item JSON with its body
 * deflated — one guarded script per item, so ingests may run meanwhile (an item changed under the
 * walk is read again) — then sets `format` to 3. Every reader accepts every form, so a store
 * half-way through (a migration cut short) works and the next start finishes it. */
import type { Redis } from 'ioredis';
import type { LuaScript } from '../redis/index.js';
import type { Position } from './cursor.js';
import { decodeItem, encodeItem, isEncodedItem } from './item-codec.js';
import { sha1Hex, type StoreKeys } from './keys.js';
import { nextPositions } from './query.js';
import { indexedWords, newGeneration, planPostings } from './search-index.js';
import { encodeText, isEncodedText, readWithText } from './text-codec.js';

export const STORE_FORMAT = '3';
const BATCH = 200;
const MAX_ATTEMPTS = 20;

export interface MigrateContext {
  redis: Redis;
  keys: StoreKeys;
  indexScript: LuaScript;
}

export interface MigrationResult {
  /** The format found (1 when the key was absent). */
  from: number;
  items: number;
}

/** Brings one item as stored from format `from` to the current one; false when it is gone. */
async function migrateItem(ctx: MigrateContext, id: string, from: number): Promise<boolean> {
  const { keys, redis } = ctx;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const stored = await readWithText(redis, keys, id);
    if (!stored) return false;
    const { json, raw: value, text } = stored;
    const item = decodeItem(json);
    const words = from < 2 ? planPostings(keys, id, undefined, { words: indexedWords(item, text), score: String(Date.parse(item.published)) }) : undefined;
    const postings = words ?? { gen: newGeneration(), id, score: '0', add: [] };
    const deflated = value && !isEncodedText(value) ? encodeText(text) : '';
    const rewritten = isEncodedItem(json) ? '' : encodeItem(item);
    const reply = await ctx.indexScript.run(redis, [keys.item(id), keys.vocabulary], [sha1Hex(json), JSON.stringify(postings), keys.text(id), deflated, keys.search(id), rewritten]);
    if (reply !== -1) return true;
  }
  throw new Error(`store migration: item ${id} kept changing while it was indexed; start again`);
}

/** Brings the store to STORE_FORMAT; undefined when it already is. */
export async function migrateStore(ctx: MigrateContext): Promise<MigrationResult | undefined> {
  const format = await ctx.redis.get(ctx.keys.format);
  if (format === STORE_FORMAT) return undefined;
  const result: MigrationResult = { from: Number(format ?? 1), items: 0 };
  let position: Position | undefined;
  for (;;) {
    const positions = await nextPositions(ctx.redis, ctx.keys.all, position, BATCH);
    if (positions.length === 0) break;
    for (const { id } of positions) if (await migrateItem(ctx, id, result.from)) result.items += 1;
    position = positions[positions.length - 1];
  }
  // An empty store gets no mark: an empty prefix stays empty, as restore wants it.
  if (result.items > 0) await ctx.redis.set(ctx.keys.format, STORE_FORMAT);
  return result;
}
