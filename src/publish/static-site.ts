/**
 * The HTTP interface as a set of static files (`hessenfeed export --out`), for hosting on any web
 * server without running hessenfeed there.
 *
 * Every file is rendered by the same code that answers HTTP requests (FeedService, renderOpml,
 * renderOverview), so a file holds what the server sends for the same path, with three differences
 * a static host forces:
 * - a feed's self link is the file's own URL (`/ministries/soziales.atom`), not the canonical
 *   query URL (`/feed.atom?ministry=soziales`): a static host ignores the query and would serve
 *   the merged feed there;
 * - there are no pages: a file holds the newest `limit` releases and no `rel=next` link, because
 *   `?before=` URLs do not exist as files;
 * - the HTML pages are files with an extension: `index.html`, `ministries/<id>.html`,
 *   `tags/<slug>.html` (the newest page of each, no older pages) and `releases/<id>.html` for
 *   every release, and every link between them (the feeds' release links too) names the file;
 * - the pages have no search form, script or API links: a static host ignores queries, so a
 *   filtered address would silently serve the merged feed; the pages say what a server adds.
 */
import type { Ministry, Source } from '../model/index.js';
import type { Store } from '../store/index.js';
import { FEED_EXTENSION, FEED_FORMATS, type FeedService } from './feed-service.js';
import { renderOpml } from './opml.js';
import { SITE_FILES } from './site-files.js';
import { readOverviewData } from './overview/data.js';
import { PAGE_SIZE } from './overview/page-links.js';
import { renderOverview } from './overview/page.js';
import { httpDate } from './rendered-response.js';
import { createFilter, type Filter } from './selection.js';
import type { FeedFormat } from './types.js';

export interface StaticSiteSource {
  store: Store;
  feeds: FeedService;
  ministries: Ministry[];
  /** The configured sources, named on the release pages. */
  sources: Pick<Source, 'id' | 'name' | 'url'>[];
  version: string;
}

export interface StaticSiteOptions {
  /** Where the files will be served from, e.g. "https://feeds.example.org/hessen" (no trailing slash). */
  baseUrl: string;
  /** Releases per feed file, 1..200. */
  limit: number;
}

/** One file of the site: its path relative to the site root (with `/`), rendered on demand. */
export interface StaticFile {
  path: string;
  render(): Promise<Buffer>;
}

/**
 * The files of the site: `feed.<ext>`, `ministries/<id>.<ext>` for every configured ministry,
 * `tags/<slug>.<ext>` for every tag in use, `opml` and `opml.xml` (the same list; the overview
 * links `opml`, and `opml.xml` gets an XML content type from any web server), the release pages,
 * the ministry and tag pages, and `index.html` last, so no page links to a file not written yet.
 */
export async function planStaticSite(source: StaticSiteSource, options: StaticSiteOptions): Promise<StaticFile[]> {
  const { baseUrl } = options;
  const tags = await source.store.listTags();
  const feedFiles = (name: string, selection: { ministries?: string[]; tags?: string[] }): StaticFile[] =>
    FEED_FORMATS.map((format) => {
      const path = `${name}.${FEED_EXTENSION[format]}`;
      return { path, render: () => renderFeedFile(source, options, format, path, createFilter({ ...selection, limit: options.limit })) };
    });
  const opml = async (): Promise<Buffer> => {
    const lastChanged = await source.store.lastChanged();
    return Buffer.from(renderOpml({ baseUrl, ministries: source.ministries, tags: [], dateModified: httpDate(lastChanged) }), 'utf8');
  };
  const releaseIds: string[] = [];
  for await (const item of source.store.iterateItems()) if (isSafeFileName(item.id)) releaseIds.push(item.id);
  const page = (path: string, selection: { ministries?: string[]; tags?: string[] }): StaticFile => ({
    path,
    render: async () => {
      const data = await readOverviewData(source, baseUrl, 'de', { filter: createFilter({ ...selection, limit: PAGE_SIZE }) });
      return Buffer.from(renderOverview({ ...data, staticCopy: true }), 'utf8');
    },
  });
  const releasePage = (id: string): StaticFile => ({
    path: `releases/${id}.html`,
    render: async () => {
      // Imported when used: this module is in every web process (publish/index.ts, loadReleasePage).
      const { readReleaseData, renderReleasePage } = await import('./overview/release-page.js');
      const data = await readReleaseData(source, id, baseUrl, 'de');
      // Releases are not deleted; only a restore running beside the export could do this.
      if (data === undefined) throw new Error(`release ${id} was removed from the store during the export`);
      return Buffer.from(renderReleasePage({ ...data, staticCopy: true }), 'utf8');
    },
  });
  const tagSlugs = tags.map((tag) => tag.slug).filter(isSafeFileName);
  return [
    ...feedFiles('feed', {}),
    ...source.ministries.flatMap((m) => feedFiles(`ministries/${m.id}`, { ministries: [m.id] })),
    ...tagSlugs.flatMap((slug) => feedFiles(`tags/${slug}`, { tags: [slug] })),
    { path: 'opml', render: opml },
    { path: 'opml.xml', render: opml },
    ...SITE_FILES.map((file) => ({ path: file.path.slice(1), render: async () => file.body })),
    ...releaseIds.map(releasePage),
    ...source.ministries.map((m) => page(`ministries/${m.id}.html`, { ministries: [m.id] })),
    ...tagSlugs.map((slug) => page(`tags/${slug}.html`, { tags: [slug] })),
    page('index.html', {}),
  ];
}

async function renderFeedFile(
  source: StaticSiteSource,
  options: StaticSiteOptions,
  format: FeedFormat,
  path: string,
  filter: Filter,
): Promise<Buffer> {
  const rendered = await source.feeds.feed(format, filter, options.baseUrl, { selfPath: `/${path}`, next: false, releasePageSuffix: '.html' });
  return rendered.bodyIn('identity');
}

/** Slugs are `[a-z0-9-]` and item ids hex by construction; anything else never becomes a path. */
function isSafeFileName(slug: string): boolean {
  return /^[a-z0-9][a-z0-9-]*$/.test(slug);
}
