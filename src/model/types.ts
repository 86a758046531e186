/**
 * The data that flows through the pipeline. Every stage speaks these types; nothing downstream of
 * `parse/` knows whether an entry came from RSS, Atom or an HTML listing.
 */

/** Stable ministry ids (DESIGN.md §4). */
export const MINISTRY_IDS = [
  'staatskanzlei',
  'europa',
  'finanzen',
  'innen',
  'justiz',
  'kultus',
  'wissenschaft',
  'wirtschaft',
  'landwirtschaft',
  'soziales',
  'familie',
  'digitales',
] as const;
export type MinistryId = (typeof MINISTRY_IDS)[number];

export interface Ministry {
  id: MinistryId;
  /** Current official name, e.g. "Hessisches Ministerium für Arbeit, Integration, Jugend und Soziales". */
  name: string;
  shortName: string;
  /** Hosts of the ministry's own site(s). */
  hosts: string[];
  /** Former names after re-organisations; a dateline with one of these is attributed here. */
  aliases: string[];
  /**
   * Abbreviations in use besides `shortName`, current or former (listing teasers print "HMSI"
   * years after a renaming); a dateline that is one of these is attributed here too.
   */
  abbreviations?: MinistryAbbreviation[];
}

export interface MinistryAbbreviation {
  text: string;
  /** Used for an earlier name of the ministry. */
  former: boolean;
  /** Seen on the ministry's pages by whoever added it; false for one written from memory. */
  confirmed: boolean;
}

export type SourceType = 'feed' | 'listing';

export interface Source {
  /** Unique, [a-z0-9-]. */
  id: string;
  name: string;
  /** Fallback attribution; a page's own dateline wins. */
  ministry?: MinistryId;
  url: string;
  type: SourceType;
  /** Extraction profile id; undefined means the generic extractor only. */
  profile?: string;
  intervalMs: number;
  /** Hosts whose pages may be fetched for this source (lower case). */
  hosts: string[];
  /** How many listing pages (`?page=N`) to read until they have all been read once. */
  maxPages: number;
  /**
   * A stored article that is still listed is fetched again (conditionally) once this long has
   * passed since it was last fetched, so silent corrections reach the feed; undefined: never.
   */
  recheckMs?: number;
  /** Least time between two requests to the source's hosts, when they ask for other than HOST_SPACING. */
  spacingMs?: number;
  /** Requests to the source's hosts at once, when other than HOST_CONCURRENCY. */
  concurrency?: number;
  /**
   * Where a backfill walks instead of `url?page=N`: a URL template whose `{page}` is the page
   * number, counted from 0 (listings only).
   */
  archive?: string;
  /** The scheduler starts a backfill of the source once, when it has never had one (listings only). */
  backfill?: boolean;
}

/** CSS selectors that describe one site layout. Data, not code: operators edit them in config. */
export interface Profile {
  id: string;
  listing: {
    /** One element per teaser. */
    item: string;
    /** Element inside the item whose `href` is the article link (defaults to the first `a[href]`). */
    link?: string;
    title?: string;
    date?: string;
    dateline?: string;
    teaser?: string;
  };
  article: {
    /** Narrows the page to the main content before the other selectors run. */
    root?: string;
    title?: string;
    dateline?: string;
    date?: string;
    lead?: string;
    body?: string;
    tags?: string;
    image?: string;
    /** Removed from the body before anything is read from it. */
    remove: string[];
  };
}

/** One entry as discovered by a poll of a feed or a listing page. */
export interface Entry {
  /** Absolute URL as found (not yet canonical). */
  url: string;
  guid?: string;
  title?: string;
  /** Plain-text teaser. */
  summary?: string;
  /** HTML content a feed carried (unsanitized). */
  contentHtml?: string;
  /** ISO 8601 instants. */
  published?: string;
  updated?: string;
  /** Issuing body as printed above the title, e.g. "Hessische Staatskanzlei". */
  dateline?: string;
  tags?: string[];
}

export interface Tag {
  /** As published: "Frühkindliche Bildung". */
  label: string;
  /** "fruehkindliche-bildung". */
  slug: string;
}

/** What scrape hands to ingest: one release, extracted and sanitized. */
export interface Article {
  /** The URL the release was fetched from (after redirects), or the entry URL for feed-only items. */
  url: string;
  /** Canonical URL (rel=canonical if present, else `url`), canonicalized. */
  canonicalUrl: string;
  /**
   * The address to publish: the page's own declared one (rel=canonical, og:url) as written, else
   * `url`. Absent in jobs queued by an earlier hessenfeed: `url` then.
   */
  link?: string;
  title: string;
  ministryId?: MinistryId;
  dateline?: string;
  /** ISO 8601 instants; only from the source. */
  published?: string;
  updated?: string;
  /** Plain-text teaser/lead. */
  summary?: string;
  /** Sanitized body HTML with absolute URLs. */
  contentHtml: string;
  /** Plain text of the body only (no chrome); input to fingerprints. */
  text: string;
  imageUrl?: string;
  tags: Tag[];
  extractedBy: 'profile' | 'generic' | 'feed';
}

/** One stored press release. */
export interface Item {
  /** Stable for the item's whole life; never changes across merges, re-scrapes or restarts. */
  id: string;
  /** Canonical URL of the copy whose content is published. */
  url: string;
  /** Every canonical URL that led to this item (including `url`). */
  urls: string[];
  /**
   * The address published for the release (feeds, API, HTML): that of the copy whose content is
   * shown, as the page declares it or as it was fetched. Absent on items stored by an earlier
   * hessenfeed, which publish `url` (see itemLink).
   */
  link?: string;
  /** Every published address that led to this item, `link` first; absent on older items (`urls`). */
  links?: string[];
  title: string;
  ministryId?: MinistryId;
  dateline?: string;
  tags: Tag[];
  /** ISO 8601. Earliest published date seen; first-seen time if the source gave none. */
  published: string;
  /** ISO 8601. Changes only when title or body changed. */
  updated: string;
  summary?: string;
  contentHtml: string;
  imageUrl?: string;
  /** sha1 hex of the normalized body text. */
  fingerprint: string;
  /** 64-bit SimHash of the body, 16 hex digits. */
  simhash: string;
  /** Source ids that saw this item. */
  sources: string[];
  firstSeen: string;
  lastChanged: string;
}

export type IngestOutcome = 'new' | 'updated' | 'duplicate-url' | 'duplicate-content' | 'near-duplicate';

export interface IngestResult {
  outcome: IngestOutcome;
  itemId: string;
}

/** Per-source state kept in the store (for status pages, backoff and conditional GET). */
export interface SourceState {
  id: string;
  etag?: string;
  lastModified?: string;
  lastPollAt?: string;
  lastSuccessAt?: string;
  /** A listing's older pages (up to max_pages) were all read once; until then every poll reads them. */
  olderPagesRead?: boolean;
  lastError?: { at: string; message: string; url?: string };
  consecutiveFailures: number;
  /** Distinct items this source has led to. */
  itemsSeen: number;
  /** Running totals since the source was first polled. */
  counts: { entries: number; new: number; updated: number; duplicates: number; errors: number };
}

/** What the store remembers about one fetched page (keyed by canonical URL). */
export interface PageState {
  etag?: string;
  lastModified?: string;
  /** Hash of what the listing/feed showed for this entry when it was last scraped. */
  signature?: string;
  /** Permanent failure: do not try again before this instant (ISO 8601). */
  goneUntil?: string;
  /** When the page was last fetched and found stored or unchanged (ISO 8601): recheck is due from it. */
  checkedAt?: string;
  itemId?: string;
}

export type WalkStatus = 'running' | 'done' | 'failed';

/** A listing page a backfill gave up on after its last attempt; the walk went on without it. */
export interface SkippedPage {
  /** Counted from 0, the listing's first page. */
  page: number;
  url: string;
  error: string;
}

/** A backfill: one walk through a listing source's pages, kept in the store so it can resume. */
export interface WalkState {
  sourceId: string;
  /** Names one walk of the source; a restarted walk gets a new one, and its old jobs do nothing. */
  run: string;
  status: WalkStatus;
  /** The next page to read, counted from 0 (the listing's first page): so also the pages finished. */
  page: number;
  /** URL of the next page while the walk runs. */
  url?: string;
  /** Pages that listed releases (the page that ended the walk and skipped pages not counted). */
  pages: number;
  /** Pages in all, when a listing page links its last page. */
  estimatedPages?: number;
  /** Entries listed. */
  found: number;
  /** Entries queued to be scraped (or published from the listing's own fields). */
  new: number;
  /** Entries stored already and unchanged: not fetched again. */
  duplicates: number;
  /** Failed attempts at reading a page. */
  errors: number;
  skippedCount: number;
  /** The first skipped pages (the list is bounded; skippedCount counts all). */
  skipped: SkippedPage[];
  /** Skipped pages since the last page read: too many in a row and the walk fails. */
  skippedInRow: number;
  lastError?: { at: string; page: number; url: string; message: string };
  /** Only releases published on or after this day (YYYY-MM-DD, Berlin) are wanted. */
  since?: string;
  /** At most this many pages are read. */
  maxPages?: number;
  /** What the last page read listed, to notice a page that repeats it. */
  signature?: string;
  /** Why the walk ended. */
  reason?: string;
  startedAt: string;
  updatedAt: string;
  endedAt?: string;
}
