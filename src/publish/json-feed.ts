/** JSON Feed 1.1 (https://jsonfeed.org/version/1.1). */
import { formatRfc3339 } from '../dates/index.js';
import { FEED_AUTHOR, type FeedWriter, type PreparedEntry } from './types.js';

export const JSON_FEED_CONTENT_TYPE = 'application/feed+json; charset=utf-8';

const ITEMS = '"items": [';
const COMMA_BREAK = Buffer.from(',\n');
const BREAK = Buffer.from('\n');
const CLOSE_INDENT = Buffer.from('\n  ');

/**
 * JSON.stringify(document, null, 2) with the items written one by one: `items` is the document's
 * last member, each item is indented four spaces, and the bytes are those of the whole at once.
 */
export const JSON_FEED_WRITER: FeedWriter = {
  contentType: JSON_FEED_CONTENT_TYPE,
  frame(feed) {
    const document = {
      version: 'https://jsonfeed.org/version/1.1',
      title: feed.title,
      home_page_url: feed.alternateUrl,
      feed_url: feed.selfUrl,
      next_url: feed.nextUrl,
      description: feed.description,
      language: 'de',
      // Items without authors inherit these (JSON Feed 1.1 §"authors").
      authors: [{ name: FEED_AUTHOR }],
      items: [],
    };
    // JSON.stringify drops undefined members, so optional fields simply disappear.
    const whole = `${JSON.stringify(document, null, 2)}\n`;
    const at = whole.lastIndexOf(ITEMS) + ITEMS.length;
    return { head: whole.slice(0, at), tail: whole.slice(at) };
  },
  // A raw line break occurs only between members (JSON.stringify escapes those in strings), but
  // U+2028 may stand raw in a string: so no /^/m, which takes it for a line break too.
  entry: (entry) => `    ${JSON.stringify(itemObject(entry), null, 2).replaceAll('\n', '\n    ')}`,
  *join(head, entries, tail) {
    yield head;
    let none = true;
    for (const entry of entries) {
      yield none ? BREAK : COMMA_BREAK;
      yield entry;
      none = false;
    }
    if (!none) yield CLOSE_INDENT;
    yield tail;
  },
};

function itemObject(entry: PreparedEntry): Record<string, unknown> {
  return {
    id: entry.id,
    url: entry.url,
    // No external_url: readers treat it as "the story lives elsewhere" and open it instead of
    // `url`, the ministry's page. The other copies of a merged release and hessenfeed's own page
    // of the release go into the extension below.
    title: entry.title,
    content_html: entry.contentHtml,
    summary: entry.summary,
    image: entry.imageUrl,
    date_published: formatRfc3339(entry.published),
    date_modified: formatRfc3339(entry.updated),
    authors: entry.authorName === undefined ? undefined : [{ name: entry.authorName }],
    tags: entry.tags.map((tag) => tag.label),
    // What Atom carries in category terms and related links, for programs that filter by them.
    _hessenfeed: {
      ministry_id: entry.ministry?.id,
      tag_slugs: entry.tags.map((tag) => tag.slug),
      related_urls: entry.relatedUrls,
      release_page_url: entry.releaseUrl,
    },
  };
}
