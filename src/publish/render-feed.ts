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
import type { FeedFormat, FeedInput, FeedWriter, RenderedFeed } from './types.js';

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
  const writer = WRITERS[format];
  const head = prepareHead(input);
  const context = entryContextOf(input);
  const entries: Buffer[] = [];
  const seenIds = new Set<string>();
  let newest: Date | undefined;
  let dropped = 0;
  const items = Array.isArray(input.items) ? input.items : [];
  items.forEach((item, i) => {
    const digest = reuse?.digests[i];
    const kept = digest === undefined ? undefined : { key: EntryCache.key(format, context.scope, (item as { id?: unknown } | null)?.id), digest };
    let written: WrittenEntry | undefined = kept && reuse?.cache.get(kept.key, kept.digest);
    if (written === undefined) {
      const entry = tryPrepareEntry(item, context);
      if (entry !== undefined) {
        written = { id: entry.id, updated: entry.updated, bytes: Buffer.from(writer.entry(entry, head), 'utf8') };
        if (kept && reuse?.keep) reuse.cache.set(kept.key, kept.digest, written);
      }
    }
    // A second entry with the same id would make readers merge or flip between the two.
    if (written === undefined || seenIds.has(written.id)) {
      dropped += 1;
      return;
    }
    seenIds.add(written.id);
    entries.push(written.bytes);
    if (newest === undefined || written.updated > newest) newest = written.updated;
  });
  const frame = writer.frame({ ...head, updated: feedUpdated(newest, input) });
  const body = Buffer.concat(writer.join(Buffer.from(frame.head, 'utf8'), entries, Buffer.from(frame.tail, 'utf8')));
  return { body, contentType: writer.contentType, dropped };
}
