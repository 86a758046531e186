/**
 * One entry point for the three formats: the guard first, then the format's writer, entry by
 * entry. With an entry cache and the items' stored JSON, an entry written before from the same
 * JSON is placed as it was (entry-cache.ts); the bytes are the same either way.
 */
import { ATOM_WRITER } from './atom.js';
import { EntryCache, type WrittenEntry } from './entry-cache.js';
import { JSON_FEED_WRITER } from './json-feed.js';
import { entryContextOf, feedUpdated, prepareHead, tryPrepareEntry } from './prepare.js';
import { RSS_WRITER } from './rss.js';
import type { FeedFormat, FeedInput, FeedWriter, PreparedEntry, RenderedFeed } from './types.js';

const WRITERS: Record<FeedFormat, FeedWriter> = { atom: ATOM_WRITER, rss: RSS_WRITER, json: JSON_FEED_WRITER };

export interface RenderedFeedBytes {
  body: Buffer;
  contentType: string;
  /** Items left out because they could not be published (no id, no usable date, malformed, duplicate). */
  dropped: number;
}

export interface EntryReuse {
  cache: EntryCache;
  /** The digest of each of `input.items`' stored JSON (EntryCache.digest of QueryPage.stored), in the same order. */
  digests: readonly string[];
  /** Whether entries written now are kept (a feed rendered again); kept ones are placed either way. */
  keep: boolean;
}

export function renderFeed(format: FeedFormat, input: FeedInput): RenderedFeed {
  const { body, contentType, dropped } = renderFeedBytes(format, input);
  return { body: body.toString('utf8'), contentType, dropped };
}

/** The feed as UTF-8 bytes; with `reuse`, entries written before from the same stored JSON are placed as they were. */
export function renderFeedBytes(format: FeedFormat, input: FeedInput, reuse?: EntryReuse): RenderedFeedBytes {
  const { parts, contentType, dropped } = feedParts(format, input, reuse);
  return { body: Buffer.concat([...parts]), contentType, dropped };
}

export interface FeedParts {
  /** The document's bytes in order; an entry not kept is written when its part is reached. */
  parts: Iterable<Buffer>;
  contentType: string;
  /** Items left out because they could not be published (no id, no usable date, malformed, duplicate). */
  dropped: number;
}

/**
 * The feed as parts that are written as they are taken, so that a caller can compress what is
 * written while it writes the rest (FeedService, RenderedResponse.fromParts). Which entries the
 * feed holds, and so its `updated`, is settled first: every item is prepared (or found kept)
 * before the head is written; what is written as the parts are taken is the entries' text.
 */
export function feedParts(format: FeedFormat, input: FeedInput, reuse?: EntryReuse): FeedParts {
  const writer = WRITERS[format];
  const head = prepareHead(input);
  const context = entryContextOf(input);
  const placed: (WrittenEntry | { entry: PreparedEntry; keep?: { key: string; digest: string } })[] = [];
  const seenIds = new Set<string>();
  let newest: Date | undefined;
  let dropped = 0;
  const items = Array.isArray(input.items) ? input.items : [];
  items.forEach((item, i) => {
    const digest = reuse?.digests[i];
    const kept = digest === undefined ? undefined : { key: EntryCache.key(format, context.scope, (item as { id?: unknown } | null)?.id), digest };
    const found: WrittenEntry | undefined = kept && reuse?.cache.get(kept.key, kept.digest);
    const prepared = found === undefined ? tryPrepareEntry(item, context) : undefined;
    const entry = found ?? prepared;
    // A second entry with the same id would make readers merge or flip between the two.
    if (entry === undefined || seenIds.has(entry.id)) {
      dropped += 1;
      return;
    }
    seenIds.add(entry.id);
    placed.push(found ?? { entry: prepared!, ...(kept && reuse?.keep ? { keep: kept } : {}) });
    if (newest === undefined || entry.updated > newest) newest = entry.updated;
  });
  const frame = writer.frame({ ...head, updated: feedUpdated(newest, input) });
  function* entries(): Generator<Buffer> {
    for (const slot of placed) {
      if ('bytes' in slot) {
        yield slot.bytes;
        continue;
      }
      const written = { id: slot.entry.id, updated: slot.entry.updated, bytes: Buffer.from(writer.entry(slot.entry, head), 'utf8') };
      if (slot.keep) reuse?.cache.set(slot.keep.key, slot.keep.digest, written);
      yield written.bytes;
    }
  }
  return { parts: writer.join(Buffer.from(frame.head, 'utf8'), entries(), Buffer.from(frame.tail, 'utf8')), contentType: writer.contentType, dropped };
}
