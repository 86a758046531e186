/**
 * Earlier versions of a release. When a correction replaces a release's title or text in place
 * (the same copy, changed), ingest keeps what it replaced: title, teaser, body and dates, the
 * newest last, at most MAX_REVISIONS per release (older ones are dropped first), in one JSON list
 * per release. The list is written by the same commit as the change, guarded by the item's sha1,
 * so two corrections at once cannot lose one.
 */
import type { Redis } from 'ioredis';
import type { StoreKeys } from './keys.js';

export const MAX_REVISIONS = 20;

/** One replaced version of a release. */
export interface Revision {
  /** When it was replaced (ISO instant). */
  replacedAt: string;
  title: string;
  summary?: string;
  /** The body as it was published (sanitized HTML). */
  contentHtml: string;
  published: string;
  updated: string;
}

/** The stored list with `revision` added, trimmed to the newest MAX_REVISIONS, and the ones dropped. */
export function appendRevision(stored: string | null, revision: Revision): { json: string; dropped: Revision[] } {
  const all = [...parseRevisions(stored), revision];
  return { json: JSON.stringify(all.slice(-MAX_REVISIONS)), dropped: all.slice(0, Math.max(0, all.length - MAX_REVISIONS)) };
}

/**
 * A correction's member in the corrections index (`<prefix>:corrections`, scored by when it was
 * made): the release id and the time, which together name the revision.
 */
export function correctionMember(itemId: string, revision: Pick<Revision, 'replacedAt'>): string {
  return `${itemId}@${Date.parse(revision.replacedAt)}`;
}

export function correctionScore(revision: Pick<Revision, 'replacedAt'>): string {
  return String(Date.parse(revision.replacedAt));
}

/** A stored list; anything unreadable counts as none (history is a help, not a requirement). */
export function parseRevisions(stored: string | null): Revision[] {
  if (stored === null) return [];
  try {
    const list = JSON.parse(stored) as unknown;
    return Array.isArray(list) ? list.filter(isRevision) : [];
  } catch {
    return [];
  }
}

export function isRevision(value: unknown): value is Revision {
  if (typeof value !== 'object' || value === null) return false;
  const r = value as Record<string, unknown>;
  return ['replacedAt', 'title', 'contentHtml', 'published', 'updated'].every((field) => typeof r[field] === 'string') && (r.summary === undefined || typeof r.summary === 'string');
}

/** The release's earlier versions, oldest first. */
export async function readRevisions(ctx: { redis: Redis; keys: StoreKeys }, id: string): Promise<Revision[]> {
  return parseRevisions(await ctx.redis.get(ctx.keys.revisions(id)));
}
