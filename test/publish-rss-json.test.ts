import Parser from 'rss-parser';
import { describe, expect, it } from 'vitest';
import { entryIdFor, renderFeed } from '../src/publish/index.js';
import { attribute, children, findXmlViolations, parseXml, text, type XmlNode } from './helpers/atom-checker.js';
import { BASE_URL, makeInput, makeItems, MINISTRIES } from './publish-fixtures.js';

const items = makeItems();
const input = makeInput(items, { selfUrl: `${BASE_URL}/feed.rss?tag=integration`, nextUrl: `${BASE_URL}/feed.rss?before=1` });

function rssChannel(xml: string): XmlNode {
  const channel = children(children(parseXml(xml), 'rss')[0] ?? {}, 'channel')[0];
  if (!channel) throw new Error('no channel');
  return channel;
}

function childTexts(node: XmlNode, name: string): (string | undefined)[] {
  return children(node, name).map(text);
}

interface JsonFeed {
  version: string;
  title: string;
  home_page_url?: string;
  feed_url?: string;
  next_url?: string;
  language?: string;
  authors?: { name: string }[];
  items: {
    id: string;
    url?: string;
    title?: string;
    content_html?: string;
    summary?: string;
    date_published?: string;
    date_modified?: string;
    authors?: { name: string }[];
    tags?: string[];
    _hessenfeed?: { ministry_id?: string; tag_slugs: string[]; related_urls: string[] };
  }[];
}

describe('RSS 2.0', () => {
  const rendered = renderFeed('rss', input);
  const channel = rssChannel(rendered.body);
  const rssItems = children(channel, 'item');

  it('is well-formed RSS 2.0 served as application/rss+xml', () => {
    expect(findXmlViolations(rendered.body)).toEqual([]);
    expect(rendered.contentType).toBe('application/rss+xml; charset=utf-8');
    expect(attribute(children(parseXml(rendered.body), 'rss')[0], 'version')).toBe('2.0');
  });

  it('has a self and next atom:link, German language and a build date from the newest item', () => {
    const links = children(channel, 'atom:link').map((link) => [attribute(link, 'rel'), attribute(link, 'href'), attribute(link, 'type')]);
    expect(links).toEqual([
      ['self', `${BASE_URL}/feed.rss?tag=integration`, 'application/rss+xml'],
      ['next', `${BASE_URL}/feed.rss?before=1`, 'application/rss+xml'],
    ]);
    expect(childTexts(channel, 'language')).toEqual(['de']);
    expect(childTexts(channel, 'lastBuildDate')).toEqual(['Tue, 24 Sep 2024 07:30:00 GMT']);
  });

  it('carries the same guids as the Atom ids, not as permalinks', () => {
    const guids = rssItems.map((item) => children(item, 'guid')[0]);
    expect(guids.map(text)).toEqual(items.map((item) => entryIdFor(item.id)));
    expect(guids.map((guid) => attribute(guid, 'isPermaLink'))).toEqual(['false', 'false', 'false']);
  });

  it('carries one category per Schlagwort and one for the ministry, each with its domain', () => {
    const categories = children(rssItems[0] ?? {}, 'category').map((c) => [text(c), attribute(c, 'domain')]);
    expect(categories).toEqual([
      ['Integration', `${BASE_URL}/tags/`],
      ['Frühkindliche Bildung', `${BASE_URL}/tags/`],
      [MINISTRIES.get('soziales')?.name, `${BASE_URL}/ministries/`],
    ]);
  });

  it('carries full content, teaser, link, creator and an RFC 822 pubDate of the published time', () => {
    expect(rssItems.map((item) => text(children(item, 'content:encoded')[0]))).toEqual(items.map((item) => item.contentHtml));
    const first = rssItems[0] ?? {};
    expect(childTexts(first, 'description')).toEqual([items[0]?.summary]);
    expect(childTexts(first, 'link')).toEqual([items[0]?.url]);
    expect(childTexts(first, 'dc:creator')).toEqual([MINISTRIES.get('soziales')?.name]);
    expect(childTexts(first, 'pubDate')).toEqual(['Mon, 23 Sep 2024 08:00:00 GMT']);
    expect(children(first, 'atom:link').map((link) => [attribute(link, 'rel'), attribute(link, 'href')])).toEqual([
      ['related', items[0]?.urls[1]],
      ['via', `${BASE_URL}/releases/${items[0]?.id}`],
    ]);
    expect(childTexts(rssItems[2] ?? {}, 'dc:creator')).toEqual(['Polizeipräsidium Südhessen']);
  });
});

describe('JSON Feed 1.1', () => {
  const rendered = renderFeed('json', makeInput(items));
  const feed = JSON.parse(rendered.body) as JsonFeed;

  it('is a JSON Feed 1.1 document served as application/feed+json', () => {
    expect(rendered.contentType).toBe('application/feed+json; charset=utf-8');
    expect(feed.version).toBe('https://jsonfeed.org/version/1.1');
    expect(feed.language).toBe('de');
    expect([feed.home_page_url, feed.feed_url, feed.next_url]).toEqual([input.alternateUrl, makeInput([]).selfUrl, makeInput([]).nextUrl]);
    expect(feed.authors).toEqual([{ name: 'Hessische Landesregierung' }]);
  });

  it('has the same ids, tags, content and dates as the Atom feed', () => {
    const atom = children(parseXml(renderFeed('atom', makeInput(items)).body), 'feed')[0] ?? {};
    const entries = children(atom, 'entry');
    expect(feed.items.map((item) => item.id)).toEqual(entries.map((entry) => text(children(entry, 'id')[0])));
    expect(feed.items.map((item) => item.tags)).toEqual(items.map((item) => item.tags.map((tag) => tag.label)));
    expect(feed.items.map((item) => item.content_html)).toEqual(items.map((item) => item.contentHtml));
    expect(feed.items.map((item) => [item.date_published, item.date_modified])).toEqual(
      entries.map((entry) => [text(children(entry, 'published')[0]), text(children(entry, 'updated')[0])]),
    );
  });

  it('names authors, summary, url and the merged copies and slugs in the _hessenfeed extension', () => {
    const [first, , police] = feed.items;
    expect(first?.authors).toEqual([{ name: MINISTRIES.get('soziales')?.name }]);
    expect(first?.summary).toBe(items[0]?.summary);
    expect(first?.url).toBe(items[0]?.url);
    expect(first?._hessenfeed).toEqual({
      ministry_id: 'soziales',
      tag_slugs: ['integration', 'fruehkindliche-bildung'],
      related_urls: [items[0]?.urls[1]],
      release_page_url: `${BASE_URL}/releases/${items[0]?.id}`,
    });
    expect(police?.authors).toEqual([{ name: 'Polizeipräsidium Südhessen' }]);
    expect(police?.summary).toBeUndefined();
  });
});

describe('a real feed parser (rss-parser) reading our output', () => {
  it.each(['atom', 'rss'] as const)('finds every %s entry with its title, link, id and full content', async (format) => {
    const parsed = await new Parser().parseString(renderFeed(format, makeInput(items)).body);
    expect(parsed.items.map((item) => item.title)).toEqual(items.map((item) => item.title));
    expect(parsed.items.map((item) => item.link)).toEqual(items.map((item) => item.url));
    expect(parsed.items.map((item) => item.guid ?? item.id)).toEqual(items.map((item) => entryIdFor(item.id)));
    // rss-parser keeps RSS content:encoded under its own name (its `content` is the description).
    const contentOf = (item: Parser.Item): unknown => (format === 'rss' ? (item as Record<string, unknown>)['content:encoded'] : item.content);
    expect(parsed.items.map(contentOf)).toEqual(items.map((item) => item.contentHtml));
  });
});

describe('the lead image in RSS', () => {
  it('is a media:content image (an <enclosure> would need a byte length nobody knows)', () => {
    const body = renderFeed('rss', makeInput(items)).body;
    expect(findXmlViolations(body)).toEqual([]);
    const item = children(rssChannel(body), 'item')[0]!;
    const media = children(item, 'media:content');
    expect(media.map((m) => [attribute(m, 'url'), attribute(m, 'medium'), attribute(m, 'type')])).toEqual([
      [items[0]!.imageUrl, 'image', 'image/jpeg'],
    ]);
    expect(children(item, 'enclosure')).toEqual([]);
  });
});
