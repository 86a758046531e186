import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixtureServer, type FixtureServer } from './helpers/http-server.js';
import { listingPage, releasePage, rssFeed, syntheticRelease, type ReleaseFixture } from './helpers/hessen-site.js';
import { startTestPipeline, testSource, type TestPipeline } from './helpers/pipeline.js';

const bytes = (body: Buffer, contentType: string) => (_req: unknown, res: import('node:http').ServerResponse) => {
  res.writeHead(200, { 'content-type': contentType });
  res.end(body);
};

describe('pages and feeds in legacy encodings', () => {
  let site: FixtureServer;
  let pipeline: TestPipeline;
  const latin1: ReleaseFixture = {
    ...syntheticRelease(20),
    slug: 'latin1',
    title: 'Größere Förderung für Übergänge in Gießen',
    paragraphs: ['Die Maßnahme läuft über fünf Jahre und stärkt die Schülerinnen und Schüler in Gießen und Fulda.', 'Weitere Äußerungen folgen.'],
  };
  const cp1252: ReleaseFixture = {
    ...syntheticRelease(21),
    slug: 'cp1252',
    title: 'Minister: „Ein guter Tag für Hessen“',
    paragraphs: ['„Wir investieren 25 € pro Kopf“, sagte der Minister – und das schon ab 2025.', 'Der Betrag von 3 Mio. € ist im Haushalt gesichert.'],
  };

  beforeAll(async () => {
    site = await startFixtureServer();
    const teaser = (r: ReleaseFixture) => ({ href: `/presse/${r.slug}`, title: r.title, date: r.date, dateline: r.dateline });
    site.route('/presse', listingPage([teaser(latin1), teaser(cp1252)]));
    // Declared only in <meta>: the header names no charset.
    site.route('/presse/latin1', bytes(iconv.encode(releasePage(latin1, { charsetMeta: 'iso-8859-1' }), 'latin1'), 'text/html'));
    site.route('/presse/cp1252', bytes(iconv.encode(releasePage(cp1252, { charsetMeta: 'windows-1252' }), 'win1252'), 'text/html; charset=windows-1252'));
    // Declared only in the XML prolog; the entries leave the source's hosts, so they come from the feed itself.
    const feed = rssFeed(
      [{ link: `http://localhost:${site.port}/meldung/1`, title: 'Spatenstich für Brücke in Groß-Umstadt', pubDate: 'Wed, 08 Jan 2025 11:00:00 +0100', description: 'Baubeginn für die Mainbrücke in Groß-Umstadt: Kosten 12 Mio. Euro, Fertigstellung 2027.' }],
      { encoding: 'ISO-8859-1' },
    );
    site.route('/feed.xml', bytes(iconv.encode(feed, 'latin1'), 'application/xml'));
    pipeline = await startTestPipeline({
      sources: [testSource({ id: 'listing', url: `${site.origin}/presse` }), testSource({ id: 'feed', url: `${site.origin}/feed.xml`, type: 'feed' })],
    });
    await pipeline.pollAll();
  });

  afterAll(async () => {
    await pipeline?.close();
    await site?.close();
  });

  const itemAt = async (url: string) => pipeline.app.store.getItem((await pipeline.app.store.findItemIdByUrl(url))!);

  it('decodes an ISO-8859-1 page declared only in <meta>', async () => {
    const item = await itemAt(`${site.origin}/presse/latin1`);
    expect(item?.title).toBe('Größere Förderung für Übergänge in Gießen');
    expect(item?.contentHtml).toContain('Die Maßnahme läuft über fünf Jahre');
  });

  it('keeps „“ and € of a windows-1252 page intact', async () => {
    const item = await itemAt(`${site.origin}/presse/cp1252`);
    expect(item?.title).toBe('Minister: „Ein guter Tag für Hessen“');
    expect(item?.contentHtml).toContain('„Wir investieren 25 € pro Kopf“');
    expect(item?.contentHtml).toContain('3 Mio. €');
  });

  it('decodes a feed by the encoding in its XML prolog', async () => {
    const item = await itemAt(`http://localhost:${site.port}/meldung/1`);
    expect(item?.title).toBe('Spatenstich für Brücke in Groß-Umstadt');
    expect(item?.summary).toContain('Baubeginn für die Mainbrücke in Groß-Umstadt: Kosten');
  });
});
