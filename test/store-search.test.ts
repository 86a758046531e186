import type { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { Store, STORE_FORMAT } from '../src/store/index.js';
import { searchText } from '../src/store/search-text.js';
import { decodeItem } from '../src/store/item-codec.js';
import { decodeText } from '../src/store/text-codec.js';
import { KASSEL_SITZUNG, SEED, WIR_PROGRAMM } from './dedupe-texts.js';
import { connectRedis, deletePrefix, uniquePrefix } from './helpers/redis.js';
import { generateBody, makeArticle, seededRandom } from './store-articles.js';

const redis: Redis = connectRedis();
const prefixes: string[] = [];
const at = new Date('2024-11-01T00:00:00Z');

function freshStore(): Store {
  const prefix = uniquePrefix('store-search');
  prefixes.push(prefix);
  return new Store(redis, prefix);
}

/** Rewrites a store as hessenfeed wrote it before format 2: plain bodies and texts, search texts. */
async function toFormatOne(store: Store): Promise<void> {
  const { keys } = store;
  for (const id of await redis.zrange(keys.all, 0, -1)) {
    const item = decodeItem((await redis.get(keys.item(id)))!);
    await redis.set(keys.item(id), JSON.stringify(item));
    const text = decodeText(await redis.getBuffer(keys.text(id)))!;
    await redis.set(keys.text(id), text);
    await redis.set(keys.search(id), searchText(item, text));
  }
  const index = await redis.keys(`${keys.prefix}:w:*`);
  await redis.del(...index, keys.vocabulary, keys.format);
}

async function search(store: Store, q: string): Promise<string[]> {
  return (await store.query({ q, limit: 50 })).items.map((item) => item.id);
}

afterAll(async () => {
  for (const prefix of prefixes) await deletePrefix(redis, prefix);
  redis.disconnect();
});

describe('word search (q)', () => {
  it('finds words of title, summary and text alike, also in a store of format 1 after its migration', async () => {
    const store = freshStore();
    const random = seededRandom(11);
    const seed = (await store.ingest(makeArticle('https://soziales.hessen.de/presse/seed', { summary: 'Vorschau auf den Kongress in Marburg' }), 'test', at)).itemId;
    const wir = (await store.ingest(makeArticle('https://soziales.hessen.de/presse/wir', {}, WIR_PROGRAMM), 'test', at)).itemId;
    const kassel = (await store.ingest(makeArticle('https://soziales.hessen.de/presse/kassel', {}, KASSEL_SITZUNG), 'test', at)).itemId;
    for (let i = 0; i < 150; i++) {
      await store.ingest(makeArticle(`https://finanzen.hessen.de/presse/m-${i}`, { title: `Meldung ${i}`, text: generateBody(random) }), 'test', at);
    }
    const expectations: [string, string[]][] = [
      [SEED.title.split(' ').slice(0, 2).join(' '), [seed]],
      ['MARBURG kongress', [seed]],
      ['weiterstadt hofmann', [seed]],
      ['Gießen', [wir]],
      ['giessen', [wir]],
      ['Weiterstadt Kassel', []],
    ];
    const answers = async () => Promise.all(expectations.map(async ([q]) => (await search(store, q)).sort()));
    const withSearchTexts = await answers();
    expect(withSearchTexts).toEqual(expectations.map(([, expected]) => [...expected].sort()));
    expect(await search(store, 'kassel')).toContain(kassel);

    // The same items as a format-1 store holds them: plain texts, search texts, no word index.
    await toFormatOne(store);
    expect(await search(store, 'marburg')).toEqual([]);
    expect(await store.migrate()).toEqual({ from: 1, items: 153 });
    expect(await answers()).toEqual(withSearchTexts);
    expect(await redis.keys(`${store.keys.prefix}:search:*`)).toEqual([]);
    expect((await redis.getBuffer(store.keys.text(seed)))!.subarray(0, 2)).toEqual(Buffer.from([0, 0x7a]));
    expect(await store.migrate()).toBeUndefined();
  });

  it('marks a store with its format from the first release written, so a process starting on it migrates nothing', async () => {
    const store = freshStore();
    // Empty: nothing to migrate and no mark, so the prefix stays empty (restore wants one).
    expect(await store.migrate()).toEqual({ from: 1, items: 0 });
    expect(await redis.get(store.keys.format)).toBeNull();
    await store.ingest(makeArticle('https://soziales.hessen.de/presse/seed'), 'test', at);
    await store.ingest(makeArticle('https://finanzen.hessen.de/presse/haushalt', { title: 'Haushalt 2025', text: generateBody(seededRandom(3)) }), 'test', at);
    expect(await redis.get(store.keys.format)).toBe(STORE_FORMAT);
    expect(await store.migrate()).toBeUndefined();
  });

  it('follows a correction in place: new words are found, removed ones no longer', async () => {
    const store = freshStore();
    const url = 'https://soziales.hessen.de/presse/seed';
    const { itemId } = await store.ingest(makeArticle(url, { text: `${generateBody(seededRandom(3))} Die Feier findet im Kurhaus statt.` }), 'test', at);
    expect(await search(store, 'kurhaus')).toEqual([itemId]);
    const corrected = await store.ingest(
      makeArticle(url, { title: 'Berichtigt: Feier im Staatstheater', text: `${generateBody(seededRandom(3))} Die Feier findet im Staatstheater statt.` }),
      'test',
      new Date('2024-11-02T00:00:00Z'),
    );
    expect(corrected).toEqual({ outcome: 'updated', itemId });
    expect(await search(store, 'kurhaus')).toEqual([]);
    expect(await search(store, 'staatstheater berichtigt')).toEqual([itemId]);
  });

  it('finds a summary that a later copy of the same release filled in', async () => {
    const store = freshStore();
    const url = 'https://soziales.hessen.de/presse/seed';
    const { itemId } = await store.ingest(makeArticle(url), 'test', at);
    expect(await search(store, 'wasserstoffstrategie')).toEqual([]);
    const again = await store.ingest(makeArticle(url, { summary: 'Mit Blick auf die Wasserstoffstrategie des Landes' }), 'test', at);
    expect(again).toEqual({ outcome: 'duplicate-url', itemId });
    expect((await store.getItem(itemId))?.summary).toBe('Mit Blick auf die Wasserstoffstrategie des Landes');
    expect(await search(store, 'wasserstoffstrategie')).toEqual([itemId]);
  });
});

describe('a word part contained in several indexed words', () => {
  it('is walked by merging its words’ sets as they are read: the same pages, newest first, as from their union', async () => {
    const prefix = uniquePrefix('store-search');
    prefixes.push(prefix);
    const writer = new Store(redis, prefix);
    const words = ['Zuwendungsrahmen', 'Zuwendungsbescheid', 'Zuwendungsempfänger', 'Zuwendungsrecht'];
    const expected: string[] = [];
    for (let i = 0; i < 40; i++) {
      // Each release holds one of the words (some two), on days that interleave the words' sets;
      // pairs share a timestamp, so ties are walked by id.
      const text = `Das Land hat ${words[i % 4]} beschlossen${i % 5 === 0 ? ` und ${words[(i + 1) % 4]} erweitert` : ''}. Weitere Angaben folgen.`;
      const published = new Date(Date.UTC(2024, 0, 1 + Math.floor(i / 2))).toISOString();
      const id = (await writer.ingest(makeArticle(`https://wirtschaft.hessen.de/presse/f-${i}`, { title: `Meldung ${i}`, text, published }), 'test', at)).itemId;
      expected.push(id);
    }
    // More releases without the word than with it: its sets, not the whole store, are walked.
    const random = seededRandom(5);
    for (let i = 0; i < 60; i++) await writer.ingest(makeArticle(`https://innen.hessen.de/presse/a-${i}`, { title: `Andere ${i}`, text: generateBody(random) }), 'test', at);
    const paged = async (store: Store): Promise<string[]> => {
      const ids: string[] = [];
      let before: string | undefined;
      do {
        const page = await store.query({ q: 'zuwendungs', limit: 3, before });
        ids.push(...page.items.map((item) => item.id));
        before = page.next;
      } while (before !== undefined);
      return ids;
    };
    const merged = await paged(new Store(redis, prefix, { search: { maxWalkedUnionIds: 0 } }));
    const union = await paged(new Store(redis, prefix, { search: { maxWalkedUnionIds: 1_000_000 } }));
    const byNewest = await redis.zrevrange(writer.keys.all, 0, -1);
    expect(merged).toHaveLength(40);
    expect(merged).toEqual(union);
    expect(merged).toEqual(byNewest.filter((id) => expected.includes(id)));
  });
});
