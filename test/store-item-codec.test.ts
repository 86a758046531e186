import fc from 'fast-check';
import type { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { Store, STORE_FORMAT } from '../src/store/index.js';
import { randomBytes } from 'node:crypto';
import { decodeItem, encodeItem, forgetInflatedBodies, inflatedBodyChars } from '../src/store/item-codec.js';
import type { StoredItem } from '../src/store/item-record.js';
import { connectRedis, deletePrefix, uniquePrefix } from './helpers/redis.js';
import { generateBody, makeArticle, seededRandom } from './store-articles.js';

const redis: Redis = connectRedis();
const prefixes: string[] = [];
const at = new Date('2024-11-01T00:00:00Z');

function freshStore(): Store {
  const prefix = uniquePrefix('store-item-codec');
  prefixes.push(prefix);
  return new Store(redis, prefix);
}

afterAll(async () => {
  for (const prefix of prefixes) await deletePrefix(redis, prefix);
  redis.disconnect();
});

/** Redis's own count of the bytes the store's item values take. */
async function itemBytes(store: Store): Promise<number> {
  let bytes = 0;
  for (const id of await redis.zrange(store.keys.all, 0, -1)) bytes += Number(await redis.memory('USAGE', store.keys.item(id), 'SAMPLES', 0));
  return bytes;
}

async function ingestReleases(store: Store, count: number): Promise<string[]> {
  const random = seededRandom(5);
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    ids.push((await store.ingest(makeArticle(`https://soziales.hessen.de/presse/r-${i}`, { title: `Meldung ${i}`, text: generateBody(random) }), 'test', at)).itemId);
  }
  return ids;
}

describe('a stored release body', () => {
  it('is kept deflated in the item JSON and read back unchanged', async () => {
    const store = freshStore();
    const article = makeArticle('https://soziales.hessen.de/presse/lang', { text: generateBody(seededRandom(2), 40) });
    const { itemId } = await store.ingest(article, 'test', at);
    const raw = JSON.parse((await redis.get(store.keys.item(itemId)))!) as Record<string, unknown>;
    expect(raw.contentHtml).toBeUndefined();
    expect(typeof raw.contentZ).toBe('string');
    expect((raw.contentZ as string).length).toBeLessThan(article.contentHtml.length * 0.7);
    expect((await store.getItem(itemId))!.contentHtml).toBe(article.contentHtml);
    expect((await store.query({ limit: 10 })).items[0]!.contentHtml).toBe(article.contentHtml);
  });

  it('is inflated only when read: a listing reads the other fields of an item whose body is broken, the body itself fails', async () => {
    const store = freshStore();
    const article = makeArticle('https://soziales.hessen.de/presse/kaputt', { title: 'Kaputter Körper', text: generateBody(seededRandom(3), 40) });
    const { itemId } = await store.ingest(article, 'test', at);
    const raw = JSON.parse((await redis.get(store.keys.item(itemId)))!) as Record<string, unknown>;
    await redis.set(store.keys.item(itemId), JSON.stringify({ ...raw, contentZ: Buffer.from('kein deflate').toString('base64') }));
    const [item] = (await store.query({ limit: 10 })).items;
    expect(item!.title).toBe('Kaputter Körper');
    expect(() => item!.contentHtml).toThrow();
  });

  it('reads as a plain field when it was not inflated yet: in JSON, in copies', async () => {
    const store = freshStore();
    const article = makeArticle('https://soziales.hessen.de/presse/kopie', { text: generateBody(seededRandom(4), 40) });
    await store.ingest(article, 'test', at);
    const read = async () => (await store.query({ limit: 10 })).items[0]!;
    expect((JSON.parse(JSON.stringify(await read())) as { contentHtml: string }).contentHtml).toBe(article.contentHtml);
    expect({ ...(await read()) }.contentHtml).toBe(article.contentHtml);
    expect(Object.keys(await read())).toContain('contentHtml');
    expect(Object.keys(await read())).not.toContain('contentUrl');
  });

  it('stays plain when it is too short to gain from deflating', async () => {
    const store = freshStore();
    const article = makeArticle('https://soziales.hessen.de/presse/kurz', { text: 'Die Pressemitteilung finden Sie im Anhang.' });
    const { itemId } = await store.ingest(article, 'test', at);
    const raw = JSON.parse((await redis.get(store.keys.item(itemId)))!) as Record<string, unknown>;
    expect(raw.contentHtml).toBe(article.contentHtml);
    expect(raw.contentZ).toBeUndefined();
  });

  it('follows a correction: the new body is read back, the old one is in the history', async () => {
    const store = freshStore();
    const url = 'https://soziales.hessen.de/presse/korrigiert';
    const first = makeArticle(url, { text: generateBody(seededRandom(7), 30) });
    const { itemId } = await store.ingest(first, 'test', at);
    const corrected = makeArticle(url, { text: `${generateBody(seededRandom(7), 30)} Die Feier findet im Kurhaus statt.` });
    expect((await store.ingest(corrected, 'test', new Date('2024-11-02T00:00:00Z'))).outcome).toBe('updated');
    expect((await store.getItem(itemId))!.contentHtml).toBe(corrected.contentHtml);
    expect((await store.revisions(itemId)).map((revision) => revision.contentHtml)).toEqual([first.contentHtml]);
  });

  it('round-trips any text, whatever its characters', () => {
    const item = (contentHtml: string): StoredItem => ({ ...(JSON.parse('{"id":"0123456789abcdef","url":"https://a.example/","urls":[],"link":"https://a.example/","links":[],"title":"T","tags":[],"published":"2024-01-01T00:00:00.000Z","updated":"2024-01-01T00:00:00.000Z","fingerprint":"f","simhash":"0","sources":[],"firstSeen":"2024-01-01T00:00:00.000Z","lastChanged":"2024-01-01T00:00:00.000Z","contentUrl":"https://a.example/"}') as StoredItem), contentHtml });
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 2000 }), fc.nat(600), (text, repeat) => {
        const html = text + 'ä'.repeat(repeat);
        expect(decodeItem(encodeItem(item(html)))).toEqual(item(html));
      }),
      { numRuns: 40 },
    );
  });
});

describe('the bodies kept inflated', () => {
  const template = JSON.parse('{"id":"0123456789abcdef","url":"https://a.example/","urls":[],"link":"https://a.example/","links":[],"title":"T","tags":[],"published":"2024-01-01T00:00:00.000Z","updated":"2024-01-01T00:00:00.000Z","fingerprint":"f","simhash":"0","sources":[],"firstSeen":"2024-01-01T00:00:00.000Z","lastChanged":"2024-01-01T00:00:00.000Z","contentUrl":"https://a.example/"}') as StoredItem;
  /** A stored value with a body of some 580,000 characters counted (body and deflated form): three fit in the 2 Mi kept. */
  const stored = (): { json: string; chars: number } => {
    const json = encodeItem({ ...template, contentHtml: randomBytes(175_000).toString('hex') });
    const { contentZ } = JSON.parse(json) as { contentZ: string };
    return { json, chars: 350_000 + contentZ.length };
  };
  /** Reads the body of a value as stored, from a fresh parse each time (as every store read is). */
  const read = (value: { json: string }): string => decodeItem(value.json).contentHtml;

  it('stay within their bound, and a body read again outlasts one read once', () => {
    forgetInflatedBodies();
    const [a, b, c, d] = [stored(), stored(), stored(), stored()];
    read(a);
    read(b);
    read(c);
    expect(inflatedBodyChars()).toBe(a.chars + b.chars + c.chars);
    // Read again: kept, nothing added.
    expect(read(a)).toBe(read({ json: a.json }));
    expect(inflatedBodyChars()).toBe(a.chars + b.chars + c.chars);
    // The fourth is over the bound: the oldest one not read again (b) goes, a stays.
    read(d);
    expect(inflatedBodyChars()).toBe(a.chars + c.chars + d.chars);
    expect(inflatedBodyChars()).toBeLessThanOrEqual(2 * 1024 * 1024);
    // b again: c is now the oldest (a had its second chance and was not read since), so c goes.
    read(b);
    expect(inflatedBodyChars()).toBe(a.chars + d.chars + b.chars);
    forgetInflatedBodies();
    expect(inflatedBodyChars()).toBe(0);
  });
});

describe('store format 3', () => {
  it('is reached from format 2 by deflating every body in place: same items, same feeds, a third less memory', async () => {
    const store = freshStore();
    const ids = await ingestReleases(store, 40);
    await redis.set(store.keys.format, STORE_FORMAT);
    const items = await store.getItems(ids);
    const page = await store.query({ limit: 50, q: 'land' });
    const deflatedBytes = await itemBytes(store);

    // The same items as a format-2 store holds them: the body plain in the JSON.
    for (const id of ids) await redis.set(store.keys.item(id), JSON.stringify(decodeItem((await redis.get(store.keys.item(id)))!)));
    await redis.set(store.keys.format, '2');
    const plainBytes = await itemBytes(store);
    expect(await store.getItems(ids)).toEqual(items);
    const version = await redis.get(store.keys.version);

    expect(await store.migrate()).toEqual({ from: 2, items: 40 });
    expect(await redis.get(store.keys.format)).toBe(STORE_FORMAT);
    for (const id of ids) expect(JSON.parse((await redis.get(store.keys.item(id)))!)).toHaveProperty('contentZ');
    expect(await itemBytes(store)).toBe(deflatedBytes);
    expect(deflatedBytes).toBeLessThan(plainBytes * 0.67);
    expect(await store.getItems(ids)).toEqual(items);
    expect(await store.query({ limit: 50, q: 'land' })).toEqual(page);
    expect(await redis.get(store.keys.version)).toBe(version);
    expect(await store.migrate()).toBeUndefined();
  });
});
