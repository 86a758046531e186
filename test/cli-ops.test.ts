import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, type App } from '../src/app/index.js';
import { loadConfig, loadEnv } from '../src/config/index.js';
import { canonicalizeUrl } from '../src/dedupe/index.js';
import { countPendingJobs, createQueues, QUEUE_NAMES, scrapeJobId, type Queues } from '../src/queue/index.js';
import { Store } from '../src/store/index.js';
import { runCli } from './helpers/cli.js';
import { startFixtureServer, type FixtureServer } from './helpers/http-server.js';
import { listingPage, releasePage, syntheticRelease, type ReleaseFixture } from './helpers/hessen-site.js';
import { connectRedis, deletePrefix, TEST_REDIS_URL, uniquePrefix } from './helpers/redis.js';

describe('hessenfeed poll, rescrape and retry-failed', () => {
  let site: FixtureServer;
  let dir: string;
  let env: Record<string, string>;
  const prefix = uniquePrefix('ops');
  const redis = connectRedis();
  const store = new Store(redis, prefix);
  let queues: Queues;
  const releases = [1, 2, 3].map((n) => syntheticRelease(110 + n));
  const late = [4, 5].map((n) => syntheticRelease(110 + n));
  /** Current body per path; a missing path is a 404. Pages answer If-None-Match with 304. */
  const pages = new Map<string, string>();
  const files = { fixed: 'config/profiles.yaml', broken: '' };

  const urlOf = (r: ReleaseFixture): string => `${site.origin}/presse/${r.slug}`;
  const itemOf = async (r: ReleaseFixture) => store.getItem((await store.findItemIdByUrl(urlOf(r)))!);
  const etagOf = (body: string): string => `"${createHash('sha1').update(body).digest('hex').slice(0, 12)}"`;

  function serve(req: IncomingMessage, res: ServerResponse): void {
    const body = pages.get(req.url ?? '');
    if (body === undefined) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    const etag = etagOf(body);
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, { etag }).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', etag }).end(body);
  }

  function showListing(list: ReleaseFixture[]): void {
    pages.set('/presse', listingPage(list.map((r) => ({ href: `/presse/${r.slug}`, title: r.title, date: r.date, dateline: r.dateline }))));
  }

  /** Runs workers (as `hessenfeed worker` would, with the given profiles) until the queues are empty. */
  async function work(profiles: 'fixed' | 'broken'): Promise<void> {
    const config = await loadConfig({ sourcesFile: env.SOURCES_FILE!, ministriesFile: 'config/ministries.yaml', profilesFile: files[profiles] });
    const app: App = await openApp(loadEnv({ ...env, LOG_LEVEL: 'silent', HOST_SPACING: '0' }), config, pino({ level: 'silent' }), { retry: { attempts: 1, backoffMs: 50 } });
    const workers = app.startWorkers({ queues: QUEUE_NAMES, concurrency: 2 });
    try {
      for (;;) {
        const pending = await countPendingJobs(app.queues);
        if (pending.poll + pending.scrape + pending.ingest === 0) break;
        await sleep(50);
      }
    } finally {
      await workers.close();
      await app.close();
    }
  }

  /** Requests for `path` since the given index of the request log. */
  const requestsFor = (path: string, since: number) => site.requests.slice(since).filter((r) => r.path === path);

  beforeAll(async () => {
    site = await startFixtureServer();
    for (const path of ['/presse', ...[...releases, ...late].map((r) => `/presse/${r.slug}`)]) site.route(path, serve);
    showListing(releases);
    for (const r of releases) pages.set(`/presse/${r.slug}`, releasePage(r));
    dir = mkdtempSync(join(tmpdir(), 'hf-ops-'));
    writeFileSync(
      join(dir, 'sources.yaml'),
      `sources:
  - id: presse
    name: Pressemitteilungen
    ministry: staatskanzlei
    url: ${site.origin}/presse
    type: listing
    profile: hessen-drupal
    max_pages: 1
  - id: zweite
    name: Zweite Quelle
    url: ${site.origin}/zweite
    type: listing
`,
    );
    // A profile bug: the title selector picks the dateline.
    files.broken = join(dir, 'profiles-broken.yaml');
    const shipped = readFileSync('config/profiles.yaml', 'utf8');
    writeFileSync(files.broken, shipped.replace('title: ".field--name-field-pt-headline"', 'title: ".field--name-field-pt-dateline"'));
    env = { REDIS_URL: TEST_REDIS_URL, KEY_PREFIX: prefix, SOURCES_FILE: join(dir, 'sources.yaml'), ALLOW_PRIVATE_NETWORKS: '127.0.0.1/32', HOST_SPACING: '0' };
    queues = createQueues(redis, prefix);
  });

  afterAll(async () => {
    await queues?.close();
    await site?.close();
    rmSync(dir, { recursive: true, force: true });
    await deletePrefix(redis, prefix);
    redis.disconnect();
  });

  it('poll queues manual polls of the named or all sources, which a worker then runs', async () => {
    const one = await runCli(['poll', 'presse'], env);
    expect(one.code).toBe(0);
    expect(one.stdout).toContain('Queued a poll of 1 source(s): presse');
    expect(one.stdout).toContain('No worker is listening on the poll queue(s) right now');
    const all = await runCli(['poll', '--all'], env);
    expect(all.code).toBe(0);
    expect(all.stdout).toContain('Queued a poll of 2 source(s): presse, zweite');
    const waiting = await queues.poll.getJobs(['wait']);
    expect(waiting.map((j) => j.data).sort((a, b) => a.sourceId.localeCompare(b.sourceId))).toEqual([
      { sourceId: 'presse', trigger: 'manual' },
      { sourceId: 'presse', trigger: 'manual' },
      { sourceId: 'zweite', trigger: 'manual' },
    ]);
    expect((await store.getSourceState('presse')).lastPollAt).toBeUndefined();

    await work('broken');
    const state = await store.getSourceState('presse');
    expect(state.lastSuccessAt).toBeDefined();
    expect(state.itemsSeen).toBe(3);
    expect((await store.getSourceState('zweite')).consecutiveFailures).toBe(1);
    // The profile bug at work: every title is the dateline.
    for (const r of releases) expect((await itemOf(r))?.title).toBe('Hessische Staatskanzlei');
  }, 120_000);

  it('poll rejects an unknown source, naming the configured ones (exit 2)', async () => {
    const result = await runCli(['poll', 'nope'], env);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('poll: "nope" is not a configured source; configured sources: presse, zweite');
    expect(await queues.poll.getJobCounts('wait')).toEqual({ wait: 0 });
  }, 60_000);

  it('rescrape --source re-extracts every item of the source after a profile fix, though the pages answer 304', async () => {
    // Fixing the profile is not enough: the listing is unchanged, so a poll scrapes nothing.
    await queues.poll.add('poll', { sourceId: 'presse', trigger: 'manual' });
    await work('fixed');
    for (const r of releases) expect((await itemOf(r))?.title).toBe('Hessische Staatskanzlei');

    const result = await runCli(['rescrape', '--source', 'presse'], env);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Queued 3 forced rescrape(s) of 3 item(s).');
    for (const r of releases) expect(result.stdout).toContain(`  ${urlOf(r)}  (source presse)`);
    const jobs = await queues.scrape.getJobs(['wait']);
    expect(jobs.map((j) => j.id!.slice(0, 2))).toEqual(['r-', 'r-', 'r-']);
    expect(jobs.every((j) => j.data.force === true)).toBe(true);

    const since = site.requests.length;
    await work('fixed');
    for (const r of releases) {
      expect((await itemOf(r))?.title).toBe(r.title);
      // Fetched without validators: an unchanged page still comes back in full.
      const fetched = requestsFor(`/presse/${r.slug}`, since);
      expect(fetched).toHaveLength(1);
      expect(fetched[0]!.headers['if-none-match']).toBeUndefined();
    }
  }, 120_000);

  it('rescrape <item-id> picks up a corrected page whose listing entry did not change', async () => {
    const [first] = releases;
    const corrected = { ...first!, paragraphs: [...first!.paragraphs, 'Korrektur: Die Veranstaltung beginnt bereits um 9 Uhr in Wiesbaden.'] };
    pages.set(`/presse/${first!.slug}`, releasePage(corrected));
    await queues.poll.add('poll', { sourceId: 'presse', trigger: 'manual' });
    await work('fixed');
    const before = (await itemOf(first!))!;
    expect(before.contentHtml).not.toContain('Korrektur');

    const result = await runCli(['rescrape', before.id], env);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Queued 1 forced rescrape(s) of 1 item(s).\n  ${urlOf(first!)}  (source presse)`);
    await work('fixed');
    const after = (await itemOf(first!))!;
    expect(after.id).toBe(before.id);
    expect(after.contentHtml).toContain('Korrektur: Die Veranstaltung beginnt bereits um 9 Uhr');
    expect(after.updated > before.updated).toBe(true);
  }, 120_000);

  it('rescrape <url> is not swallowed by a failed scrape job of that URL; retry-failed retries the rest', async () => {
    // Two new releases whose pages are missing at first: their scrapes fail for good.
    showListing([...late, ...releases]);
    await queues.poll.add('poll', { sourceId: 'presse', trigger: 'manual' });
    await work('fixed');
    expect(await queues.scrape.getJobCounts('failed')).toEqual({ failed: 2 });
    for (const r of late) pages.set(`/presse/${r.slug}`, releasePage(r));
    const [d, e] = late;

    const rescraped = await runCli(['rescrape', `${urlOf(d!)}?utm_source=newsletter`], env);
    expect(rescraped.code).toBe(0);
    expect(rescraped.stdout).toContain(`Queued 1 forced rescrape(s) of 0 item(s) (the URL is not stored yet).\n  ${urlOf(d!)}  (source presse)`);
    await work('fixed');
    expect((await itemOf(d!))?.title).toBe(d!.title);
    // The failed job under the URL's usual id is still there: the rescrape ran as a job of its own.
    expect(await (await queues.scrape.getJob(scrapeJobId(canonicalizeUrl(urlOf(d!)))))?.getState()).toBe('failed');
    expect(await store.findItemIdByUrl(urlOf(e!))).toBeUndefined();

    const retried = await runCli(['retry-failed', '--queue', 'scrape'], env);
    expect(retried.code).toBe(0);
    expect(retried.stdout).toContain('scrape: 2 failed job(s) retried');
    expect(await queues.scrape.getJobCounts('failed', 'wait')).toEqual({ failed: 0, wait: 2 });
    await work('fixed');
    expect((await itemOf(e!))?.title).toBe(e!.title);
    expect(await queues.scrape.getJobCounts('failed')).toEqual({ failed: 0 });
  }, 180_000);

  it('rescrape names what it cannot find (exit 1) and what is used wrongly (exit 2)', async () => {
    const missing = await runCli(['rescrape', '0123456789abcdef'], env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('rescrape: no stored item has the id "0123456789abcdef"');
    const both = await runCli(['rescrape', '0123456789abcdef', '--source', 'presse'], env);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('rescrape: give an item id or URL, or --source <id>, not both');
  }, 60_000);
});
