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
 * - the overview page has no filter form, script or API links: a static host ignores queries, so
 *   a filtered address would silently serve the merged feed; the page says what a server adds.
 */
import type { Ministry } from '../model/index.js';
import type { Store } from '../store/index.js';
import { FEED_EXTENSION, FEED_FORMATS, type FeedService } from './feed-service.js';
import { renderOpml } from './opml.js';
import { SITE_FILES } from './site-files.js';
import { readOverviewData } from './overview/data.js';
import { renderOverview } from './overview/page.js';
import { httpDate } from './rendered-response.js';
import { createFilter, type Filter } from './selection.js';
import type { FeedFormat } from './types.js';

export interface StaticSiteSource {
  store: Store;
  feeds: FeedService;
  ministries: Ministry[];
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
 * links `opml`, and `opml.xml` gets an XML content type from any web server), and `index.html`
 * last, so the page never links to a file that is not written yet.
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
  return [
    ...feedFiles('feed', {}),
    ...source.ministries.flatMap((m) => feedFiles(`ministries/${m.id}`, { ministries: [m.id] })),
    ...tags.map((tag) => tag.slug).filter(isSafeFileName).flatMap((slug) => feedFiles(`tags/${slug}`, { tags: [slug] })),
    { path: 'opml', render: opml },
    { path: 'opml.xml', render: opml },
    ...SITE_FILES.map((file) => ({ path: file.path.slice(1), render: async () => file.body })),
    { path: 'index.html', render: async () => Buffer.from(renderOverview({ ...(await readOverviewData(source, baseUrl, 'de')), staticCopy: true }), 'utf8') },
  ];
}

async function renderFeedFile(
  source: StaticSiteSource,
  options: StaticSiteOptions,
  format: FeedFormat,
  path: string,
  filter: Filter,
): Promise<Buffer> {
  const rendered = await source.feeds.feed(format, filter, options.baseUrl, { selfPath: `/${path}`, next: false });
  return rendered.body;
}

/** Slugs are `[a-z0-9-]` by construction; anything else never becomes a path. */
function isSafeFileName(slug: string): boolean {
  return /^[a-z0-9][a-z0-9-]*$/.test(slug);
}
