/**
 * A generated ministry site with a long press listing, for backfill tests: `pages` listing pages
 * of `perPage` releases, newest first (one day apart), Drupal-style (`/presse`, `/presse?page=N`,
 * a pager with "next" and "last" links), then whatever comes after the last page (`end`). The
 * pages are pure functions of the options (`renderListingPage`, `siteReleases`), so a server in
 * another process (backfill-site-server.ts) serves the same site.
 */
import { fork } from 'node:child_process';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';
import type { SiteServerArgs, SiteServerStats } from './backfill-site-server.js';
import { listingPage, releasePage, syntheticRelease, type ReleaseFixture, type TeaserFixture } from './hessen-site.js';
import { startFixtureServer, type FixtureServer } from './http-server.js';

export interface ListingSiteOptions {
  pages: number;
  perPage: number;
  /** What the page after the last one is: a page without teasers, the last page again, or a 404. @defaultValue 'empty' */
  end?: 'empty' | 'same' | '404';
  /** The listing's path. @defaultValue '/presse' */
  path?: string;
  /** The query parameter that numbers pages (0 = the path itself). @defaultValue 'page' */
  pageParam?: string;
  /** The pager links the next page. @defaultValue true */
  linkNext?: boolean;
  /** The pager links the last page. @defaultValue true */
  linkLast?: boolean;
  /** Seed of the first release, so two sites have different releases. @defaultValue 1000 */
  firstRelease?: number;
}

const NEWEST = Date.UTC(2025, 5, 30);
const DAY_MS = 24 * 3600_000;

/** "30.06.2025" for the k-th newest release. */
export function releaseDate(k: number): string {
  const day = new Date(NEWEST - k * DAY_MS);
  return `${String(day.getUTCDate()).padStart(2, '0')}.${String(day.getUTCMonth() + 1).padStart(2, '0')}.${day.getUTCFullYear()}`;
}

/** "2025-06-30" for the k-th newest release: the day as --since takes it. */
export function releaseDay(k: number): string {
  return new Date(NEWEST - k * DAY_MS).toISOString().slice(0, 10);
}

/** Every release of the site, newest first. */
export function siteReleases(options: ListingSiteOptions): ReleaseFixture[] {
  const first = options.firstRelease ?? 1000;
  return Array.from({ length: options.pages * options.perPage }, (_, k) => {
    const release = syntheticRelease(first + k);
    return { ...release, slug: `meldung-${first + k}`, date: releaseDate(k) };
  });
}

function pageHref(options: ListingSiteOptions, page: number): string {
  const path = options.path ?? '/presse';
  return page === 0 ? path : `${path}?${options.pageParam ?? 'page'}=${page}`;
}

/** The page number of a request to the listing's path; undefined for another path. */
export function listingPageOf(options: ListingSiteOptions, requestUrl: string): number | undefined {
  const url = new URL(requestUrl, 'http://site.invalid');
  if (url.pathname !== (options.path ?? '/presse')) return undefined;
  const value = url.searchParams.get(options.pageParam ?? 'page');
  return value === null ? 0 : /^\d+$/.test(value) ? Number(value) : undefined;
}

/** The listing page `page`, or undefined where the site answers 404. */
export function renderListingPage(options: ListingSiteOptions, releases: readonly ReleaseFixture[], page: number): string | undefined {
  const { pages, perPage } = options;
  const end = options.end ?? 'empty';
  if (page >= pages) {
    if (end === '404' || page > pages) return undefined;
    if (end === 'empty') return listingPage([]);
    page = pages - 1;
  }
  const teasers = releases.slice(page * perPage, (page + 1) * perPage).map((r): TeaserFixture => ({ href: `/presse/${r.slug}`, title: r.title, date: r.date, dateline: r.dateline }));
  const next = options.linkNext !== false && page + 1 < pages ? pageHref(options, page + 1) : undefined;
  const last = options.linkLast !== false ? pageHref(options, pages - 1) : undefined;
  return listingPage(teasers, next, last);
}

/** Release pages by path. */
export function releasePages(releases: readonly ReleaseFixture[]): Map<string, string> {
  return new Map(releases.map((r) => [`/presse/${r.slug}`, releasePage(r)]));
}

export interface ListingSite {
  server: FixtureServer;
  options: ListingSiteOptions;
  /** The listing's first page. */
  url: string;
  /** Newest first. */
  releases: ReleaseFixture[];
  releaseUrl(release: ReleaseFixture): string;
  /** Requests per listing page number (index = page). */
  listingRequests(): number[];
  /** Requests for each release page. */
  articleRequests(): number;
  /** Page `page` answers `status` for the next `times` requests (Infinity: always). */
  failPage(page: number, status: number, times?: number): void;
  /** Page `page` is answered only after `release()`; `reached` resolves when it is asked for. */
  holdPage(page: number): { reached: Promise<void>; release(): void };
}

export async function startListingSite(options: ListingSiteOptions, host?: string): Promise<ListingSite> {
  const releases = siteReleases(options);
  const server = await startFixtureServer({}, host === undefined ? {} : { host });
  const failures = new Map<number, { status: number; left: number }>();
  const holds = new Map<number, { arrived(): void; released: Promise<void> }>();
  const listing = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const page = listingPageOf(options, req.url ?? '/');
    const failure = page === undefined ? undefined : failures.get(page);
    if (page !== undefined) {
      const hold = holds.get(page);
      if (hold) {
        hold.arrived();
        await hold.released;
      }
    }
    if (failure && failure.left > 0) {
      failure.left -= 1;
      res.writeHead(failure.status, { 'content-type': 'text/plain' }).end('kaputt');
      return;
    }
    const html = page === undefined ? undefined : renderListingPage(options, releases, page);
    if (html === undefined) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
  };
  // The server matches a path with its query first, then without: one handler answers every page.
  server.route(options.path ?? '/presse', listing);
  for (const [path, html] of releasePages(releases)) server.route(path, html);
  return {
    server,
    options,
    url: `${server.origin}${options.path ?? '/presse'}`,
    releases,
    releaseUrl: (release) => `${server.origin}/presse/${release.slug}`,
    listingRequests() {
      const counts: number[] = [];
      for (const request of server.requests) {
        const page = listingPageOf(options, request.path);
        if (page !== undefined) counts[page] = (counts[page] ?? 0) + 1;
      }
      return Array.from(counts, (n) => n ?? 0);
    },
    articleRequests: () => server.requests.filter((r) => r.path.startsWith('/presse/')).length,
    failPage(page, status, times = Infinity) {
      failures.set(page, { status, left: times });
    },
    holdPage(page) {
      let arrived!: () => void;
      let release!: () => void;
      const reached = new Promise<void>((resolve) => (arrived = resolve));
      const released = new Promise<void>((resolve) => (release = resolve));
      holds.set(page, { arrived, released });
      return { reached, release };
    },
  };
}

export interface ChildListingSite {
  /** The listing's first page. */
  url: string;
  origin: string;
  /** Newest first. */
  releases: ReleaseFixture[];
  releaseUrl(release: ReleaseFixture): string;
  /** What the server saw so far. */
  stats(): Promise<SiteServerStats>;
  close(): Promise<void>;
}

const SERVER_ENTRY = fileURLToPath(new URL('./backfill-site-server.ts', import.meta.url));

/** The site of `options`, served by a child process (backfill-site-server.ts) on `host`; each answer held `holdMs`. */
export async function serveListingSiteInChild(options: ListingSiteOptions, host: string, holdMs: number): Promise<ChildListingSite> {
  const args: SiteServerArgs = { site: options, host, holdMs };
  const child = fork(SERVER_ENTRY, [JSON.stringify(args)], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const origin = await new Promise<string>((resolve, reject) => {
    child.once('message', (message: { type: string; origin: string }) => resolve(message.origin));
    child.once('exit', (code) => reject(new Error(`the site server exited (code ${code}) before it served`)));
    child.once('error', reject);
  });
  const path = options.path ?? '/presse';
  return {
    url: `${origin}${path}`,
    origin,
    releases: siteReleases(options),
    releaseUrl: (release) => `${origin}/presse/${release.slug}`,
    stats: () =>
      new Promise((resolve) => {
        const onMessage = (message: { type: string; stats?: SiteServerStats }): void => {
          if (message.type !== 'stats' || !message.stats) return;
          child.off('message', onMessage);
          resolve(message.stats);
        };
        child.on('message', onMessage);
        child.send({ type: 'stats' });
      }),
    close: async () => {
      if (child.connected) child.disconnect();
      await exited;
    },
  };
}
