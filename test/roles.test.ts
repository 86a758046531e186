/**
 * The roles as separate processes against one Redis, the way a deployment scales out: two
 * `hessenfeed scheduler`s at once, `hessenfeed worker`s that come and go, one `hessenfeed web`.
 *
 * The tests run in order and share the processes, like an operator's day: a release is published
 * and reaches the web role's feed; a worker is stopped by a second signal and another killed outright
 * while each has a job in flight, and a fresh worker finishes their work with nothing lost or
 * doubled; a worker stopped gracefully finishes its running job first; every role exits 0 on
 * SIGTERM. A job "in flight" is one whose article request the fixture site holds open until the
 * test lets it go, so what is running at the moment of a signal is decided, not timed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createQueues, enqueuePolls, pollSchedulerId, type Queues } from '../src/queue/index.js';
import { startCliProcess, startCliService, type CliProcess, type CliService } from './helpers/cli-service.js';
import { atomEntries, MINISTRY_SITE_HOST, PORTAL_SITE_HOST, serviceEnv, waitFor, writeSourcesFile } from './helpers/e2e.js';
import { lastSentence } from './helpers/e2e-pages.js';
import { listingPage, releasePage, syntheticRelease, type ReleaseFixture } from './helpers/hessen-site.js';
import { startFixtureServer, type FixtureServer, type Handler } from './helpers/http-server.js';
import { connectRedis, deletePrefix, uniquePrefix } from './helpers/redis.js';
import { httpGet } from './helpers/web.js';

const SOZIALES = 'Hessisches Ministerium für Arbeit, Integration, Jugend und Soziales';
const SOURCE_IDS = { ministry: 'soziales-presse', portal: 'portal-presse' } as const;
type SiteName = keyof typeof SOURCE_IDS;

/** Four tsx processes starting at once on a busy CI machine take a while. */
const READY_TIMEOUT_MS = 60_000;
const WORKER_READY = /^Workers started/;
const SCHEDULER_READY = /^Job schedulers match the configured sources/;
const SHUTTING_DOWN = /^Shutting down/;

/** An article response the site holds back until the test lets it go: its scrape job is in flight meanwhile. */
interface HeldArticle {
  handler: Handler;
  letGo(): void;
}

function heldArticle(page: string): HeldArticle {
  let letGo!: () => void;
  const released = new Promise<void>((resolve) => (letGo = resolve));
  return {
    letGo,
    handler: async (req, res) => {
      await released;
      // The worker that asked may be dead by now; its connection went with it.
      if (req.socket.destroyed) return;
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(page);
    },
  };
}

/** A fixture site whose `/presse` listing grows as releases are published. */
interface Site {
  server: FixtureServer;
  published: ReleaseFixture[];
}

function articlePath(fixture: ReleaseFixture): string {
  return `/presse/${fixture.slug}`;
}

function publish(site: Site, fixture: ReleaseFixture, handler: Handler | string = releasePage(fixture)): void {
  site.server.route(articlePath(fixture), handler);
  site.published.unshift(fixture);
  site.server.route(
    '/presse',
    listingPage(site.published.map((r) => ({ href: articlePath(r), title: r.title, date: r.date, dateline: r.dateline }))),
  );
}

function articleRequests(site: Site, fixture: ReleaseFixture): number {
  return site.server.requests.filter((r) => r.path === articlePath(fixture)).length;
}

function settledValue<T>(result: PromiseSettledResult<T>): T {
  if (result.status === 'rejected') throw result.reason;
  return result.value;
}

interface ApiItem {
  title: string;
  url: string;
  urls: string[];
}

describe('roles as separate processes against one Redis: scheduler ×2, worker, web', () => {
  const prefix = uniquePrefix('roles');
  const sites = {} as Record<SiteName, Site>;
  /** Every child started, to kill in afterAll whatever a failed test left running. */
  const processes: { kill(): Promise<void> }[] = [];
  let dir: string;
  let env: Record<string, string>;
  let redis: Redis;
  let queues: Queues;
  let web: CliService;
  let schedulers: CliProcess[];
  let worker: CliProcess;

  const ministryRelease = (n: number): ReleaseFixture => syntheticRelease(n, SOZIALES);
  const portalRelease = (n: number): ReleaseFixture => syntheticRelease(n, 'Hessische Staatskanzlei');
  const urlOf = (site: SiteName, fixture: ReleaseFixture): string => sites[site].server.origin + articlePath(fixture);
  const everyPublishedUrl = (): string[] =>
    (Object.keys(sites) as SiteName[]).flatMap((site) => sites[site].published.map((r) => urlOf(site, r))).sort();

  async function startWorker(): Promise<CliProcess> {
    const started = await startCliProcess(['worker'], env, { readyMessage: WORKER_READY, readyTimeoutMs: READY_TIMEOUT_MS });
    processes.push(started);
    return started;
  }

  async function startScheduler(): Promise<CliProcess> {
    const started = await startCliProcess(['scheduler'], env, { readyMessage: SCHEDULER_READY, readyTimeoutMs: READY_TIMEOUT_MS });
    processes.push(started);
    return started;
  }

  /** What `hessenfeed poll <id>` does: enqueue a manual poll for whichever worker runs. */
  async function pollNow(site: SiteName): Promise<void> {
    await enqueuePolls(queues.poll, [SOURCE_IDS[site]], 'manual');
  }

  async function apiItems(): Promise<ApiItem[]> {
    const res = await httpGet(`${web.url}/api/items?limit=200`);
    expect(res.status, res.text.slice(0, 500)).toBe(200);
    return (JSON.parse(res.text) as { items: ApiItem[] }).items;
  }

  async function waitForLog(role: CliProcess, message: RegExp): Promise<void> {
    await waitFor(`a log line matching ${message}`, async () => (role.logs().some((l) => message.test(l.msg)) ? true : undefined), {
      timeoutMs: 15_000,
      describe: () => role.output().stdout.slice(-3000),
    });
  }

  async function waitForRequest(site: Site, fixture: ReleaseFixture): Promise<void> {
    await waitFor(`the worker's request for ${articlePath(fixture)}`, async () => (articleRequests(site, fixture) > 0 ? true : undefined), {
      timeoutMs: 20_000,
      describe: () => `requests: ${site.server.requests.map((r) => r.path).join(', ')}\nworker: ${worker.output().stdout.slice(-3000)}`,
    });
  }

  /** Jobs not yet done, by queue and state. The poll queue's delayed jobs are the schedulers' next polls. */
  async function unfinishedJobs(): Promise<Record<string, Record<string, number>>> {
    const states = ['wait', 'active', 'prioritized', 'waiting-children', 'failed'] as const;
    const nonZero = (counts: Record<string, number>): Record<string, number> =>
      Object.fromEntries(Object.entries(counts).filter(([, n]) => n > 0));
    return {
      poll: nonZero(await queues.poll.getJobCounts(...states)),
      scrape: nonZero(await queues.scrape.getJobCounts(...states, 'delayed')),
      ingest: nonZero(await queues.ingest.getJobCounts(...states, 'delayed')),
    };
  }

  beforeAll(async () => {
    sites.ministry = { server: await startFixtureServer({}, { host: MINISTRY_SITE_HOST }), published: [] };
    sites.portal = { server: await startFixtureServer({}, { host: PORTAL_SITE_HOST }), published: [] };
    publish(sites.ministry, ministryRelease(1));
    publish(sites.ministry, ministryRelease(2));
    publish(sites.portal, portalRelease(3));
    publish(sites.portal, portalRelease(4));
    dir = mkdtempSync(join(tmpdir(), 'hf-roles-'));
    const sourcesFile = writeSourcesFile(dir, [
      { id: SOURCE_IDS.ministry, url: `${sites.ministry.server.origin}/presse`, ministry: 'soziales' },
      { id: SOURCE_IDS.portal, url: `${sites.portal.server.origin}/presse` },
    ]);
    // A killed worker's job comes back within about 5 s instead of 20 s (JOB_LOCK's default 15 s).
    env = serviceEnv(prefix, sourcesFile, { JOB_LOCK: '4s' });
    redis = connectRedis();
    queues = createQueues(redis, prefix);

    // Every role at once, as a container runtime starts them. All settle before a failure is thrown,
    // so afterAll finds every process that did start.
    const webStarted = startCliService(['web'], env, { readyTimeoutMs: READY_TIMEOUT_MS }).then((started) => {
      processes.push(started);
      return started;
    });
    const [webResult, workerResult, ...schedulerResults] = await Promise.allSettled([webStarted, startWorker(), startScheduler(), startScheduler()]);
    web = settledValue(webResult);
    worker = settledValue(workerResult);
    schedulers = schedulerResults.map(settledValue);
  }, 90_000);

  afterAll(async () => {
    await Promise.all(processes.map((p) => p.kill()));
    await Promise.all(Object.values(sites).map((site) => site.server.close()));
    if (dir) rmSync(dir, { recursive: true, force: true });
    if (redis) {
      await queues.close();
      await deletePrefix(redis, prefix);
      redis.disconnect();
    }
  });

  it('two schedulers started at once both come up and leave exactly one job scheduler per source', async () => {
    for (const scheduler of schedulers) {
      expect(scheduler.logs().filter((l) => l.level >= 40), scheduler.output().stdout.slice(-2000)).toEqual([]);
    }
    const jobSchedulers = await queues.poll.getJobSchedulers(0, -1);
    expect(jobSchedulers.map((s) => [s.key, s.every]).sort()).toEqual(
      [SOURCE_IDS.ministry, SOURCE_IDS.portal].map((id) => [pollSchedulerId(id), 3_600_000]).sort(),
    );

    // Their first polls run at once; the worker stores every release of both sites, once.
    let seen: ApiItem[] = [];
    await waitFor(
      'the releases of both sites in /api/items',
      async () => {
        seen = await apiItems();
        return seen.length === 4 ? true : undefined;
      },
      { timeoutMs: 30_000, describe: () => JSON.stringify(seen.map((i) => i.url)) },
    );
    expect(seen.map((i) => i.url).sort()).toEqual(everyPublishedUrl());
  }, 45_000);

  it('a release published on the ministry site shows up in the web role’s feed', async () => {
    const fixture = ministryRelease(5);
    publish(sites.ministry, fixture);
    await pollNow('ministry');

    const entry = await waitFor(
      `"${fixture.title}" in /feed.atom`,
      async () => {
        const res = await httpGet(`${web.url}/feed.atom`);
        return res.status === 200 ? atomEntries(res.text).find((e) => e.title === fixture.title) : undefined;
      },
      { timeoutMs: 20_000, describe: () => worker.output().stdout.slice(-3000) },
    );
    expect(entry.alternate).toEqual([urlOf('ministry', fixture)]);
    expect(entry.content.replace(/\s+/g, ' ')).toContain(lastSentence(fixture));
  }, 30_000);

  it('a second SIGTERM while the worker waits for its running job exits at once with 130, leaving the job to the queue', async () => {
    const fixture = portalRelease(6);
    const held = heldArticle(releasePage(fixture));
    publish(sites.portal, fixture, held.handler);
    await pollNow('portal');
    await waitForRequest(sites.portal, fixture);

    const first = worker.stop('SIGTERM');
    await waitForLog(worker, SHUTTING_DOWN);
    expect(await worker.stop('SIGTERM')).toBe(130);
    expect(await first).toBe(130);
    held.letGo();

    // Nothing finished the job: no item, and the job still counts as running (for the dead worker).
    expect((await apiItems()).map((i) => i.url)).not.toContain(urlOf('portal', fixture));
    const active = await queues.scrape.getActive();
    expect(active.map((job) => job.data.entry.url)).toContain(`${sites.portal.server.origin}${articlePath(fixture)}`);
  }, 30_000);

  it('a worker killed mid-job (SIGKILL) loses nothing and duplicates nothing once another worker runs', async () => {
    worker = await startWorker();
    const fixture = ministryRelease(7);
    const held = heldArticle(releasePage(fixture));
    publish(sites.ministry, fixture, held.handler);
    await pollNow('ministry');
    await waitForRequest(sites.ministry, fixture);

    await worker.kill();
    held.letGo();
    worker = await startWorker();

    // The jobs the dead workers held come back through BullMQ's stalled-job check and run again.
    let items: ApiItem[] = [];
    let unfinished: Record<string, Record<string, number>> = {};
    await waitFor(
      'every published release stored and every queue drained',
      async () => {
        items = await apiItems();
        unfinished = await unfinishedJobs();
        const drained = Object.values(unfinished).every((counts) => Object.keys(counts).length === 0);
        return items.length >= everyPublishedUrl().length && drained ? true : undefined;
      },
      {
        timeoutMs: 75_000,
        describe: () =>
          `items: ${JSON.stringify(items.map((i) => i.url))}\nunfinished jobs: ${JSON.stringify(unfinished)}\nworker: ${worker.output().stdout.slice(-3000)}`,
      },
    );
    expect(items.map((i) => i.url).sort()).toEqual(everyPublishedUrl());
    for (const item of items) expect(item.urls, item.title).toEqual([item.url]);
    // Each interrupted article was fetched by the worker that died and again by the recovered job.
    expect(articleRequests(sites.ministry, fixture)).toBe(2);
    // (The job left by the second signal may already have been recovered by the killed worker.)
    expect(articleRequests(sites.portal, portalRelease(6))).toBeGreaterThanOrEqual(2);
  }, 90_000);

  it('SIGTERM lets the running job finish before the worker exits 0; the next worker stores its release', async () => {
    const fixture = ministryRelease(8);
    const held = heldArticle(releasePage(fixture));
    publish(sites.ministry, fixture, held.handler);
    await pollNow('ministry');
    await waitForRequest(sites.ministry, fixture);

    const stopping = worker;
    const stopped = stopping.stop('SIGTERM');
    await waitForLog(stopping, SHUTTING_DOWN);
    held.letGo();
    expect(await stopped).toBe(0);
    const url = `${sites.ministry.server.origin}${articlePath(fixture)}`;
    const done = stopping.logs().findIndex((l) => l.msg === 'scrape job done' && l.url === url);
    expect(done, stopping.output().stdout.slice(-3000)).toBeGreaterThan(-1);
    expect(done).toBeLessThan(stopping.logs().findIndex((l) => l.msg === 'Stopped'));

    worker = await startWorker();
    await waitFor(
      `"${fixture.title}" in /api/items`,
      async () => ((await apiItems()).some((i) => i.url === urlOf('ministry', fixture)) ? true : undefined),
      { timeoutMs: 20_000, describe: () => worker.output().stdout.slice(-3000) },
    );
    // The scrape ran once, in the worker that was stopping: the job finished rather than returning to the queue.
    expect(articleRequests(sites.ministry, fixture)).toBe(1);
    expect((await apiItems()).map((i) => i.url).sort()).toEqual(everyPublishedUrl());
  }, 45_000);

  it('SIGTERM stops the web server, both schedulers and the worker with exit code 0 and keeps the job schedulers', async () => {
    const roles = [web, ...schedulers, worker];
    expect(await Promise.all(roles.map((role) => role.stop('SIGTERM')))).toEqual(roles.map(() => 0));
    for (const role of roles) expect(role.logs().some((l) => l.msg === 'Stopped'), role.output().stdout.slice(-2000)).toBe(true);
    expect((await queues.poll.getJobSchedulers(0, -1)).map((s) => s.key).sort()).toEqual(
      [pollSchedulerId(SOURCE_IDS.ministry), pollSchedulerId(SOURCE_IDS.portal)].sort(),
    );
  }, 45_000);
});
