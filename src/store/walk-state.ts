/**
 * Backfill walks (WalkState): one hash per source under `<prefix>:walk:<source>`. The pipeline's
 * backfill job reads a page, then records here what it found and where the walk goes next, in
 * one script that first checks the walk is still at that page of that run (lua/update-walk-1.lua).
 * So a walk resumes from its hash alone, and a page is recorded once however often its job runs.
 */
import type { Redis } from 'ioredis';
import type { SkippedPage, WalkState, WalkStatus } from '../model/index.js';
import type { LuaScript } from '../redis/index.js';
import type { StoreKeys } from './keys.js';

export interface WalkStateContext {
  redis: Redis;
  keys: StoreKeys;
  startScript: LuaScript;
  updateScript: LuaScript;
}

/** A walk about to start at its first page. */
export interface NewWalk {
  run: string;
  /** URL of the first page. */
  url: string;
  since?: string;
  maxPages?: number;
  at: Date;
}

/** The page of a walk a job reads: the change is written only while the walk is there. */
export interface WalkPlace {
  run: string;
  page: number;
}

/** What became of one page. */
export interface WalkPageResult {
  at: Date;
  found: number;
  new: number;
  duplicates: number;
  /** The page listed releases (it counts in `pages`). */
  read: boolean;
  /** What the page listed, for the next page's "same as before" check. */
  signature?: string;
  estimatedPages?: number;
  /** The page was given up on. */
  skipped?: Omit<SkippedPage, 'page'>;
  /** The next page's URL; absent when the walk ends here. */
  next?: string;
  /** The walk ends with this page. */
  end?: { status: Exclude<WalkStatus, 'running'>; reason: string };
}

/** The skipped pages kept by name; more are only counted. */
const SKIPPED_LISTED = 100;
const STATUSES: readonly WalkStatus[] = ['running', 'done', 'failed'];

function whole(value: string | undefined): number {
  const n = Number(value ?? 0);
  return Number.isFinite(n) ? n : 0;
}

function parseJson<T>(value: string | undefined, fallback: T): T {
  if (!value) return fallback;
  try {
    return JSON.parse(value) as T;
  } catch {
    return fallback;
  }
}

function toWalkState(sourceId: string, hash: Record<string, string>): WalkState | undefined {
  if (!hash.run) return undefined;
  const status = STATUSES.find((s) => s === hash.status) ?? 'failed';
  const walk: WalkState = {
    sourceId,
    run: hash.run,
    status,
    page: whole(hash.page),
    pages: whole(hash.pages),
    found: whole(hash.found),
    new: whole(hash.new),
    duplicates: whole(hash.duplicates),
    errors: whole(hash.errors),
    skippedCount: whole(hash.skippedCount),
    skipped: parseJson<SkippedPage[]>(hash.skipped, []),
    skippedInRow: whole(hash.skippedInRow),
    startedAt: hash.startedAt ?? '',
    updatedAt: hash.updatedAt ?? hash.startedAt ?? '',
  };
  if (hash.url) walk.url = hash.url;
  if (hash.estimatedPages) walk.estimatedPages = whole(hash.estimatedPages);
  const lastError = parseJson<WalkState['lastError']>(hash.lastError, undefined);
  if (lastError) walk.lastError = lastError;
  if (hash.since) walk.since = hash.since;
  if (hash.maxPages) walk.maxPages = whole(hash.maxPages);
  if (hash.signature) walk.signature = hash.signature;
  if (hash.reason) walk.reason = hash.reason;
  if (hash.endedAt) walk.endedAt = hash.endedAt;
  return walk;
}

export async function readWalks(ctx: WalkStateContext, sourceIds: readonly string[]): Promise<(WalkState | undefined)[]> {
  if (sourceIds.length === 0) return [];
  const pipe = ctx.redis.pipeline();
  for (const id of sourceIds) pipe.hgetall(ctx.keys.walk(id));
  const replies = (await pipe.exec()) ?? [];
  return sourceIds.map((id, i) => {
    const [err, hash] = replies[i] ?? [];
    if (err) throw err;
    return toWalkState(id, (hash ?? {}) as Record<string, string>);
  });
}

/** Starts a walk at its first page; with `ifAbsent`, only for a source that never had one. True when started. */
export async function startWalk(ctx: WalkStateContext, sourceId: string, walk: NewWalk, ifAbsent: boolean): Promise<boolean> {
  const at = walk.at.toISOString();
  const fields: Record<string, string> = { run: walk.run, status: 'running', page: '0', url: walk.url, startedAt: at, updatedAt: at };
  if (walk.since !== undefined) fields.since = walk.since;
  if (walk.maxPages !== undefined) fields.maxPages = String(walk.maxPages);
  const args = Object.entries(fields).flat();
  const started = await ctx.startScript.run(ctx.redis, [ctx.keys.walk(sourceId)], [ifAbsent ? 'if-absent' : 'replace', ...args]);
  return started === 1;
}

async function updateWalk(ctx: WalkStateContext, sourceId: string, place: WalkPlace, change: { incr?: Record<string, number>; set?: Record<string, string>; del?: string[] }): Promise<boolean> {
  const written = await ctx.updateScript.run(ctx.redis, [ctx.keys.walk(sourceId)], [place.run, String(place.page), JSON.stringify(change)]);
  return written === 1;
}

/**
 * Records page `place.page` as finished and moves the walk to the next page (or ends it). False
 * when the walk is no longer at that page of that run: nothing is written.
 */
export async function finishWalkPage(ctx: WalkStateContext, sourceId: string, place: WalkPlace, result: WalkPageResult, walk: WalkState): Promise<boolean> {
  const incr: Record<string, number> = { page: 1, found: result.found, new: result.new, duplicates: result.duplicates };
  const set: Record<string, string> = { updatedAt: result.at.toISOString() };
  const del: string[] = [];
  if (result.read) incr.pages = 1;
  if (result.signature !== undefined) set.signature = result.signature;
  if (result.estimatedPages !== undefined) set.estimatedPages = String(result.estimatedPages);
  if (result.skipped) {
    incr.skippedCount = 1;
    incr.skippedInRow = 1;
    // Only this page's job writes the list (the update checks the page), so read-and-append is safe.
    if (walk.skipped.length < SKIPPED_LISTED) set.skipped = JSON.stringify([...walk.skipped, { page: place.page, ...result.skipped }]);
  } else {
    set.skippedInRow = '0';
  }
  if (result.next !== undefined) set.url = result.next;
  else del.push('url');
  if (result.end) {
    set.status = result.end.status;
    set.reason = result.end.reason;
    set.endedAt = result.at.toISOString();
  }
  return updateWalk(ctx, sourceId, place, { incr, set, del });
}

/** A failed attempt at reading the walk's current page: counted and shown, the walk stays at the page. */
export async function recordWalkError(ctx: WalkStateContext, sourceId: string, place: WalkPlace, error: { at: Date; url: string; message: string }): Promise<boolean> {
  const at = error.at.toISOString();
  const lastError = JSON.stringify({ at, page: place.page, url: error.url, message: error.message });
  return updateWalk(ctx, sourceId, place, { incr: { errors: 1 }, set: { lastError, updatedAt: at } });
}
