/**
 * Entries as written, kept by what they were written from, so that a feed rendered again after a
 * store change writes only its new and changed entries and places the rest as they are. While
 * workers ingest, the busy feeds are rendered again every second or so, and nearly all of their
 * entries are the same as last time; writing an entry (guarding its fields, escaping a body of
 * some kilobytes, encoding it as UTF-8) is most of a render's own time.
 *
 * An entry is found by its format, everything it depends on besides its item (the base URL, the
 * release page suffix, the kind: EntryContext.scope) and the item's id, and used only when the
 * item's stored JSON is the very same string as the one it was written from: any change to the
 * item (a correction, a new address, a merge) writes it anew. Bounded in bytes, least recently
 * used first out.
 */
import type { FeedFormat } from './types.js';

export interface WrittenEntry {
  /** The entry's id in the feed (a second entry with it is left out). */
  id: string;
  updated: Date;
  bytes: Buffer;
}

interface Kept {
  stored: string;
  entry: WrittenEntry;
  size: number;
}

/** Bytes the kept entries may hold together: several busy feeds' worth (an entry is some kilobytes). */
export const DEFAULT_ENTRY_CACHE_BYTES = 16 * 1024 * 1024;

export class EntryCache {
  /** Map order is recency: a hit moves its entry to the end, eviction takes from the front. */
  private readonly kept = new Map<string, Kept>();
  private bytes = 0;
  hits = 0;
  misses = 0;

  constructor(private readonly maxBytes = DEFAULT_ENTRY_CACHE_BYTES) {}

  /** Bytes the kept entries and the stored JSON they were written from hold (JSON counted at two bytes a character). */
  get size(): number {
    return this.bytes;
  }

  static key(format: FeedFormat, scope: string, itemId: unknown): string {
    return `${format}\n${scope}\n${String(itemId)}`;
  }

  /** The entry written from exactly `stored`, if kept. */
  get(key: string, stored: string): WrittenEntry | undefined {
    const kept = this.kept.get(key);
    if (kept === undefined || kept.stored !== stored) {
      this.misses += 1;
      return undefined;
    }
    this.hits += 1;
    this.kept.delete(key);
    this.kept.set(key, kept);
    return kept.entry;
  }

  set(key: string, stored: string, entry: WrittenEntry): void {
    const old = this.kept.get(key);
    if (old !== undefined) {
      this.bytes -= old.size;
      this.kept.delete(key);
    }
    const size = entry.bytes.length + stored.length * 2;
    if (size > this.maxBytes) return;
    this.kept.set(key, { stored, entry, size });
    this.bytes += size;
    for (const [oldest, kept] of this.kept) {
      if (this.bytes <= this.maxBytes) break;
      this.kept.delete(oldest);
      this.bytes -= kept.size;
    }
  }
}
