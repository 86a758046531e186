/**
 * The feed service under many different feeds asked for at once (a crawler, or every client
 * right after the web process starts): renders take turns in a few slots, so the pages of items
 * they hold stay few, and every feed still gets its own answer. A real store in the real Redis.
 */
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slugify } from '../src/model/index.js';
import { createFilter, FeedService } from '../src/publish/index.js';
import { gunzipSync } from 'node:zlib';
import { Store, type QueryFilter, type QueryPage } from '../src/store/index.js';
import { checkAtomFeed } from './helpers/atom-checker.js';
import { TEST_MINISTRIES } from './helpers/ministries.js';
import { connectRedis, deletePrefix, uniquePrefix } from './helpers/redis.js';
import { generateBody, makeArticle, seededRandom, tags } from './store-articles.js';

/** The real store, counting the page reads under way at once. */
class CountingStore extends Store {
  reading = 0;
  mostAtOnce = 0;

  override async query(filter: QueryFilter): Promise<QueryPage> {
    this.reading += 1;
    this.mostAtOnce = Math.max(this.mostAtOnce, this.reading);
    try {
      return await super.query(filter);
    } finally {
      this.reading -= 1;
    }
  }
}

const redis: Redis = connectRedis();
const prefix = uniquePrefix('feed-service');
const store = new CountingStore(redis, prefix);
const TAGS = Array.from({ length: 12 }, (_, i) => `Thema ${i}`);

beforeAll(async () => {
  const random = seededRandom(11);
  for (let i = 0; i < 24; i++) {
    const article = makeArticle(`https://soziales.hessen.de/presse/meldung-${i}`, {
      title: `Meldung ${i}`,
      ministryId: 'soziales',
      published: `2024-10-${String(1 + i).padStart(2, '0')}T10:00:00+02:00`,
      tags: tags(TAGS[i % TAGS.length]!),
      text: generateBody(random, 30),
    });
    await store.ingest(article, 'test', new Date('2024-11-01T00:00:00Z'));
  }
});

afterAll(async () => {
  await deletePrefix(redis, prefix);
  redis.disconnect();
});

describe('feeds asked for all at once', () => {
  it('are rendered two at a time, each with its own entries, and each render told of', async () => {
    // What wakes a resting web process (app/heap.ts, restWhenIdle).
    let started = 0;
    const feeds = new FeedService(store, { ministries: TEST_MINISTRIES, generator: { name: 'hessenfeed', version: 'test' }, onRender: () => void (started += 1) });
    const slugs = TAGS.map(slugify);
    const answers = await Promise.all(slugs.map((slug) => feeds.feed('atom', createFilter({ tags: [slug] }), 'http://feeds.test')));
    expect(started).toBe(TAGS.length);
    expect(feeds.renders).toBe(TAGS.length);
    expect(store.mostAtOnce).toBe(2);
    for (const [i, answer] of answers.entries()) {
      const atom = (await answer.bodyIn('identity')).toString('utf8');
      expect(checkAtomFeed(atom)).toEqual([]);
      // Tag i is on releases i and i + 12.
      expect([...atom.matchAll(/<title type="text">(Meldung \d+)<\/title>/g)].map((m) => m[1])).toEqual([`Meldung ${i + 12}`, `Meldung ${i}`]);
    }
  });
});

describe('entries kept for the next render', () => {
  it('are none after a crawl that reads each feed once, and those of a feed rendered again after a change', async () => {
    let version = 1;
    const feeds = new FeedService(store, { ministries: TEST_MINISTRIES, generator: { name: 'hessenfeed', version: 'test' }, version: { current: () => version } });
    const merged = createFilter({});
    for (const slug of TAGS.map(slugify)) await feeds.feed('atom', createFilter({ tags: [slug] }), 'http://feeds.test');
    const first = (await (await feeds.feed('atom', merged, 'http://feeds.test')).bodyIn('identity')).toString('utf8');
    // Every release is in the merged feed and in its tag's: written twice, yet nothing is kept.
    expect(feeds.renders).toBe(TAGS.length + 1);
    expect(feeds.keptEntryBytes).toBe(0);

    // A new release for the merged feed's top, and none of the others.
    await store.ingest(makeArticle('https://kultus.hessen.de/presse/neu', { title: 'Neu', ministryId: 'kultus', published: '2024-10-30T10:00:00+02:00', text: generateBody(seededRandom(3), 30) }), 'test', new Date('2024-11-02T00:00:00Z'));
    version = 2;
    const again = (await (await feeds.feed('atom', merged, 'http://feeds.test')).bodyIn('identity')).toString('utf8');
    expect(feeds.renders).toBe(TAGS.length + 2);
    expect(again).toContain('<title type="text">Neu</title>');
    // The entries that were there before, as they were.
    expect(again.slice(again.indexOf('<entry>', again.indexOf('Neu')))).toBe(first.slice(first.indexOf('<entry>')));
    // The merged feed's 25 entries, some kilobytes each.
    expect(feeds.keptEntryBytes).toBeGreaterThan(25 * 1024);

    // Let go (a process where nothing was rendered for a while): the next render writes them anew, the same.
    feeds.forgetKeptEntries();
    expect(feeds.keptEntryBytes).toBe(0);
    await store.ingest(makeArticle('https://kultus.hessen.de/presse/neuer', { title: 'Neuer', ministryId: 'kultus', published: '2024-10-30T11:00:00+02:00', text: generateBody(seededRandom(6), 30) }), 'test', new Date('2024-11-02T01:00:00Z'));
    version = 3;
    const third = (await (await feeds.feed('atom', merged, 'http://feeds.test')).bodyIn('identity')).toString('utf8');
    expect(third.slice(third.indexOf('<entry>', third.indexOf('Neuer')))).toBe(again.slice(again.indexOf('<entry>')));
    expect(feeds.keptEntryBytes).toBeGreaterThan(25 * 1024);
  });
});

describe('a feed rendered again after a change that left its items as they were', () => {
  it('is the response kept, validators and compressed forms included; one whose item changed is written anew', async () => {
    let version = 10;
    const feeds = new FeedService(store, { ministries: TEST_MINISTRIES, generator: { name: 'hessenfeed', version: 'test' }, version: { current: () => version } });
    const tagged = createFilter({ tags: [slugify(TAGS[3]!)] });
    const before = await feeds.feed('atom', tagged, 'http://feeds.test');
    const gzip = await before.bodyIn('gzip');

    // A release in another ministry without the tag: the store changed, the feed did not.
    await store.ingest(makeArticle('https://kultus.hessen.de/presse/anderes', { title: 'Anderes', ministryId: 'kultus', published: '2024-10-31T10:00:00+02:00', text: generateBody(seededRandom(4), 30) }), 'test', new Date('2024-11-03T00:00:00Z'));
    version = 11;
    const same = await feeds.feed('atom', tagged, 'http://feeds.test');
    expect(feeds.renders).toBe(2);
    expect(same).toBe(before);
    // Its Last-Modified is the change before it was made, not the one that left it as it was.
    expect(before.lastModified).not.toBe('Sun, 03 Nov 2024 00:00:00 GMT');
    expect(same.lastModified).toBe(before.lastModified);
    expect(await same.bodyIn('gzip')).toBe(gzip);

    // One of its releases corrected in place: same place in the feed, other JSON.
    await store.ingest(makeArticle('https://soziales.hessen.de/presse/meldung-3', { title: 'Meldung 3 (korrigiert)', ministryId: 'soziales', published: '2024-10-04T10:00:00+02:00', tags: tags(TAGS[3]!), text: generateBody(seededRandom(5), 30) }), 'test', new Date('2024-11-04T00:00:00Z'));
    version = 12;
    const corrected = await feeds.feed('atom', tagged, 'http://feeds.test');
    expect(feeds.renders).toBe(3);
    expect(corrected).not.toBe(before);
    expect(corrected.etag).not.toBe(before.etag);
    expect(corrected.lastModified).toBe('Mon, 04 Nov 2024 00:00:00 GMT');
    expect((await corrected.bodyIn('identity')).toString('utf8')).toContain('Meldung 3 (korrigiert)');
  });
});

describe('a feed asked for in a coding', () => {
  it('comes with that coding made while it was written, the same feed as asked for as it is', async () => {
    const feeds = new FeedService(store, { ministries: TEST_MINISTRIES, generator: { name: 'hessenfeed', version: 'test' } });
    const filter = createFilter({ ministries: ['soziales'] });
    const zipped = await feeds.feed('atom', filter, 'http://zipped.test', {}, 'gzip');
    expect(zipped.readyBodyIn('gzip')).toBeDefined();
    expect(zipped.readyBodyIn('br')).toBeUndefined();
    const plain = await feeds.feed('atom', filter, 'http://zipped.test/plain', {}, 'identity');
    const text = plain.readyBodyIn('identity')!.toString('utf8');
    expect(gunzipSync(zipped.readyBodyIn('gzip')!).toString('utf8')).toBe(text.replaceAll('http://zipped.test/plain', 'http://zipped.test'));
    expect(checkAtomFeed(text)).toEqual([]);
    expect(text.split('<entry>').length - 1).toBe(24);
  });
});
