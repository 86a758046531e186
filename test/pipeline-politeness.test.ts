/**
 * Politeness without blocking: a job whose host is busy gives its worker slot back, so work for
 * other hosts goes on, while the per-host limits hold across every worker process.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { listingPage, releasePage, syntheticRelease, type ReleaseFixture } from './helpers/hessen-site.js';
import { startFixtureServer, type FixtureServer } from './helpers/http-server.js';
import { politenessByHost } from '../src/pipeline/index.js';
import { pollSource } from '../src/pipeline/jobs.js';
import { startTestPipeline, testSource, type TestPipeline } from './helpers/pipeline.js';

/** What one site saw: the start of every article request, and the most requests at once. */
interface SiteLoad {
  starts: number[];
  inFlight: number;
  maxInFlight: number;
}

interface Site {
  server: FixtureServer;
  releases: ReleaseFixture[];
  load: SiteLoad;
}

/** A ministry site on its own loopback address: a listing and its releases, each answered after `holdMs`. */
async function startSite(address: string, first: number, count: number, holdMs = 0): Promise<Site> {
  const releases = Array.from({ length: count }, (_, i) => syntheticRelease(first + i));
  const load: SiteLoad = { starts: [], inFlight: 0, maxInFlight: 0 };
  const server = await startFixtureServer({}, { host: address });
  server.route('/presse', listingPage(releases.map((r) => ({ href: `/presse/${r.slug}`, title: r.title, date: r.date, dateline: r.dateline }))));
  for (const release of releases) {
    const page = releasePage(release);
    server.route(`/presse/${release.slug}`, async (_req: IncomingMessage, res: ServerResponse) => {
      load.starts.push(performance.now());
      load.inFlight += 1;
      load.maxInFlight = Math.max(load.maxInFlight, load.inFlight);
      await sleep(holdMs);
      load.inFlight -= 1;
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(page);
    });
  }
  return { server, releases, load };
}

/**
 * How much later than its request went out the site's handler (in this busy test process) may
 * note a request's start: a request on a new connection waits there for the accept and the
 * connection's first read, one on a connection kept open does not, so two starts may be noted
 * closer than they were sent. The gate counts the spacing from when a request went out.
 */
const SEEN_LATE_MS = 100;

describe('politeness that never blocks a worker', () => {
  let pipeline: TestPipeline | undefined;
  let sites: Site[] = [];

  afterEach(async () => {
    await pipeline?.close();
    await Promise.all(sites.map((site) => site.server.close()));
    pipeline = undefined;
    sites = [];
  });

  it('runs the job of a free host while the jobs of a busy host wait for their turn', async () => {
    // One scrape slot in the whole deployment, and a host that allows a request per second. A
    // job waiting inside the slot for host A's spacing would leave host B's job queued behind
    // all of A's; a job that gives the slot back lets B's run as soon as B allows.
    const a = await startSite('127.0.0.2', 1, 4);
    const b = await startSite('127.0.0.3', 20, 1);
    sites = [a, b];
    pipeline = await startTestPipeline({
      sources: [testSource({ id: 'busy', url: `${a.server.origin}/presse`, maxPages: 1 }), testSource({ id: 'free', url: `${b.server.origin}/presse`, maxPages: 1 })],
      allowPrivateNetworks: ['127.0.0.0/8'],
      concurrency: 1,
      env: { HOST_SPACING: '1s', HOST_CONCURRENCY: '1' },
    });
    await pipeline.pollAll(['busy', 'free']);

    const ingested = pipeline.events.filter((e) => e.queue === 'ingest' && e.ok).map((e) => e.sourceId);
    expect(ingested.filter((id) => id === 'busy')).toHaveLength(4);
    expect(ingested.filter((id) => id === 'free')).toHaveLength(1);
    // B's release was in before most of A's: with a blocking wait it would have been the last.
    expect(ingested.indexOf('free')).toBeLessThanOrEqual(2);
    expect(await pipeline.app.store.countItems()).toBe(5);
  });

  it("takes the entries of several listings by turns, not one listing's (one host's) all before the next", async () => {
    // Two listings polled while no scrape runs, then one scrape slot. In listing order the queue
    // would hand out A's three releases and then B's, so every job taken next would be for the
    // host just asked; by turns the hosts alternate.
    const a = await startSite('127.0.0.10', 200, 3);
    const b = await startSite('127.0.0.11', 210, 3);
    sites = [a, b];
    pipeline = await startTestPipeline({
      sources: [testSource({ id: 'a', url: `${a.server.origin}/presse`, maxPages: 1 }), testSource({ id: 'b', url: `${b.server.origin}/presse`, maxPages: 1 })],
      allowPrivateNetworks: ['127.0.0.0/8'],
      concurrency: 1,
    });
    await pipeline.stopWorkers();
    for (const sourceId of ['a', 'b']) await pollSource(pipeline.app.deps, { sourceId, trigger: 'manual' });
    pipeline.startWorkers();
    await pipeline.pollAll([]);

    const starts = [...a.load.starts.map((t) => ({ t, host: 'A' })), ...b.load.starts.map((t) => ({ t, host: 'B' }))].sort((x, y) => x.t - y.t);
    expect(starts.map((s) => s.host).join('')).toBe('ABABAB');
    expect(await pipeline.app.store.countItems()).toBe(6);
  });

  it("walks a listing's older pages without keeping the poll slot while their host's spacing runs", async () => {
    // One poll slot; site A has three listing pages on a host with 1 s spacing. A walk that waited
    // for each page inside the slot would hold B's poll back until A's last page.
    const order: string[] = [];
    const a = await startSite('127.0.0.8', 100, 2);
    const b = await startSite('127.0.0.9', 110, 1);
    sites = [a, b];
    const teaser = (r: ReleaseFixture) => ({ href: `/presse/${r.slug}`, title: r.title, date: r.date, dateline: r.dateline });
    const record = (name: string, html: string) => (_req: IncomingMessage, res: ServerResponse) => {
      order.push(name);
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(html);
    };
    a.server.route('/presse', record('A1', listingPage([teaser(a.releases[0]!)], '/presse?page=1')));
    a.server.route('/presse?page=1', record('A2', listingPage([teaser(a.releases[1]!)], '/presse?page=2')));
    a.server.route('/presse?page=2', record('A3', listingPage([])));
    b.server.route('/presse', record('B1', listingPage(b.releases.map(teaser))));
    pipeline = await startTestPipeline({
      sources: [testSource({ id: 'walk', url: `${a.server.origin}/presse`, maxPages: 3 }), testSource({ id: 'other', url: `${b.server.origin}/presse`, maxPages: 1 })],
      allowPrivateNetworks: ['127.0.0.0/8'],
      concurrency: 1,
      env: { HOST_SPACING: '1s' },
    });
    await pipeline.pollAll(['walk', 'other']);

    expect(order).toEqual(['A1', 'B1', 'A2', 'A3']);
    expect(await pipeline.app.store.countItems()).toBe(3);
    const state = await pipeline.app.store.getSourceState('walk');
    expect(state.olderPagesRead).toBe(true);
    expect(state.counts.entries).toBe(2);
  });

  it('keeps every host within its concurrency and spacing across three worker processes', async () => {
    const spacingMs = 200;
    sites = [await startSite('127.0.0.4', 40, 6, 30), await startSite('127.0.0.5', 60, 6, 30)];
    pipeline = await startTestPipeline({
      sources: sites.map((site, i) => testSource({ id: `site-${i}`, url: `${site.server.origin}/presse`, maxPages: 1 })),
      allowPrivateNetworks: ['127.0.0.0/8'],
      workers: 3,
      concurrency: 4,
      env: { HOST_SPACING: `${spacingMs}ms`, HOST_CONCURRENCY: '1' },
    });
    await pipeline.pollAll();

    expect(await pipeline.app.store.countItems()).toBe(12);
    for (const site of sites) {
      // Each article fetched once, one at a time, the starts at least the spacing apart (less
      // SEEN_LATE_MS); without spacing they would be about the 30 ms a page takes apart.
      expect(site.load.starts).toHaveLength(6);
      expect(site.load.maxInFlight).toBe(1);
      const gaps = site.load.starts.slice(1).map((t, i) => t - site.load.starts[i]!);
      for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(spacingMs - SEEN_LATE_MS);
    }
  });

  it("treats a source's hosts by its own spacing and concurrency, and other hosts by the defaults", async () => {
    const gentle = await startSite('127.0.0.6', 80, 4, 50);
    const plain = await startSite('127.0.0.7', 90, 4, 50);
    sites = [gentle, plain];
    pipeline = await startTestPipeline({
      sources: [
        testSource({ id: 'gentle', url: `${gentle.server.origin}/presse`, maxPages: 1, spacingMs: 400, concurrency: 1 }),
        testSource({ id: 'plain', url: `${plain.server.origin}/presse`, maxPages: 1 }),
      ],
      allowPrivateNetworks: ['127.0.0.0/8'],
      concurrency: 4,
      env: { HOST_SPACING: '0', HOST_CONCURRENCY: '4' },
    });
    await pipeline.pollAll();

    expect(await pipeline.app.store.countItems()).toBe(8);
    const gaps = gentle.load.starts.slice(1).map((t, i) => t - gentle.load.starts[i]!);
    expect(gentle.load.maxInFlight).toBe(1);
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(400 - SEEN_LATE_MS);
    // Unspaced, four slots: the plain site's articles overlap.
    expect(plain.load.maxInFlight).toBeGreaterThan(1);
  });
});

describe('politenessByHost', () => {
  const defaults = { minSpacingMs: 1000, maxInFlight: 2 };
  const base = { name: 'x', type: 'listing', intervalMs: 900_000, maxPages: 3 } as const;

  it('gives the hosts of a source with its own settings those settings, the defaults filling the rest', () => {
    const byHost = politenessByHost(
      [
        { ...base, id: 'a', url: 'https://a.example/', hosts: ['a.example', 'cdn.example'], spacingMs: 5000 },
        { ...base, id: 'b', url: 'https://b.example/', hosts: ['b.example'] },
      ],
      defaults,
    );
    expect(Object.fromEntries(byHost)).toEqual({
      'a.example': { minSpacingMs: 5000, maxInFlight: 2 },
      'cdn.example': { minSpacingMs: 5000, maxInFlight: 2 },
    });
  });

  it('takes the strictest setting where several sources name one host', () => {
    const byHost = politenessByHost(
      [
        { ...base, id: 'a', url: 'https://www.example/a', hosts: ['WWW.example'], spacingMs: 3000, concurrency: 2 },
        { ...base, id: 'b', url: 'https://www.example/b', hosts: ['www.example'], spacingMs: 500, concurrency: 1 },
      ],
      defaults,
    );
    expect(byHost.get('www.example')).toEqual({ minSpacingMs: 3000, maxInFlight: 1 });
  });
});
