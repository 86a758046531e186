/**
 * Feed assembly: a filtered page of the store rendered as Atom, RSS or JSON Feed, kept in the
 * render cache (render-cache.ts) until the store changes. A render after a change writes only the
 * entries that are new or changed since any feed last wrote them (entry-cache.ts). The OPML list
 * and the HTML pages are kept in the same cache (`cached`).
 */
import type { Ministry } from '../model/index.js';
import type { Store } from '../store/index.js';
import { readChangeItems } from './changes.js';
import { feedTitle, type FeedTitleFilter } from './feed-title.js';
import { EntryCache } from './entry-cache.js';
import { feedParts } from './render-feed.js';
import { RenderCache, type RenderFn, type VersionSource } from './render-cache.js';
import { httpDate, RenderedResponse, type Encoding } from './rendered-response.js';
import { filterQuery, withQuery, type Filter } from './selection.js';
import type { FeedFormat } from './types.js';

export const FEED_FORMATS: readonly FeedFormat[] = ['atom', 'rss', 'json'];
export const FEED_EXTENSION: Record<FeedFormat, string> = { atom: 'atom', rss: 'rss', json: 'json' };

/** Renders (store read, writing, ETag) under way at once; see FeedService.inSlot. */
const RENDERS_AT_ONCE = 2;

const FEED_ID_BASE = 'tag:hessenfeed,2024:feed';
const CHANGES_ID_BASE = 'tag:hessenfeed,2024:changes';

/**
 * What a feed's bytes are made from besides the service's own settings (ministry names,
 * generator): its head and, for each item, the digest of its stored JSON (equal JSON, equal
 * entry: entry-cache.ts). The format, the base URL's scope and the links are in the cache key.
 */
function basisOf(input: { title: string; selfUrl: string; alternateUrl: string; nextUrl?: string; feedId: string }, digests: readonly string[]): string {
  return EntryCache.digest([input.title, input.selfUrl, input.alternateUrl, input.nextUrl ?? '', input.feedId, ...digests].join('\n'));
}

/** A feed's own links; the HTTP server uses the defaults. */
export interface FeedLinks {
  /** Path of the self link, e.g. `/ministries/soziales.atom`. @defaultValue `/feed.<ext>` with the canonical query */
  selfPath?: string;
  /** Link the next older page (a `?before=` URL). @defaultValue true; static files have no pages */
  next?: boolean;
  /** After `/releases/<id>` in the entries' release page links. @defaultValue '' (static files: '.html') */
  releasePageSuffix?: string;
}

export interface FeedServiceOptions {
  ministries: Ministry[];
  generator: { name: string; version: string; uri?: string };
  /**
   * Where the store version comes from: a StoreVersionWatch in the web process (no Redis round
   * trip per request). @defaultValue a read of the store's version key per response (export)
   */
  version?: VersionSource;
  /** Bytes the kept renders may hold together. @defaultValue 64 MiB */
  cacheBytes?: number;
  /** Called as each render starts (RenderCacheOptions.onRender). */
  onRender?: () => void;
}

export class FeedService {
  private readonly cache: RenderCache;
  /** Entries as written by a feed's render again, placed into the next render of any feed they appear in. */
  private readonly entries = new EntryCache();
  private readonly ministryNames: Map<string, { name: string }>;
  /** The turn of the last render to ask for one (see nextTurn). */
  private lastTurn: Promise<void> = Promise.resolve();
  /** Renders under way (see inSlot) and those waiting for a slot, first come first served. */
  private rendering = 0;
  private readonly waitingToRender: (() => void)[] = [];

  constructor(
    private readonly store: Store,
    private readonly options: FeedServiceOptions,
  ) {
    this.ministryNames = new Map(options.ministries.map((m) => [m.id, { name: m.name }]));
    this.cache = new RenderCache({
      version: options.version ?? { current: () => store.version() },
      ...(options.cacheBytes !== undefined ? { maxBytes: options.cacheBytes } : {}),
      ...(options.onRender ? { onRender: options.onRender } : {}),
    });
  }

  /** Renders done since start (cache misses). */
  get renders(): number {
    return this.cache.renders;
  }

  /** Resolves once no render is under way (see RenderCache.settled). */
  settled(): Promise<void> {
    return this.cache.settled();
  }

  /** Bytes the kept renders hold. */
  get cachedBytes(): number {
    return this.cache.size;
  }

  /** Bytes the kept entries hold (entry-cache.ts). */
  get keptEntryBytes(): number {
    return this.entries.size;
  }

  /**
   * Lets the kept entries go (a web process in which no feed has been rendered for a while:
   * app/heap.ts, restWhenIdle); the next render of a busy feed writes its entries anew and keeps them.
   */
  forgetKeptEntries(): void {
    this.entries.clear();
  }

  /**
   * The feed for `filter` in `format`, with links under `baseUrl` (no trailing slash). `links`
   * changes only the feed's own links (the static export's files link to themselves, not pages).
   * A render started for it makes `coding` as it writes (RenderedResponse.fromParts).
   */
  feed(format: FeedFormat, filter: Filter, baseUrl: string, links: FeedLinks = {}, coding?: Encoding): Promise<RenderedResponse> {
    return this.cached(this.feedKey(format, filter, baseUrl, links), (previous, codings) => this.inSlot(() => this.render(format, filter, baseUrl, links, previous, codings)), coding);
  }

  /** The cache key of a feed: what `ready` takes. */
  feedKey(format: FeedFormat, filter: Filter, baseUrl: string, links: FeedLinks = {}): string {
    return `feed\n${baseUrl}\n${format}\n${filterQuery(filter)}\n${links.selfPath ?? ''}\n${links.next ?? true}\n${links.releasePageSuffix ?? ''}`;
  }

  /** The kept response for `key` that may be sent now (RenderCache.ready); never waits. */
  ready(key: string): RenderedResponse | undefined {
    return this.cache.ready(key);
  }

  /**
   * The corrections feed (`/changes.<ext>`) for `filter` (its cursor is not used: the feed holds
   * the newest `limit` corrections), cached like the feeds.
   */
  changes(format: FeedFormat, filter: Filter, baseUrl: string, coding?: Encoding): Promise<RenderedResponse> {
    const key = `changes\n${baseUrl}\n${format}\n${filterQuery({ ...filter, before: undefined })}`;
    return this.cached(key, (_previous, codings) => this.inSlot(async () => {
      const [items, lastChanged, tagLabels] = await Promise.all([readChangeItems(this.store, filter, baseUrl), this.store.lastChanged(), this.labelsFor(filter)]);
      const selection = filterQuery(filter, false);
      const rendered = feedParts(format, {
        title: `${feedTitle(this.titleFilter(filter, tagLabels))} · Korrekturen`,
        selfUrl: baseUrl + withQuery(`/changes.${FEED_EXTENSION[format]}`, selection),
        alternateUrl: `${baseUrl}/`,
        feedId: selection === '' ? CHANGES_ID_BASE : `${CHANGES_ID_BASE}?${selection}`,
        baseUrl,
        items,
        ministries: this.ministryNames,
        generator: this.options.generator,
        emptyFeedUpdated: lastChanged,
        entryKind: 'change',
      });
      return RenderedResponse.fromParts(rendered.parts, codings, rendered.contentType, httpDate(lastChanged));
    }), coding);
  }

  /**
   * Any response derived from the store's contents, cached like the feeds: `key` must name
   * everything the response depends on besides the store. A render started for it is told
   * `coding` (RenderFn).
   */
  cached(key: string, render: RenderFn, coding?: Encoding): Promise<RenderedResponse> {
    return this.cache.get(key, render, coding);
  }

  /**
   * Runs a render when one of RENDERS_AT_ONCE slots is free. A render holds its page of items
   * and what it writes from them until it is done: with 32 clients asking for 32 different feeds
   * at once, 32 of them would live together, outlive the young generation's collections and make
   * V8 grow its heap (the web process peaked 80 MiB lower over 500 feeds, with the entry cache's
   * change of the same day). Two slots keep one render's store read going while the other writes.
   */
  private async inSlot<T>(render: () => Promise<T>): Promise<T> {
    if (this.rendering < RENDERS_AT_ONCE) this.rendering += 1;
    else await new Promise<void>((resolve) => this.waitingToRender.push(resolve));
    try {
      return await render();
    } finally {
      // The slot goes to the next render waiting, or is free again.
      const next = this.waitingToRender.shift();
      if (next) next();
      else this.rendering -= 1;
    }
  }

  /** Resolves when the renders that asked before have had their turn, in a later turn of the event loop. */
  private nextTurn(): Promise<void> {
    const turn = this.lastTurn.then(() => new Promise<void>((resolve) => setImmediate(resolve)));
    this.lastTurn = turn;
    return turn;
  }

  private async render(
    format: FeedFormat,
    filter: Filter,
    baseUrl: string,
    links: FeedLinks,
    previous: RenderedResponse | undefined,
    codings: readonly Encoding[],
  ): Promise<RenderedResponse> {
    const [page, lastChanged, tagLabels] = await Promise.all([
      // A cursor the store did not issue rejects with its InvalidCursorError; web answers it.
      this.store.query(filter),
      this.store.lastChanged(),
      this.labelsFor(filter),
    ]);
    const path = `/feed.${FEED_EXTENSION[format]}`;
    const selection = filterQuery(filter, false);
    const head = {
      title: feedTitle(this.titleFilter(filter, tagLabels)),
      selfUrl: baseUrl + (links.selfPath ?? withQuery(path, filterQuery(filter))),
      alternateUrl: `${baseUrl}/`,
      nextUrl: page.next && links.next !== false ? baseUrl + withQuery(path, filterQuery({ ...filter, before: page.next })) : undefined,
      feedId: selection === '' ? FEED_ID_BASE : `${FEED_ID_BASE}?${selection}`,
    };
    // The stored JSON is hashed once: for the basis and for the entry cache's lookups.
    const digests = page.stored?.map(EntryCache.digest);
    const basis = digests && basisOf(head, digests);
    // While workers ingest, the store changes many times a second and most feeds keep their
    // items (a release lands in a few feeds, and one from the archive in none of their first
    // pages): the render kept is sent on, and nothing is decoded, written or compressed again.
    if (basis !== undefined && previous?.basis === basis) return previous;
    const input = {
      ...head,
      baseUrl,
      items: page.items,
      ministries: this.ministryNames,
      generator: this.options.generator,
      emptyFeedUpdated: lastChanged,
      ...(links.releasePageSuffix === undefined ? {} : { releasePageSuffix: links.releasePageSuffix }),
    };
    // The rest is work of some milliseconds per feed: the renders whose reads came back together
    // (right after a store change) start it one after the other, each in a later turn of the
    // event loop, and take turns while writing (fromParts), so that they do not hold /healthz and
    // every cached answer behind them all.
    await this.nextTurn();
    const rendered = feedParts(format, input, digests ? { cache: this.entries, digests, keep: previous !== undefined } : undefined);
    // A feed of no entries is dated by the store's last change (emptyFeedUpdated), which the basis leaves out.
    const written = rendered.dropped < page.items.length;
    return RenderedResponse.fromParts(rendered.parts, codings, rendered.contentType, httpDate(lastChanged), written ? basis : undefined);
  }

  private labelsFor(filter: Filter): Promise<Map<string, string>> {
    return filter.tags.length + filter.excludeTags.length > 0 ? this.store.tagLabels() : Promise.resolve(new Map<string, string>());
  }

  private titleFilter(filter: Filter, tagLabels: Map<string, string>): FeedTitleFilter {
    const label = (slug: string): string => tagLabels.get(slug) ?? slug;
    return {
      ministryNames: filter.ministries.map((id) => this.ministryNames.get(id)?.name ?? id),
      tagLabels: filter.tags.map(label),
      excludedTagLabels: filter.excludeTags.map(label),
      q: filter.q,
    };
  }
}
