/**
 * Feeds (RSS 0.9x, RSS 1.0/RDF, RSS 2.0, Atom 0.3 and 1.0) → Entry[]. rss-parser parses the XML
 * and finds each format's items; around it, this module prepares the document (feed-document.ts),
 * takes every item's raw elements in document order through rss-parser's custom fields, and reads
 * them into the one Entry model, by the same rules whatever the format: so nothing downstream
 * knows which format an entry came from.
 */
import Parser from 'rss-parser';
import { parseDate } from '../dates/index.js';
import type { Entry } from '../model/index.js';
import { findEntryLink, httpUrl } from './entry-link.js';
import { ParseError } from './errors.js';
import { originalTagName, prepareFeedDocument, type FeedDocument, type FeedFormat } from './feed-document.js';
import { attributeOf, childElements, childrenNamed, hasChildElements, ORDERED_CHILDREN_OPTIONS, trimmedTextOf, type RawElement } from './raw-element.js';
import { readTextConstruct, type TextKind, type TextValue } from './text-construct.js';
import { resolveBase, resolveBaseValue, resolveLinksInHtml } from './xml-base.js';
import { describeXmlError } from './xml-error.js';

export interface ParseFeedOptions {
  /**
   * The response's Content-Location: the document's own address, against which its relative
   * links resolve when it differs from the URL fetched (RFC 9110 §8.7).
   */
  contentLocation?: string;
}

/** What rss-parser gives back with the custom fields below. */
interface RawFeed {
  /** Attributes of the channel (RSS) or of the feed element (Atom). */
  hfAttributes?: Record<string, string>;
  items: { hfChildren?: RawElement[]; hfAttributes?: Record<string, string> }[];
}

/** Every item's children in document order and its attributes (RawElement), to read ourselves. */
const CUSTOM_FIELDS = {
  feed: [['$', 'hfAttributes', { keepArray: true }]],
  item: [
    ['$$', 'hfChildren', { keepArray: true }],
    ['$', 'hfAttributes', { keepArray: true }],
  ],
};

const FORMAT_NAMES: Record<FeedFormat, string> = { rss: 'an RSS feed', atom: 'an Atom feed', rdf: 'an RSS 1.0 feed' };

const SUMMARY_MAX_CHARS = 600;

export async function parseFeed(xml: string, feedUrl: string, options: ParseFeedOptions = {}): Promise<Entry[]> {
  const doc = prepareFeedDocument(xml, feedUrl);
  const feed = await parseDocument(doc, feedUrl);
  const documentBase = httpUrl(options.contentLocation?.trim(), feedUrl) ?? feedUrl;
  const rootBase = resolveBaseValue(doc.rootBase, documentBase);
  // In RSS 2.0 the channel stands between the root and the items; in Atom the feed is the root.
  const itemsBase = doc.format === 'rss' ? resolveBaseValue(feed.hfAttributes?.['xml:base'], rootBase) : rootBase;
  const context: EntryContext = { format: doc.format, documentBase, itemsBase };
  const entries = feed.items.map((item) => toEntry(item, context)).filter((e): e is Entry => e !== undefined);
  if (feed.items.length > 0 && entries.length === 0) throw new ParseError(feedUrl, describeLinklessFeed(feed.items.length));
  return entries;
}

/** Entries without links are left out; a feed of nothing else is broken, and says so. */
function describeLinklessFeed(count: number): string {
  const what = count === 1 ? "the feed's one entry has no link" : `the feed has ${count} entries and none has a link`;
  return `${what} to an article (no usable <link>, permalink <guid> or http(s) <id>)`;
}

async function parseDocument(doc: FeedDocument, url: string): Promise<RawFeed> {
  const parser = new Parser({
    // An <rss> without a version, or with one rss-parser does not know, is read as RSS 2.0.
    defaultRSS: 2,
    xml2js: { ...ORDERED_CHILDREN_OPTIONS, tagNameProcessors: [doc.renameTag] },
    customFields: CUSTOM_FIELDS as never,
  });
  try {
    return (await parser.parseString(doc.text)) as unknown as RawFeed;
  } catch (err) {
    // Never rss-parser's own words ("Cannot read properties of undefined"): say what is wrong with the feed.
    const problem = describeXmlError(err, doc.text) ?? `not a feed: the document is not laid out as ${FORMAT_NAMES[doc.format]}`;
    throw new ParseError(url, problem, { cause: err });
  }
}

interface EntryContext {
  format: FeedFormat;
  /** The document's address: Content-Location or the URL fetched. */
  documentBase: string;
  /** The base the items' own xml:base resolves against. */
  itemsBase: string;
}

function toEntry(raw: RawFeed['items'][number], context: EntryContext): Entry | undefined {
  const item: RawElement = { '#name': 'item', $: raw.hfAttributes ?? {}, $$: raw.hfChildren ?? [] };
  const children = childElements(item);
  const base = resolveBase(item, context.itemsBase);
  const url = findEntryLink(children, item, base);
  if (!url) return undefined;
  const updated = parseOptionalDate(firstText(children, 'hf-updated', 'dc:modified', 'modified'));
  return compact({
    url,
    guid: firstText(children, 'guid', 'id') ?? attributeOf(item, 'rdf:about')?.trim(),
    title: readTitle(children, context),
    ...readContentAndSummary(children, base, context),
    // Atom requires only <updated>; an entry without a publication date was published then as far as we know.
    published: parseOptionalDate(firstText(children, 'hf-published', 'pubDate', 'dc:date', 'issued')) ?? updated,
    updated,
    dateline: firstText(children, 'dc:publisher') ?? authorName(children),
    tags: categories(children),
  });
}

/** Atom titles are text unless they say otherwise; RSS titles are HTML by custom. */
function defaultKind(format: FeedFormat): TextKind {
  return format === 'atom' ? 'text' : 'html';
}

function readTitle(children: RawElement[], context: EntryContext): string | undefined {
  const titles = childrenNamed(children, 'title', 'dc:title');
  return firstValue(titles.map((title) => [title, defaultKind(context.format)] as const))?.text() || undefined;
}

/**
 * The body: content:encoded, an XHTML body, Atom content; the teaser: Atom summary, RSS
 * description, dc:description, Media RSS description. A teaser standing alone is the content as
 * well; without a teaser, the summary is the start of the body, whatever the format.
 */
function readContentAndSummary(children: RawElement[], base: string, context: EntryContext): { contentHtml?: string; summary?: string } {
  const kind = defaultKind(context.format);
  const body = firstValue([
    ...childrenNamed(children, 'content:encoded').map((e) => [e, 'html'] as const),
    ...childrenNamed(children, 'xhtml:body', 'body').map((e) => [e, 'xhtml'] as const),
    ...childrenNamed(children, 'hf-content').map((e) => [e, kind] as const),
  ]);
  const mediaGroups = childrenNamed(children, 'media:group').flatMap(childElements);
  const teaser = firstValue([
    ...childrenNamed(children, 'hf-summary').map((e) => [e, kind] as const),
    ...childrenNamed(children, 'hf-description', 'dc:description').map((e) => [e, 'html'] as const),
    ...childrenNamed([...children, ...mediaGroups], 'media:description').map((e) => [e, 'text'] as const),
  ]);
  const content = body ?? teaser;
  const contentBase = content && resolveBase(content.element, base);
  // Links inside a body are left relative (the extractor resolves them against the article's
  // address) unless an xml:base says what they are relative to.
  const contentHtml = content && (contentBase === context.documentBase ? content.html : resolveLinksInHtml(content.html, contentBase ?? base));
  return { contentHtml: contentHtml || undefined, summary: shorten((teaser ?? body)?.text()) };
}

/** The first element that holds a readable value, read as the kind given for it. */
function firstValue(candidates: readonly (readonly [RawElement, TextKind])[]): (TextValue & { element: RawElement }) | undefined {
  for (const [element, kind] of candidates) {
    const value = readTextConstruct(element, kind, originalTagName);
    if (value) return { ...value, element };
  }
  return undefined;
}

function firstText(children: RawElement[], ...names: string[]): string | undefined {
  for (const name of names) {
    for (const element of childrenNamed(children, name)) {
      const text = trimmedTextOf(element);
      if (text) return text;
    }
  }
  return undefined;
}

function shorten(text: string | undefined): string | undefined {
  if (!text || text.length <= SUMMARY_MAX_CHARS) return text || undefined;
  const cut = text.slice(0, SUMMARY_MAX_CHARS);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), 1))} …`;
}

function parseOptionalDate(value: string | undefined): string | undefined {
  return value ? parseDate(value) : undefined;
}

/** Atom author name or dc:creator; RSS <author> is an e-mail address, not an issuing body. */
function authorName(children: RawElement[]): string | undefined {
  const authors = childrenNamed(children, 'author');
  const name = firstText(authors.flatMap(childElements), 'name');
  if (name) return name;
  const creator = firstText(children, 'dc:creator') ?? firstText(authors.filter((a) => !hasChildElements(a)), 'author');
  return creator && !creator.includes('@') ? creator : undefined;
}

/** RSS <category>, Atom <category term label>, RSS 1.0 <dc:subject>, de-duplicated as written. */
function categories(children: RawElement[]): string[] | undefined {
  const labels = [...childrenNamed(children, 'category'), ...childrenNamed(children, 'dc:subject')]
    .map((c) => attributeOf(c, 'label')?.trim() || attributeOf(c, 'term')?.trim() || trimmedTextOf(c))
    .filter((c): c is string => c !== undefined && c !== '')
    .map((c) => c.replace(/\s+/g, ' '));
  const unique = [...new Set(labels)];
  return unique.length > 0 ? unique : undefined;
}

/** Drops undefined fields so entries compare and serialize cleanly. */
function compact(entry: Entry): Entry {
  return Object.fromEntries(Object.entries(entry).filter(([, v]) => v !== undefined)) as unknown as Entry;
}
