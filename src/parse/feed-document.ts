/**
 * The feed document made ready for rss-parser. Before parsing, the document is refused if it is no
 * feed at all: rss-parser would return an empty feed for some of them, which looks like a source
 * that stopped publishing. While parsing, element names are rewritten (`renameTag`, xml2js's tag
 * name processor) to keep the elements this package reads itself away from rss-parser's mapping.
 */
import { ParseError } from './errors.js';

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

const PROLOG = /^\s*(?:<\?[\s\S]*?\?>\s*|<!--[\s\S]*?-->\s*|<!DOCTYPE[^>[]*(?:\[[\s\S]*?\])?\s*>\s*)*/i;
const ATTRIBUTE = /([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

export function originalTagName(name: string): string {
  return ORIGINAL_NAMES.get(name) ?? name;
}

export function prepareFeedDocument(xml: string, url: string): FeedDocument {
  const text = xml.replace(/^\ufeff/, '');
  const rootAt = assertLooksLikeFeed(text, url);
  const root = /^<([A-Za-z_][\w.:-]*)/.exec(text.slice(rootAt))?.[1]?.toLowerCase();
  const attributes = readAttributes(text.slice(rootAt, text.indexOf('>', rootAt) + 1));
  return {
    text,
    format: root === 'feed' ? 'atom' : root === 'rss' ? 'rss' : 'rdf',
    ...(attributes.get('xml:base') !== undefined ? { rootBase: attributes.get('xml:base') } : {}),
    renameTag: (name) => READ_RAW[name] ?? name,
  };
}

/** Refuses HTML and other documents before parsing; returns where the root element starts. */
function assertLooksLikeFeed(text: string, url: string): number {
  if (text.trim() === '') throw new ParseError(url, 'not a feed (empty document)');
  const rootAt = PROLOG.exec(text)?.[0].length ?? 0;
  const root = /^<([A-Za-z_][\w.:-]*)/.exec(text.slice(rootAt))?.[1]?.toLowerCase();
  if (root === undefined) throw new ParseError(url, 'not a feed (no XML root element)');
  if (root === 'html' || /^\s*<!doctype\s+html/i.test(text)) throw new ParseError(url, 'not a feed (got an HTML page)');
  if (!['rss', 'feed', 'rdf:rdf', 'rdf'].includes(root)) throw new ParseError(url, `not a feed (root element <${root}>)`);
  return rootAt;
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
