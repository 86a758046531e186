/**
 * Backfill as real processes against one Redis: a generated site of 300 listing pages × 10
 * releases, served by a child process; `hessenfeed backfill` (the built bin) walks it while two
 * `hessenfeed worker` processes share the articles, all under HOST_CONCURRENCY=4 and no spacing.
 * The backfill is killed with SIGKILL at a random point once some pages are finished (read from the
 * walk state in Redis) and run again to the end. Then every release is stored exactly once, no
 * finished page was fetched again (only the page in flight at the kill may be fetched twice), the
 * summary says done, and the site never saw more than HOST_CONCURRENCY requests at once.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { Store } from '../src/store/index.js';
import { serveListingSiteInChild, type ChildListingSite } from './helpers/backfill-site.js';
import { spawnCli, type CliRun } from './helpers/cli-service.js';
import { writeSourcesFile } from './helpers/e2e.js';
import { connectRedis, deletePrefix, TEST_REDIS_URL, uniquePrefix } from './helpers/redis.js';

const PAGES = 300;
const PER_PAGE = 10;
/**
 * Four rather than the default two: the host's line lets requests start only as fast as slots
 * come free, and on a busy machine a slot is held for as long as a process's event loop lags;
 * with four the run is bound by the CPU instead (here 60 s against 86 s, one run each).
 */
const HOST_CONCURRENCY = 4;
/**
 * Jobs per queue and process: three processes × two scrape jobs sometimes find the host's four
 * slots taken, so the gate's limit across processes is put to the test (a busy host sends the job
 * back to the queue).
 */
const CONCURRENCY = 2;
/** Each answer is held this long, so requests of the processes overlap if the gate let them. */
const HOLD_MS = 2;

interface Summary {
  sources: { id: string; status: string; pages: number; found: number; new: number; duplicates: number; skippedCount: number; reason?: string }[];
  interrupted: boolean;
}

describe('a backfill killed with SIGKILL and run again', () => {
  const prefix = uniquePrefix('e2ebf');
  const dir = mkdtempSync(join(tmpdir(), 'hf-e2e-backfill-'));
  const redis: Redis = connectRedis();
  const store = new Store(redis, prefix);
  const running: CliRun[] = [];
  let site: ChildListingSite | undefined;

  afterAll(async () => {
    for (const run of running) run.kill('SIGKILL');
    await Promise.all(running.map((run) => run.exited.catch(() => undefined)));
    await site?.close();
    await deletePrefix(redis, prefix);
    redis.disconnect();
    rmSync(dir, { recursive: true, force: true });
  });

  it('completes without fetching a finished page twice and without losing or duplicating a release', async () => {
    const started = performance.now();
    site = await serveListingSiteInChild({ pages: PAGES, perPage: PER_PAGE }, '127.0.0.1', HOLD_MS);
    const sourcesFile = writeSourcesFile(dir, [{ id: 'presse', url: site.url }]);
    const env = {
      REDIS_URL: TEST_REDIS_URL,
      KEY_PREFIX: prefix,
      SOURCES_FILE: sourcesFile,
      ALLOW_PRIVATE_NETWORKS: '127.0.0.1/32',
      HOST_SPACING: '0',
      HOST_CONCURRENCY: String(HOST_CONCURRENCY),
      CONCURRENCY: String(CONCURRENCY),
      LOG_LEVEL: 'warn',
    };
    const spawn = (args: string[]): CliRun => {
      const run = spawnCli(args, env);
      running.push(run);
      return run;
    };
    // The worker shares the articles; the walk's pages are the backfill command's alone, so
    // that after the kill the walk stands still until the command runs again.
    const workers = [spawn(['worker', '--queues', 'scrape,ingest']), spawn(['worker', '--queues', 'scrape,ingest'])];
    const first = spawn(['backfill', '--json']);

    const killAt = 20 + Math.floor(Math.random() * 220);
    for (;;) {
      const page = Number((await redis.hget(store.keys.walk('presse'), 'page')) ?? 0);
      if (page >= killAt) break;
      const ended = await Promise.race([first.exited.then(() => true), sleep(10).then(() => false)]);
      if (ended) throw new Error(`the first backfill ended before page ${killAt}: ${JSON.stringify(first.output())}`);
    }
    first.kill('SIGKILL');
    const killed = await first.exited;
    expect(killed.signal).toBe('SIGKILL');
    const atKill = (await store.getWalk('presse'))!;
    expect(atKill.status).toBe('running');
    const killedAfterMs = performance.now() - started;

    const second = spawn(['backfill', '--json']);
    const done = await second.exited;
    expect(done.code, done.stderr).toBe(0);
    expect(done.stderr).toContain(`presse: resuming the backfill after ${atKill.page} finished page(s), at ${atKill.url}`);
    const summary = JSON.parse(done.stdout) as Summary;
    expect(summary.interrupted).toBe(false);
    expect(summary.sources).toEqual([
      expect.objectContaining({ id: 'presse', status: 'done', pages: PAGES, found: PAGES * PER_PAGE, skippedCount: 0, reason: `page ${PAGES} lists no releases` }),
    ]);
    expect(summary.sources[0]!.new + summary.sources[0]!.duplicates).toBe(PAGES * PER_PAGE);

    for (const worker of workers) worker.kill('SIGTERM');
    for (const worker of workers) expect((await worker.exited).code).toBe(0);

    // Every release stored, each as an item of its own.
    expect(await store.countItems()).toBe(PAGES * PER_PAGE);
    const ids = await Promise.all(site.releases.map((r) => store.findItemIdByUrl(site!.releaseUrl(r))));
    expect(ids.filter((id) => id === undefined)).toEqual([]);
    expect(new Set(ids).size).toBe(PAGES * PER_PAGE);

    // Every listing page fetched once; only the page in flight at the kill may have been fetched twice.
    const stats = await site.stats();
    const listingPath = (page: number): string => (page === 0 ? '/presse' : `/presse?page=${page}`);
    const fetches = Array.from({ length: PAGES + 1 }, (_, page) => stats.requests[listingPath(page)] ?? 0);
    const twice = fetches.flatMap((n, page) => (n === 1 ? [] : [{ page, n }]));
    expect(twice.every(({ page, n }) => page === atKill.page && n === 2), JSON.stringify(twice)).toBe(true);
    expect(fetches.filter((n) => n === 0)).toEqual([]);

    // Requests overlapped on the host (the limit was put to the test), never more than HOST_CONCURRENCY at once.
    expect(stats.maxInFlight).toBeGreaterThan(1);
    expect(stats.maxInFlight).toBeLessThanOrEqual(HOST_CONCURRENCY);

    console.info(
      `e2e backfill: ${PAGES} pages × ${PER_PAGE} releases; killed after page ${atKill.page} (aimed at ${killAt}) ` +
        `${Math.round(killedAfterMs)} ms in; done after ${Math.round(performance.now() - started)} ms; pages fetched twice: ${JSON.stringify(twice)}; ` +
        `at most ${stats.maxInFlight} requests at once`,
    );
  }, 240_000);
});
