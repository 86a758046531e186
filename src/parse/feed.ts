/**
 * Feeds (RSS 0.9x, RSS 1.0/RDF, RSS 2.0, Atom) → Entry[]. rss-parser decodes the XML; this module
 * refuses what is not a feed, then adapts rss-parser's items to the one Entry model, so nothing
 * downstream knows which format an entry came from.
 */
import Parser from 'rss-parser';
import { load } from 'cheerio';
import { parseDate } from '../dates/index.js';
import type { Entry } from '../model/index.js';
import { ParseError } from './errors.js';

type Raw = Record<string, unknown>;

/**
 * Atom's <published>/<updated> are renamed while parsing: rss-parser converts them with
 * `new Date(…).toISOString()`, which throws on a bad date and would lose the whole feed. We read
 * them ourselves (with Berlin as the zone of dates without one).
 */
const RENAMED_TAGS: Record<string, string> = { published: 'hf-published', updated: 'hf-updated' };

/** Fields rss-parser does not map by itself (Atom dates and categories, Dublin Core). */
const parser = new Parser<Raw, Raw>({
  xml2js: { tagNameProcessors: [(name: string) => RENAMED_TAGS[name] ?? name] },
  customFields: {
    item: [
      ['hf-published', 'atomPublished'],
      ['hf-updated', 'atomUpdated'],
      ['category', 'rawCategories', { keepArray: true }],
      ['dc:subject', 'dcSubjects', { keepArray: true }],
      ['dc:publisher', 'dcPublisher'],
      ['dc:modified', 'dcModified'],
      ['author', 'atomAuthor', { keepArray: true }],
    ] as never,
  },
});

const SUMMARY_MAX_CHARS = 600;

export async function parseFeed(xml: string, feedUrl: string): Promise<Entry[]> {
  const text = xml.replace(/^\ufeff/, '');
  const isAtom = assertLooksLikeFeed(text, feedUrl) === 'feed';
  let items: Raw[];
  try {
    items = (await parser.parseString(text)).items as Raw[];
  } catch (err) {
    throw new ParseError(feedUrl, `malformed feed XML (${describe(err)})`, { cause: err });
  }
  return items.map((item) => toEntry(item, feedUrl, isAtom)).filter((e): e is Entry => e !== undefined);
}

function describe(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split('\n')[0] ?? 'unknown error';
}

/**
 * Refuses HTML and other documents before parsing: rss-parser accepts some of them and returns an
 * empty feed, which would look like a source that stopped publishing.
 */
function assertLooksLikeFeed(text: string, url: string): string {
  if (text.trim() === '') throw new ParseError(url, 'not a feed (empty document)');
  const root = rootElementName(text);
  if (root === undefined) throw new ParseError(url, 'not a feed (no XML root element)');
  if (root === 'html' || /^\s*<!doctype\s+html/i.test(text)) throw new ParseError(url, 'not a feed (got an HTML page)');
  if (!['rss', 'feed', 'rdf:rdf', 'rdf'].includes(root)) throw new ParseError(url, `not a feed (root element <${root}>)`);
  return root;
}

/** The first element name after the prolog, comments and doctype, lower-cased. */
function rootElementName(text: string): string | undefined {
  const prolog = /^\s*(?:<\?[\s\S]*?\?>\s*|<!--[\s\S]*?-->\s*|<!DOCTYPE[^>[]*(?:\[[\s\S]*?\])?\s*>\s*)*/i;
  const rest = text.slice(prolog.exec(text)?.[0].length ?? 0);
  return /^<([A-Za-z_][\w.:-]*)/.exec(rest)?.[1]?.toLowerCase();
}

function str(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() || undefined;
  if (value && typeof value === 'object' && '_' in value) return str((value as { _: unknown })._);
  return undefined;
}

function plainText(html: string | undefined): string | undefined {
  if (!html) return undefined;
  const text = (/[<&]/.test(html) ? load(html, null, false).root().text() : html).replace(/\s+/g, ' ').trim();
  return text || undefined;
}

function shorten(text: string | undefined): string | undefined {
  if (!text || text.length <= SUMMARY_MAX_CHARS) return text;
  const cut = text.slice(0, SUMMARY_MAX_CHARS);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), 1))} …`;
}

function httpUrl(value: string | undefined, base: string): string | undefined {
  if (!value) return undefined;
  try {
    const url = new URL(value, base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

function toEntry(item: Raw, feedUrl: string, isAtom: boolean): Entry | undefined {
  const guid = str(item.guid) ?? str(item.id) ?? str(item['rdf:about']);
  // The permalink may only be in the GUID (RSS isPermaLink) or rdf:about (RSS 1.0).
  const url = httpUrl(str(item.link), feedUrl) ?? (isAbsoluteHttp(guid) ? httpUrl(guid, feedUrl) : undefined);
  if (!url) return undefined;
  const { contentHtml, summary } = contentAndSummary(item);
  const updated = parseOptionalDate(str(item.atomUpdated) ?? str(item.dcModified));
  // rss-parser fills Atom's pubDate from <updated> in UTC; Atom dates are read from the raw fields.
  const rawPublished = isAtom ? str(item.atomPublished) : (str(item.pubDate) ?? str(item.date));
  return compact({
    url,
    guid,
    title: plainText(str(item.title)),
    summary,
    contentHtml,
    // Atom requires only <updated>; an entry without <published> was published then as far as we know.
    published: parseOptionalDate(rawPublished) ?? updated,
    updated,
    dateline: str(item.dcPublisher) ?? authorName(item),
    tags: categories(item),
  });
}

function isAbsoluteHttp(value: string | undefined): boolean {
  return value !== undefined && /^https?:\/\//i.test(value);
}

function parseOptionalDate(value: string | undefined): string | undefined {
  return value ? parseDate(value) : undefined;
}

/**
 * RSS: content:encoded is the article, description the teaser (or the article when it stands
 * alone). Atom: content and summary.
 */
function contentAndSummary(item: Raw): { contentHtml?: string; summary?: string } {
  const encoded = str(item['content:encoded']);
  const atomSummary = str(item.summary);
  const description = str(item.content);
  const contentHtml = encoded ?? description ?? atomSummary;
  const teaser = encoded ? (description ?? atomSummary) : (atomSummary ?? description);
  return { contentHtml, summary: shorten(plainText(teaser)) };
}

/** Atom author name or dc:creator; RSS <author> is an e-mail address, not an issuing body. */
function authorName(item: Raw): string | undefined {
  const first = asArray(item.atomAuthor)[0];
  if (first && typeof first === 'object' && Array.isArray((first as Raw).name)) {
    const name = str(((first as Raw).name as unknown[])[0]);
    if (name) return name;
  }
  const creator = str(item.creator);
  return creator && !creator.includes('@') ? creator : undefined;
}

/** RSS <category>, Atom <category term label>, RSS 1.0 <dc:subject>, de-duplicated as written. */
function categories(item: Raw): string[] | undefined {
  const raw = [...asArray(item.rawCategories), ...asArray(item.dcSubjects)];
  const labels = raw
    .map((c) => {
      if (c && typeof c === 'object' && '$' in c) {
        const attrs = (c as { $: Record<string, string> }).$;
        return str(attrs.label) ?? str(attrs.term) ?? str(c);
      }
      return str(c);
    })
    .filter((c): c is string => c !== undefined)
    .map((c) => c.replace(/\s+/g, ' '));
  const unique = [...new Set(labels)];
  return unique.length > 0 ? unique : undefined;
}

function asArray(value: unknown): unknown[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/** Drops undefined fields so entries compare and serialize cleanly. */
function compact(entry: Entry): Entry {
  return Object.fromEntries(Object.entries(entry).filter(([, v]) => v !== undefined)) as unknown as Entry;
}
