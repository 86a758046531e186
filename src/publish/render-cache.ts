/**
 * Rendered responses kept per key and store version, so that a busy feed is rendered once per
 * store change and no request ever waits behind another request's render while a recent one can
 * be sent instead.
 *
 * - The version comes from a source that knows it without a Redis round trip (a StoreVersionWatch
 *   in the web process); a response rendered for the current version is sent as it is.
 * - Right after a change the most recently used responses are rendered again in the background,
 *   so the busy feeds are fresh before anyone asks. A request that finds its render under way
 *   gets the previous one (stale-while-revalidate) while the change is younger than `staleMs`,
 *   after that it waits for the new one: together with the watch's read interval, nothing is sent
 *   stale for more than about a second. A request that finds no render under way starts one and
 *   waits for it (it waits for its own render, behind nobody).
 * - Concurrent requests for a response being rendered share that one render; a failed render is
 *   not kept, the next request tries again.
 * - The cache is bounded in bytes (all codings of every kept response), least recently used first
 *   out, so a crawler walking thousands of filter combinations cannot grow the process.
 */
import type { RenderedResponse } from './rendered-response.js';

/** Where the cache learns the store version. */
export interface VersionSource {
  /** The version now; a plain read for a watch, a Redis read where no watch runs (export). */
  current(): number | Promise<number>;
  /** When the current version was first seen (ms); undefined: no stale answers at all. */
  changedAt?(): number;
  /** Tells of each new version as it is seen, so the cache can render ahead. */
  onChange?(listener: (version: number) => void): void;
}

/** A store version watch (store/version-watch.ts) as the cache's version source. */
export function watchedVersion(watch: { readonly current: number; readonly changedAt: number; onChange(listener: (version: number) => void): void }): VersionSource {
  return { current: () => watch.current, changedAt: () => watch.changedAt, onChange: (listener) => watch.onChange(listener) };
}

export interface RenderCacheOptions {
  version: VersionSource;
  /** Bytes all kept responses may hold together. @defaultValue 64 MiB */
  maxBytes?: number;
  /** How long after a change the previous render may still be sent. @defaultValue 750 */
  staleMs?: number;
  /** Responses rendered again right after a change, the most recently used first. @defaultValue 20 */
  refreshAhead?: number;
  /** @defaultValue Date.now */
  now?: () => number;
}

interface Entry {
  /** The newest finished render and the version it was made for. */
  value?: RenderedResponse;
  valueVersion?: number;
  /** A render under way and its version. */
  pending?: Promise<RenderedResponse>;
  pendingVersion?: number;
  /** How to render it again (for the refresh after a change). */
  render: () => Promise<RenderedResponse>;
}

export const DEFAULT_CACHE_BYTES = 64 * 1024 * 1024;

export class RenderCache {
  /** Map order is recency: a hit moves its entry to the end, eviction takes from the front. */
  private readonly entries = new Map<string, Entry>();
  private bytes = 0;
  private readonly maxBytes: number;
  private readonly staleMs: number;
  private readonly now: () => number;
  /** Renders started since the process started (cache misses). */
  renders = 0;

  constructor(private readonly options: RenderCacheOptions) {
    this.maxBytes = options.maxBytes ?? DEFAULT_CACHE_BYTES;
    this.staleMs = options.staleMs ?? 750;
    this.now = options.now ?? Date.now;
    options.version.onChange?.((version) => this.refresh(version, options.refreshAhead ?? 20));
  }

  /** Bytes the kept responses hold. */
  get size(): number {
    return this.bytes;
  }

  /** The response for `key` at the current store version; `render` makes it when needed. */
  async get(key: string, render: () => Promise<RenderedResponse>): Promise<RenderedResponse> {
    const version = await this.options.version.current();
    const entry = this.touch(key, render);
    if (entry.value && entry.valueVersion === version) return entry.value;
    if (entry.pending && entry.pendingVersion === version) {
      return entry.value && this.mayServeStale() ? entry.value : entry.pending;
    }
    return this.start(key, entry, version);
  }

  /** Renders the `count` most recently used responses again for `version`, in the background. */
  private refresh(version: number, count: number): void {
    const recent = [...this.entries].slice(-count);
    for (const [key, entry] of recent) {
      if (entry.pendingVersion === version || entry.valueVersion === version) continue;
      // Failures are the next request's to see; here nobody is waiting.
      this.start(key, entry, version).catch(() => undefined);
    }
  }

  private mayServeStale(): boolean {
    const changedAt = this.options.version.changedAt?.();
    return changedAt !== undefined && this.now() - changedAt < this.staleMs;
  }

  /** The entry for `key`, made the most recently used. */
  private touch(key: string, render: () => Promise<RenderedResponse>): Entry {
    const entry = this.entries.get(key) ?? { render };
    entry.render = render;
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry;
  }

  private start(key: string, entry: Entry, version: number): Promise<RenderedResponse> {
    this.renders += 1;
    const pending = entry.render();
    entry.pending = pending;
    entry.pendingVersion = version;
    pending.then(
      (value) => {
        if (entry.pending === pending) entry.pending = undefined;
        // A slower render of an older version never replaces a newer one.
        if (entry.valueVersion !== undefined && entry.valueVersion > version) return;
        this.bytes += value.bytes - (entry.value?.bytes ?? 0);
        entry.value = value;
        entry.valueVersion = version;
        if (this.entries.get(key) !== entry) this.entries.set(key, entry);
        this.evict();
      },
      () => {
        if (entry.pending === pending) entry.pending = undefined;
        if (!entry.value && !entry.pending && this.entries.get(key) === entry) this.entries.delete(key);
      },
    );
    return pending;
  }

  /** Drops the least recently used responses until the kept ones fit in maxBytes. */
  private evict(): void {
    let left = this.entries.size;
    for (const [key, entry] of this.entries) {
      // The most recent entry stays even when it alone is over the limit: it is being sent now.
      if (this.bytes <= this.maxBytes || --left === 0) return;
      this.bytes -= entry.value?.bytes ?? 0;
      // A render still under way for it comes back in as a new entry when it finishes.
      entry.value = undefined;
      entry.valueVersion = undefined;
      this.entries.delete(key);
    }
  }
}
