/**
 * publish — renders every output, for the HTTP server and the static export alike: a selection of
 * items (`selection.ts`) as Atom 1.0, RSS 2.0 or JSON Feed 1.1, the version-keyed render cache
 * (`feed-service.ts`), the OPML list, the HTML pages (`overview/`: the overview and selection
 * pages, `/ministries/<id>`, `/tags/<slug>`, the release pages) and the static site plan. It
 * reads the store but knows nothing of HTTP requests; web/ turns requests into its calls.
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
export { renderSourcesPage, type SourcesPage } from './admin-sources-page.js';
export { entryIdFor } from './entry-id.js';
export {
  FEED_EXTENSION,
  FEED_FORMATS,
  FeedService,
  type FeedLinks,
  type FeedServiceOptions,
} from './feed-service.js';
export { feedTitle, type FeedTitleFilter } from './feed-title.js';
export { escapeHtml, isWebUrl, pathSegment } from './html.js';
export { OPML_CONTENT_TYPE, renderOpml, type OpmlInput } from './opml.js';
export { OVERVIEW_NEWEST, readOverviewData, type OverviewSource, type PageRequest } from './overview/data.js';
export { PAGE_SIZE, PageLinks, pageLinksFor } from './overview/page-links.js';
export { PageTrail } from './overview/paging.js';
// The release page brings cheerio and sanitize-html, which a web process otherwise does without:
// it is loaded with the first one rendered.
export type { ReleaseData, ReleaseSource } from './overview/release-page.js';
export const loadReleasePage = (): Promise<typeof import('./overview/release-page.js')> => import('./overview/release-page.js');
export { preferredLanguage, type Lang } from './overview/language.js';
export { OVERVIEW_CONTENT_SECURITY_POLICY, OVERVIEW_CONTENT_TYPE, RELEASE_CONTENT_SECURITY_POLICY, renderOverview } from './overview/page.js';
export type { OverviewData, OverviewMinistry, OverviewTag } from './overview/types.js';
export { DEFAULT_CACHE_BYTES, RenderCache, watchedVersion, type RenderCacheOptions, type VersionSource } from './render-cache.js';
export { DEFAULT_ENTRY_CACHE_BYTES, EntryCache } from './entry-cache.js';
export { renderFeed, renderFeedBytes, type EntryReuse } from './render-feed.js';
export { httpDate, RenderedResponse, type Encoding } from './rendered-response.js';
export {
  createFilter,
  filterQuery,
  withQuery,
  DEFAULT_LIMIT,
  MAX_CURSOR_CHARS,
  MAX_LIMIT,
  MAX_QUERY_CHARS,
  MAX_TAG_CHARS,
  MAX_VALUES,
  type Filter,
  type FilterInput,
} from './selection.js';
export { planStaticSite, type StaticFile, type StaticSiteOptions, type StaticSiteSource } from './static-site.js';
export { stripInvalidXmlChars } from './xml-text.js';
export { FEED_AUTHOR, type FeedFormat, type FeedInput, type RenderedFeed } from './types.js';
export { SITE_FILES, type SiteFile } from './site-files.js';
