import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixtureServer, type FixtureServer } from './helpers/http-server.js';
import { listingPage, releasePage, rssFeed, shuffled, syntheticRelease, type ReleaseFixture } from './helpers/hessen-site.js';
import { startTestPipeline, testSource, type TestPipeline } from './helpers/pipeline.js';

const RELEASES = 200;

describe('four workers, 200 releases each discovered through three sources in random order', () => {
  let site: FixtureServer;
  let pipeline: TestPipeline;
  let releases: ReleaseFixture[];

  beforeAll(async () => {
    releases = Array.from({ length: RELEASES }, (_, i) => syntheticRelease(i));
    site = await startFixtureServer();
    for (const r of releases) site.route(`/presse/${r.slug}`, releasePage(r));
    const teaser = (r: ReleaseFixture, href: string) => ({ href, title: r.title, date: r.date, dateline: r.dateline });
    // Three views of the same releases, each with its own URL spelling and order.
    site.route('/a/presse', listingPage(shuffled(releases, 1).map((r) => teaser(r, `/presse/${r.slug}`))));
    site.route(
      '/b/presse',
      listingPage(shuffled(releases, 2).map((r) => teaser(r, `${site.origin}/presse/${r.slug}?utm_source=portal&utm_medium=listing`))),
    );
    site.route(
      '/c/feed.xml',
      rssFeed(
        shuffled(releases, 3).map((r) => ({
          link: `${site.origin}/presse/${r.slug}?utm_campaign=feed#main-content`,
          title: r.title,
          pubDate: 'Mon, 06 Jan 2025 10:00:00 +0100',
        })),
      ),
      'application/rss+xml; charset=utf-8',
    );
    pipeline = await startTestPipeline({
      sources: [
        testSource({ id: 'source-a', url: `${site.origin}/a/presse`, maxPages: 1 }),
        testSource({ id: 'source-b', url: `${site.origin}/b/presse`, maxPages: 1 }),
        testSource({ id: 'source-c', url: `${site.origin}/c/feed.xml`, type: 'feed' }),
      ],
      workers: 4,
      concurrency: 4,
    });
    await pipeline.pollAll();
  }, 120_000);

  afterAll(async () => {
    await pipeline?.close();
    await site?.close();
  });

  it('stores exactly one item per release', async () => {
    expect(await pipeline.app.store.countItems()).toBe(RELEASES);
  });

  it('loses no job: every release is stored with its text and all three sources', async () => {
    const missing: string[] = [];
    for (const r of releases) {
      const id = await pipeline.app.store.findItemIdByUrl(`${site.origin}/presse/${r.slug}`);
      const item = id ? await pipeline.app.store.getItem(id) : undefined;
      if (!item) {
        missing.push(r.slug);
        continue;
      }
      expect(item.title).toBe(r.title);
      expect(item.contentHtml).toContain(r.paragraphs[2]!.slice(0, 40));
      expect([...item.sources].sort()).toEqual(['source-a', 'source-b', 'source-c']);
    }
    expect(missing).toEqual([]);
  });

  it('finished every job without a failure', () => {
    expect(pipeline.events.filter((e) => !e.ok)).toEqual([]);
    expect(pipeline.events.filter((e) => e.queue === 'poll')).toHaveLength(3);
  });

  it('fetched each article page at most once per discovering source', () => {
    const fetches = new Map<string, number>();
    for (const req of site.requests) {
      const path = req.path.split('?')[0]!;
      if (path.startsWith('/presse/')) fetches.set(path, (fetches.get(path) ?? 0) + 1);
    }
    expect(fetches.size).toBe(RELEASES);
    expect(Math.max(...fetches.values())).toBeLessThanOrEqual(3);
  });
});
