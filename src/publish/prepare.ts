/**
 * The guard layer: turns a FeedInput into a feed head and entries that every serializer can write
 * without further checks. Items come from the store as JSON, so their shape is checked here too (a field
 * can be missing or have the wrong type after a bad migration); an item that cannot be published
 * is dropped and counted instead of breaking the feed for everyone.
 */
import { pickInstant } from '../dates/index.js';
import { itemLink, itemLinks, slugify, type Item, type Tag } from '../model/index.js';
import { entryIdFor } from './entry-id.js';
import type { FeedFrame, FeedInput, PreparedEntry } from './types.js';
import { stripInvalidXmlChars } from './xml-text.js';

/** Readers show nothing useful for an empty title; this is what a German reader expects instead. */
const UNTITLED = '(ohne Titel)';

/** Feed `updated` of an empty feed when the caller gives none: fixed, so renders stay identical. */
const EPOCH = new Date(0);

type MinistryNames = FeedInput['ministries'];

/** The feed without its entries: what a writer puts around them (`updated` comes from the entries). */
export function prepareHead(input: FeedInput): Omit<FeedFrame, 'updated'> {
  const baseUrl = guardBaseUrl(input.baseUrl);
  return {
    title: guardText(input.title)?.trim() ?? '',
    description: nonEmpty(guardText(input.description)),
    selfUrl: guardUrl(input.selfUrl),
    alternateUrl: guardUrl(input.alternateUrl),
    nextUrl: guardUrl(input.nextUrl),
    feedId: guardText(input.feedId)?.trim() ?? '',
    tagScheme: baseUrl === undefined ? undefined : `${baseUrl}/tags/`,
    ministryScheme: baseUrl === undefined ? undefined : `${baseUrl}/ministries/`,
    generator: {
      name: guardText(input.generator.name) ?? '',
      version: guardText(input.generator.version) ?? '',
      uri: guardUrl(input.generator.uri),
    },
  };
}

/** The feed's `updated`: its newest entry's, else what the caller gives for an empty feed, else the epoch. */
export function feedUpdated(newestEntry: Date | undefined, input: FeedInput): Date {
  return newestEntry ?? pickInstant([input.emptyFeedUpdated]) ?? EPOCH;
}

/** What an entry depends on besides its item; `scope` names it (an entry cache key's part). */
export interface EntryContext {
  ministries: MinistryNames;
  releaseBase: ReleaseBase;
  scope: string;
}

export function entryContextOf(input: FeedInput): EntryContext {
  const baseUrl = guardBaseUrl(input.baseUrl);
  const kind = input.entryKind ?? 'item';
  const releaseBase: ReleaseBase =
    kind === 'change' ? { base: '', suffix: '', kind } : baseUrl === undefined ? undefined : { base: `${baseUrl}/releases/`, suffix: input.releasePageSuffix ?? '', kind };
  return { ministries: input.ministries, releaseBase, scope: `${kind}\n${baseUrl ?? ''}\n${input.releasePageSuffix ?? ''}` };
}

function guardBaseUrl(value: unknown): string | undefined {
  return guardUrl(value)?.replace(/\/+$/, '');
}

/** How entries are named and linked: release pages under `base` (none for corrections). */
type ReleaseBase = { base: string; suffix: string; kind: 'item' | 'change' } | undefined;

/** The entry of one item; undefined when it cannot be published (no id, no usable date, malformed). */
export function tryPrepareEntry(item: Item, context: EntryContext): PreparedEntry | undefined {
  try {
    return prepareEntry(item, context.ministries, context.releaseBase);
  } catch {
    return undefined;
  }
}

/** Undefined when the item has no id or no usable date at all. */
function prepareEntry(item: Item, ministries: MinistryNames, releaseBase: ReleaseBase): PreparedEntry | undefined {
  const itemId = nonEmpty(guardText(item.id));
  // A bad date is replaced by the item's other date, then by when we first saw it.
  const published = pickInstant([item.published, item.updated, item.firstSeen]);
  const updated = pickInstant([item.updated, item.published, item.firstSeen]);
  if (itemId === undefined || published === undefined || updated === undefined) return undefined;
  // The address the page has (as fetched or as it declares itself), not the identity key.
  const url = guardUrl(itemLink(item));
  const ministry = prepareMinistry(item.ministryId, ministries);
  return {
    id: entryIdFor(itemId, releaseBase?.kind),
    title: nonEmpty(guardText(item.title)) ?? UNTITLED,
    url,
    relatedUrls: prepareRelatedUrls(itemLinks(item), url),
    // The id is the store's, but only a path segment of it is ever written (pathSegment's escape).
    releaseUrl: releaseBase?.kind === 'item' ? releaseBase.base + encodeURIComponent(itemId) + releaseBase.suffix : undefined,
    published,
    // An entry cannot have been modified before it was published; readers sort by this.
    updated: updated < published ? published : updated,
    // The dateline ("Polizeipräsidium Nordhessen") names the issuer when no known ministry does.
    authorName: ministry?.name ?? nonEmpty(guardText(item.dateline)),
    ministry,
    tags: prepareTags(item.tags),
    summary: nonEmpty(guardText(item.summary)),
    contentHtml: guardText(item.contentHtml) ?? '',
    ...imageOf(guardUrl(item.imageUrl)),
  };
}

const IMAGE_TYPES: Record<string, string> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  webp: 'image/webp',
  avif: 'image/avif',
  svg: 'image/svg+xml',
};

/** The lead image and, when its file name tells, its media type (enclosures name one). */
function imageOf(url: string | undefined): Pick<PreparedEntry, 'imageUrl' | 'imageType'> {
  if (url === undefined) return {};
  const extension = /\.([a-z0-9]+)$/i.exec(new URL(url).pathname)?.[1]?.toLowerCase();
  const type = extension === undefined ? undefined : IMAGE_TYPES[extension];
  return type === undefined ? { imageUrl: url } : { imageUrl: url, imageType: type };
}

function prepareMinistry(ministryId: unknown, ministries: MinistryNames): PreparedEntry['ministry'] {
  const id = nonEmpty(guardText(ministryId));
  if (id === undefined) return undefined;
  return { id, name: nonEmpty(guardText(ministries.get(id)?.name)) };
}

/** Valid, distinct, in stored order, without the published copy itself. */
function prepareRelatedUrls(urls: unknown, mainUrl: string | undefined): string[] {
  const related: string[] = [];
  for (const candidate of Array.isArray(urls) ? urls : []) {
    const url = guardUrl(candidate);
    if (url !== undefined && url !== mainUrl && !related.includes(url)) related.push(url);
  }
  return related;
}

/** One tag per slug (first label wins); a missing slug is derived from the label. */
function prepareTags(tags: unknown): Tag[] {
  const prepared: Tag[] = [];
  const seen = new Set<string>();
  for (const tag of Array.isArray(tags) ? (tags as unknown[]) : []) {
    if (typeof tag !== 'object' || tag === null) continue;
    const { label: rawLabel, slug: rawSlug } = tag as Partial<Record<keyof Tag, unknown>>;
    const label = nonEmpty(guardText(rawLabel));
    const slug = nonEmpty(guardText(rawSlug)) ?? (label === undefined ? undefined : nonEmpty(slugify(label)));
    if (slug === undefined || seen.has(slug)) continue;
    seen.add(slug);
    prepared.push({ label: label ?? slug, slug });
  }
  return prepared;
}

function guardText(value: unknown): string | undefined {
  return typeof value === 'string' ? stripInvalidXmlChars(value) : undefined;
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed === undefined || trimmed === '' ? undefined : trimmed;
}

/**
 * Absolute http(s) URLs only, in WHATWG serialization (which percent-encodes quotes, spaces and
 * angle brackets). Anything else — relative, `javascript:`, unparsable — is not published.
 */
function guardUrl(value: unknown): string | undefined {
  const text = nonEmpty(guardText(value));
  if (text === undefined || !URL.canParse(text)) return undefined;
  const url = new URL(text);
  return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
}
