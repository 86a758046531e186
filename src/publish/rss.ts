/** RSS 2.0 with the Atom (self/next links), content (full text) and Dublin Core (creator) modules. */
import { formatRfc822 } from '../dates/index.js';
import { FEED_AUTHOR, type FeedFrame, type FeedWriter, type PreparedEntry } from './types.js';
import { escapeHtmlText } from './xml-text.js';
import { element, frameXmlDocument, framedParts, serializeXmlFragment, textElement, type XmlElement } from './xml-writer.js';

export const RSS_CONTENT_TYPE = 'application/rss+xml; charset=utf-8';
const RSS_TYPE = 'application/rss+xml';

export const RSS_WRITER: FeedWriter = {
  contentType: RSS_CONTENT_TYPE,
  frame(feed) {
    const channel = element('channel', {}, [
      textElement('title', feed.title),
      textElement('link', feed.alternateUrl),
      // Required by RSS 2.0 even when we have nothing better than the title.
      textElement('description', feed.description ?? feed.title),
      textElement('language', 'de'),
      textElement('lastBuildDate', formatRfc822(feed.updated)),
      textElement('generator', [feed.generator.name, feed.generator.version].filter(Boolean).join(' ')),
      textElement('docs', 'https://www.rssboard.org/rss-specification'),
      atomLink('self', feed.selfUrl),
      atomLink('next', feed.nextUrl),
    ]);
    const root = element(
      'rss',
      {
        version: '2.0',
        'xmlns:atom': 'http://www.w3.org/2005/Atom',
        'xmlns:content': 'http://purl.org/rss/1.0/modules/content/',
        'xmlns:dc': 'http://purl.org/dc/elements/1.1/',
        'xmlns:media': 'http://search.yahoo.com/mrss/',
      },
      [channel],
    );
    return frameXmlDocument(root, channel);
  },
  entry: (entry, feed) => serializeXmlFragment(itemElement(entry, feed), 2),
  join: framedParts,
};

function itemElement(entry: PreparedEntry, feed: Pick<FeedFrame, 'tagScheme' | 'ministryScheme'>): XmlElement {
  return element('item', {}, [
    textElement('title', entry.title),
    textElement('link', entry.url),
    // Not a permalink: the id outlives URL changes and merges, which is the point of it.
    textElement('guid', entry.id, { isPermaLink: 'false' }),
    textElement('pubDate', formatRfc822(entry.published)),
    // RSS <author> must be an e-mail address; dc:creator carries a plain name.
    textElement('dc:creator', entry.authorName ?? FEED_AUTHOR),
    ...entry.tags.map((tag) => textElement('category', tag.label, { domain: feed.tagScheme })),
    entry.ministry === undefined
      ? undefined
      : textElement('category', entry.ministry.name ?? entry.ministry.id, { domain: feed.ministryScheme }),
    // Readers render <description> as HTML, so the plain-text teaser is escaped as HTML first.
    textElement('description', entry.summary === undefined ? undefined : escapeHtmlText(entry.summary)),
    textElement('content:encoded', entry.contentHtml),
    // Media RSS rather than <enclosure>: RSS 2.0 makes an enclosure's byte length required, and
    // the image's length is not known without fetching it.
    entry.imageUrl === undefined ? undefined : element('media:content', { url: entry.imageUrl, medium: 'image', type: entry.imageType }),
    ...entry.relatedUrls.map((url) => element('atom:link', { rel: 'related', type: 'text/html', href: url })),
    entry.releaseUrl === undefined ? undefined : element('atom:link', { rel: 'via', type: 'text/html', href: entry.releaseUrl }),
  ]);
}

function atomLink(rel: string, href: string | undefined): XmlElement | undefined {
  return href === undefined ? undefined : element('atom:link', { rel, type: RSS_TYPE, href });
}
