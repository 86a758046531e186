import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixtureServer, type FixtureServer } from './helpers/http-server.js';
import { listingPage, releasePage, rssFeed, syntheticRelease } from './helpers/hessen-site.js';
import { startTestPipeline, testSource, type TestPipeline } from './helpers/pipeline.js';

const HOSTILE = [
  '<script>alert("xss")</script>',
  '<p onclick="steal()">Klick <a href="javascript:alert(1)">hier</a></p>',
  '<img src="data:image/png;base64,AAAA" onerror="alert(2)">',
  '<iframe src="https://evil.example/"></iframe>',
  '<p style="position:fixed">Gestylter Absatz</p>',
  '<style>body{display:none}</style>',
].join('\n');

/** The classic entity expansion attack: ten levels of ten references each, 3·10⁹ characters. */
function billionLaughs(): string {
  const levels = Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`);
  return `<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY lol "lol">${levels.join('')}]>
<rss version="2.0"><channel><title>&lol9;</title></channel></rss>`;
}

function base64Feed(): string {
  const body = Buffer.from('<p>Volltext aus dem <strong>kodierten</strong> Feed</p><script>alert(4)</script><img src="x" onerror="alert(5)">').toString('base64');
  return `<?xml version="1.0" encoding="utf-8"?>
<feed version="0.3" xmlns="http://purl.org/atom/ns#"><title>Presse</title>
<entry><title>Kodierte Meldung</title><link rel="alternate" type="text/html" href="kodiert"/><id>tag:presse,2025:kodiert</id>
<issued>2025-01-08T10:00:00+01:00</issued><content type="text/html" mode="base64">${body}</content></entry></feed>`;
}

describe('hostile and broken sources', () => {
  let site: FixtureServer;
  let privateSite: FixtureServer;
  let pipeline: TestPipeline;
  const good = syntheticRelease(7);
  const hostile = syntheticRelease(8);

  beforeAll(async () => {
    site = await startFixtureServer();
    // Bound to another loopback address, which the fetch policy does not allow.
    privateSite = await startFixtureServer({ '/presse/intern': releasePage(syntheticRelease(9)) }, { host: '127.0.0.3' });
    const teaser = (r: typeof good) => ({ href: `/presse/${r.slug}`, title: r.title, date: r.date, dateline: r.dateline });
    site.route('/good/presse', listingPage([teaser(good), teaser(hostile)]));
    site.route(`/presse/${good.slug}`, releasePage(good));
    site.route(`/presse/${hostile.slug}`, releasePage(hostile, { extraBodyHtml: HOSTILE }));
    site.route(
      '/links/feed.xml',
      rssFeed([
        { link: `http://127.0.0.3:${privateSite.port}/presse/intern`, title: 'Intern', pubDate: 'Mon, 06 Jan 2025 10:00:00 +0100' },
        {
          link: `http://localhost:${site.port}/presse/fremd`,
          title: 'Meldung auf einem fremden Host',
          pubDate: 'Tue, 07 Jan 2025 09:30:00 +0100',
          description: 'Kurzfassung aus dem Feed',
          content: '<p>Volltext aus dem Feed</p><script>alert(3)</script>',
        },
      ]),
      'application/rss+xml',
    );
    site.route('/presse/fremd', releasePage(syntheticRelease(10)));
    site.route('/big/presse', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<p>' + 'x'.repeat(3 * 1024 * 1024) + '</p>');
    });
    // Compressed once up front: compressing per request would eat the fetch's time budget.
    const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024, 0x20));
    site.route('/bomb/presse', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip' });
      res.end(bomb);
    });
    site.route('/loop/a', (_req, res) => {
      res.writeHead(302, { location: '/loop/b' });
      res.end();
    });
    site.route('/loop/b', (_req, res) => {
      res.writeHead(302, { location: '/loop/a' });
      res.end();
    });
    site.route('/slow/presse', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.write('<html>');
      // …and never finishes.
    });
    site.route('/broken/feed.xml', '<?xml version="1.0"?><rss version="2.0"><channel><item><title>kaputt</channel>', 'application/rss+xml');
    site.route('/html/feed.xml', '<!DOCTYPE html><html><body><h1>Seite nicht gefunden</h1></body></html>', 'text/html');
    site.route('/no-channel/feed.xml', '<?xml version="1.0"?>\n<rss version="2.0"></rss>', 'application/rss+xml');
    site.route('/linkless/feed.xml', '<rss version="2.0"><channel><item><title>a</title><guid isPermaLink="false">a-1</guid></item></channel></rss>', 'application/rss+xml');
    site.route('/bomb/feed.xml', billionLaughs(), 'application/rss+xml');
    // A base64 body whose entry leaves the source's hosts (its link resolves against the
    // Content-Location), so it is published from the feed itself: decoded, then sanitized.
    site.route('/encoded/feed.xml', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/atom+xml', 'content-location': `http://localhost:${site.port}/presse/2025/feed.atom` });
      res.end(base64Feed());
    });

    pipeline = await startTestPipeline({
      sources: [
        testSource({ id: 'good', url: `${site.origin}/good/presse` }),
        testSource({ id: 'links', url: `${site.origin}/links/feed.xml`, type: 'feed', hosts: ['127.0.0.1', '127.0.0.3'] }),
        testSource({ id: 'too-big', url: `${site.origin}/big/presse` }),
        testSource({ id: 'gzip-bomb', url: `${site.origin}/bomb/presse` }),
        testSource({ id: 'redirect-loop', url: `${site.origin}/loop/a` }),
        testSource({ id: 'slow', url: `${site.origin}/slow/presse` }),
        testSource({ id: 'malformed-xml', url: `${site.origin}/broken/feed.xml`, type: 'feed' }),
        testSource({ id: 'html-as-feed', url: `${site.origin}/html/feed.xml`, type: 'feed' }),
        testSource({ id: 'no-channel', url: `${site.origin}/no-channel/feed.xml`, type: 'feed' }),
        testSource({ id: 'linkless', url: `${site.origin}/linkless/feed.xml`, type: 'feed' }),
        testSource({ id: 'entity-bomb', url: `${site.origin}/bomb/feed.xml`, type: 'feed' }),
        testSource({ id: 'encoded', url: `${site.origin}/encoded/feed.xml`, type: 'feed' }),
      ],
      maxBytes: 1024 * 1024,
      // Long enough for the big bodies on a busy machine; the slow source still runs into it.
      fetchTimeoutMs: 3000,
    });
    await pipeline.pollAll();
  }, 60_000);

  afterAll(async () => {
    await pipeline?.close();
    await site?.close();
    await privateSite?.close();
  });

  const errorOf = async (id: string) => (await pipeline.app.store.getSourceState(id)).lastError?.message ?? '';

  it('records each broken source with its own error', async () => {
    expect(await errorOf('too-big')).toMatch(/larger than|too large|limit/i);
    expect(await errorOf('gzip-bomb')).toMatch(/larger than|too large|limit/i);
    expect(await errorOf('redirect-loop')).toMatch(/redirect/i);
    expect(await errorOf('slow')).toMatch(/time/i);
    expect(await errorOf('malformed-xml')).toMatch(/xml|feed/i);
    expect(await errorOf('html-as-feed')).toMatch(/html/i);
    for (const id of ['too-big', 'gzip-bomb', 'redirect-loop', 'slow', 'malformed-xml', 'html-as-feed']) {
      expect((await pipeline.app.store.getSourceState(id)).consecutiveFailures, id).toBe(1);
    }
  });

  it("records what is wrong with a broken feed as a sentence, never the parser's internal error", async () => {
    const sentences: Record<string, string> = {
      'malformed-xml': `${site.origin}/broken/feed.xml: the XML is not well-formed at line 1, column 78: the closing tag </channel> does not match the element open there`,
      'html-as-feed': `${site.origin}/html/feed.xml: not a feed: the document is an HTML page (its root element is <html>)`,
      'no-channel': `${site.origin}/no-channel/feed.xml: not a feed: its <rss> element has no <channel>`,
      linkless: `${site.origin}/linkless/feed.xml: the feed's one entry has no link to an article (no usable <link>, permalink <guid> or http(s) <id>)`,
      'entity-bomb': `${site.origin}/bomb/feed.xml: refused: the DOCTYPE's entity &lol4; expands to more than 10,000 characters`,
    };
    for (const [id, sentence] of Object.entries(sentences)) {
      expect(await errorOf(id), id).toBe(sentence);
      expect((await pipeline.app.store.getSourceState(id)).consecutiveFailures, id).toBe(1);
    }
  });

  it('decodes a base64 feed body, resolves its link against the Content-Location, and sanitizes it', async () => {
    expect((await pipeline.app.store.getSourceState('encoded')).lastError).toBeUndefined();
    const id = await pipeline.app.store.findItemIdByUrl(`http://localhost:${site.port}/presse/2025/kodiert`);
    const item = await pipeline.app.store.getItem(id!);
    expect(item?.title).toBe('Kodierte Meldung');
    expect(item?.contentHtml).toContain('Volltext aus dem <strong>kodierten</strong> Feed');
    for (const bad of ['<script', 'alert', 'onerror']) expect(item?.contentHtml).not.toContain(bad);
  });

  it('leaves the other sources unaffected', async () => {
    const state = await pipeline.app.store.getSourceState('good');
    expect(state.lastError).toBeUndefined();
    expect(state.lastSuccessAt).toBeDefined();
    expect(await pipeline.app.store.findItemIdByUrl(`${site.origin}/presse/${good.slug}`)).toBeDefined();
  });

  it('never fetches a private address, and records the refusal on the source', async () => {
    expect(privateSite.requests).toEqual([]);
    expect(await errorOf('links')).toMatch(/127\.0\.0\.3/);
  });

  it('never fetches a host outside the source hosts, but publishes the entry from the feed', async () => {
    expect(site.requests.filter((r) => r.path === '/presse/fremd')).toEqual([]);
    const id = await pipeline.app.store.findItemIdByUrl(`http://localhost:${site.port}/presse/fremd`);
    const item = await pipeline.app.store.getItem(id!);
    expect(item?.title).toBe('Meldung auf einem fremden Host');
    expect(item?.published).toBe('2025-01-07T08:30:00.000Z');
    expect(item?.contentHtml).toContain('Volltext aus dem Feed');
    expect(item?.contentHtml).not.toContain('script');
  });

  it('removes hostile markup from what it stores', async () => {
    const id = await pipeline.app.store.findItemIdByUrl(`${site.origin}/presse/${hostile.slug}`);
    const html = (await pipeline.app.store.getItem(id!))!.contentHtml;
    expect(html).toContain('Gestylter Absatz');
    for (const bad of ['<script', 'alert', 'onclick', 'onerror', 'javascript:', 'data:', '<iframe', 'style=', '<style']) {
      expect(html).not.toContain(bad);
    }
  });

  it('keeps the workers running: a later poll of a good source still works', async () => {
    expect(pipeline.workersRunning()).toBe(true);
    const before = site.requests.filter((r) => r.path === '/good/presse').length;
    await pipeline.pollAll(['good']);
    expect(site.requests.filter((r) => r.path === '/good/presse')).toHaveLength(before + 1);
    expect((await pipeline.app.store.getSourceState('good')).lastError).toBeUndefined();
  });
});
