/**
 * Rendered feeds, cached until the store changes.
 *
 * Every response starts with one cheap read of the store version (a counter that moves on every
 * item change). Rendered feeds are kept per (version, base URL, format, canonical query); when the
 * version moves, the whole cache is dropped, so a cached feed never hides a new release, and a
 * busy feed is rendered once per change, not per request. Concurrent requests for a feed being
 * rendered wait for that one render. gzip and brotli forms are made once per cached feed, on
 * first demand. The OPML list and the HTML pages are kept in the same cache (`cached`).
 */
import type { Ministry } from '../model/index.js';
import type { Store } from '../store/index.js';
import { feedTitle } from './feed-title.js';
import { renderFeed } from './render-feed.js';
import { httpDate, RenderedResponse } from './rendered-response.js';
import { filterQuery, withQuery, type Filter } from './selection.js';
import type { FeedFormat } from './types.js';

export const FEED_FORMATS: readonly FeedFormat[] = ['atom', 'rss', 'json'];
export const FEED_EXTENSION: Record<FeedFormat, string> = { atom: 'atom', rss: 'rss', json: 'json' };

/** Feeds kept at once; beyond this the oldest is dropped. */
const MAX_CACHED = 500;
const FEED_ID_BASE = 'tag:hessenfeed,2024:feed';

/** A feed's own links; the HTTP server uses the defaults. */
export interface FeedLinks {
  /** Path of the self link, e.g. `/ministries/soziales.atom`. @defaultValue `/feed.<ext>` with the canonical query */
  selfPath?: string;
  /** Link the next older page (a `?before=` URL). @defaultValue true; static files have no pages */
  next?: boolean;
}

export interface FeedServiceOptions {
  ministries: Ministry[];
  generator: { name: string; version: string; uri?: string };
}

export class FeedService {
  private cache = new Map<string, Promise<RenderedResponse>>();
  private cacheVersion = -1;
  private readonly ministryNames: Map<string, { name: string }>;
  /** Renders done since start (cache misses). */
  renders = 0;

  constructor(
    private readonly store: Store,
    private readonly options: FeedServiceOptions,
  ) {
    this.ministryNames = new Map(options.ministries.map((m) => [m.id, { name: m.name }]));
  }

  /**
   * The feed for `filter` in `format`, with links under `baseUrl` (no trailing slash). `links`
   * changes only the feed's own links (the static export's files link to themselves, not pages).
   */
  feed(format: FeedFormat, filter: Filter, baseUrl: string, links: FeedLinks = {}): Promise<RenderedResponse> {
    const key = `feed\n${baseUrl}\n${format}\n${filterQuery(filter)}\n${links.selfPath ?? ''}\n${links.next ?? true}`;
    return this.cached(key, () => this.render(format, filter, baseUrl, links));
  }

  /**
   * Any response derived from the store's contents, cached like the feeds: `key` must name
   * everything the response depends on besides the store.
   */
  async cached(key: string, render: () => Promise<RenderedResponse>): Promise<RenderedResponse> {
    const version = await this.store.version();
    if (version !== this.cacheVersion) {
      this.cache = new Map();
      this.cacheVersion = version;
    }
    let pending = this.cache.get(key);
    if (!pending) {
      this.renders += 1;
      pending = render();
      this.cache.set(key, pending);
      if (this.cache.size > MAX_CACHED) this.cache.delete(this.cache.keys().next().value!);
      // A failed render is not cached: the next request tries again.
      pending.catch(() => this.cache.get(key) === pending && this.cache.delete(key));
    }
    return pending;
  }

  private async render(format: FeedFormat, filter: Filter, baseUrl: string, links: FeedLinks): Promise<RenderedResponse> {
    const [page, lastChanged, tagLabels] = await Promise.all([
      // A cursor the store did not issue rejects with its InvalidCursorError; web answers it.
      this.store.query(filter),
      this.store.lastChanged(),
      filter.tags.length + filter.excludeTags.length > 0 ? this.store.tagLabels() : Promise.resolve(new Map<string, string>()),
    ]);
    const path = `/feed.${FEED_EXTENSION[format]}`;
    const selection = filterQuery(filter, false);
    const label = (slug: string): string => tagLabels.get(slug) ?? slug;
    const rendered = renderFeed(format, {
      title: feedTitle({
        ministryNames: filter.ministries.map((id) => this.ministryNames.get(id)?.name ?? id),
        tagLabels: filter.tags.map(label),
        excludedTagLabels: filter.excludeTags.map(label),
        q: filter.q,
      }),
      selfUrl: baseUrl + (links.selfPath ?? withQuery(path, filterQuery(filter))),
      alternateUrl: `${baseUrl}/`,
      nextUrl: page.next && links.next !== false ? baseUrl + withQuery(path, filterQuery({ ...filter, before: page.next })) : undefined,
      feedId: selection === '' ? FEED_ID_BASE : `${FEED_ID_BASE}?${selection}`,
      baseUrl,
      items: page.items,
      ministries: this.ministryNames,
      generator: this.options.generator,
      emptyFeedUpdated: lastChanged,
    });
    return new RenderedResponse(Buffer.from(rendered.body, 'utf8'), rendered.contentType, httpDate(lastChanged));
  }
}
