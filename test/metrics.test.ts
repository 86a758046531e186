import Fastify, { type FastifyInstance } from 'fastify';
import type { AddressInfo } from 'node:net';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchResource, type FetchRequest } from '../src/fetch/index.js';
import { createMetricsRegistry, MetricsRecorder, statusClass, type MetricsRegistry } from '../src/metrics/index.js';
import type { Article } from '../src/model/index.js';
import { createQueues, type Queues } from '../src/queue/index.js';
import { Store } from '../src/store/index.js';
import { metricsRoutes, recordHttpMetrics } from '../src/web/routes/metrics.js';
import { createTestPolicy } from './fetch-helpers.js';
import { listingPage, releasePage, syntheticRelease, type ReleaseFixture, type TeaserFixture } from './helpers/hessen-site.js';
import { startFixtureServer, type FixtureServer } from './helpers/http-server.js';
import { startTestPipeline, testSource, type TestPipeline } from './helpers/pipeline.js';
import { family, histogramOf, parseMetrics, scrapeMetrics, seriesOf, type Scrape } from './helpers/prometheus.js';
import { connectRedis, deletePrefix, uniquePrefix } from './helpers/redis.js';

/** A fastify instance with only the metrics plugin and the request timing hook, on loopback. */
async function startMetricsServer(metrics: MetricsRegistry): Promise<{ server: FastifyInstance; origin: string }> {
  const server = Fastify();
  recordHttpMetrics(server, metrics.observeHttp);
  await server.register(metricsRoutes, { registry: metrics.registry });
  await server.listen({ host: '127.0.0.1', port: 0 });
  const { port } = server.server.address() as AddressInfo;
  return { server, origin: `http://127.0.0.1:${port}` };
}

const teaser = (r: ReleaseFixture, href = `/presse/${r.slug}`, text = ''): TeaserFixture => ({
  href,
  title: r.title,
  date: r.date,
  dateline: r.dateline,
  teaser: text,
});

/**
 * The scenario, step by step, with what each step must add to the counters:
 * 1. poll "ministerium": listing + 5 releases (one without ministry, one without tags, one
 *    without any date) + 1 teaser whose page is gone (404) → 5 new.
 * 2. release r4 is corrected, its teaser changes; poll "ministerium" again → listing + r4 → 1 updated.
 * 3. poll "portal": r0..r2 under utm-variant URLs with the portal's own teasers → 3 duplicate-url;
 *    an exact copy of r3 at another URL → 1 duplicate-content; r0 with one added sentence at
 *    another URL → 1 near-duplicate.
 * 4. poll "kaputt" twice: its listing answers 404 → 2 failed polls.
 */
describe('/metrics after a run against fixture sites', () => {
  let site: FixtureServer;
  let pipeline: TestPipeline;
  let metrics: MetricsRegistry;
  let web: { server: FastifyInstance; origin: string };
  let scrape: Scrape;
  let clock = new Date();
  let metricsRequests = 0;

  const r0 = syntheticRelease(10);
  const r1: ReleaseFixture = { ...syntheticRelease(11), dateline: 'Verein für Heimatkunde Nordhessen' };
  const r2: ReleaseFixture = { ...syntheticRelease(12), tags: [] };
  const r3: ReleaseFixture = { ...syntheticRelease(13), date: '' };
  const r4 = syntheticRelease(14);
  const sources = (origin: string) => [
    testSource({ id: 'ministerium', url: `${origin}/ministerium/presse`, maxPages: 1 }),
    testSource({ id: 'portal', url: `${origin}/portal/presse`, maxPages: 1 }),
    testSource({ id: 'kaputt', url: `${origin}/kaputt/presse`, maxPages: 1 }),
  ];

  const scrapeOnce = async (): Promise<Scrape> => {
    metricsRequests += 1;
    return scrapeMetrics(`${web.origin}/metrics`);
  };

  beforeAll(async () => {
    site = await startFixtureServer();
    for (const r of [r0, r1, r2, r3, r4]) site.route(`/presse/${r.slug}`, releasePage(r));
    const ministryTeasers = [r0, r1, r2, r3, r4].map((r) => teaser(r));
    const gone = { ...teaser(r0, '/presse/meldung-zurueckgezogen'), title: 'Zurückgezogene Meldung' };
    site.route('/ministerium/presse', listingPage([...ministryTeasers, gone]));
    pipeline = await startTestPipeline({ sources: sources(site.origin) });

    // 1.
    await pipeline.pollAll(['ministerium']);
    // 2.
    const correction = 'Korrigierte Fassung: Die Förderung beginnt erst im Herbst.';
    const corrected: ReleaseFixture = { ...r4, paragraphs: [r4.paragraphs[0]!, correction, r4.paragraphs[2]!] };
    site.route(`/presse/${r4.slug}`, releasePage(corrected));
    site.route('/ministerium/presse', listingPage([...ministryTeasers.slice(0, 4), teaser(r4, `/presse/${r4.slug}`, 'Korrigiert'), gone]));
    await pipeline.pollAll(['ministerium']);
    // 3.
    const addedSentence = `${r0.paragraphs[2]} Anmeldungen sind ab sofort möglich.`;
    const nearCopy: ReleaseFixture = { ...r0, slug: 'portal-nahezu', paragraphs: [...r0.paragraphs.slice(0, 2), addedSentence] };
    site.route('/portal/presse/kopie', releasePage({ ...r3, slug: 'portal-kopie' }));
    site.route('/portal/presse/nahezu', releasePage(nearCopy));
    site.route(
      '/portal/presse',
      listingPage([
        ...[r0, r1, r2].map((r) => teaser(r, `/presse/${r.slug}?utm_source=portal&utm_medium=teaser`, 'Aus dem Landesportal')),
        teaser(r3, '/portal/presse/kopie', 'Kopie im Portal'),
        teaser(nearCopy, '/portal/presse/nahezu', 'Fassung im Portal'),
      ]),
    );
    await pipeline.pollAll(['portal']);
    // 4.
    await pipeline.pollAll(['kaputt']);
    await pipeline.pollAll(['kaputt']);

    metrics = createMetricsRegistry({
      redis: pipeline.app.connection,
      prefix: pipeline.prefix,
      queues: pipeline.app.queues,
      store: pipeline.app.store,
      sources: sources(site.origin),
      now: () => clock,
      recorder: pipeline.app.metrics,
    });
    web = await startMetricsServer(metrics);
    const lastSuccess = (await pipeline.app.store.getSourceState('ministerium')).lastSuccessAt!;
    clock = new Date(Date.parse(lastSuccess) + 90 * 60_000);
    scrape = await scrapeOnce();
  }, 60_000);

  afterAll(async () => {
    await web?.server.close();
    await pipeline?.close();
    await site?.close();
  });

  it('serves the Prometheus text format', () => {
    expect(scrape.contentType).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(family(scrape, 'hessenfeed_fetch_total')?.type).toBe('COUNTER');
    expect(family(scrape, 'hessenfeed_job_duration_seconds')?.type).toBe('HISTOGRAM');
  });

  it('counts every fetch by source and status class', () => {
    expect(seriesOf(scrape, 'hessenfeed_fetch_total')).toEqual({
      // listing + 5 articles, then listing + the corrected article; the gone page once (permanent).
      'class=2xx,source=ministerium': 8,
      'class=4xx,source=ministerium': 1,
      // listing + 5 articles
      'class=2xx,source=portal': 6,
      'class=4xx,source=kaputt': 2,
    });
  });

  it('counts every ingest by source and identity decision', () => {
    expect(seriesOf(scrape, 'hessenfeed_items_ingested_total')).toEqual({
      'outcome=new,source=ministerium': 5,
      'outcome=updated,source=ministerium': 1,
      'outcome=duplicate-url,source=portal': 3,
      'outcome=duplicate-content,source=portal': 1,
      'outcome=near-duplicate,source=portal': 1,
    });
  });

  it('reports extraction completeness per source as counts and shares', () => {
    expect(seriesOf(scrape, 'hessenfeed_extracted_releases_total')).toEqual({ 'source=ministerium': 6, 'source=portal': 5 });
    expect(seriesOf(scrape, 'hessenfeed_extracted_fields_total')).toEqual({
      'field=ministry,source=ministerium': 5,
      'field=date,source=ministerium': 5,
      'field=tags,source=ministerium': 5,
      'field=body,source=ministerium': 6,
      'field=ministry,source=portal': 4,
      'field=date,source=portal': 4,
      'field=tags,source=portal': 4,
      'field=body,source=portal': 5,
    });
    const shares = seriesOf(scrape, 'hessenfeed_extraction_completeness');
    expect(shares['field=tags,source=ministerium']).toBeCloseTo(5 / 6, 10);
    expect(shares['field=date,source=portal']).toBeCloseTo(4 / 5, 10);
    expect(shares['field=body,source=portal']).toBe(1);
  });

  it('counts job runs by queue and result, and their durations in a histogram', () => {
    expect(seriesOf(scrape, 'hessenfeed_jobs_total')).toEqual({
      'queue=poll,result=completed': 3,
      'queue=poll,result=failed': 2,
      'queue=scrape,result=completed': 11,
      'queue=scrape,result=failed': 1,
      'queue=ingest,result=completed': 11,
    });
    for (const [queue, runs] of [['poll', 5], ['scrape', 12], ['ingest', 11]] as const) {
      const h = histogramOf(scrape, 'hessenfeed_job_duration_seconds', { queue });
      expect(h?.count).toBe(runs);
      expect(h?.buckets['+Inf']).toBe(runs);
      expect(h?.sum).toBeGreaterThan(0);
      const cumulative = ['0.05', '0.1', '0.25', '0.5', '1', '2.5', '5', '10', '30', '60', '120', '+Inf'].map((le) => h?.buckets[le]);
      expect(cumulative).toEqual([...cumulative].sort((a, b) => a! - b!));
    }
  });

  it('shows the live BullMQ job counts per queue and state', () => {
    const jobs = seriesOf(scrape, 'hessenfeed_queue_jobs');
    expect(jobs['queue=poll,state=failed']).toBe(2);
    expect(jobs['queue=scrape,state=failed']).toBe(1);
    expect(jobs['queue=ingest,state=failed']).toBe(0);
    for (const queue of ['poll', 'scrape', 'ingest']) {
      for (const state of ['waiting', 'active', 'delayed']) expect(jobs[`queue=${queue},state=${state}`]).toBe(0);
    }
  });

  it("reports the seconds since each source's last success, +Inf for one that never succeeded", async () => {
    const portalLast = (await pipeline.app.store.getSourceState('portal')).lastSuccessAt!;
    expect(seriesOf(scrape, 'hessenfeed_source_last_success_age_seconds')).toEqual({
      'source=ministerium': 5400,
      'source=portal': (clock.getTime() - Date.parse(portalLast)) / 1000,
      'source=kaputt': Infinity,
    });
    expect(seriesOf(scrape, 'hessenfeed_source_consecutive_failures')).toEqual({ 'source=ministerium': 0, 'source=portal': 0, 'source=kaputt': 2 });
  });

  it('includes the process metrics', () => {
    expect(family(scrape, 'process_cpu_user_seconds_total')?.type).toBe('COUNTER');
    expect(family(scrape, 'nodejs_heap_size_used_bytes')?.type).toBe('GAUGE');
  });

  it('times HTTP requests by route pattern, method and status', async () => {
    const missing = await fetch(`${web.origin}/gibt-es-nicht?x=1`);
    expect(missing.status).toBe(404);
    await scrapeOnce();
    const families = await scrapeOnce();
    // The scrape that reads the histogram is timed only after it is answered.
    const own = histogramOf(families, 'hessenfeed_http_request_duration_seconds', { route: '/metrics', method: 'GET', status_code: '200' });
    expect(own?.count).toBe(metricsRequests - 1);
    const unmatched = histogramOf(families, 'hessenfeed_http_request_duration_seconds', { route: 'unmatched', method: 'GET', status_code: '404' });
    expect(unmatched?.count).toBe(1);
  });

  describe('with another KEY_PREFIX on the same Redis', () => {
    let redis: Redis;
    let prefix: string;
    let queues: Queues;

    beforeAll(() => {
      redis = connectRedis();
      prefix = uniquePrefix('metrics');
      queues = createQueues(redis, prefix);
    });

    afterAll(async () => {
      await queues.close();
      await deletePrefix(redis, prefix);
      redis.disconnect();
    });

    it('neither deployment sees the other one’s numbers', async () => {
      const recorder = new MetricsRecorder(redis, prefix);
      const url = 'https://example.org/presse/a';
      const article: Article = { url, canonicalUrl: url, title: 'A', contentHtml: '<p>x</p>', text: 'x', tags: [], extractedBy: 'generic' };
      recorder.recordFetch('ministerium', '5xx');
      recorder.recordIngest('ministerium', 'new', article);
      recorder.recordJob('scrape', 0.2, 'retried');
      await recorder.flush();
      const other = createMetricsRegistry({ redis, prefix, queues, store: new Store(redis, prefix), sources: [], processMetrics: false });
      const otherScrape = parseMetrics(await other.registry.metrics());
      expect(seriesOf(otherScrape, 'hessenfeed_fetch_total')).toEqual({ 'class=5xx,source=ministerium': 1 });
      expect(seriesOf(otherScrape, 'hessenfeed_items_ingested_total')).toEqual({ 'outcome=new,source=ministerium': 1 });
      expect(seriesOf(otherScrape, 'hessenfeed_extracted_fields_total')).toEqual({
        'field=ministry,source=ministerium': 0,
        'field=date,source=ministerium': 0,
        'field=tags,source=ministerium': 0,
        'field=body,source=ministerium': 1,
      });
      expect(seriesOf(otherScrape, 'hessenfeed_jobs_total')).toEqual({ 'queue=scrape,result=retried': 1 });
      const durations = histogramOf(otherScrape, 'hessenfeed_job_duration_seconds', { queue: 'scrape' });
      expect(durations?.buckets).toMatchObject({ '0.1': 0, '0.25': 1, '+Inf': 1 });
      expect(durations?.sum).toBe(0.2);

      const again = await scrapeOnce();
      for (const name of ['hessenfeed_fetch_total', 'hessenfeed_items_ingested_total', 'hessenfeed_jobs_total']) {
        expect(seriesOf(again, name)).toEqual(seriesOf(scrape, name));
      }
    });
  });
});

describe('status classes of real fetches', () => {
  let site: FixtureServer;
  let closedPort: number;

  beforeAll(async () => {
    site = await startFixtureServer({
      '/ok': '<p>ok</p>',
      '/boom': (_req, res) => {
        res.writeHead(503, { 'content-type': 'text/plain' });
        res.end('overloaded');
      },
      '/etag': (req, res) => {
        res.writeHead(req.headers['if-none-match'] === '"v1"' ? 304 : 200, { etag: '"v1"', 'content-type': 'text/html' });
        res.end();
      },
      '/slow': () => new Promise<void>(() => {}),
    });
    const closed = await startFixtureServer();
    closedPort = closed.port;
    await closed.close();
  });

  afterAll(async () => {
    await site?.close();
  });

  const classOf = async (req: Partial<FetchRequest> & { url: string }, policy = createTestPolicy({ totalTimeoutMs: 300 })) => {
    try {
      return statusClass(await fetchResource({ allowedHosts: ['127.0.0.1'], ...req }, policy));
    } catch (err) {
      return statusClass(err);
    }
  };

  it.each([
    ['an answer', '2xx', '/ok', {}],
    ['an unchanged page', '304', '/etag', { etag: '"v1"' }],
    ['a missing page', '4xx', '/gibt-es-nicht', {}],
    ['a server error', '5xx', '/boom', {}],
    ['a server that never answers', 'timeout', '/slow', {}],
  ] as const)('sorts %s as %s', async (_what, expected, path, extra) => {
    expect(await classOf({ url: `${site.origin}${path}`, ...extra })).toBe(expected);
  });

  it('sorts refused connections, by the server or by the safety rules, as refused', async () => {
    expect(await classOf({ url: `http://127.0.0.1:${closedPort}/` })).toBe('refused');
    expect(await classOf({ url: `${site.origin}/ok`, allowedHosts: ['www.hessen.de'] })).toBe('refused');
    expect(await classOf({ url: `${site.origin}/ok` }, createTestPolicy({ allowPrivateNetworks: false }))).toBe('refused');
  });
});

describe('recording while Redis is unreachable', () => {
  it('does not fail the caller and reports the error', async () => {
    const closed = await startFixtureServer();
    await closed.close();
    const redis = new Redis({
      host: '127.0.0.1',
      port: closed.port,
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    const errors: unknown[] = [];
    const recorder = new MetricsRecorder(redis, uniquePrefix('metrics'), { onError: (err) => errors.push(err) });
    recorder.recordFetch('ministerium', '2xx');
    await expect(recorder.flush()).resolves.toBeUndefined();
    expect(errors).toHaveLength(1);
    redis.disconnect();
  });
});

describe('counts in memory between flushes', () => {
  let redis: Redis;
  const prefix = uniquePrefix('metrics');

  beforeAll(() => {
    redis = connectRedis();
  });

  afterAll(async () => {
    await deletePrefix(redis, prefix);
    redis.disconnect();
  });

  it('adds what was recorded since the last flush, summed, and nothing twice', async () => {
    const recorder = new MetricsRecorder(redis, prefix, { flushMs: 60_000 });
    for (let i = 0; i < 3; i += 1) recorder.recordFetch('ministerium', '2xx');
    recorder.recordJob('scrape', 0.5, 'completed');
    recorder.recordJob('scrape', 0.25, 'completed');
    expect(await redis.hgetall(recorder.keys.fetches)).toEqual({});
    await recorder.flush();
    await recorder.flush();
    expect(await redis.hgetall(recorder.keys.fetches)).toEqual({ 'ministerium|2xx': '3' });
    expect(await redis.hgetall(recorder.keys.jobDurations)).toEqual({ 'scrape|0.25': '1', 'scrape|0.5': '1', 'scrape|sum_us': '750000' });
  });

  it('reaches Redis by itself within flushMs', async () => {
    const recorder = new MetricsRecorder(redis, prefix, { flushMs: 20 });
    recorder.recordFetch('staatskanzlei', '4xx');
    const deadline = Date.now() + 5_000;
    let stored: Record<string, string> = {};
    while (Date.now() < deadline && stored['staatskanzlei|4xx'] === undefined) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      stored = await redis.hgetall(recorder.keys.fetches);
    }
    expect(stored['staatskanzlei|4xx']).toBe('1');
  });
});
