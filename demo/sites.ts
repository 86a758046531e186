/**
 * Ministry sites on loopback for the demo: each a small HTTP server with a `/presse` listing and
 * article pages, so the whole pipeline runs without internet.
 *
 * - soziales: the hand-made fixture pages (listing with a second page, the seed release, the
 *   Integrationspreis release); the listing's other teasers get generated article pages;
 * - portal (www.hessen.de): its own layout; carries the seed release again (the duplicate dedupe
 *   must merge), links one release on the Staatskanzlei's site, and has its own copy of an innen
 *   release under another address;
 * - staatskanzlei, innen, wirtschaft: generated pages in the ministries' layout.
 *
 * Absolute links of the real sites (`https://staatskanzlei.hessen.de/…`) are rewritten to the
 * loopback servers. Pages carry an ETag, so conditional GET works as with the real sites.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { listingPage, releasePage, type ReleaseFixture } from '../test/helpers/hessen-site.js';
import { INNEN_RELEASES, SOZIALES_RELEASES, STAATSKANZLEI_RELEASES, WIRTSCHAFT_RELEASES } from './releases.js';

export const SEED_SLUG = 'integrationskonferenz-konstituiert-sich-in-weiterstadt';
const FIXTURES = new URL('../test/fixtures/pages/', import.meta.url);

export type SiteId = 'soziales' | 'portal' | 'staatskanzlei' | 'innen' | 'wirtschaft';

/** The real host each demo site plays, for rewriting absolute links. */
const REAL_HOSTS: Record<SiteId, string> = {
  soziales: 'soziales.hessen.de',
  portal: 'www.hessen.de',
  staatskanzlei: 'staatskanzlei.hessen.de',
  innen: 'innen.hessen.de',
  wirtschaft: 'wirtschaft.hessen.de',
};

export interface DemoSites {
  /** e.g. { soziales: "http://127.0.0.1:40123", … } */
  origins: Record<SiteId, string>;
  close(): Promise<void>;
}

type Pages = Map<string, string>;

function fixture(name: string): string {
  return readFileSync(new URL(name, FIXTURES), 'utf8');
}

function teaserOf(release: ReleaseFixture): Parameters<typeof listingPage>[0][number] {
  return { href: `/presse/${release.slug}`, title: release.title, date: release.date, dateline: release.dateline, teaser: release.paragraphs[0]?.split('. ')[0] };
}

/** A ministry site in the hessen.de layout: `/presse` lists the releases, each has its page. */
function generatedSite(releases: ReleaseFixture[]): Pages {
  const pages: Pages = new Map([['/presse', listingPage(releases.map(teaserOf))]]);
  for (const release of releases) pages.set(`/presse/${release.slug}`, releasePage(release));
  return pages;
}

function sozialesSite(): Pages {
  const pages: Pages = new Map([
    ['/presse', fixture('listing-soziales.html')],
    ['/presse?page=0', fixture('listing-soziales.html')],
    ['/presse?page=1', fixture('listing-soziales-page-1.html')],
    [`/presse/${SEED_SLUG}`, fixture('seed-soziales.html')],
    ['/presse/hessischer-integrationspreis-2024-ausgeschrieben', fixture('integrationspreis-soziales.html')],
  ]);
  for (const release of SOZIALES_RELEASES) pages.set(`/presse/${release.slug}`, releasePage(release));
  return pages;
}

function portalSite(): Pages {
  const kriminalstatistik = INNEN_RELEASES.find((r) => r.slug === 'polizeiliche-kriminalstatistik-vorgestellt')!;
  return new Map([
    ['/presse', fixture('listing-portal.html')],
    [`/presse/${SEED_SLUG}`, fixture('seed-portal.html')],
    // The portal's own copy of an innen release: another address, the same text.
    [`/presse/${kriminalstatistik.slug}`, releasePage(kriminalstatistik)],
  ]);
}

function pagesOf(id: SiteId): Pages {
  switch (id) {
    case 'soziales':
      return sozialesSite();
    case 'portal':
      return portalSite();
    case 'staatskanzlei':
      return generatedSite(STAATSKANZLEI_RELEASES);
    case 'innen':
      return generatedSite(INNEN_RELEASES);
    case 'wirtschaft':
      return generatedSite(WIRTSCHAFT_RELEASES);
  }
}

/** Serves `pages` (exact path with query first, then the path alone); everything else is a 404. */
function servePages(pages: Map<string, { body: Buffer; etag: string }>): Server {
  return createServer((req, res) => {
    const url = req.url ?? '/';
    const page = pages.get(url) ?? pages.get(url.split('?')[0]!);
    if (!page) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Seite nicht gefunden\n');
      return;
    }
    if (req.headers['if-none-match'] === page.etag) {
      res.writeHead(304, { etag: page.etag }).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', etag: page.etag, 'content-length': page.body.length }).end(page.body);
  });
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** Starts every demo site on a free loopback port. */
export async function startDemoSites(): Promise<DemoSites> {
  const ids = Object.keys(REAL_HOSTS) as SiteId[];
  const servers = new Map<SiteId, Server>();
  const contents = new Map<SiteId, Map<string, { body: Buffer; etag: string }>>();
  const origins = {} as Record<SiteId, string>;
  // Listen first (the ports are only known then), fill the pages in once every origin is known.
  for (const id of ids) {
    const pages = new Map<string, { body: Buffer; etag: string }>();
    const server = servePages(pages);
    servers.set(id, server);
    contents.set(id, pages);
    origins[id] = await listen(server);
  }
  for (const id of ids) {
    const target = contents.get(id)!;
    for (const [path, html] of pagesOf(id)) {
      const body = Buffer.from(rewriteHosts(html, origins), 'utf8');
      target.set(path, { body, etag: `"${createHash('sha1').update(body).digest('base64url').slice(0, 16)}"` });
    }
  }
  return {
    origins,
    close: async () => {
      await Promise.all(
        [...servers.values()].map(
          (server) =>
            new Promise<void>((resolve) => {
              server.closeAllConnections();
              server.close(() => resolve());
            }),
        ),
      );
    },
  };
}

/** `https://staatskanzlei.hessen.de/x` → `http://127.0.0.1:<port>/x` for every demo site. */
function rewriteHosts(html: string, origins: Record<SiteId, string>): string {
  let out = html;
  for (const [id, host] of Object.entries(REAL_HOSTS) as [SiteId, string][]) {
    out = out.replaceAll(`https://${host}/`, `${origins[id]}/`).replaceAll(`http://${host}/`, `${origins[id]}/`);
  }
  return out;
}
