/**
 * Corrections keep the version they replace: ingest of a changed copy stores the previous title,
 * teaser, body and dates, at most 20 per release (the newest), and backup/restore carries them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backupStore, MAX_REVISIONS, restoreStore, Store } from '../src/store/index.js';
import { connectRedis, deletePrefix, uniquePrefix } from './helpers/redis.js';
import { generateBody, makeArticle, seededRandom } from './store-articles.js';

const redis = connectRedis();
const prefixes: string[] = [];

function newStore(): Store {
  const prefix = uniquePrefix('rev');
  prefixes.push(prefix);
  return new Store(redis, prefix);
}

afterAll(async () => {
  for (const prefix of prefixes) await deletePrefix(redis, prefix);
  redis.disconnect();
});

const URL_A = 'https://kultus.hessen.de/presse/lehrkraefte';
const BASE_TEXT = generateBody(seededRandom(7), 30);
const version = (n: number) =>
  makeArticle(URL_A, { title: `Land stellt ${n} neue Lehrkräfte ein`, summary: `Teaser ${n}`, text: `${BASE_TEXT} Insgesamt ${n} Stellen.`, published: '2024-09-23T08:00:00Z' });

describe('a corrected release', () => {
  let store: Store;
  let id: string;

  beforeAll(async () => {
    store = newStore();
    id = (await store.ingest(version(480), 'kultus-presse', new Date('2024-09-23T09:00:00Z'))).itemId;
  });

  it('keeps the version it replaced, with the time of the correction', async () => {
    expect(await store.revisions(id)).toEqual([]);
    const result = await store.ingest(version(520), 'kultus-presse', new Date('2024-09-24T09:00:00Z'));
    expect(result).toEqual({ outcome: 'updated', itemId: id });
    expect((await store.getItem(id))?.title).toBe('Land stellt 520 neue Lehrkräfte ein');
    const [revision, ...more] = await store.revisions(id);
    expect(more).toEqual([]);
    expect(revision).toMatchObject({ replacedAt: '2024-09-24T09:00:00.000Z', title: 'Land stellt 480 neue Lehrkräfte ein', summary: 'Teaser 480' });
    expect(revision!.contentHtml).toContain('Insgesamt 480 Stellen.');
    // An unchanged copy seen again is no revision.
    await store.ingest(version(520), 'kultus-presse', new Date('2024-09-25T09:00:00Z'));
    expect(await store.revisions(id)).toHaveLength(1);
  });

  it(`keeps the newest ${MAX_REVISIONS} versions, dropping the oldest`, async () => {
    const many = newStore();
    const itemId = (await many.ingest(version(0), 'kultus-presse', new Date('2024-09-23T09:00:00Z'))).itemId;
    for (let n = 1; n <= MAX_REVISIONS + 5; n++) await many.ingest(version(n), 'kultus-presse', new Date(Date.UTC(2024, 9, n)));
    const revisions = await many.revisions(itemId);
    expect(revisions.map((r) => r.title)).toEqual(Array.from({ length: MAX_REVISIONS }, (_, i) => `Land stellt ${i + 5} neue Lehrkräfte ein`));
  });

  it('survives backup and restore', async () => {
    const lines: string[] = [];
    for await (const record of backupStore({ redis, keys: store.keys })) lines.push(JSON.stringify(record));
    const restored = newStore();
    await restoreStore({ redis, keys: restored.keys }, (async function* () {
      yield* lines;
    })());
    expect(await restored.revisions(id)).toEqual(await store.revisions(id));
    expect(await restored.revisions(id)).toHaveLength(1);
  });
});

describe('a deleted release', () => {
  it('takes its revisions and its entries in the corrections index with it', async () => {
    const store = newStore();
    const id = (await store.ingest(version(1), 'kultus-presse', new Date('2024-09-23T09:00:00Z'))).itemId;
    await store.ingest(version(2), 'kultus-presse', new Date('2024-09-24T09:00:00Z'));
    await store.ingest(version(3), 'kultus-presse', new Date('2024-09-25T09:00:00Z'));
    expect(await redis.zcard(store.keys.corrections)).toBe(2);
    expect(await store.deleteItem(id)).toBe(true);
    expect(await store.revisions(id)).toEqual([]);
    expect(await redis.exists(store.keys.revisions(id), store.keys.corrections)).toBe(0);
  });
});
