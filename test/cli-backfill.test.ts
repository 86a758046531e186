/**
 * `hessenfeed backfill` in process (main with its own environment, streams and signals) over the
 * real Redis and a generated listing on loopback: the summary, --json, what a second run does,
 * the exit codes, progress only on a terminal, usage mistakes, an interrupted run resumed, and
 * the walk in `hessenfeed status`.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { Store } from '../src/store/index.js';
import { startListingSite, type ListingSite, type ListingSiteOptions } from './helpers/backfill-site.js';
import { CapturedOutput, cliEnv, runCli, TestSignals } from './helpers/cli.js';
import { connectRedis, deletePrefix, TEST_REDIS_URL, uniquePrefix } from './helpers/redis.js';

interface SummaryJson {
  sources: { id: string; status: string; pages: number; found: number; new: number; duplicates: number; skippedCount: number; skipped: { page: number; url: string }[]; maxPages?: number; reason?: string }[];
  interrupted: boolean;
}

const redis = connectRedis();
const dir = mkdtempSync(join(tmpdir(), 'hf-backfill-'));
const prefixes: string[] = [];
let site: ListingSite | undefined;

afterEach(async () => {
  await site?.server.close();
  site = undefined;
});
afterAll(async () => {
  for (const prefix of prefixes) await deletePrefix(redis, prefix);
  redis.disconnect();
  rmSync(dir, { recursive: true, force: true });
});

/** A site, a sources file with its listing and a feed, and the environment of a fresh KEY_PREFIX. */
async function setUp(options: ListingSiteOptions): Promise<{ site: ListingSite; env: Record<string, string>; store: Store }> {
  site = await startListingSite(options);
  const prefix = uniquePrefix('clibf');
  prefixes.push(prefix);
  const sourcesFile = join(dir, `${prefix}.yaml`);
  writeFileSync(
    sourcesFile,
    `sources:
  - id: presse
    name: Presse
    url: ${site.url}
    type: listing
    profile: hessen-drupal
    interval: 1h
    max_pages: 1
  - id: polizei
    name: Polizei
    url: ${site.server.origin}/feed
    type: feed
`,
  );
  const env = { REDIS_URL: TEST_REDIS_URL, KEY_PREFIX: prefix, SOURCES_FILE: sourcesFile, ALLOW_PRIVATE_NETWORKS: '127.0.0.1/32', HOST_SPACING: '0' };
  return { site, env, store: new Store(redis, prefix) };
}

const once = (pages: number): number[] => Array.from({ length: pages }, () => 1);

describe('hessenfeed backfill', () => {
  it('walks the listing sources, skips feeds with a note, and prints a summary per source, with no progress when stderr is no terminal', async () => {
    const { site, env, store } = await setUp({ pages: 8, perPage: 3 });
    const result = await runCli(['backfill'], env);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.split('\n').slice(0, 3)).toEqual([
      'source  status  pages  found  new  duplicates  errors  skipped',
      'presse  done        8     24   24           0       0        0',
      'total               8     24   24           0       0        0',
    ]);
    expect(result.stdout).toContain('Ended:\n  presse: page 8 lists no releases\n');
    expect(result.stderr).toContain('polizei: skipped, a feed has no pages to walk');
    expect(result.stderr).toContain(`presse: backfill started at ${site.url}`);
    expect(result.stderr).not.toMatch(/\r|pages\/s/);
    expect(await store.countItems()).toBe(24);
    expect(site.listingRequests()).toEqual(once(9));

    // hessenfeed status shows the walk, in words and in its JSON.
    const status = await runCli(['status'], env);
    expect(status.stdout).toContain('\nBackfills:\n  presse: backfill done: 8 pages\n');
    const report = JSON.parse((await runCli(['status', '--json'], env)).stdout) as { sources: { id: string; backfill?: { walk: { status: string; pages: number } } }[] };
    expect(report.sources.map((s) => [s.id, s.backfill?.walk.status, s.backfill?.walk.pages])).toEqual([
      ['presse', 'done', 8],
      ['polizei', undefined, undefined],
    ]);
  });

  it('does not repeat a finished walk, prints the summary as JSON with --json, and starts over with --restart', async () => {
    const { site, env } = await setUp({ pages: 5, perPage: 2 });
    expect((await runCli(['backfill', '--source', 'presse'], env)).code).toBe(0);

    const again = await runCli(['backfill', '--json'], env);
    expect(again.code).toBe(0);
    expect(again.stderr).toContain('presse: its backfill is done (page 5 lists no releases); --restart walks it again');
    const summary = JSON.parse(again.stdout) as SummaryJson;
    expect(summary.interrupted).toBe(false);
    expect(summary.sources).toHaveLength(1);
    expect(summary.sources[0]).toMatchObject({ id: 'presse', status: 'done', pages: 5, found: 10, new: 10, duplicates: 0, skippedCount: 0, skipped: [] });
    expect(site.listingRequests()).toEqual(once(6));

    const restarted = await runCli(['backfill', '--restart', '--pages', '2', '--json'], env);
    expect(restarted.code).toBe(0);
    expect(restarted.stderr).toContain('presse: backfill started again from the first page');
    expect((JSON.parse(restarted.stdout) as SummaryJson).sources[0]).toMatchObject({ status: 'done', pages: 2, maxPages: 2, new: 0, duplicates: 4, reason: 'read the 2 page(s) asked for' });
    expect(site.listingRequests()).toEqual([2, 2, 1, 1, 1, 1]);
  });

  it('exits 1 and names the page when a page had to be skipped', async () => {
    const { site, env } = await setUp({ pages: 4, perPage: 2 });
    // 403 will not change by asking again: skipped at once.
    site.failPage(1, 403);
    const result = await runCli(['backfill'], env);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^presse {2}done +3 +6 +6 +0 +1 +1$/m);
    expect(result.stdout).toContain(`Skipped pages:\n  presse page 1 ${site.url}?page=1: `);
    expect(result.stdout).toMatch(/page=1: .*403/);
  });

  it('draws progress on a terminal: pages, releases found, new, duplicates, errors, rate', async () => {
    const { env } = await setUp({ pages: 6, perPage: 2 });
    const stdout = new CapturedOutput();
    const stderr = new CapturedOutput(true);
    const code = await main(['backfill'], { env: cliEnv(env), stdout, stderr, stdin: Readable.from([]), signals: new TestSignals() });
    expect(code).toBe(0);
    expect(stderr.text).toMatch(/\r\x1b\[2Kbackfill: .*\d+ (of about \d+ )?pages · \d+ found · \d+ new · \d+ duplicates · \d+ errors · \d+ skipped/);
    // The line is cleared before the summary.
    expect(stderr.text.endsWith('\r\x1b[2K')).toBe(true);
    expect(stdout.text).toMatch(/^presse {2}done/m);
  });

  it('stops on SIGINT with exit 130, leaving the walk where it got to; run again, it goes on and reads no finished page again', async () => {
    const { site, env, store } = await setUp({ pages: 10, perPage: 2 });
    const held = site.holdPage(4);
    const signals = new TestSignals();
    const running = runCli(['backfill', '--json'], env, { signals });
    await held.reached;
    // The workers close at the signal: page 4 finishes, the page 5 it queues waits for the next run.
    signals.send('SIGINT');
    held.release();
    const interrupted = await running;
    expect(interrupted.code).toBe(130);
    expect(interrupted.stderr).toContain('Stopping: the pages and releases in progress finish, nothing new starts.');
    expect(interrupted.stderr).toContain('Interrupted: each walk stays where it got to; run the same command again to go on.');
    expect(JSON.parse(interrupted.stdout)).toMatchObject({ interrupted: true, sources: [{ id: 'presse', status: 'running' }] });
    const walk = (await store.getWalk('presse'))!;
    expect(walk.status).toBe('running');

    const resumed = await runCli(['backfill'], env);
    expect(resumed.code).toBe(0);
    expect(resumed.stderr).toContain(`presse: resuming the backfill after ${walk.page} finished page(s), at ${walk.url}`);
    expect(resumed.stdout).toMatch(/^presse {2}done +10 +20 +20 /m);
    expect(site.listingRequests()).toEqual(once(11));
    expect(await store.countItems()).toBe(20);
  });

  describe('usage mistakes (exit 2, nothing walked)', () => {
    let env: Record<string, string>;
    let listing: ListingSite;
    beforeAll(async () => {
      ({ env, site: listing } = await setUp({ pages: 2, perPage: 1 }));
      site = undefined;
    });
    afterAll(async () => {
      await listing.server.close();
    });

    it.each([
      [['backfill', '--since', '2024-02-30'], '--since: "2024-02-30" is not a date like 2020-01-31 (YYYY-MM-DD)'],
      [['backfill', '--since', 'yesterday'], '--since: "yesterday" is not a date like 2020-01-31 (YYYY-MM-DD)'],
      [['backfill', '--pages', '0'], '--pages: "0" is not a whole number from 1 to 100000'],
      [['backfill', '--pages', '100001'], '--pages: "100001" is not a whole number from 1 to 100000'],
      [['backfill', '--source', 'presse', '--source', 'kultus'], '--source: "kultus" is not a configured source; configured sources: presse, polizei'],
      [['backfill', 'presse'], 'backfill: unexpected argument "presse"; name sources with --source <id>'],
      [['backfill', '--all'], 'backfill does not take --all; it takes --source, --since, --pages, --restart, --json'],
    ])('%j: %s', async (args, message) => {
      const result = await runCli(args, env);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(`hessenfeed: ${message}`);
      expect(listing.listingRequests()).toEqual([]);
    });
  });
});
