/** Atom 1.0 (RFC 4287) with RFC 5005 paging: the feed around its entries, and each entry. */
import { formatRfc3339 } from '../dates/index.js';
import { FEED_AUTHOR, type FeedFrame, type FeedWriter, type PreparedEntry } from './types.js';
import { element, frameXmlDocument, framedParts, serializeXmlFragment, textElement, type XmlElement } from './xml-writer.js';

export const ATOM_CONTENT_TYPE = 'application/atom+xml; charset=utf-8';
const ATOM_NS = 'http://www.w3.org/2005/Atom';
const ATOM_TYPE = 'application/atom+xml';

export const ATOM_WRITER: FeedWriter = {
  contentType: ATOM_CONTENT_TYPE,
  frame(feed) {
    const root = element('feed', { xmlns: ATOM_NS, 'xml:lang': 'de' }, [
      textElement('id', feed.feedId),
      textElement('title', feed.title, { type: 'text' }),
      textElement('subtitle', feed.description, { type: 'text' }),
      textElement('updated', formatRfc3339(feed.updated)),
      // Always present: RFC 4287 requires an author on the feed unless every entry has one, and
      // entries of unknown origin have none.
      authorElement(FEED_AUTHOR),
      linkElement('self', feed.selfUrl, ATOM_TYPE),
      linkElement('alternate', feed.alternateUrl, 'text/html'),
      linkElement('next', feed.nextUrl, ATOM_TYPE),
      textElement('generator', feed.generator.name, { uri: feed.generator.uri, version: feed.generator.version || undefined }),
    ]);
    return frameXmlDocument(root, root);
  },
  entry: (entry, feed) => serializeXmlFragment(entryElement(entry, feed), 1),
  join: framedParts,
};

function entryElement(entry: PreparedEntry, feed: Pick<FeedFrame, 'tagScheme' | 'ministryScheme'>): XmlElement {
  return element('entry', {}, [
    textElement('id', entry.id),
    textElement('title', entry.title, { type: 'text' }),
    textElement('published', formatRfc3339(entry.published)),
    textElement('updated', formatRfc3339(entry.updated)),
    entry.authorName === undefined ? undefined : authorElement(entry.authorName),
    linkElement('alternate', entry.url, 'text/html'),
    // RFC 4287 §4.2.7.2 forbids two rel="alternate" links with the same type and hreflang, and
    // every copy of a merged release is text/html in German; "related" is the relation that
    // allows any number of them.
    ...entry.relatedUrls.map((url) => linkElement('related', url, 'text/html')),
    // hessenfeed's page of the release (every address, every source): where this entry came via.
    linkElement('via', entry.releaseUrl, 'text/html'),
    ...entry.tags.map((tag) => element('category', { term: tag.slug, scheme: feed.tagScheme, label: tag.label })),
    entry.ministry === undefined
      ? undefined
      : element('category', { term: entry.ministry.id, scheme: feed.ministryScheme, label: entry.ministry.name }),
    // The lead image, for readers that show one beside the entry (RFC 4287 §4.2.7.2).
    entry.imageUrl === undefined ? undefined : element('link', { rel: 'enclosure', type: entry.imageType, href: entry.imageUrl }),
    textElement('summary', entry.summary, { type: 'text' }),
    textElement('content', entry.contentHtml, { type: 'html' }),
  ]);
}

function authorElement(name: string): XmlElement {
  return element('author', {}, [textElement('name', name)]);
}

function linkElement(rel: string, href: string | undefined, type: string): XmlElement | undefined {
  return href === undefined ? undefined : element('link', { rel, type, href });
}
