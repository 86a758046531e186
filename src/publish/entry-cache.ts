/**
 * Entries as written, kept by what they were written from, so that a feed rendered again after a
 * store change writes only its new and changed entries and places the rest as they are. While
 * workers ingest, the busy feeds are rendered again every second or so, and nearly all of their
 * entries are the same as last time; writing an entry (guarding its fields, escaping a body of
 * some kilobytes, encoding it as UTF-8) is most of a render's own time.
 *
 * An entry is found by its format, everything it depends on besides its item (the base URL, the
 * release page suffix, the kind: EntryContext.scope) and the item's id, and used only when the
 * item's stored JSON is the very same string as the one it was written from (compared by its
 * SHA-1): any change to the item (a correction, a new address, a merge) writes it anew. Bounded
 * in bytes, least recently used first out.
 *
 * The JSON itself is not kept: its digest is. Keeping it (3–6 KiB per entry, twice the entry's
 * own bytes) made every entry the cache took in outlive the young generation, and a crawl over
 * hundreds of feeds, whose entries pass through the cache and out again, filled the old
 * generation with them: measured over 500 feeds, the web process peaked 50–70 MiB higher with
 * the JSON kept than with no entry cache at all.
 *
 * Only a render of a feed rendered before keeps what it writes (EntryReuse.keep); every render
 * places what is kept. A busy feed's second render keeps its entries and the renders after it place
 * them (and so does any other feed they appear in), while a crawler reading hundreds of feeds once
 * each leaves nothing behind. Keeping instead every entry written a second time by any feed (an
 * item is in the merged feed, its ministry's and its tags') filled the cache in such a crawl: 16
 * MiB of entries nobody placed again, held outside the V8 heap for as long as the process ran.
 */
import { createHash } from 'node:crypto';
import type { FeedFormat } from './types.js';

export interface WrittenEntry {
  /** The entry's id in the feed (a second entry with it is left out). */
  id: string;
  updated: Date;
  bytes: Buffer;
}

interface Kept {
  /** SHA-1 of the stored JSON the entry was written from. */
  digest: string;
  entry: WrittenEntry;
  size: number;
}

/** What a kept entry costs besides its bytes: its key, digest and the objects around them. */
const ENTRY_OVERHEAD = 256;

/** Bytes the kept entries may hold together: several busy feeds' worth (an entry is some kilobytes). */
export const DEFAULT_ENTRY_CACHE_BYTES = 16 * 1024 * 1024;

export class EntryCache {
  /** Map order is recency: a hit moves its entry to the end, eviction takes from the front. */
  private readonly kept = new Map<string, Kept>();
  private bytes = 0;
  hits = 0;
  misses = 0;

  constructor(private readonly maxBytes = DEFAULT_ENTRY_CACHE_BYTES) {}

  /** Bytes the kept entries hold, ENTRY_OVERHEAD counted for each. */
  get size(): number {
    return this.bytes;
  }

  static key(format: FeedFormat, scope: string, itemId: unknown): string {
    return `${format}\n${scope}\n${String(itemId)}`;
  }

  /** What get and set know the stored JSON by: made once per entry a render places. */
  static digest(stored: string): string {
    return createHash('sha1').update(stored).digest('base64');
  }

  /** Lets every kept entry go. */
  clear(): void {
    this.kept.clear();
    this.bytes = 0;
  }

  /** The entry written from the stored JSON of this digest, if kept. */
  get(key: string, digest: string): WrittenEntry | undefined {
    const kept = this.kept.get(key);
    if (kept === undefined || kept.digest !== digest) {
      this.misses += 1;
      return undefined;
    }
    this.hits += 1;
    this.kept.delete(key);
    this.kept.set(key, kept);
    return kept.entry;
  }

  /** Keeps `entry`, written from the stored JSON of `digest` (a render again asks: EntryReuse.keep). */
  set(key: string, digest: string, entry: WrittenEntry): void {
    const old = this.kept.get(key);
    if (old !== undefined) {
      this.bytes -= old.size;
      this.kept.delete(key);
    }
    const size = entry.bytes.length + ENTRY_OVERHEAD;
    if (size > this.maxBytes) return;
    this.kept.set(key, { digest, entry, size });
    this.bytes += size;
    for (const [oldest, kept] of this.kept) {
      if (this.bytes <= this.maxBytes) break;
      this.kept.delete(oldest);
      this.bytes -= kept.size;
    }
  }
}
