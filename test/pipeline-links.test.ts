/**
 * Published links: a release is linked to the address its page really has — the one it was
 * fetched from after redirects, or the one it declares for itself, exactly as written — in every
 * feed format, the API and the overview. The identity key (https, sorted query, no trailing
 * slash) stays what URL dedupe uses, and is never published. The site is a loopback server that
 * serves over plain http, as a ministry site without TLS would.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalizeUrl } from '../src/dedupe/index.js';
import { listingPage, releasePage, syntheticRelease, type ReleaseFixture } from './helpers/hessen-site.js';
import { startFixtureServer, type FixtureServer } from './helpers/http-server.js';
import { runCli } from './helpers/cli.js';
import { startTestPipeline, testSource, type TestPipeline } from './helpers/pipeline.js';
import { TEST_REDIS_URL } from './helpers/redis.js';
import { httpGet, startTestWeb, type TestWeb } from './helpers/web.js';

interface Case {
  release: ReleaseFixture;
  /** Where the listing links the release. */
  listed: string;
  /** The address that must be published (path and query on the site, or as the page writes it). */
  published: (origin: string) => string;
  /** The identity key (og:url is no identity: only rel=canonical and the fetched URL are). */
  key: (httpsOrigin: string) => string;
}

const redirected = syntheticRelease(1);
const relativeCanonical = syntheticRelease(2);
const ogUrl = syntheticRelease(3);
const plain = syntheticRelease(4);

const CASES: Case[] = [
  // 301 to an address with a trailing slash; the page declares nothing.
  { release: redirected, listed: '/presse/alte-adresse', published: (o) => `${o}/presse/neue-adresse/`, key: (o) => `${o}/presse/neue-adresse` },
  // rel=canonical, relative, with a query in its own order: resolved, the query kept as written.
  { release: relativeCanonical, listed: `/presse/${relativeCanonical.slug}`, published: (o) => `${o}/presse/kanonisch?seite=2&ansicht=voll`, key: (o) => `${o}/presse/kanonisch?ansicht=voll&seite=2` },
  // og:url only, absolute, with a trailing slash.
  { release: ogUrl, listed: `/presse/${ogUrl.slug}`, published: (o) => `${o}/presse/og-adresse/`, key: (o) => `${o}/presse/${ogUrl.slug}` },
  // Nothing declared, no redirect: the address it was fetched from.
  { release: plain, listed: `/presse/${plain.slug}/`, published: (o) => `${o}/presse/${plain.slug}/`, key: (o) => `${o}/presse/${plain.slug}` },
];

function redirect(location: string) {
  return (_req: IncomingMessage, res: ServerResponse): void => {
    res.writeHead(301, { location });
    res.end();
  };
}

describe('published links of releases fetched over http', () => {
  let site: FixtureServer;
  let pipeline: TestPipeline;
  let web: TestWeb;
  let origin: string;

  beforeAll(async () => {
    site = await startFixtureServer();
    origin = site.origin;
    site.route('/presse', listingPage(CASES.map((c) => ({ href: c.listed, title: c.release.title, date: c.release.date, dateline: c.release.dateline }))));
    site.route('/presse/alte-adresse', redirect('/presse/neue-adresse/'));
    site.route('/presse/neue-adresse/', releasePage(redirected));
    site.route(`/presse/${relativeCanonical.slug}`, releasePage(relativeCanonical, { headHtml: '<link rel="canonical" href="/presse/kanonisch?seite=2&amp;ansicht=voll">' }));
    site.route(`/presse/${ogUrl.slug}`, releasePage(ogUrl, { headHtml: `<meta property="og:url" content="${origin}/presse/og-adresse/">` }));
    site.route(`/presse/${plain.slug}/`, releasePage(plain));
    pipeline = await startTestPipeline({ sources: [testSource({ id: 'links-presse', url: `${origin}/presse`, maxPages: 1 })] });
    await pipeline.pollAll();
    web = await startTestWeb({ prefix: pipeline.prefix, publicUrl: 'http://feeds.hessenfeed.test' });
  });

  afterAll(async () => {
    await web?.close();
    await pipeline?.close();
    await site?.close();
  });

  it('stores each release under its identity key and with the address it has', async () => {
    const httpsOrigin = origin.replace('http:', 'https:');
    for (const c of CASES) {
      const id = await pipeline.app.store.findItemIdByUrl(c.key(httpsOrigin));
      expect(id, c.release.title).toBeDefined();
      const item = await pipeline.app.store.getItem(id!);
      expect(item?.title).toBe(c.release.title);
      expect(item?.link).toBe(c.published(origin));
      // The identity key is still https, sorted, without the trailing slash.
      expect(item?.url).toBe(c.key(httpsOrigin));
      expect(canonicalizeUrl(item!.url)).toBe(item?.url);
    }
  });

  it('publishes those addresses in the API', async () => {
    const api = JSON.parse((await httpGet(`${web.url}/api/items`)).text) as { items: { title: string; url: string; urls: string[] }[] };
    expect(api.items).toHaveLength(CASES.length);
    for (const c of CASES) {
      const item = api.items.find((i) => i.title === c.release.title);
      expect(item?.url, c.release.title).toBe(c.published(origin));
      expect(item?.urls.every((u) => u.startsWith('http://'))).toBe(true);
    }
  });

  it('publishes them in Atom, RSS and JSON Feed and on the overview, and never the https identity key', async () => {
    const [atom, rss, json, overview] = await Promise.all(['/feed.atom', '/feed.rss', '/feed.json', '/'].map(async (path) => (await httpGet(`${web.url}${path}`)).text));
    const jsonFeed = JSON.parse(json!) as { items: { title: string; url: string }[] };
    for (const c of CASES) {
      const expected = c.published(origin).replace(/&/g, '&amp;');
      expect(atom).toContain(`<link rel="alternate" type="text/html" href="${expected}"/>`);
      expect(rss).toContain(`<link>${expected}</link>`);
      expect(overview).toContain(`href="${expected}"`);
      expect(jsonFeed.items.find((i) => i.title === c.release.title)?.url).toBe(c.published(origin));
    }
    const httpsOrigin = origin.replace('http:', 'https:');
    for (const body of [atom, rss, json, overview]) expect(body).not.toContain(httpsOrigin);
  });

  it('publishes them in the static export too', async () => {
    const out = mkdtempSync(join(tmpdir(), 'hf-links-'));
    try {
      const result = await runCli(['export', '--out', out, '--base-url', 'https://feeds.example.org'], { REDIS_URL: TEST_REDIS_URL, KEY_PREFIX: pipeline.prefix });
      expect(result.code, result.stderr).toBe(0);
      const atom = readFileSync(join(out, 'feed.atom'), 'utf8');
      const overview = readFileSync(join(out, 'index.html'), 'utf8');
      for (const c of CASES) {
        const expected = c.published(origin).replace(/&/g, '&amp;');
        expect(atom).toContain(`href="${expected}"`);
        expect(overview).toContain(`href="${expected}"`);
      }
      expect(atom).not.toContain(origin.replace('http:', 'https:'));
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
