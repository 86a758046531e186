import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Item, MinistryId } from '../src/model/index.js';
import { InvalidCursorError, Store, type QueryFilter } from '../src/store/index.js';
import { KASSEL_SITZUNG, SEED, WIR_PROGRAMM, bodyOf } from './dedupe-texts.js';
import { connectRedis, deletePrefix, uniquePrefix } from './helpers/redis.js';
import { generateBody, makeArticle, seededRandom, tags } from './store-articles.js';

const redis: Redis = connectRedis();
const prefix = uniquePrefix('store-query');
const store = new Store(redis, prefix);
const ids: Record<string, string> = {};

async function add(key: string, url: string, fields: { ministryId?: MinistryId; published: string; tags: string[]; title?: string; text?: string }, release = SEED) {
  const article = makeArticle(url, { ...fields, tags: tags(...fields.tags) }, release);
  ids[key] = (await store.ingest(article, 'test', new Date('2024-11-01T00:00:00Z'))).itemId;
}

async function allPages(filter: Omit<QueryFilter, 'before'>): Promise<{ pages: Item[][]; items: Item[] }> {
  const pages: Item[][] = [];
  let before: string | undefined;
  do {
    const page = await store.query({ ...filter, before });
    pages.push(page.items);
    before = page.next;
    expect(pages.length).toBeLessThan(200);
  } while (before);
  return { pages, items: pages.flat() };
}

const idsOf = (items: Item[]) => items.map((i) => i.id);

beforeAll(async () => {
  const random = seededRandom(7);
  await add('seed', 'https://soziales.hessen.de/presse/integrationskonferenz', {
    ministryId: 'soziales',
    published: '2024-09-23T10:00:00+02:00',
    tags: ['Integration', 'Frühkindliche Bildung', 'Rassismus'],
  });
  await add('wir', 'https://soziales.hessen.de/presse/wir', { ministryId: 'soziales', published: '2024-09-20T10:00:00+02:00', tags: ['Integration', 'Förderprogramme'] }, WIR_PROGRAMM);
  await add('kassel', 'https://soziales.hessen.de/presse/kassel', { ministryId: 'soziales', published: '2024-10-02T10:00:00+02:00', tags: ['Integration', 'Arbeitsmarkt'] }, KASSEL_SITZUNG);
  await add('kita', 'https://kultus.hessen.de/presse/kita', {
    ministryId: 'kultus',
    published: '2024-09-25T10:00:00+02:00',
    tags: ['frühkindliche Bildung'],
    title: 'Mehr Plätze für frühkindliche Bildung',
    text: generateBody(random),
  });
  await add('haushalt', 'https://finanzen.hessen.de/presse/haushalt', { ministryId: 'finanzen', published: '2024-09-21T10:00:00+02:00', tags: [], title: 'Haushaltsentwurf vorgelegt', text: generateBody(random) });
  // 30 more releases, 20 of them published at the very same instant (listing pages give dates only).
  for (let i = 0; i < 30; i++) {
    const published = i < 20 ? '2024-08-01T00:00:00+02:00' : new Date(Date.UTC(2024, 6, 1 + i)).toISOString();
    await add(`gen${i}`, `https://wirtschaft.hessen.de/presse/meldung-${i}`, {
      ministryId: 'wirtschaft',
      published,
      tags: i % 2 ? ['Wirtschaft'] : ['Wirtschaft', 'Tourismus'],
      title: `Meldung ${i}`,
      text: generateBody(random),
    });
  }
});

afterAll(async () => {
  await deletePrefix(redis, prefix);
  redis.disconnect();
});

describe('Store.query filters', () => {
  it('lists newest first by published', async () => {
    const { items } = await store.query({ limit: 5 });
    expect(idsOf(items)).toEqual([ids.kassel, ids.kita, ids.seed, ids.haushalt, ids.wir]);
  });

  it('filters by one or several ministries', async () => {
    expect(idsOf((await store.query({ ministries: ['kultus', 'finanzen'], limit: 10 })).items)).toEqual([ids.kita, ids.haushalt]);
    expect(idsOf((await store.query({ ministries: ['soziales'], limit: 10 })).items)).toEqual([ids.kassel, ids.seed, ids.wir]);
  });

  it('matches a tag by label or slug, whatever the case and umlaut spelling', async () => {
    for (const tag of ['Frühkindliche Bildung', 'frühkindliche bildung', 'fruehkindliche-bildung', 'FRÜHKINDLICHE BILDUNG']) {
      expect(idsOf((await store.query({ tags: [tag], limit: 10 })).items), tag).toEqual([ids.kita, ids.seed]);
    }
  });

  it('takes items with any of several tags, and combines ministries and tags', async () => {
    expect(idsOf((await store.query({ tags: ['Arbeitsmarkt', 'Förderprogramme'], limit: 10 })).items)).toEqual([ids.kassel, ids.wir]);
    expect(idsOf((await store.query({ ministries: ['soziales'], tags: ['Frühkindliche Bildung'], limit: 10 })).items)).toEqual([ids.seed]);
    expect(idsOf((await store.query({ ministries: ['soziales', 'kultus'], tags: ['fruehkindliche-bildung', 'arbeitsmarkt'], limit: 10 })).items)).toEqual([
      ids.kassel,
      ids.kita,
      ids.seed,
    ]);
    expect((await store.query({ tags: ['Gibt es nicht'], limit: 10 })).items).toEqual([]);
  });

  it('leaves out items with an excluded tag', async () => {
    const { items } = await store.query({ excludeTags: ['integration', 'Wirtschaft'], limit: 10 });
    expect(idsOf(items)).toEqual([ids.kita, ids.haushalt]);
  });

  it('finds items containing all words of q in title or text, ignoring case and umlaut spelling', async () => {
    expect(idsOf((await store.query({ q: 'Weiterstadt', limit: 10 })).items)).toEqual([ids.seed]);
    expect(idsOf((await store.query({ q: 'weiterstadt HOFMANN', limit: 10 })).items)).toEqual([ids.seed]);
    expect((await store.query({ q: 'Weiterstadt Kassel', limit: 10 })).items).toEqual([]);
    expect(idsOf((await store.query({ q: 'fruehkindliche', ministries: ['kultus', 'soziales'], limit: 10 })).items)).toEqual([ids.kita, ids.seed]);
    expect(idsOf((await store.query({ q: 'Frühkindliche', ministries: ['kultus', 'soziales'], limit: 10 })).items)).toEqual([ids.kita, ids.seed]);
    expect(idsOf((await store.query({ q: 'Gießen', limit: 10 })).items)).toEqual([ids.wir]);
  });

  it('leaves no temporary keys behind', async () => {
    await store.query({ ministries: ['soziales', 'kultus'], tags: ['integration', 'rassismus'], limit: 3 });
    expect(await redis.keys(`${prefix}:tmp:*`)).toEqual([]);
  });
});

describe('Store.query paging', () => {
  it('walks every item exactly once, in order, even when many share one timestamp', async () => {
    const everything = (await store.query({ limit: 1000 })).items;
    expect(everything).toHaveLength(35);
    for (const limit of [1, 4, 7]) {
      const { pages, items } = await allPages({ limit });
      expect(idsOf(items)).toEqual(idsOf(everything));
      expect(pages.slice(0, -1).every((page) => page.length === limit)).toBe(true);
    }
  });

  it('pages through a filtered listing and a word search the same way', async () => {
    const filtered = (await store.query({ tags: ['Wirtschaft'], excludeTags: ['Tourismus'], limit: 1000 })).items;
    expect(filtered).toHaveLength(15);
    expect(idsOf((await allPages({ tags: ['Wirtschaft'], excludeTags: ['Tourismus'], limit: 4 })).items)).toEqual(idsOf(filtered));
    const searched = (await store.query({ q: 'Meldung', limit: 1000 })).items;
    expect(searched).toHaveLength(30);
    expect(idsOf((await allPages({ q: 'Meldung', limit: 6 })).items)).toEqual(idsOf(searched));
  });

  it('finds the few items where two large filters meet, page by page, however few ids one read may look at', async () => {
    // Evens are kultus, odds finanzen; the tag is on every odd item and on 0, 10, 20, 30: two sets
    // of 20 and 24 that share four items, so a page walks past many ids that do not match.
    const sparse = uniquePrefix('store-query-sparse');
    const writer = new Store(redis, sparse);
    const random = seededRandom(11);
    const expected: string[] = [];
    for (let i = 0; i < 40; i++) {
      const article = makeArticle(`https://kultus.hessen.de/presse/sparse-${i}`, {
        ministryId: i % 2 === 0 ? 'kultus' : 'finanzen',
        published: new Date(Date.UTC(2024, 0, 1 + i)).toISOString(),
        tags: tags(...(i % 2 === 1 || i % 10 === 0 ? ['Häufig'] : [])),
        title: `Sparse ${i}`,
        text: generateBody(random),
      });
      const { itemId } = await writer.ingest(article, 'test', new Date('2024-11-01T00:00:00Z'));
      if (i % 10 === 0) expected.unshift(itemId);
    }
    try {
      for (const maxListScan of [1, 3, 5000]) {
        const reader = new Store(redis, sparse, { search: { maxListScan } });
        for (const limit of [1, 2, 10]) {
          const ids: string[] = [];
          let before: string | undefined;
          do {
            const page = await reader.query({ ministries: ['kultus'], tags: ['häufig'], limit, before });
            ids.push(...idsOf(page.items));
            before = page.next;
          } while (before && ids.length < 10);
          expect(ids, `maxListScan ${maxListScan}, limit ${limit}`).toEqual(expected);
        }
      }
    } finally {
      await deletePrefix(redis, sparse);
    }
  });

  it('has no next cursor on the last page', async () => {
    const page = await store.query({ ministries: ['kultus'], limit: 1 });
    expect(page.items).toHaveLength(1);
    expect(page.next).toBeUndefined();
  });

  it('rejects cursors it did not issue', async () => {
    const { next } = await store.query({ limit: 2 });
    expect(next).toBeDefined();
    const tampered = Buffer.from(Buffer.from(next!, 'base64url').toString().replace(/:.*/, ':not-an-id'), 'utf8').toString('base64url');
    for (const before of ['garbage!', '', Buffer.from('123:abc').toString('base64url'), tampered, `${next}==`]) {
      await expect(store.query({ limit: 2, before })).rejects.toBeInstanceOf(InvalidCursorError);
    }
    await expect(store.query({ limit: 0 })).rejects.toBeInstanceOf(RangeError);
  });
});

describe('Store listings', () => {
  it('counts tags under their first published label', async () => {
    const listed = await store.listTags();
    expect(listed.slice(0, 3)).toEqual([
      { label: 'Wirtschaft', slug: 'wirtschaft', count: 30 },
      { label: 'Tourismus', slug: 'tourismus', count: 15 },
      { label: 'Integration', slug: 'integration', count: 3 },
    ]);
    expect(listed).toContainEqual({ label: 'Frühkindliche Bildung', slug: 'fruehkindliche-bildung', count: 2 });
  });

  it('counts items per ministry', async () => {
    expect(await store.ministryCounts()).toMatchObject({ soziales: 3, kultus: 1, finanzen: 1, wirtschaft: 30, innen: 0 });
  });

  it('iterates every item newest first and fetches items by id in the order asked', async () => {
    const iterated: string[] = [];
    for await (const item of store.iterateItems(3)) iterated.push(item.id);
    expect(iterated).toEqual(idsOf((await store.query({ limit: 1000 })).items));
    expect(await store.countItems()).toBe(35);
    expect(idsOf(await store.getItems([ids.wir!, 'ffffffffffffffff', ids.seed!]))).toEqual([ids.wir, ids.seed]);
  });
});
