import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scrapeArticle } from '../src/pipeline/index.js';
import { startFixtureServer, type FixtureServer } from './helpers/http-server.js';
import { listingPage, releasePage, syntheticRelease, type ReleaseFixture, type TeaserFixture } from './helpers/hessen-site.js';
import { startTestPipeline, testSource, type TestPipeline } from './helpers/pipeline.js';

/** A handler that serves `body()` with an ETag and Last-Modified and answers 304 when they match. */
function conditional(body: () => string, etag: () => string) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const lastModified = 'Mon, 06 Jan 2025 10:00:00 GMT';
    if (req.headers['if-none-match'] === etag()) {
      res.writeHead(304, { etag: etag(), 'last-modified': lastModified });
      res.end();
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', etag: etag(), 'last-modified': lastModified });
    res.end(body());
  };
}

describe('conditional GET', () => {
  let site: FixtureServer;
  let pipeline: TestPipeline;
  const first = syntheticRelease(1);
  const second = syntheticRelease(2);
  let teasers: TeaserFixture[];
  let listingVersion = 1;
  const teaser = (r: ReleaseFixture): TeaserFixture => ({ href: `/presse/${r.slug}`, title: r.title, date: r.date, dateline: r.dateline });
  const requestsTo = (path: string) => site.requests.filter((r) => r.path === path);

  beforeAll(async () => {
    teasers = [teaser(first)];
    site = await startFixtureServer();
    site.route('/presse', conditional(() => listingPage(teasers), () => `"listing-${listingVersion}"`));
    site.route(`/presse/${first.slug}`, conditional(() => releasePage(first), () => '"first-1"'));
    site.route(`/presse/${second.slug}`, conditional(() => releasePage(second), () => '"second-1"'));
    pipeline = await startTestPipeline({ sources: [testSource({ id: 'presse', url: `${site.origin}/presse`, maxPages: 1 })] });
    await pipeline.pollAll();
  });

  afterAll(async () => {
    await pipeline?.close();
    await site?.close();
  });

  it('stores the release of the first poll', async () => {
    expect(await pipeline.app.store.countItems()).toBe(1);
    expect(requestsTo(`/presse/${first.slug}`)).toHaveLength(1);
  });

  it('sends the validators on the next poll, and a 304 enqueues nothing', async () => {
    const before = pipeline.events.length;
    await pipeline.pollAll();
    const listing = requestsTo('/presse').at(-1)!;
    expect(listing.headers['if-none-match']).toBe('"listing-1"');
    expect(listing.headers['if-modified-since']).toBe('Mon, 06 Jan 2025 10:00:00 GMT');
    const jobs = pipeline.events.slice(before);
    expect(jobs.map((e) => e.queue)).toEqual(['poll']);
    expect(jobs[0]?.result).toEqual({ status: 'not-modified' });
    expect(requestsTo(`/presse/${first.slug}`)).toHaveLength(1);
  });

  it('fetches only the new article when the listing changes, not the unchanged one', async () => {
    teasers = [teaser(second), teaser(first)];
    listingVersion = 2;
    await pipeline.pollAll();
    expect(requestsTo(`/presse/${second.slug}`)).toHaveLength(1);
    expect(requestsTo(`/presse/${first.slug}`)).toHaveLength(1);
    expect(await pipeline.app.store.countItems()).toBe(2);
  });

  it('asks conditionally for an article whose teaser changed, and leaves the item alone on 304', async () => {
    const id = (await pipeline.app.store.findItemIdByUrl(`${site.origin}/presse/${first.slug}`))!;
    const before = await pipeline.app.store.getItem(id);
    teasers = [teaser(second), { ...teaser(first), title: `${first.title} (aktualisiert)` }];
    listingVersion = 3;
    await pipeline.pollAll();
    const articleRequests = requestsTo(`/presse/${first.slug}`);
    expect(articleRequests).toHaveLength(2);
    expect(articleRequests[1]?.headers['if-none-match']).toBe('"first-1"');
    expect(await pipeline.app.store.getItem(id)).toEqual(before);
  });

  it('asks conditionally for a stored page also when the scrape job was queued without validators (by an earlier version)', async () => {
    const url = `${site.origin}/presse/${first.slug}`;
    const outcome = await scrapeArticle(pipeline.app.deps, { sourceId: 'presse', entry: { url }, signature: 'queued-earlier' }, false);
    expect(outcome).toEqual({ status: 'not-modified', url });
    expect(requestsTo(`/presse/${first.slug}`).at(-1)?.headers['if-none-match']).toBe('"first-1"');
  });
});
