/**
 * publish — renders one selection of items as Atom 1.0, RSS 2.0 or JSON Feed 1.1.
 *
 * Why not the `feed` package (v6, tried and removed)? Feeding it hostile input showed that a guard around
 * it would have to repair nearly everything it writes:
 * - not well-formed XML: `<` inside category attributes goes out raw, control characters pass
 *   through into CDATA;
 * - wrong content: Atom titles are written as `type="html"` CDATA, so a plain-text title such as
 *   "Kinder &amp; Jugend" (literal) is shown as "Kinder & Jugend" and "<Name>" disappears;
 * - missing: `xml:lang`, `rel` on entry links, related links, `rel="next"`, feed-level author
 *   fallback, JSON Feed 1.1 (it writes 1.0 with a single `author`; no `language`, `next_url`);
 * - non-deterministic: feed `updated` / `lastBuildDate` default to the current time;
 * - throws: `new URL()` on any odd link, `toISOString()` on an invalid date.
 * Post-processing its output would mean re-parsing and rewriting XML, which is more code and more
 * risk than writing the three formats directly. So this folder has a tiny XML writer
 * (`xml-writer.ts`: data in, escaped text out, no CDATA, no raw strings) and one serializer per
 * format; `feed` is not used here. The guard (`prepare.ts`) runs first and is shared by all
 * formats: every string is stripped of characters XML cannot carry, every URL must be absolute
 * http(s), every date is parsed strictly and range-checked, and an item that still cannot be
 * published is dropped and counted rather than failing the feed.
 *
 * Output is byte-identical for identical input: no clock is read (an empty feed's `updated` is
 * `emptyFeedUpdated` or the Unix epoch), items keep their given order, attributes and elements
 * are written in a fixed order.
 */
import { ATOM_CONTENT_TYPE, renderAtom } from './atom.js';
import { JSON_FEED_CONTENT_TYPE, renderJsonFeed } from './json-feed.js';
import { prepareFeed } from './prepare.js';
import { RSS_CONTENT_TYPE, renderRss } from './rss.js';
import type { FeedFormat, FeedInput, PreparedFeed, RenderedFeed } from './types.js';

export { entryIdFor } from './entry-id.js';
export { feedTitle, type FeedTitleFilter } from './feed-title.js';
export { stripInvalidXmlChars } from './xml-text.js';
export { FEED_AUTHOR, type FeedFormat, type FeedInput, type RenderedFeed } from './types.js';
export { renderSourcesPage, type SourcesPage } from './admin-sources-page.js';

const RENDERERS: Record<FeedFormat, { contentType: string; render: (feed: PreparedFeed) => string }> = {
  atom: { contentType: ATOM_CONTENT_TYPE, render: renderAtom },
  rss: { contentType: RSS_CONTENT_TYPE, render: renderRss },
  json: { contentType: JSON_FEED_CONTENT_TYPE, render: renderJsonFeed },
};

export function renderFeed(format: FeedFormat, input: FeedInput): RenderedFeed {
  const renderer = RENDERERS[format];
  const prepared = prepareFeed(input);
  return { body: renderer.render(prepared), contentType: renderer.contentType, dropped: prepared.dropped };
}
