/**
 * Building and merging stored items (DESIGN.md §3 rules 4 and 5). Pure functions: the ingest
 * step reads Redis, calls these, and commits the result atomically.
 */
import { canonicalizeUrl, normalizeText, paragraphHashes, simhashBands, textIdentity } from '../dedupe/index.js';
import { slugify, type Article, type Item, type Tag } from '../model/index.js';
import { sha1Hex } from './keys.js';
import { InvalidArticleError } from './errors.js';

/**
 * Texts shorter than this many words get no content identity (fp:, bands): a one-line body such
 * as "Die Pressemitteilung finden Sie im Anhang." is shared by unrelated releases.
 */
export const MIN_IDENTITY_WORDS = 25;

/**
 * How `fingerprint`, `simhash` and `paragraphs` of an item were computed. 2: transliteration
 * folded (ae/oe/ue/ss = ä/ö/ü/ß) and paragraph hashes. An item without it was stored by an
 * earlier hessenfeed; restore recomputes its identity from its stored text (see backup.ts).
 */
export const IDENTITY_VERSION = 2;

/** What is stored per item: the public Item plus what ingest needs to decide later copies. */
export interface StoredItem extends Item {
  /** Canonical fetch URL of the copy whose content is stored; only that copy updates content. */
  contentUrl: string;
  /** `published` is the first-seen time because no source gave a date (yet). */
  publishedGuessed?: boolean;
  /** Paragraph hashes of the stored text (`para:` keys lead here); absent on older items. */
  paragraphs?: string[];
  /** IDENTITY_VERSION the identity fields were computed with; absent means 1. */
  identity?: number;
}

/** The fields of a StoredItem that are not the public Item's. */
const STORED_ONLY: ReadonlySet<string> = new Set(['contentUrl', 'publishedGuessed', 'paragraphs', 'identity'] satisfies Exclude<keyof StoredItem, keyof Item>[]);

/** An article with its identity computed once, before any Redis round trip. */
export interface PreparedArticle {
  article: Article;
  /** Canonical URLs that name this copy, the rel=canonical one first. */
  urls: string[];
  contentUrl: string;
  /** The address to publish for this copy (Article.link, else the URL it was fetched from). */
  link: string;
  title: string;
  /** Normalized body text. */
  text: string;
  /** Enough words for content identity (fingerprint and SimHash lookups). */
  indexable: boolean;
  fingerprint: string;
  simhash: string;
  bands: string[];
  /** Paragraph hashes of the body (the containment candidate index). */
  paragraphs: string[];
  published?: string;
  updated?: string;
  tags: Tag[];
}

/** Item id: first 16 hex digits of sha1 of the first canonical URL; never changes afterwards. */
export function itemIdFor(canonicalUrl: string): string {
  return sha1Hex(canonicalUrl).slice(0, 16);
}

/** ISO 8601 in UTC with milliseconds, so instants compare as strings; undefined if unparsable. */
export function toIsoInstant(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

function canonicalOrThrow(url: string): string {
  try {
    return canonicalizeUrl(url);
  } catch {
    throw new InvalidArticleError(`article has no usable URL: "${url}"`);
  }
}

/** Tags deduplicated by slug (first label wins); tags without a slug are dropped. */
export function uniqueTags(tags: readonly Tag[]): Tag[] {
  const bySlug = new Map<string, Tag>();
  for (const tag of tags) {
    const label = tag.label.trim();
    const slug = slugify(label);
    if (slug && !bySlug.has(slug)) bySlug.set(slug, { label, slug });
  }
  return [...bySlug.values()];
}

export function prepareArticle(article: Article): PreparedArticle {
  const contentUrl = canonicalOrThrow(article.url);
  const primary = article.canonicalUrl ? canonicalOrThrow(article.canonicalUrl) : contentUrl;
  const text = normalizeText(article.text);
  const { words, fingerprint, simhash } = textIdentity(text);
  return {
    article,
    urls: primary === contentUrl ? [primary] : [primary, contentUrl],
    contentUrl,
    link: article.link ?? article.url,
    title: article.title.trim(),
    text,
    indexable: words >= MIN_IDENTITY_WORDS,
    fingerprint,
    simhash,
    bands: simhashBands(simhash),
    paragraphs: paragraphHashes(article.text),
    published: toIsoInstant(article.published),
    updated: toIsoInstant(article.updated),
    tags: uniqueTags(article.tags),
  };
}

function laterOf(a: string, b: string): string {
  return a > b ? a : b;
}

export function createItem(p: PreparedArticle, sourceId: string, now: string): StoredItem {
  const a = p.article;
  const published = p.published ?? now;
  const item: StoredItem = {
    id: itemIdFor(p.urls[0]!),
    url: p.urls[0]!,
    urls: [...p.urls],
    link: p.link,
    links: [p.link],
    title: p.title,
    ministryId: a.ministryId,
    dateline: a.dateline,
    tags: p.tags,
    published,
    updated: laterOf(p.updated ?? published, published),
    summary: a.summary,
    contentHtml: a.contentHtml,
    imageUrl: a.imageUrl,
    fingerprint: p.fingerprint,
    simhash: p.simhash,
    sources: [sourceId],
    firstSeen: now,
    lastChanged: now,
    contentUrl: p.contentUrl,
    paragraphs: p.paragraphs,
    identity: IDENTITY_VERSION,
  };
  if (p.published === undefined) item.publishedGuessed = true;
  return item;
}

/**
 * The body is the stored one. An item from before IDENTITY_VERSION 2 has the fingerprint of the
 * plain normalized text (sha1 of it, without the transliteration fold), so that is compared.
 */
function hasSameBody(existing: StoredItem, p: PreparedArticle): boolean {
  if ((existing.identity ?? 1) >= IDENTITY_VERSION) return p.fingerprint === existing.fingerprint;
  return sha1Hex(p.text) === existing.fingerprint;
}

/** True when this copy is the one whose content the item shows and its title or body changed. */
export function isContentUpdate(existing: StoredItem, p: PreparedArticle): boolean {
  const sameCopy = p.contentUrl === (existing.contentUrl ?? existing.url);
  return sameCopy && (p.title !== existing.title || !hasSameBody(existing, p));
}

/** A changed release gets a later `updated`: the source's, if it moved forward, else now. */
function nextUpdated(existing: string, proposed: string | undefined, now: string): string {
  const candidate = proposed ?? now;
  if (candidate > existing) return candidate;
  return laterOf(now, existing);
}

function withContent(e: StoredItem, p: PreparedArticle, now: string): StoredItem {
  const a = p.article;
  return {
    ...e,
    title: p.title,
    link: p.link,
    contentHtml: a.contentHtml,
    fingerprint: p.fingerprint,
    simhash: p.simhash,
    paragraphs: p.paragraphs,
    identity: IDENTITY_VERSION,
    ministryId: a.ministryId ?? e.ministryId,
    dateline: a.dateline ?? e.dateline,
    summary: a.summary ?? e.summary,
    imageUrl: a.imageUrl ?? e.imageUrl,
    updated: nextUpdated(e.updated, p.updated, now),
  };
}

function withMissingFilled(e: StoredItem, a: Article): StoredItem {
  return {
    ...e,
    ministryId: e.ministryId ?? a.ministryId,
    dateline: e.dateline ?? a.dateline,
    summary: e.summary ?? a.summary,
    imageUrl: e.imageUrl ?? a.imageUrl,
  };
}

/** Earliest published wins, except over a first-seen guess, which any real date replaces. */
function withPublished(item: StoredItem, published: string | undefined): StoredItem {
  if (published === undefined) return item;
  if (item.publishedGuessed) {
    const { publishedGuessed: _guessed, ...rest } = item;
    return { ...rest, published };
  }
  return published < item.published ? { ...item, published } : item;
}

/**
 * Published addresses: the shown copy, seen again, publishes its current address (an item from
 * before `link` existed gets one so); every copy that joins the item adds its address, in place
 * of its identity keys that an older item still lists.
 */
function withLinks(next: StoredItem, e: StoredItem, p: PreparedArticle, addUrls: readonly string[]): StoredItem {
  const isShownCopy = p.contentUrl === (e.contentUrl ?? e.url);
  const joins = e.urls.includes(p.contentUrl) || addUrls.includes(p.contentUrl);
  if (!isShownCopy && !joins) return next;
  const link = isShownCopy ? p.link : next.link;
  const known = (e.links ?? e.urls).filter((address) => !p.urls.includes(address));
  const links = [...new Set([...(link === undefined ? [] : [link]), ...known, p.link])];
  return { ...next, ...(link === undefined ? {} : { link }), links };
}

export interface MergeResult {
  item: StoredItem;
  contentUpdated: boolean;
  changed: boolean;
}

/**
 * Merges another copy into an item: URLs (`addUrls`, already known not to belong to another item),
 * union of tags, the source, earliest published, missing fields. When `p` is a changed version of
 * the very copy the item shows, its title and body replace the old ones and `updated` moves on.
 */
export function mergeItem(e: StoredItem, p: PreparedArticle, sourceId: string, addUrls: readonly string[], now: string): MergeResult {
  const contentUpdated = isContentUpdate(e, p);
  let next = contentUpdated ? withContent(e, p, now) : withMissingFilled(e, p.article);
  next = withPublished(next, p.published);
  next.updated = laterOf(next.updated, next.published);
  next.urls = [...e.urls, ...addUrls.filter((u) => !e.urls.includes(u))];
  next = withLinks(next, e, p, addUrls);
  next.tags = uniqueTags([...e.tags, ...p.tags]);
  if (!e.sources.includes(sourceId)) next.sources = [...e.sources, sourceId];
  const changed = JSON.stringify(next) !== JSON.stringify(e);
  if (changed) next.lastChanged = now;
  return { item: next, contentUpdated, changed };
}

/** The public Item without the store's bookkeeping. */
export function toItem(stored: StoredItem): Item {
  // A body not inflated yet (item-codec.ts) stays so: the spread below would read it.
  const body = Object.getOwnPropertyDescriptor(stored, 'contentHtml');
  if (body?.get !== undefined) {
    const item: Record<string, unknown> = {};
    for (const key in stored) if (key !== 'contentHtml' && !STORED_ONLY.has(key)) item[key] = stored[key as keyof StoredItem];
    return Object.defineProperty(item, 'contentHtml', body) as unknown as Item;
  }
  const { contentUrl: _contentUrl, publishedGuessed: _guessed, paragraphs: _paragraphs, identity: _identity, ...item } = stored;
  return item;
}
