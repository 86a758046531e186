import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderFeed, type FeedFormat } from '../src/publish/index.js';
import { listStoreKeys, Store, STORE_FORMAT, type QueryFilter } from '../src/store/index.js';
import { runCli, type CliResult } from './helpers/cli.js';
import { startFixtureServer, type FixtureServer } from './helpers/http-server.js';
import { listingPage, releasePage, syntheticRelease } from './helpers/hessen-site.js';
import { connectRedis, deletePrefix, TEST_REDIS_URL, uniquePrefix } from './helpers/redis.js';
import { KASSEL_SITZUNG, SEED, WIR_PROGRAMM, withSentence } from './dedupe-texts.js';
import { generateBody, htmlOf, makeArticle, seededRandom, tags } from './store-articles.js';

/** runCli with standard input (restore reads the backup from stdin). */
function runCliWithInput(args: string[], env: Record<string, string>, input: string): Promise<CliResult> {
  return runCli(args, env, { input, timeoutMs: 90_000 });
}

/** Every store key with its value, type-aware and order-independent. Sightings are not backed up. */
async function dumpStore(redis: Redis, store: Store): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const key of await listStoreKeys({ redis, keys: store.keys })) {
    if (key.startsWith(`${store.prefix}:seen:`)) continue;
    // Restore marks the store format, and writes the vocabulary in its own order under a new generation line.
    if (key === store.keys.format) continue;
    if (key === store.keys.vocabulary) {
      out[key] = ((await redis.get(key)) ?? '').split('\n').filter((line) => line !== '' && !line.startsWith('#')).sort();
      continue;
    }
    const type = await redis.type(key);
    if (type === 'string') out[key] = await redis.get(key);
    else if (type === 'hash') out[key] = Object.fromEntries(Object.entries(await redis.hgetall(key)).sort());
    else if (type === 'set') out[key] = (await redis.smembers(key)).sort();
    else if (type === 'zset') out[key] = await redis.zrange(key, 0, -1, 'WITHSCORES');
    else out[key] = `unexpected type ${type}`;
  }
  return out;
}

const FILTERS: Omit<QueryFilter, 'limit'>[] = [
  {},
  { ministries: ['soziales'] },
  { ministries: ['staatskanzlei'], tags: ['Thema 1', 'thema-2'] },
  { tags: ['frühkindliche Bildung'] },
  { excludeTags: ['integration'] },
  { q: 'Integrationskonferenz' },
];

/** Every filter in every format, the first page of 2 and the page after it. */
async function renderAll(store: Store): Promise<string[]> {
  const bodies: string[] = [];
  const ministries = new Map([
    ['soziales', { name: 'Hessisches Ministerium für Arbeit, Integration, Jugend und Soziales' }],
    ['staatskanzlei', { name: 'Hessische Staatskanzlei' }],
  ]);
  for (const filter of FILTERS) {
    const first = await store.query({ ...filter, limit: 2 });
    const second = first.next ? await store.query({ ...filter, limit: 2, before: first.next }) : { items: [] };
    for (const page of [first, second]) {
      for (const format of ['atom', 'rss', 'json'] as FeedFormat[]) {
        bodies.push(
          renderFeed(format, {
            title: 'Pressemitteilungen',
            selfUrl: `http://127.0.0.1:8080/feed.${format}`,
            alternateUrl: 'http://127.0.0.1:8080/',
            feedId: 'tag:hessenfeed,2024:feed',
            baseUrl: 'http://127.0.0.1:8080',
            items: page.items,
            ministries,
            generator: { name: 'hessenfeed', version: 'test' },
            emptyFeedUpdated: await store.lastChanged(),
          }).body,
        );
      }
    }
  }
  return bodies;
}

describe('hessenfeed backup and restore', () => {
  let site: FixtureServer;
  let dir: string;
  let env: Record<string, string>;
  let redis: Redis;
  let store: Store;
  const prefix = uniquePrefix('backup');
  const releases = [1, 2, 3].map((n) => syntheticRelease(40 + n));
  const sourceIds = ['staatskanzlei-presse', 'portal-presse', 'soziales-presse'];

  let before: { dump: Record<string, unknown>; feeds: string[]; items: unknown[]; states: unknown[]; version: number };
  let backup = '';

  async function observe(): Promise<typeof before> {
    const ids = (await redis.zrange(store.keys.all, 0, -1)).sort();
    return {
      dump: await dumpStore(redis, store),
      feeds: await renderAll(store),
      items: await Promise.all(ids.map((id) => store.getItem(id))),
      states: await store.listSourceStates(sourceIds),
      version: await store.version(),
    };
  }

  beforeAll(async () => {
    site = await startFixtureServer();
    const teasers = releases.map((r) => ({ href: `/presse/${r.slug}`, title: r.title, date: r.date, dateline: r.dateline }));
    site.route('/presse', listingPage(teasers));
    site.route('/portal', listingPage(teasers.map((t) => ({ ...t, href: `${t.href}?utm_source=portal` }))));
    for (const r of releases) site.route(`/presse/${r.slug}`, releasePage(r));
    dir = mkdtempSync(join(tmpdir(), 'hf-backup-'));
    writeFileSync(
      join(dir, 'sources.yaml'),
      `sources:
  - id: staatskanzlei-presse
    name: Pressemitteilungen
    ministry: staatskanzlei
    url: ${site.origin}/presse
    type: listing
    max_pages: 1
  - id: portal-presse
    name: Portal
    url: ${site.origin}/portal
    type: listing
    max_pages: 1
`,
    );
    env = { REDIS_URL: TEST_REDIS_URL, KEY_PREFIX: prefix, SOURCES_FILE: join(dir, 'sources.yaml'), ALLOW_PRIVATE_NETWORKS: '127.0.0.1/32', HOST_SPACING: '0' };
    redis = connectRedis();
    store = new Store(redis, prefix);
  });

  afterAll(async () => {
    await site?.close();
    rmSync(dir, { recursive: true, force: true });
    await deletePrefix(redis, prefix);
    redis.disconnect();
  });

  it('fills a store the ways production does: polls, duplicates, corrections, near-duplicates, guessed dates', async () => {
    expect((await runCli(['once'], env)).code).toBe(0);
    const t0 = new Date('2024-09-23T10:00:00Z');
    const later = (minutes: number): Date => new Date(t0.getTime() + minutes * 60_000);
    const ministryUrl = 'https://soziales.hessen.de/presse/integrationskonferenz';
    const outcomes: string[] = [];
    const ingest = async (...args: Parameters<Store['ingest']>): Promise<void> => void outcomes.push((await store.ingest(...args)).outcome);
    await ingest(makeArticle(ministryUrl, { ministryId: 'soziales', published: '2024-09-23T09:00:00+02:00', tags: tags('Integration', 'Frühkindliche Bildung') }), 'soziales-presse', t0);
    // A correction: the old fingerprint keeps leading to the item.
    const corrected = withSentence(SEED, 0, 'Die Konferenz wird im kommenden Jahr in Kassel fortgesetzt.');
    await ingest(makeArticle(ministryUrl, { ministryId: 'soziales', text: corrected, contentHtml: htmlOf(corrected), tags: tags('Integration') }), 'soziales-presse', later(30));
    // The portal still shows the first version: found through the old fingerprint.
    await ingest(makeArticle('https://www.hessen.de/presse/integrationskonferenz', { tags: tags('frühkindliche Bildung') }), 'portal-presse', later(40));
    // Another copy with one more sentence: a near-duplicate, merged with a third URL and fingerprint.
    const nearCopy = withSentence(SEED, 2, 'Weitere Informationen gibt es auf der Internetseite des Ministeriums.');
    await ingest(makeArticle('https://www.hessen.de/presse/integrationskonferenz-2024', { text: nearCopy, contentHtml: htmlOf(nearCopy) }), 'portal-presse', later(45));
    // No date at all: published is the first-seen time, marked as a guess in the stored record.
    await ingest(makeArticle('https://soziales.hessen.de/presse/wir-programm', { ministryId: 'soziales', tags: tags('Integration', 'WIR') }, WIR_PROGRAMM), 'soziales-presse', later(50));
    await ingest(makeArticle('https://soziales.hessen.de/presse/kassel', { ministryId: 'soziales', published: '2024-09-20T08:00:00Z', tags: tags('Frühkindliche Bildung') }, KASSEL_SITZUNG), 'soziales-presse', later(60));
    // Too short for content identity: no fingerprint key, no SimHash bands.
    await ingest(makeArticle('https://soziales.hessen.de/presse/kurz', { text: 'Die Pressemitteilung finden Sie im Anhang.', contentHtml: '<p>Die Pressemitteilung finden Sie im Anhang.</p>', title: 'Kurzmeldung', published: '2024-09-21T08:00:00Z' }), 'soziales-presse', later(70));
    expect(outcomes).toEqual(['new', 'updated', 'duplicate-content', 'near-duplicate', 'new', 'new', 'new']);

    before = await observe();
    expect(before.items).toHaveLength(7);
    expect(before.feeds.join('')).toContain('Integrationskonferenz');
    const raw = JSON.parse((await redis.get(store.keys.item((await store.findItemIdByUrl('https://soziales.hessen.de/presse/wir-programm'))!)))!) as { publishedGuessed?: boolean };
    expect(raw.publishedGuessed).toBe(true);
  }, 120_000);

  it('writes a header and one record per item, source and page', async () => {
    const result = await runCli(['backup'], env);
    expect(result.code).toBe(0);
    backup = result.stdout;
    const records = backup.trim().split('\n').map((line) => JSON.parse(line) as { type: string; [k: string]: unknown });
    expect(records[0]).toEqual({ type: 'hessenfeed-backup', version: 1, prefix, created: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
    expect(records.filter((r) => r.type === 'item')).toHaveLength(7);
    expect(records.filter((r) => r.type === 'source').map((r) => r.id)).toEqual(['portal-presse', 'soziales-presse', 'staatskanzlei-presse']);
    expect(records.filter((r) => r.type === 'page').length).toBeGreaterThanOrEqual(3);
    // Store-internal fields are kept, and both fingerprints of the corrected release.
    const integration = records.find((r) => r.type === 'item' && (r.item as { urls: string[] }).urls.includes('https://soziales.hessen.de/presse/integrationskonferenz'));
    expect(integration).toMatchObject({ item: { contentUrl: 'https://soziales.hessen.de/presse/integrationskonferenz' } });
    expect(integration!.fingerprints).toHaveLength(3);
    expect(result.stderr).toContain('Backed up 7 items, 3 source states');
  }, 60_000);

  it('restores into the emptied prefix: same keys, same items and source states, byte-identical feeds', async () => {
    await deletePrefix(redis, prefix);
    expect(await store.countItems()).toBe(0);
    const result = await runCliWithInput(['restore'], env, backup);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Restored 7 items, 3 source states`);
    const after = await observe();
    expect(after.dump).toEqual(before.dump);
    expect(await redis.get(store.keys.format)).toBe(STORE_FORMAT);
    expect(after.items).toEqual(before.items);
    expect(after.states).toEqual(before.states);
    expect(after.version).toBe(before.version);
    expect(after.feeds).toHaveLength(before.feeds.length);
    for (const [i, body] of after.feeds.entries()) expect(body).toBe(before.feeds[i]);
  }, 60_000);

  it('refuses to restore into a prefix that holds data, and replaces it with --force, moving the version on', async () => {
    const text = generateBody(seededRandom(7));
    const extra = await store.ingest(makeArticle('https://soziales.hessen.de/presse/neu', { published: '2024-10-01T08:00:00Z', text, contentHtml: htmlOf(text) }), 'soziales-presse');
    expect(extra.outcome).toBe('new');
    const versionWithExtra = await store.version();
    const refused = await runCliWithInput(['restore'], env, backup);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`KEY_PREFIX "${prefix}" already holds data (8 items`);
    expect(refused.stderr).toContain('add --force');
    expect(await store.countItems()).toBe(8);

    const forced = await runCliWithInput(['restore', '--force'], env, backup);
    expect(forced.code).toBe(0);
    expect(forced.stdout).toMatch(/existing store keys were deleted first/);
    const after = await observe();
    expect(after.items).toEqual(before.items);
    expect(after.feeds).toEqual(before.feeds);
    // Caches and ETags keyed by the version must not mistake the restored data for what was there.
    expect(after.version).toBe(versionWithExtra + 1);
    const { [store.keys.version]: _v, ...rest } = after.dump;
    const { [store.keys.version]: _w, ...expected } = before.dump;
    expect(rest).toEqual(expected);
  }, 90_000);

  it('rejects input that is not a backup, naming the line, and writes nothing', async () => {
    const empty = uniquePrefix('backup-bad');
    try {
      const items = backup.split('\n').filter((line) => line.includes('"type":"item"')).join('\n');
      const result = await runCliWithInput(['restore'], { ...env, KEY_PREFIX: empty }, items);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('restore: line 1: not a hessenfeed backup (the first line must be a "hessenfeed-backup" header, got type "item")');
      expect(await listStoreKeys({ redis, keys: new Store(redis, empty).keys })).toEqual([]);
    } finally {
      await deletePrefix(redis, empty);
    }
  }, 60_000);
});
