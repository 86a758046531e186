/**
 * Per-source state (status pages, backoff, conditional GET). One hash per source; the counters
 * are HINCRBY so pollers and ingest workers on many machines add up correctly.
 */
import type { Redis } from 'ioredis';
import type { SourceState } from '../model/index.js';
import type { StoreKeys } from './keys.js';

export interface SourceStateContext {
  redis: Redis;
  keys: StoreKeys;
}

export interface PollSuccess {
  at: Date;
  etag?: string;
  lastModified?: string;
  /** Entries the poll listed. */
  entries: number;
  /** Every older listing page the poll was to read was read. */
  olderPagesRead?: boolean;
}

export interface ErrorReport {
  at: Date;
  message: string;
  url?: string;
}

function count(value: string | undefined): number {
  const n = Number(value ?? 0);
  return Number.isFinite(n) ? n : 0;
}

function parseLastError(value: string | undefined): SourceState['lastError'] {
  if (!value) return undefined;
  try {
    return JSON.parse(value) as SourceState['lastError'];
  } catch {
    return undefined;
  }
}

export function toSourceState(id: string, hash: Record<string, string>, itemsSeen: number): SourceState {
  return {
    id,
    etag: hash.etag,
    lastModified: hash.lastModified,
    lastPollAt: hash.lastPollAt,
    lastSuccessAt: hash.lastSuccessAt,
    ...(hash.olderPagesRead === '1' ? { olderPagesRead: true } : {}),
    lastError: parseLastError(hash.lastError),
    consecutiveFailures: count(hash.consecutiveFailures),
    itemsSeen,
    counts: {
      entries: count(hash['c:entries']),
      new: count(hash['c:new']),
      updated: count(hash['c:updated']),
      duplicates: count(hash['c:duplicates']),
      errors: count(hash['c:errors']),
    },
  };
}

export async function readSourceStates(ctx: SourceStateContext, ids: readonly string[]): Promise<SourceState[]> {
  if (ids.length === 0) return [];
  const pipe = ctx.redis.pipeline();
  for (const id of ids) pipe.hgetall(ctx.keys.source(id)).scard(ctx.keys.sourceItems(id));
  const replies = (await pipe.exec()) ?? [];
  return ids.map((id, i) => {
    const [hashErr, hash] = replies[2 * i] ?? [];
    const [cardErr, card] = replies[2 * i + 1] ?? [];
    if (hashErr) throw hashErr;
    if (cardErr) throw cardErr;
    return toSourceState(id, (hash ?? {}) as Record<string, string>, Number(card ?? 0));
  });
}

function errorJson(report: ErrorReport): string {
  return JSON.stringify({ at: report.at.toISOString(), message: report.message, ...(report.url ? { url: report.url } : {}) });
}

export async function recordPollSuccess(ctx: SourceStateContext, id: string, poll: PollSuccess): Promise<void> {
  const key = ctx.keys.source(id);
  const at = poll.at.toISOString();
  const tx = ctx.redis.multi().hset(key, { lastPollAt: at, lastSuccessAt: at, consecutiveFailures: 0 });
  if (poll.olderPagesRead) tx.hset(key, 'olderPagesRead', '1');
  // Validators belong to the response just received; one it no longer sends is stale.
  if (poll.etag) tx.hset(key, 'etag', poll.etag);
  else tx.hdel(key, 'etag');
  if (poll.lastModified) tx.hset(key, 'lastModified', poll.lastModified);
  else tx.hdel(key, 'lastModified');
  await tx.hincrby(key, 'c:entries', poll.entries).exec();
}

export async function recordPollNotModified(ctx: SourceStateContext, id: string, at: Date): Promise<void> {
  const iso = at.toISOString();
  // A 304 is a successful poll: the validators stay (RFC 9111 §4.3.4), the failure streak ends.
  await ctx.redis.hset(ctx.keys.source(id), { lastPollAt: iso, lastSuccessAt: iso, consecutiveFailures: 0 });
}

export async function recordPollFailure(ctx: SourceStateContext, id: string, report: ErrorReport): Promise<void> {
  const key = ctx.keys.source(id);
  await ctx.redis
    .multi()
    .hset(key, { lastPollAt: report.at.toISOString(), lastError: errorJson(report) })
    .hincrby(key, 'consecutiveFailures', 1)
    .hincrby(key, 'c:errors', 1)
    .exec();
}

/** A failed article or older listing page: shown on the source and counted, but its poll still succeeded. */
export async function recordPageError(ctx: SourceStateContext, id: string, report: ErrorReport): Promise<void> {
  const key = ctx.keys.source(id);
  await ctx.redis.multi().hset(key, 'lastError', errorJson(report)).hincrby(key, 'c:errors', 1).exec();
}

export async function clearSourceValidators(ctx: SourceStateContext, id: string): Promise<void> {
  await ctx.redis.hdel(ctx.keys.source(id), 'etag', 'lastModified');
}
