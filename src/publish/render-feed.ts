/** One entry point for the three formats: the guard first, then the format's serializer. */
import { ATOM_CONTENT_TYPE, renderAtom } from './atom.js';
import { JSON_FEED_CONTENT_TYPE, renderJsonFeed } from './json-feed.js';
import { prepareFeed } from './prepare.js';
import { RSS_CONTENT_TYPE, renderRss } from './rss.js';
import type { FeedFormat, FeedInput, PreparedFeed, RenderedFeed } from './types.js';

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
