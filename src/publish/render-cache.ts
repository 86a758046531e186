/**
 * Rendered responses kept per key and store version, so that a busy feed is rendered once per
 * store change and no request ever waits behind another request's render while a recent one can
 * be sent instead.
 *
 * - The version comes from a source that knows it without a Redis round trip (a StoreVersionWatch
 *   in the web process); a response rendered for the current version is sent as it is.
 * - Right after a change the most recently used responses are rendered again in the background,
 *   one at a time, so the busy feeds are fresh before anyone asks. A request for a response whose
 *   version was superseded less than `staleMs` ago gets it (stale-while-revalidate) and, unless a
 *   render is under way, starts one in the background; after that it waits for the render under
 *   way, or starts one: together with the watch's read interval, nothing is sent stale for more
 *   than about a second. A response has one render under way at a time, so a store changing
 *   faster than feeds render does not pile renders up.
 * - Concurrent requests for a response being rendered share that one render; a failed render is
 *   not kept, the next request tries again.
 * - The cache is bounded in bytes (all codings of every kept response, each counted when it is
 *   made), least recently used first out, so a crawler walking thousands of filter combinations
 *   cannot grow the process.
 */
import type { Encoding, RenderedResponse } from './rendered-response.js';

/** Where the cache learns the store version. */
export interface VersionSource {
  /** The version now; a plain read for a watch, a Redis read where no watch runs (export). */
  current(): number | Promise<number>;
  /** Tells of each new version as it is seen, so the cache can render ahead; without it no stale answers at all. */
  onChange?(listener: (version: number) => void): void;
}

/** A store version watch (store/version-watch.ts) as the cache's version source. */
export function watchedVersion(watch: { readonly current: number; onChange(listener: (version: number) => void): void }): VersionSource {
  return { current: () => watch.current, onChange: (listener) => watch.onChange(listener) };
}

export interface RenderCacheOptions {
  version: VersionSource;
  /** Bytes all kept responses may hold together. @defaultValue 64 MiB */
  maxBytes?: number;
  /** How long after the change that superseded it a render may still be sent. @defaultValue 750 */
  staleMs?: number;
  /**
   * While the store keeps changing, a response is rendered in the background at most this often
   * (the previous render is sent meanwhile, within staleMs). @defaultValue 400
   */
  minIntervalMs?: number;
  /** Responses rendered again right after a change, the most recently used first. @defaultValue 20 */
  refreshAhead?: number;
  /** @defaultValue Date.now */
  now?: () => number;
  /** Called as each render starts (a web process wakes from its rest: app/heap.ts, restWhenIdle). */
  onRender?: () => void;
}

/**
 * Makes a response. `previous` is the one made for this key before, when it is still kept; a
 * render that finds it would make the very same bytes may return it as it is (it is then kept
 * for the new version, with its validators and compressed forms). `codings` are the content
 * codings it will be sent in first (the asking request's, those clients asked of `previous`): a
 * render may make them as it writes (RenderedResponse.fromParts); those it has not made are made
 * before it is kept.
 */
export type RenderFn = (previous: RenderedResponse | undefined, codings: readonly Encoding[]) => Promise<RenderedResponse>;

interface Entry {
  /** The newest finished render and the version it was made for. */
  value?: RenderedResponse;
  valueVersion?: number;
  /** A render under way. */
  pending?: Promise<RenderedResponse>;
  /** When the last render started (ms, `now`). */
  startedAt?: number;
  /** How to render it again (for the refresh after a change). */
  render: RenderFn;
  /** When it was last asked for (RenderCache.ticks). */
  usedAt: number;
}

export const DEFAULT_CACHE_BYTES = 64 * 1024 * 1024;

/** Changes remembered for the stale check; a render older than all of them is never sent stale. */
const MAX_CHANGES_KEPT = 256;

export class RenderCache {
  /**
   * A hit stamps its entry (usedAt); eviction looks for the oldest stamp. Keeping the Map in
   * recency order instead (every hit moved to the end) made a new hash table for it every few
   * hundred cached answers: 3.5 % of the web process's time answering 304s.
   */
  private readonly entries = new Map<string, Entry>();
  /** A counter for usedAt. */
  private ticks = 0;
  private bytes = 0;
  private readonly maxBytes: number;
  private readonly staleMs: number;
  private readonly minIntervalMs: number;
  private readonly now: () => number;
  /** Recent store changes, oldest first: when each version was first seen. */
  private readonly changes: { version: number; at: number }[] = [];
  /** The refresh-ahead rounds: the newest version asked for, the one done, whether one runs. */
  private refreshTo = -1;
  private refreshedTo = -1;
  private refreshCount = 0;
  private refreshing = false;
  /** Renders started since the process started (cache misses). */
  renders = 0;

  constructor(private readonly options: RenderCacheOptions) {
    this.maxBytes = options.maxBytes ?? DEFAULT_CACHE_BYTES;
    this.staleMs = options.staleMs ?? 750;
    this.minIntervalMs = options.minIntervalMs ?? 400;
    this.now = options.now ?? Date.now;
    options.version.onChange?.((version) => {
      this.noteChange(version);
      this.refresh(version, options.refreshAhead ?? 20);
    });
  }

  /** Bytes the kept responses hold. */
  get size(): number {
    return this.bytes;
  }

  /**
   * The response for `key` at the current store version; `render` makes it when needed, for
   * sending in `coding` among others.
   */
  async get(key: string, render: RenderFn, coding?: Encoding): Promise<RenderedResponse> {
    const version = await this.options.version.current();
    const entry = this.touch(key, render);
    const sendable = this.sendable(key, entry, version);
    if (sendable) return sendable;
    // A render under way read the store when it started: what it lacks is younger than it is,
    // so waiting for it keeps the bound as long as a render takes less than a second, and a busy
    // feed has one render at a time however many requests find its last one too old.
    if (entry.pending) return entry.pending;
    return this.start(key, entry, version, coding);
  }

  /** Resolves once no render is under way and no refresh round runs (tests, a clean shutdown). */
  async settled(): Promise<void> {
    for (;;) {
      const pending = [...this.entries.values()].flatMap((entry) => (entry.pending ? [entry.pending.catch(() => undefined)] : []));
      if (pending.length === 0 && !this.refreshing) return;
      await Promise.all(pending);
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  /**
   * The kept response for `key` that may be sent now, as `get` would send it, without waiting:
   * one made for the current version, or one superseded less than staleMs ago (a render of the
   * current version is then started in the background, as `get` does). Undefined when a request
   * would have to wait, or the version is known only through a Redis read.
   */
  ready(key: string): RenderedResponse | undefined {
    const version = this.options.version.current();
    const entry = this.entries.get(key);
    if (typeof version !== 'number' || entry === undefined) return undefined;
    const sendable = this.sendable(key, entry, version);
    if (sendable) entry.usedAt = ++this.ticks;
    return sendable;
  }

  /**
   * What `entry` may send at `version` without waiting: its render for that version, or the
   * previous one shortly after the change that superseded it, starting a render in the
   * background. One render per response at a time: while the store changes faster than a feed
   * renders (a full-speed ingest), renders of versions nobody will see again must not pile up.
   */
  private sendable(key: string, entry: Entry, version: number): RenderedResponse | undefined {
    if (!entry.value) return undefined;
    if (entry.valueVersion === version) return entry.value;
    if (!this.mayServeStale(entry.valueVersion!)) return undefined;
    if (this.mayRenderAgain(entry)) this.start(key, entry, version).catch(() => undefined);
    return entry.value;
  }

  /**
   * Renders the `count` most recently used responses again for `version`, in the background and
   * one at a time (a render's synchronous part holds the event loop; a dozen at once would hold
   * it for all of them and every other request with it). Responses with a render under way are
   * left to it; a change during the round makes the next round.
   */
  private refresh(version: number, count: number): void {
    this.refreshTo = Math.max(this.refreshTo, version);
    this.refreshCount = count;
    if (this.refreshing) return;
    this.refreshing = true;
    const round = async (): Promise<void> => {
      // Cleared in the same turn when no render was started, so a change right after still starts a round.
      try {
        while (this.refreshedTo < this.refreshTo) {
          const target = this.refreshTo;
          for (const [key, entry] of this.mostRecentlyUsed(this.refreshCount)) {
            if (!this.mayRenderAgain(entry) || (entry.valueVersion ?? -1) >= target) continue;
            await this.start(key, entry, target).catch(() => undefined);
            await new Promise((resolve) => setImmediate(resolve));
          }
          this.refreshedTo = target;
        }
      } finally {
        this.refreshing = false;
      }
    };
    void round();
  }

  /**
   * Whether a background render of `entry` may start now: none under way, and the last one
   * started at least minIntervalMs ago, so a store that changes every few milliseconds costs a
   * busy feed a render or two a second, not one per change.
   */
  private mayRenderAgain(entry: Entry): boolean {
    return !entry.pending && (entry.startedAt === undefined || this.now() - entry.startedAt >= this.minIntervalMs);
  }

  /** Whether a render whose version was superseded may still be sent: only shortly after the change that superseded it. */
  private mayServeStale(valueVersion: number): boolean {
    const supersededAt = this.changes.find((change) => change.version > valueVersion)?.at;
    return supersededAt !== undefined && this.now() - supersededAt < this.staleMs;
  }

  private noteChange(version: number): void {
    this.changes.push({ version, at: this.now() });
    if (this.changes.length > MAX_CHANGES_KEPT) this.changes.shift();
  }

  /** The entry for `key`, made the most recently used. */
  private touch(key: string, render: RenderFn): Entry {
    let entry = this.entries.get(key);
    if (entry === undefined) {
      entry = { render, usedAt: 0 };
      this.entries.set(key, entry);
    }
    entry.render = render;
    entry.usedAt = ++this.ticks;
    return entry;
  }

  /** The `count` entries asked for last, the last one first. */
  private mostRecentlyUsed(count: number): [string, Entry][] {
    return [...this.entries].sort(([, a], [, b]) => b.usedAt - a.usedAt).slice(0, count);
  }

  private start(key: string, entry: Entry, version: number, coding?: Encoding): Promise<RenderedResponse> {
    this.renders += 1;
    this.options.onRender?.();
    entry.startedAt = this.now();
    // The codings clients asked of the previous render are made before this one is kept, so
    // the first request after it waits for no compression (the previous one is sent meanwhile).
    const asked = [...new Set([...(entry.value?.codingsAsked ?? []), ...(coding === undefined ? [] : [coding])])];
    const pending = entry.render(entry.value, asked).then(async (value) => {
      await Promise.all(asked.map((encoding) => value.bodyIn(encoding)));
      return value;
    });
    entry.pending = pending;
    pending.then(
      (value) => {
        if (entry.pending === pending) entry.pending = undefined;
        // A slower render of an older version never replaces a newer one.
        if (entry.valueVersion !== undefined && entry.valueVersion > version) return;
        this.bytes += value.bytes - (entry.value?.bytes ?? 0);
        entry.value?.onResize(undefined);
        entry.value = value;
        entry.valueVersion = version;
        // Its compressed forms are made as clients ask for them: they count when made, and the
        // body itself stops counting when it is let go.
        value.onResize((delta) => {
          this.bytes += delta;
          this.evict();
        });
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
    // The most recently used entry stays even when it alone is over the limit: it is being sent now.
    while (this.bytes > this.maxBytes && this.entries.size > 1) {
      let key = '';
      let entry: Entry | undefined;
      for (const [candidate, kept] of this.entries) {
        if (entry !== undefined && kept.usedAt >= entry.usedAt) continue;
        key = candidate;
        entry = kept;
      }
      if (entry === undefined) return;
      this.bytes -= entry.value?.bytes ?? 0;
      entry.value?.onResize(undefined);
      // A render still under way for it comes back in as a new entry when it finishes.
      entry.value = undefined;
      entry.valueVersion = undefined;
      this.entries.delete(key);
    }
  }
}
