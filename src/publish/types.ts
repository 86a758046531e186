import type { Item, Tag } from '../model/index.js';

export type FeedFormat = 'atom' | 'rss' | 'json';

export interface FeedInput {
  /** e.g. "Hessische Landesregierung – Pressemitteilungen · Schlagwort: Integration" (see `feedTitle`). */
  title: string;
  description?: string;
  /** Absolute URL of this feed including its query (Atom `link rel=self`, JSON `feed_url`). */
  selfUrl: string;
  /** The HTML overview page of the same selection. */
  alternateUrl: string;
  /** RFC 5005 `link rel=next`: the page with older items. */
  nextUrl?: string;
  /** Stable feed id (a tag: URI); must be the same for every page and every render of this selection. */
  feedId: string;
  /** Public base URL, e.g. http://127.0.0.1:8080; category schemes hang below it. */
  baseUrl: string;
  /** Newest first; rendered in the order given. */
  items: Item[];
  /** ministryId → official name, for authors and categories. */
  ministries: Map<string, { name: string }>;
  generator: { name: string; version: string; uri?: string };
  /**
   * Feed `updated` when there are no items (an empty feed has no newest entry to take it from).
   * Pass something stable such as the store's last-change time; without it the Unix epoch
   * 1970-01-01T00:00:00Z is used. Never "now": that would change the bytes of every render.
   */
  emptyFeedUpdated?: string;
  /**
   * How a release page's path ends after `/releases/<id>`: '' on the server, '.html' in the static
   * export, whose files need an extension. @defaultValue ''
   */
  releasePageSuffix?: string;
  /**
   * What the items are: releases, or corrections (the /changes feeds: ids
   * `tag:hessenfeed,2024:change:…`, and no release page link, the entry's own link being it).
   * @defaultValue 'item'
   */
  entryKind?: 'item' | 'change';
}

export interface RenderedFeed {
  body: string;
  /** Ready for the Content-Type header. */
  contentType: string;
  /** Items left out because they could not be published (no id, no usable date, malformed, duplicate). */
  dropped: number;
}

/** Attribution used when an entry names no author, and as the feed-level author Atom requires. */
export const FEED_AUTHOR = 'Hessische Landesregierung';

/** One item after the guard: every string stripped, every URL checked, every date valid. */
export interface PreparedEntry {
  /** Atom id / RSS guid / JSON Feed id (`entryIdFor`). */
  id: string;
  title: string;
  /** The published copy, absolute http(s). */
  url?: string;
  /** The other copies merged into this item. */
  relatedUrls: string[];
  /** hessenfeed's own page of the release (`/releases/<id>`); undefined when the base URL is unusable. */
  releaseUrl?: string;
  published: Date;
  updated: Date;
  authorName?: string;
  ministry?: { id: string; name?: string };
  tags: Tag[];
  summary?: string;
  contentHtml: string;
  imageUrl?: string;
  /** Media type of the lead image, from its file name; undefined when the name does not tell. */
  imageType?: string;
}

/** A feed's own fields after the guard: what surrounds its entries. */
export interface FeedFrame {
  title: string;
  description?: string;
  selfUrl?: string;
  alternateUrl?: string;
  nextUrl?: string;
  feedId: string;
  /** Category schemes; undefined when the base URL is unusable. */
  tagScheme?: string;
  ministryScheme?: string;
  updated: Date;
  generator: { name: string; version: string; uri?: string };
}

/** One format's serializer: the document around its entries, and each entry as it stands in it. */
export interface FeedWriter {
  contentType: string;
  /** The document without entries, as what comes before them and after them. */
  frame(feed: FeedFrame): { head: string; tail: string };
  /** One entry; its text depends on nothing but the entry and the feed's category schemes. */
  entry(entry: PreparedEntry, feed: Pick<FeedFrame, 'tagScheme' | 'ministryScheme'>): string;
  /** The document's parts in order: `head`, the entries with what separates them, `tail` (taken as they come). */
  join(head: Buffer, entries: Iterable<Buffer>, tail: Buffer): Iterable<Buffer>;
}
