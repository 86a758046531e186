import type { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { canonicalizeUrl } from '../src/dedupe/index.js';
import type { Article, IngestResult } from '../src/model/index.js';
import { Store } from '../src/store/index.js';
import { SEED, bodyOf, withSentence } from './dedupe-texts.js';
import { connectRedis, deletePrefix, uniquePrefix } from './helpers/redis.js';
import { generateBody, htmlOf, makeArticle, seededRandom, shuffle, tags } from './store-articles.js';

/** Separate connections stand for workers on separate machines sharing one Redis. */
const connections: Redis[] = Array.from({ length: 4 }, () => connectRedis());
const prefixes: string[] = [];

function storesFor(prefix: string): Store[] {
  prefixes.push(prefix);
  return connections.map((redis) => new Store(redis, prefix));
}

afterAll(async () => {
  for (const prefix of prefixes) await deletePrefix(connections[0]!, prefix);
  for (const redis of connections) redis.disconnect();
});

const T0 = new Date('2024-09-23T12:00:00Z');

describe('when one release arrives through 20 sources at the same moment', () => {
  it('becomes exactly one item carrying every URL and every source', async () => {
    // Several rounds: a race that slips through once in a while should show here.
    for (let round = 0; round < 5; round++) {
      const stores = storesFor(uniquePrefix('store-race'));
      const hosts = ['soziales.hessen.de', 'www.hessen.de', 'staatskanzlei.hessen.de', 'presse.example.org'];
      const articles = Array.from({ length: 20 }, (_, i) => {
        const url = `https://${hosts[i % hosts.length]}/presse/integrationskonferenz-weiterstadt-${i}`;
        const text =
          i === 7
            ? withSentence(SEED, 2, 'Die nächste Sitzung ist für das Frühjahr in Kassel geplant.')
            : i % 3 === 0
              ? bodyOf(SEED).replace(/[„“]/g, '"')
              : bodyOf(SEED);
        return makeArticle(url, { text, contentHtml: htmlOf(text), tags: tags(i % 2 ? 'Integration' : 'Frühkindliche Bildung') });
      });

      const results = await Promise.all(articles.map((a, i) => stores[i % stores.length]!.ingest(a, `source-${i}`, T0)));

      expect(await stores[0]!.countItems()).toBe(1);
      expect(results.filter((r) => r.outcome === 'new')).toHaveLength(1);
      const ids = new Set(results.map((r) => r.itemId));
      expect(ids.size).toBe(1);
      const item = await stores[1]!.getItem([...ids][0]!);
      expect([...(item?.urls ?? [])].sort()).toEqual(articles.map((a) => canonicalizeUrl(a.url)).sort());
      expect([...(item?.sources ?? [])].sort()).toEqual(articles.map((_, i) => `source-${i}`).sort());
      expect(item?.tags.map((t) => t.slug).sort()).toEqual(['fruehkindliche-bildung', 'integration']);
      const tagCounts = await stores[2]!.listTags();
      expect(tagCounts.map((t) => t.count)).toEqual([1, 1]);
    }
  });
});

describe('when 200 releases arrive as 3 copies each, in random order, through 4 concurrent workers', () => {
  it('stores exactly 200 items, each with its 3 URLs and 3 sources', async () => {
    const stores = storesFor(uniquePrefix('store-bulk'));
    const random = seededRandom(2024);
    const jobs: { article: Article; sourceId: string; release: number }[] = [];
    for (let r = 0; r < 200; r++) {
      const body = generateBody(random, 24);
      const published = new Date(T0.getTime() - r * 3_600_000).toISOString();
      const base = { published, tags: tags(`Thema ${r % 7}`), title: `Pressemitteilung ${r}` };
      // Ministry page, portal reprint with other typography, and a copy with one more sentence.
      const copies: [string, string, string][] = [
        [`https://soziales.hessen.de/presse/mitteilung-${r}`, body, 'ministry'],
        [`https://www.hessen.de/presse/mitteilung-${r}?utm_source=rss`, `„${body.replace(/ /g, '  ')}“`, 'portal'],
        [`https://staatskanzlei.hessen.de/presse/kopie-${r}`, `${body} Weitere Informationen gibt es beim Ministerium.`, 'digest'],
      ];
      for (const [url, text, sourceId] of copies) {
        jobs.push({ article: makeArticle(url, { ...base, text, contentHtml: htmlOf(text) }), sourceId, release: r });
      }
    }
    const queue = shuffle(jobs, random);
    const results: { release: number; result: IngestResult }[] = [];
    let next = 0;
    await Promise.all(
      stores.map(async (store) => {
        while (next < queue.length) {
          const job = queue[next++]!;
          results.push({ release: job.release, result: await store.ingest(job.article, job.sourceId, T0) });
        }
      }),
    );

    expect(await stores[0]!.countItems()).toBe(200);
    expect(results.filter((r) => r.result.outcome === 'new')).toHaveLength(200);
    const idsByRelease = new Map<number, Set<string>>();
    for (const { release, result } of results) idsByRelease.set(release, (idsByRelease.get(release) ?? new Set()).add(result.itemId));
    expect([...idsByRelease.values()].every((ids) => ids.size === 1)).toBe(true);
    const items = await stores[0]!.getItems([...idsByRelease.values()].map((ids) => [...ids][0]!));
    expect(items).toHaveLength(200);
    for (const item of items) {
      expect(item.urls).toHaveLength(3);
      expect([...item.sources].sort()).toEqual(['digest', 'ministry', 'portal']);
    }
    const counts = await stores[0]!.listSourceStates(['ministry', 'portal', 'digest']);
    expect(counts.reduce((sum, s) => sum + s.counts.new + s.counts.duplicates, 0)).toBe(600);
    expect(counts.every((s) => s.itemsSeen === 200)).toBe(true);
  });
});
