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

export async function readPageState(ctx: PageStateContext, url: string): Promise<PageState> {
  const hash = await ctx.redis.hgetall(pageKey(ctx, url));
  const state: PageState = {};
  for (const field of FIELDS) if (hash[field] !== undefined) state[field] = hash[field];
  return state;
}

/** Sets the fields given; a field given as `undefined` is removed. */
export async function writePageState(ctx: PageStateContext, url: string, patch: Partial<PageState>): Promise<void> {
  const key = pageKey(ctx, url);
  const set: Record<string, string> = {};
  const remove: string[] = [];
  for (const field of FIELDS) {
    if (!(field in patch)) continue;
    const value = patch[field];
    if (value === undefined) remove.push(field);
    else set[field] = value;
  }
  const tx = ctx.redis.multi();
  if (Object.keys(set).length > 0) tx.hset(key, set);
  if (remove.length > 0) tx.hdel(key, ...remove);
  await tx.exec();
}
