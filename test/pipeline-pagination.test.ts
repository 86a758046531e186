import { afterEach, describe, expect, it } from 'vitest';
import { startFixtureServer, type FixtureServer } from './helpers/http-server.js';
import { listingPage, releasePage, syntheticRelease, type ReleaseFixture, type TeaserFixture } from './helpers/hessen-site.js';
import { startTestPipeline, testSource, type TestPipeline } from './helpers/pipeline.js';

const teaser = (r: ReleaseFixture): TeaserFixture => ({ href: `/presse/${r.slug}`, title: r.title, date: r.date, dateline: r.dateline });

describe('listing pagination', () => {
  let site: FixtureServer | undefined;
  let pipeline: TestPipeline | undefined;
  afterEach(async () => {
    await pipeline?.close();
    await site?.close();
  });

  /** A listing of three pages with two releases each; page 3 links on to a page 4. */
  async function siteWithPages(): Promise<{ site: FixtureServer; releases: ReleaseFixture[] }> {
    const releases = Array.from({ length: 6 }, (_, i) => syntheticRelease(40 + i));
    const server = await startFixtureServer();
    const pageOf = (n: number) => releases.slice(2 * n, 2 * n + 2).map(teaser);
    server.route('/presse', listingPage(pageOf(0), '/presse?page=1'));
    server.route('/presse?page=1', listingPage(pageOf(1), '/presse?page=2'));
    server.route('/presse?page=2', listingPage(pageOf(2), '/presse?page=3'));
    for (const r of releases) server.route(`/presse/${r.slug}`, releasePage(r));
    return { site: server, releases };
  }

  const listingRequests = (server: FixtureServer) => server.requests.filter((r) => r.path.startsWith('/presse?') || r.path === '/presse');

  it('follows older pages up to max_pages until they have been read once', async () => {
    const built = await siteWithPages();
    site = built.site;
    pipeline = await startTestPipeline({ sources: [testSource({ id: 'presse', url: `${site.origin}/presse`, maxPages: 3 })] });
    await pipeline.pollAll();
    expect(listingRequests(site).map((r) => r.path)).toEqual(['/presse', '/presse?page=1', '/presse?page=2']);
    expect(await pipeline.app.store.countItems()).toBe(6);

    await pipeline.pollAll();
    expect(listingRequests(site).map((r) => r.path)).toEqual(['/presse', '/presse?page=1', '/presse?page=2', '/presse']);
  });

  it('keeps what the first pages listed when an older page fails, records that page, and reads it on the next poll', async () => {
    const built = await siteWithPages();
    site = built.site;
    const pageTwo = listingPage(built.releases.slice(4, 6).map(teaser), '/presse?page=3');
    site.route('/presse?page=2', (_req, res) => {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('kaputt');
    });
    pipeline = await startTestPipeline({ sources: [testSource({ id: 'presse', url: `${site.origin}/presse`, maxPages: 5 })] });
    await pipeline.pollAll();

    // The four releases of pages one and two are stored; the poll itself succeeded.
    expect(await pipeline.app.store.countItems()).toBe(4);
    const state = await pipeline.app.store.getSourceState('presse');
    expect(state?.lastSuccessAt).toBeDefined();
    expect(state?.consecutiveFailures).toBe(0);
    expect(state?.lastError?.url).toBe(`${site.origin}/presse?page=2`);
    expect(state?.lastError?.message).toMatch(/older listing page.*500/i);
    expect(state?.counts.errors).toBe(1);

    // A passing failure: the next poll walks the older pages again and gets the rest.
    site.route('/presse?page=2', pageTwo);
    await pipeline.pollAll();
    expect(await pipeline.app.store.countItems()).toBe(6);
    // Then the walk is done: page one only.
    const before = listingRequests(site).length;
    await pipeline.pollAll();
    expect(listingRequests(site).slice(before).map((r) => r.path)).toEqual(['/presse']);
  });

  it('stops walking for good at an older page that is gone (404)', async () => {
    const built = await siteWithPages();
    site = built.site;
    site.route('/presse?page=1', listingPage(built.releases.slice(2, 4).map(teaser), '/archiv?page=9'));
    pipeline = await startTestPipeline({ sources: [testSource({ id: 'presse', url: `${site.origin}/presse`, maxPages: 5 })] });
    await pipeline.pollAll();
    expect(await pipeline.app.store.countItems()).toBe(4);
    expect((await pipeline.app.store.getSourceState('presse')).lastError?.url).toBe(`${site.origin}/archiv?page=9`);
    const before = listingRequests(site).length;
    await pipeline.pollAll();
    expect(listingRequests(site).slice(before).map((r) => r.path)).toEqual(['/presse']);
  });
});
