import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import * as cheerio from 'cheerio';
import { createFilter, FeedService, loadReleasePage } from '../src/publish/index.js';
import { checkAtomFeed, children, parseXml, text } from './helpers/atom-checker.js';
import { startFixtureServer, type FixtureServer } from './helpers/http-server.js';
import { listingPage, releasePage, syntheticRelease, type ReleaseFixture } from './helpers/hessen-site.js';
import { startTestPipeline, testClock, testSource, type TestPipeline } from './helpers/pipeline.js';

const BASE = 'http://127.0.0.1:8080';

/** The shipped default; the pipeline's clock is moved past it instead of waiting. */
const RECHECK_MS = 24 * 3600_000;

/**
 * A ministry that corrects a release silently: same URL, same teaser on the listing, new text.
 * The article answers conditional requests by its ETag, as Drupal does.
 */
async function correctingSite(original: ReleaseFixture) {
  let release = original;
  let version = 1;
  const site = await startFixtureServer();
  site.route('/presse', listingPage([{ href: `/presse/${original.slug}`, title: original.title, date: original.date, dateline: original.dateline }]));
  site.route(`/presse/${original.slug}`, (req: IncomingMessage, res: ServerResponse) => {
    const etag = `"v${version}"`;
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, { etag });
      res.end();
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', etag });
    res.end(releasePage(release));
  });
  return {
    site,
    articleRequests: () => site.requests.filter((r) => r.path === `/presse/${original.slug}`),
    correct(next: ReleaseFixture) {
      release = next;
      version += 1;
    },
  };
}

describe('recheck of stored articles', () => {
  let site: FixtureServer | undefined;
  let pipeline: TestPipeline | undefined;
  afterEach(async () => {
    await pipeline?.close();
    await site?.close();
  });

  it('fetches a listed article again once the recheck time has passed, and updates a silent correction in place', async () => {
    const release = syntheticRelease(70);
    const fixture = await correctingSite(release);
    site = fixture.site;
    const clock = testClock();
    pipeline = await startTestPipeline({ sources: [testSource({ id: 'presse', url: `${site.origin}/presse`, recheckMs: RECHECK_MS })], now: clock.now });
    const url = `${site.origin}/presse/${release.slug}`;

    await pipeline.pollAll();
    const id = (await pipeline.app.store.findItemIdByUrl(url))!;
    const stored = (await pipeline.app.store.getItem(id))!;
    expect(fixture.articleRequests()).toHaveLength(1);

    // Within the recheck time an unchanged teaser does not fetch the article.
    clock.advance(RECHECK_MS - 1);
    await pipeline.pollAll();
    expect(fixture.articleRequests()).toHaveLength(1);

    // Past it: a conditional request; a 304 leaves the item exactly as it was and restarts the clock.
    clock.advance(1);
    await pipeline.pollAll();
    expect(fixture.articleRequests()).toHaveLength(2);
    expect(fixture.articleRequests()[1]?.headers['if-none-match']).toBe('"v1"');
    expect(await pipeline.app.store.getItem(id)).toEqual(stored);
    clock.advance(RECHECK_MS - 1);
    await pipeline.pollAll();
    expect(fixture.articleRequests()).toHaveLength(2);

    // A silent correction: the listing shows the same teaser, the page has a new title and text.
    const corrected = { ...release, title: `${release.title} (korrigiert)`, paragraphs: [...release.paragraphs, 'Korrektur: Die Veranstaltung beginnt um 11 Uhr.'] };
    fixture.correct(corrected);
    clock.advance(1);
    await pipeline.pollAll();
    expect(fixture.articleRequests()).toHaveLength(3);
    const updated = (await pipeline.app.store.getItem(id))!;
    expect(updated.id).toBe(stored.id);
    expect(updated.title).toBe(corrected.title);
    expect(updated.contentHtml).toContain('Korrektur: Die Veranstaltung beginnt um 11 Uhr.');
    expect(updated.updated).not.toBe(stored.updated);
    expect(await pipeline.app.store.countItems()).toBe(1);

    // The version it replaced is kept; the release page shows the added words, /changes.atom the correction.
    const store = pipeline.app.store;
    expect((await store.revisions(id)).map((r) => [r.title, r.contentHtml])).toEqual([[stored.title, stored.contentHtml]]);
    const ministries = pipeline.app.config.ministries;
    const { readReleaseData, renderReleasePage } = await loadReleasePage();
    const data = (await readReleaseData({ store, ministries, sources: pipeline.app.config.sources, version: 'test' }, id, BASE, 'de'))!;
    const $ = cheerio.load(renderReleasePage(data));
    expect($('#revisions ins').map((_, el) => $(el).text()).get().join(' ')).toContain('Korrektur: Die Veranstaltung beginnt um 11 Uhr.');
    expect($('#revisions .change-summary').text()).toMatch(/^Titel geändert; 1 Absatz geändert/);
    const feeds = new FeedService(store, { ministries, generator: { name: 'hessenfeed', version: 'test' } });
    const atom = (await (await feeds.changes('atom', createFilter({}), BASE)).bodyIn('identity')).toString('utf8');
    expect(checkAtomFeed(atom)).toEqual([]);
    const entries = children(children(parseXml(atom), 'feed')[0]!, 'entry');
    expect(entries.map((entry) => text(children(entry, 'title')[0]))).toEqual([`Korrektur: ${corrected.title}`]);
  });

  it('never fetches a stored, unchanged article again when recheck is off', async () => {
    const release = syntheticRelease(71);
    const fixture = await correctingSite(release);
    site = fixture.site;
    const clock = testClock();
    pipeline = await startTestPipeline({ sources: [testSource({ id: 'presse', url: `${site.origin}/presse`, recheckMs: undefined })], now: clock.now });
    await pipeline.pollAll();
    clock.advance(365 * 24 * 3600_000);
    await pipeline.pollAll();
    expect(fixture.articleRequests()).toHaveLength(1);
  });
});
