/**
 * Backfill: a walk through every page of a listing source, through the real queues and workers,
 * against generated listings on loopback. Each walk is checked by what the site saw (requests per
 * listing page) and what the store holds (every release once).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Source } from '../src/model/index.js';
import { backfillPage, pageNumberOf, pageUrl, startBackfill } from '../src/pipeline/index.js';
import { backfillJobId } from '../src/queue/index.js';
import { releaseDay, startListingSite, type ListingSite, type ListingSiteOptions } from './helpers/backfill-site.js';
import { startTestPipeline, testSource, type TestPipeline } from './helpers/pipeline.js';

let site: ListingSite | undefined;
let pipeline: TestPipeline | undefined;

afterEach(async () => {
  await pipeline?.close();
  await site?.server.close();
  pipeline = undefined;
  site = undefined;
});

/** A site and a pipeline with one listing source on it; the source takes `overrides`. */
async function start(options: ListingSiteOptions, overrides: Partial<Source> = {}): Promise<{ site: ListingSite; pipeline: TestPipeline; source: Source }> {
  site = await startListingSite(options);
  const source = testSource({ id: 'presse', url: site.url, maxPages: 1, ...overrides });
  pipeline = await startTestPipeline({ sources: [source] });
  return { site, pipeline, source };
}

/** Every release of the site is stored, each as an item of its own. */
async function expectStoredOnce(p: TestPipeline, s: ListingSite, count = s.releases.length): Promise<void> {
  const ids = await Promise.all(s.releases.slice(0, count).map((r) => p.app.store.findItemIdByUrl(s.releaseUrl(r))));
  expect(ids.every((id) => id !== undefined)).toBe(true);
  expect(new Set(ids).size).toBe(count);
  expect(await p.app.store.countItems()).toBe(count);
}

const once = (pages: number): number[] => Array.from({ length: pages }, () => 1);

describe('a backfill walk', () => {
  it('walks a listing of 30 pages to its end, storing every release once and reading every page once', async () => {
    const { site, pipeline } = await start({ pages: 30, perPage: 5 });
    const walk = await pipeline.backfill('presse');

    expect(walk).toMatchObject({ status: 'done', page: 31, pages: 30, estimatedPages: 30, found: 150, new: 150, duplicates: 0, errors: 0, skippedCount: 0 });
    expect(walk.reason).toBe('page 30 lists no releases');
    expect(walk.endedAt).toBeDefined();
    await expectStoredOnce(pipeline, site);
    // Pages 0–29 and the empty page after them, each once.
    expect(site.listingRequests()).toEqual(once(31));
    expect(site.articleRequests()).toBe(150);
  });

  it('is not repeated once done; restarted, it reads the pages again but fetches no stored article again', async () => {
    const { site, pipeline, source } = await start({ pages: 4, perPage: 3 });
    const first = await pipeline.backfill('presse');

    const again = await startBackfill(pipeline.app.deps, source);
    expect(again.action).toBe('finished');
    expect(again.walk.run).toBe(first.run);
    expect(site.listingRequests()).toEqual(once(5));

    const restarted = await startBackfill(pipeline.app.deps, source, { restart: true });
    expect(restarted.action).toBe('restarted');
    const second = await pipeline.walkEnded('presse');
    expect(second.run).not.toBe(first.run);
    expect(second).toMatchObject({ status: 'done', pages: 4, found: 12, new: 0, duplicates: 12 });
    expect(site.listingRequests()).toEqual([2, 2, 2, 2, 2]);
    expect(site.articleRequests()).toBe(12);
    await expectStoredOnce(pipeline, site);
  });

  it.each([
    ['a page that lists the releases of the page before it', 'same' as const, 'page 5 lists the same releases as the page before it'],
    ['a page that is gone (404)', '404' as const, 'page 5 is gone (404)'],
  ])('ends at %s', async (_, end, reason) => {
    const { site, pipeline } = await start({ pages: 5, perPage: 2, end, linkNext: false });
    const walk = await pipeline.backfill('presse');
    expect(walk).toMatchObject({ status: 'done', pages: 5, found: 10, skippedCount: 0, errors: 0, reason });
    expect(site.listingRequests()).toEqual(once(6));
    await expectStoredOnce(pipeline, site);
  });

  it('with since, ends at the first page whose releases are all older, storing none older than that day', async () => {
    // Releases one day apart, four a page: the 10th newest is on page 2, with two older ones after it.
    const { site, pipeline } = await start({ pages: 6, perPage: 4 });
    const walk = await pipeline.backfill('presse', { since: releaseDay(9) });
    expect(walk).toMatchObject({ status: 'done', pages: 3, found: 12, new: 10, since: releaseDay(9), reason: `page 3 lists only releases older than ${releaseDay(9)}` });
    expect(site.listingRequests()).toEqual(once(4));
    await expectStoredOnce(pipeline, site, 10);
  });

  it('with a page limit, reads that many pages and no more', async () => {
    const { site, pipeline } = await start({ pages: 10, perPage: 2 });
    const walk = await pipeline.backfill('presse', { maxPages: 3 });
    expect(walk).toMatchObject({ status: 'done', pages: 3, maxPages: 3, reason: 'read the 3 page(s) asked for' });
    expect(site.listingRequests()).toEqual(once(3));
    await expectStoredOnce(pipeline, site, 6);
  });

  it("walks an archive template's pages by number when the pages link no next page", async () => {
    site = await startListingSite({ pages: 4, perPage: 3, path: '/archiv', pageParam: 'seite', linkNext: false, end: '404' });
    const source = testSource({ id: 'presse', url: `${site.server.origin}/presse`, archive: `${site.server.origin}/archiv?seite={page}`, maxPages: 1 });
    pipeline = await startTestPipeline({ sources: [source] });
    const walk = await pipeline.backfill('presse');
    expect(walk).toMatchObject({ status: 'done', pages: 4, estimatedPages: 4, reason: 'page 4 is gone (404)' });
    expect(site.server.requests.filter((r) => !r.path.startsWith('/presse/')).map((r) => r.path)).toEqual([
      '/archiv?seite=0',
      '/archiv?seite=1',
      '/archiv?seite=2',
      '/archiv?seite=3',
      '/archiv?seite=4',
    ]);
    await expectStoredOnce(pipeline, site);
  });
});

describe('a listing page that fails', () => {
  it('is tried again with backoff, and read once it answers: nothing skipped', async () => {
    const { site, pipeline } = await start({ pages: 5, perPage: 2 });
    site.failPage(2, 503, 2);
    const walk = await pipeline.backfill('presse');
    expect(walk).toMatchObject({ status: 'done', pages: 5, errors: 2, skippedCount: 0 });
    expect(site.listingRequests()).toEqual([1, 1, 3, 1, 1, 1]);
    await expectStoredOnce(pipeline, site);
  });

  it('is skipped after its last attempt, named in the walk and on the source, and the walk goes on', async () => {
    const { site, pipeline } = await start({ pages: 6, perPage: 2 });
    site.failPage(2, 500);
    const walk = await pipeline.backfill('presse');
    expect(walk).toMatchObject({ status: 'done', pages: 5, page: 7, errors: 5, skippedCount: 1, reason: 'page 6 lists no releases' });
    expect(walk.skipped).toEqual([{ page: 2, url: `${site.url}?page=2`, error: expect.stringMatching(/500/) }]);
    // Five attempts at page 2, every other page once.
    expect(site.listingRequests()).toEqual([1, 1, 5, 1, 1, 1, 1]);
    const state = await pipeline.app.store.getSourceState('presse');
    expect(state.lastError).toMatchObject({ url: `${site.url}?page=2`, message: expect.stringMatching(/^backfill page 2 not read: .*500/) });
    expect(await pipeline.app.store.countItems()).toBe(10);
  });

  it('fails the walk when three pages in a row cannot be read, instead of skipping on for ever', async () => {
    const { site, pipeline } = await start({ pages: 8, perPage: 2 });
    for (const page of [3, 4, 5]) site.failPage(page, 502);
    const walk = await pipeline.backfill('presse');
    expect(walk.status).toBe('failed');
    expect(walk.reason).toMatch(/^3 pages in a row could not be read, the last \(page 5\): .*502/);
    expect(walk.skipped.map((p) => p.page)).toEqual([3, 4, 5]);
    expect(site.listingRequests()).toEqual([1, 1, 1, 5, 5, 5]);
  });
});

describe('resuming a walk', () => {
  it('goes on from the page after the last one finished, from the walk state alone, reading no finished page again', async () => {
    const { site, pipeline, source } = await start({ pages: 12, perPage: 2 });
    const held = site.holdPage(5);
    const first = await startBackfill(pipeline.app.deps, source);
    expect(first.action).toBe('started');
    await held.reached;
    // Interrupted while page 5 is being read: the running page finishes, then no worker is left.
    const stopping = pipeline.stopWorkers();
    held.release();
    await stopping;
    const interrupted = (await pipeline.app.store.getWalk('presse'))!;
    expect(interrupted).toMatchObject({ status: 'running', page: 6, url: `${site.url}?page=6` });
    // The queued job of page 6 is lost as well (say, the queue was emptied): the state is enough.
    await pipeline.app.queues.backfill.drain(true);
    expect(await pipeline.app.queues.backfill.getJob(backfillJobId('presse', interrupted.run, 6))).toBeUndefined();

    pipeline.startWorkers();
    const resumed = await startBackfill(pipeline.app.deps, source);
    expect(resumed.action).toBe('resumed');
    const walk = await pipeline.walkEnded('presse');
    expect(walk).toMatchObject({ status: 'done', run: first.walk.run, pages: 12, found: 24 });
    expect(site.listingRequests()).toEqual(once(13));
    await expectStoredOnce(pipeline, site);
  });

  it('records a page once when its job runs again after the page was recorded', async () => {
    const { site, pipeline, source } = await start({ pages: 3, perPage: 2 });
    await pipeline.stopWorkers();
    const run = 'rerun';
    await pipeline.app.store.startWalk('presse', { run, url: site.url, at: new Date() });
    const job = { sourceId: 'presse', run, page: 0, url: site.url };
    expect(await backfillPage(pipeline.app.deps, job, false)).toMatchObject({ status: 'read', page: 0, entries: 2, next: `${site.url}?page=1` });
    // The same job again (its worker died after recording the page): it reads nothing.
    expect(await backfillPage(pipeline.app.deps, job, false)).toEqual({ status: 'stale', page: 0 });
    expect(site.listingRequests()).toEqual([1]);
    expect(await pipeline.app.store.getWalk('presse')).toMatchObject({ page: 1, pages: 1, found: 2 });
    // A job of another run (a walk restarted since) reads nothing either.
    expect(await backfillPage(pipeline.app.deps, { ...job, run: 'old', page: 1 }, false)).toEqual({ status: 'stale', page: 1 });
    expect(site.listingRequests()).toEqual([1]);
    pipeline.startWorkers();
    expect(await pipeline.walkEnded(source.id)).toMatchObject({ status: 'done', pages: 3 });
    expect(site.listingRequests()).toEqual(once(4));
  });
});

describe('backfill: true in sources.yaml', () => {
  it('makes the scheduler start the walk once, however often and by however many schedulers it reconciles', async () => {
    site = await startListingSite({ pages: 6, perPage: 2 });
    const source = testSource({ id: 'presse', url: site.url, backfill: true, maxPages: 1 });
    pipeline = await startTestPipeline({ sources: [source], workers: 2 });
    const [a, b] = await Promise.all(pipeline.apps.map((app) => app.reconcile()));
    expect([...a!.backfills, ...b!.backfills]).toEqual(['presse']);
    const walk = await pipeline.walkEnded('presse');
    expect(walk).toMatchObject({ status: 'done', pages: 6 });

    // A scheduler started again finds the walk and leaves it be.
    expect((await pipeline.app.reconcile()).backfills).toEqual([]);
    expect((await pipeline.app.store.getWalk('presse'))!.run).toBe(walk.run);
    // Only page 0 is read by polls too; every older page was read once, by the walk.
    expect(site.listingRequests().slice(1)).toEqual(once(6));
    await expectStoredOnce(pipeline, site);
  });
});

describe('page URLs', () => {
  const listing = { url: 'https://soziales.hessen.de/presse' };
  const archive = { url: 'https://soziales.hessen.de/presse', archive: 'https://soziales.hessen.de/presse-archiv?jahr=alle&seite={page}' };

  it.each([
    [listing, 0, 'https://soziales.hessen.de/presse'],
    [listing, 1, 'https://soziales.hessen.de/presse?page=1'],
    [{ url: 'https://soziales.hessen.de/presse?typ=pm' }, 7, 'https://soziales.hessen.de/presse?typ=pm&page=7'],
    [archive, 0, 'https://soziales.hessen.de/presse-archiv?jahr=alle&seite=0'],
    [archive, 12, 'https://soziales.hessen.de/presse-archiv?jahr=alle&seite=12'],
  ])('page of %j number %i is %s, and that URL is the page of that number', (source, page, url) => {
    expect(pageUrl(source, page)).toBe(url);
    expect(pageNumberOf(source, url)).toBe(page);
  });

  it.each([
    [listing, 'https://soziales.hessen.de/presse?page=299#main', 299],
    [listing, 'https://soziales.hessen.de/themen?page=3', undefined],
    [listing, 'https://soziales.hessen.de/presse?page=last', undefined],
    [archive, 'https://soziales.hessen.de/presse-archiv?jahr=alle&seite=41', 41],
    [archive, 'https://soziales.hessen.de/presse?page=2', undefined],
  ])('in the numbering of %j, %s is page %s', (source, url, page) => {
    expect(pageNumberOf(source, url)).toBe(page);
  });
});
