/** What is remembered per fetched page, keyed by canonical URL (one hash per page). */
import type { Redis } from 'ioredis';
import { tryCanonicalizeUrl } from '../dedupe/index.js';
import type { PageState } from '../model/index.js';
import type { StoreKeys } from './keys.js';

const FIELDS = ['etag', 'lastModified', 'signature', 'goneUntil', 'itemId', 'checkedAt'] as const satisfies readonly (keyof PageState)[];

export interface PageStateContext {
  redis: Redis;
  keys: StoreKeys;
}

function pageKey(ctx: PageStateContext, url: string): string {
  return ctx.keys.page(tryCanonicalizeUrl(url) ?? url);
}

function toPageState(hash: Record<string, string>): PageState {
  const state: PageState = {};
  for (const field of FIELDS) if (hash[field] !== undefined) state[field] = hash[field];
  return state;
}

export async function readPageState(ctx: PageStateContext, url: string): Promise<PageState> {
  return toPageState(await ctx.redis.hgetall(pageKey(ctx, url)));
}

/** The states of several pages in one round trip, in the order asked. */
export async function readPageStates(ctx: PageStateContext, urls: readonly string[]): Promise<PageState[]> {
  if (urls.length === 0) return [];
  const pipe = ctx.redis.pipeline();
  for (const url of urls) pipe.hgetall(pageKey(ctx, url));
  const replies = (await pipe.exec()) ?? [];
  return replies.map(([err, hash]) => {
    if (err) throw err;
    return toPageState(hash as Record<string, string>);
  });
}

type Transaction = ReturnType<Redis['multi']>;

/** Queues the HSET/HDEL that apply `patch` (a field given as `undefined` is removed). */
function queuePageState(tx: Transaction, key: string, patch: Partial<PageState>): void {
  const set: Record<string, string> = {};
  const remove: string[] = [];
  for (const field of FIELDS) {
    if (!(field in patch)) continue;
    const value = patch[field];
    if (value === undefined) remove.push(field);
    else set[field] = value;
  }
  if (Object.keys(set).length > 0) tx.hset(key, set);
  if (remove.length > 0) tx.hdel(key, ...remove);
}

/** Sets the fields given; a field given as `undefined` is removed. */
export async function writePageState(ctx: PageStateContext, url: string, patch: Partial<PageState>): Promise<void> {
  const tx = ctx.redis.multi();
  queuePageState(tx, pageKey(ctx, url), patch);
  await tx.exec();
}

/**
 * writePageState, then the page's sightings read after it (see sightings.ts for why that order),
 * in one transaction: one round trip where ingest used to make two.
 */
export async function writePageStateReadSightings(ctx: PageStateContext, url: string, patch: Partial<PageState>, sightingsKey: string): Promise<string[]> {
  const tx = ctx.redis.multi();
  queuePageState(tx, pageKey(ctx, url), patch);
  tx.smembers(sightingsKey);
  const replies = (await tx.exec()) ?? [];
  const [err, sightings] = replies.at(-1) ?? [null, []];
  if (err) throw err;
  return sightings as string[];
}
