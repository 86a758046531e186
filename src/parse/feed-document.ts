/**
 * The feed document made ready for rss-parser, which reads only the well-behaved form of each
 * format. Before parsing: the document is refused if it is no feed at all (rss-parser would
 * return an empty feed for some of them, which looks like a source that stopped publishing), and
 * entity references are expanded (xml-entities.ts). While parsing, element names are rewritten
 * (`renameTag`, xml2js's tag name processor): a namespace-prefixed root and its format's elements
 * lose the prefix, other known namespaces get their usual prefix, `<item>`s in an Atom feed become
 * entries, and the elements this package reads itself are kept away from rss-parser's mapping.
 */
import { ParseError } from './errors.js';
import { expandEntities } from './xml-entities.js';

export type FeedFormat = 'rss' | 'atom' | 'rdf';

export interface FeedDocument {
  /** The text rss-parser reads. */
  text: string;
  format: FeedFormat;
  /** The root element's xml:base, as written. */
  rootBase?: string;
  /** xml2js tag name processor for this document. */
  renameTag: (name: string) => string;
}

/**
 * Elements read from the raw children (feed.ts) that rss-parser would otherwise map itself and
 * stumble on: it throws on an Atom date it cannot read and on a `<link>` without `href`, and its
 * content mapping fails on XHTML. Renamed everywhere, so an XHTML body's `<summary>` or `<link>`
 * is renamed too; `originalTagName` gives its name back.
 */
const READ_RAW: Record<string, string> = {
  published: 'hf-published',
  updated: 'hf-updated',
  link: 'hf-link',
  content: 'hf-content',
  summary: 'hf-summary',
  description: 'hf-description',
};
const ORIGINAL_NAMES = new Map(Object.entries(READ_RAW).map(([name, renamed]) => [renamed, name]));

/** Namespaces whose elements this package reads, by the prefix feeds usually give them. */
const USUAL_PREFIXES: Record<string, string> = {
  'http://purl.org/dc/elements/1.1/': 'dc',
  'http://purl.org/rss/1.0/modules/content/': 'content',
  'http://search.yahoo.com/mrss/': 'media',
  'http://search.yahoo.com/mrss': 'media',
  'http://www.w3.org/1999/xhtml': 'xhtml',
};

/** RSS 1.0 and RSS 0.90, whose elements sit in their own namespace inside `<rdf:RDF>`. */
const RDF_FEED_NAMESPACES = new Set(['http://purl.org/rss/1.0/', 'http://my.netscape.com/rdf/simple/0.9/']);

const CANONICAL_ROOTS: Record<FeedFormat, string> = { rss: 'rss', atom: 'feed', rdf: 'rdf:RDF' };

const MISC = /^(?:\s+|<\?[\s\S]*?\?>|<!--[\s\S]*?-->)*/;
const DOCTYPE = /^<!DOCTYPE\b[^>[]*(?:\[([\s\S]*?)\])?\s*>/i;
const ROOT_NAME = /^<([A-Za-z_][\w.:-]*)/;
const ATTRIBUTE = /([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

export function originalTagName(name: string): string {
  return ORIGINAL_NAMES.get(name) ?? name;
}

export function prepareFeedDocument(xml: string, url: string): FeedDocument {
  const text = xml.replace(/^\ufeff/, '');
  if (text.trim() === '') throw new ParseError(url, 'not a feed: the document is empty');
  const { rootAt, doctypeEnd, internalSubset, isHtmlDoctype } = readProlog(text);
  const rootName = ROOT_NAME.exec(text.slice(rootAt))?.[1];
  if (rootName === undefined) throw new ParseError(url, `not a feed: the document is not XML (it begins with "${beginning(text)}")`);
  const format = formatOf(rootName, isHtmlDoctype, url);
  const attributes = readAttributes(text.slice(rootAt, text.indexOf('>', rootAt) + 1));
  const body = expandEntities(text.slice(doctypeEnd), internalSubset, url);
  return {
    text: withChannel(text.slice(0, doctypeEnd) + body, doctypeEnd, format, rootName, url),
    format,
    ...(attributes.get('xml:base') !== undefined ? { rootBase: attributes.get('xml:base') } : {}),
    renameTag: createTagRenamer(rootName, format, namespacesOf(attributes)),
  };
}

/** Where the root element starts, past the XML declaration, comments and the DOCTYPE. */
function readProlog(text: string): { rootAt: number; doctypeEnd: number; internalSubset?: string; isHtmlDoctype: boolean } {
  let at = MISC.exec(text)?.[0].length ?? 0;
  const doctype = DOCTYPE.exec(text.slice(at));
  if (!doctype) return { rootAt: at, doctypeEnd: 0, isHtmlDoctype: false };
  at += doctype[0].length;
  const doctypeEnd = at;
  at += MISC.exec(text.slice(at))?.[0].length ?? 0;
  return {
    rootAt: at,
    doctypeEnd,
    ...(doctype[1] !== undefined ? { internalSubset: doctype[1] } : {}),
    isHtmlDoctype: /^<!DOCTYPE\s+html\b/i.test(doctype[0]),
  };
}

function formatOf(rootName: string, isHtmlDoctype: boolean, url: string): FeedFormat {
  const local = localName(rootName).toLowerCase();
  if (local === 'rss') return 'rss';
  if (local === 'feed') return 'atom';
  if (local === 'rdf') return 'rdf';
  if (local === 'html' || isHtmlDoctype) throw new ParseError(url, `not a feed: the document is an HTML page (its root element is <${rootName}>)`);
  throw new ParseError(url, `not a feed: the document's root element is <${rootName}>, not <rss>, <feed> or <rdf:RDF>`);
}

/**
 * rss-parser expects a channel: without one it fails on RSS 2.0 with an internal error, and on
 * RSS 1.0, whose items stand beside the channel, the items can still be read.
 */
function withChannel(text: string, rootSearchFrom: number, format: FeedFormat, rootName: string, url: string): string {
  if (format === 'atom' || /<(?:[\w.-]+:)?channel[\s/>]/.test(text)) return text;
  if (format === 'rss') throw new ParseError(url, `not a feed: its <${rootName}> element has no <channel>`);
  const rootEnd = text.indexOf('>', text.indexOf(`<${rootName}`, rootSearchFrom)) + 1;
  if (text[rootEnd - 2] === '/') return text;
  return `${text.slice(0, rootEnd)}<channel/>${text.slice(rootEnd)}`;
}

function createTagRenamer(rootName: string, format: FeedFormat, namespaces: Map<string, string>): (name: string) => string {
  const formatPrefix = format === 'rdf' ? prefixBoundTo(namespaces, RDF_FEED_NAMESPACES) : prefixOf(rootName);
  const usualPrefixes = new Map<string, string>();
  for (const [prefix, uri] of namespaces) {
    const usual = USUAL_PREFIXES[uri];
    if (usual !== undefined && prefix !== '' && prefix !== formatPrefix) usualPrefixes.set(prefix, usual);
  }
  return (name) => {
    if (name === rootName) return CANONICAL_ROOTS[format];
    let renamed = name;
    const prefix = prefixOf(name);
    if (prefix !== undefined && prefix === formatPrefix) renamed = localName(name);
    else if (prefix !== undefined && usualPrefixes.has(prefix)) renamed = `${usualPrefixes.get(prefix)}:${localName(name)}`;
    // Atom feeds with RSS <item>s exist; read them as the entries they stand for.
    if (format === 'atom' && renamed === 'item') renamed = 'entry';
    return READ_RAW[renamed] ?? renamed;
  };
}

/** Namespace declarations of the root element: prefix ('' for the default) → URI. */
function namespacesOf(attributes: Map<string, string>): Map<string, string> {
  const namespaces = new Map<string, string>();
  for (const [name, value] of attributes) {
    if (name === 'xmlns') namespaces.set('', value.trim());
    else if (name.startsWith('xmlns:')) namespaces.set(name.slice('xmlns:'.length), value.trim());
  }
  return namespaces;
}

function prefixBoundTo(namespaces: Map<string, string>, uris: Set<string>): string | undefined {
  for (const [prefix, uri] of namespaces) if (prefix !== '' && uris.has(uri)) return prefix;
  return undefined;
}

function readAttributes(startTag: string): Map<string, string> {
  const attributes = new Map<string, string>();
  for (const [, name, double, single] of startTag.matchAll(ATTRIBUTE)) {
    if (name !== undefined) attributes.set(name, decodeAttribute(double ?? single ?? ''));
  }
  return attributes;
}

function decodeAttribute(value: string): string {
  const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
  return value.replace(/&(?:#x([0-9a-fA-F]+)|#([0-9]+)|(amp|lt|gt|quot|apos));/g, (match, hex?: string, decimal?: string, name?: string) => {
    if (name !== undefined) return named[name] ?? match;
    const codePoint = hex !== undefined ? parseInt(hex, 16) : Number(decimal);
    return codePoint > 0 && codePoint <= 0x10ffff ? String.fromCodePoint(codePoint) : match;
  });
}

function prefixOf(name: string): string | undefined {
  const colon = name.indexOf(':');
  return colon > 0 ? name.slice(0, colon) : undefined;
}

function localName(name: string): string {
  return name.slice(name.indexOf(':') + 1);
}

function beginning(text: string): string {
  const start = text.trim().replace(/\s+/g, ' ');
  return start.length > 60 ? `${start.slice(0, 60)}…` : start;
}
