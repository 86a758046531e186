/**
 * The word index answers `q` exactly as a scan of every release would: a property over random
 * stores (new releases, corrections in place, copies merged in, sightings, deletions, a backup
 * restored) and random queries with filters, paged with cursors, under default and tiny search
 * bounds (so every way a word is looked up — walked, checked by sets, by a union, in the texts,
 * and pages cut short — is taken). After every history the index holds exactly each release's
 * folded words, scored by its published time.
 */
import fc from 'fast-check';
import type { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { slugify, type Article } from '../src/model/index.js';
import { backupStore, restoreStore, Store, type QueryFilter, type StoreOptions } from '../src/store/index.js';
import { indexedWords } from '../src/store/search-index.js';
import { foldedContainsAllWords, searchText, searchWords } from '../src/store/search-text.js';
import { decodeText } from '../src/store/text-codec.js';
import { connectRedis, deletePrefix, uniquePrefix } from './helpers/redis.js';

const redis: Redis = connectRedis();
const prefixes: string[] = [];
const at = new Date('2024-11-01T00:00:00Z');

afterAll(async () => {
  for (const prefix of prefixes) await deletePrefix(redis, prefix);
  redis.disconnect();
});

function freshPrefix(): string {
  const prefix = uniquePrefix('search-index');
  prefixes.push(prefix);
  return prefix;
}

const WORDS = [
  'Integration', 'Integrationskonferenz', 'Frühkindliche', 'fruehkindliche', 'Bildung', 'Straße', 'Strasse', 'Kita', 'Kitas', 'Café', 'CAFE',
  'Wasserstoff', 'Wasserstoffstrategie', 'Haushalt', 'Landesregierung', 'Ehrenamt', 'Gießen', 'Giessen', 'Zuschuss', 'Förderung',
  'Fördermittel', 'Sozial-Ministerium', '2024', 'A5', 'Öl', 'Übung', 'ﬁnal', 'Ärztin', 'und', 'der', 'mit',
];
const SEPARATORS = [' ', ' ', ' ', ', ', '-', '. ', '\n', ' „', '“ '];
const MINISTRIES = ['soziales', 'kultus', 'finanzen'];
const TAGS = ['Integration', 'Frühkindliche Bildung', 'Haushalt', 'Ehrenamt'];

const words = (min: number, max: number) =>
  fc.array(fc.tuple(fc.constantFrom(...WORDS), fc.constantFrom(...SEPARATORS)), { minLength: min, maxLength: max }).map((parts) => parts.map(([w, s]) => w + s).join('').trim());

const release = fc.record({
  title: words(2, 4),
  summary: fc.option(words(3, 6), { nil: undefined }),
  text: words(30, 45),
  ministry: fc.constantFrom(...MINISTRIES),
  tags: fc.subarray(TAGS, { maxLength: 2 }),
  day: fc.integer({ min: 1, max: 4 }),
});
type Release = typeof release extends fc.Arbitrary<infer T> ? T : never;

type Step =
  | { kind: 'new'; release: Release }
  | { kind: 'correct'; which: number; release: Release }
  | { kind: 'copy'; which: number; summary?: string; day: number; tags: string[] }
  | { kind: 'sighting'; which: number }
  | { kind: 'delete'; which: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 4, arbitrary: release.map((r): Step => ({ kind: 'new', release: r })) },
  { weight: 2, arbitrary: fc.tuple(fc.nat(), release).map(([which, r]): Step => ({ kind: 'correct', which, release: r })) },
  {
    weight: 2,
    arbitrary: fc
      .record({ which: fc.nat(), summary: fc.option(words(3, 6), { nil: undefined }), day: fc.integer({ min: 1, max: 4 }), tags: fc.subarray(TAGS, { maxLength: 2 }) })
      .map((c): Step => ({ kind: 'copy', ...c })),
  },
  { weight: 1, arbitrary: fc.nat().map((which): Step => ({ kind: 'sighting', which })) },
  { weight: 1, arbitrary: fc.nat().map((which): Step => ({ kind: 'delete', which })) },
);

/** A part of a word, spelled another way now and then. */
const queryWord = fc.oneof(
  fc.tuple(fc.constantFrom(...WORDS), fc.nat(), fc.nat()).map(([w, a, b]) => {
    const start = a % w.length;
    return w.slice(start, start + 1 + (b % (w.length - start)));
  }),
  fc.constantFrom('xyz', 'Fruehkindliche', 'STRASSE', 'ß', 'ae', 'ue', 'Kita-Zuschuss', 'integrations konferenz'),
);

const query = fc.record({
  // No words at all: a listing (read-page script) instead of a search, under the same filters.
  q: fc.array(queryWord, { minLength: 0, maxLength: 3 }).map((ws) => ws.join(' ')),
  ministries: fc.subarray(MINISTRIES, { maxLength: 2 }),
  tags: fc.subarray(TAGS, { maxLength: 2 }),
  excludeTags: fc.subarray(TAGS, { maxLength: 1 }),
  limit: fc.integer({ min: 1, max: 4 }),
});
type Query = typeof query extends fc.Arbitrary<infer T> ? T : never;

const bounds: fc.Arbitrary<StoreOptions['search']> = fc.option(
  fc.record({
    maxWordSets: fc.integer({ min: 1, max: 40 }),
    maxCheckedSets: fc.integer({ min: 0, max: 3 }),
    maxUnionIds: fc.integer({ min: 0, max: 12 }),
    maxWalkedUnionIds: fc.integer({ min: 0, max: 12 }),
    maxExamined: fc.integer({ min: 1, max: 12 }),
    maxTextChecks: fc.integer({ min: 1, max: 6 }),
    maxListScan: fc.integer({ min: 1, max: 40 }),
  }),
  { nil: undefined },
);

function articleOf(url: string, r: Release): Article {
  return {
    url,
    canonicalUrl: url,
    title: r.title,
    ministryId: r.ministry as Article["ministryId"],
    published: `2024-10-0${r.day}T08:00:00Z`,
    summary: r.summary,
    contentHtml: `<p>${r.text}</p>`,
    text: r.text,
    tags: r.tags.map((label) => ({ label, slug: slugify(label) })),
    extractedBy: 'profile',
  };
}

interface History {
  urls: string[];
  articles: Article[];
}

async function apply(store: Store, history: History, s: Step): Promise<void> {
  const pick = (which: number): number | undefined => (history.urls.length === 0 ? undefined : which % history.urls.length);
  if (s.kind === 'new') {
    const url = `https://${s.release.ministry}.hessen.de/presse/p-${history.urls.length}`;
    history.urls.push(url);
    history.articles.push(articleOf(url, s.release));
    await store.ingest(history.articles.at(-1)!, 'prop', at);
    return;
  }
  const i = pick(s.which);
  if (i === undefined) return;
  const url = history.urls[i]!;
  if (s.kind === 'correct') {
    history.articles[i] = articleOf(url, s.release);
    await store.ingest(history.articles[i]!, 'prop', at);
  } else if (s.kind === 'copy') {
    // The same body under another address: merged by content, maybe with a summary, tags, an earlier date.
    const copy = `${url}-kopie-${history.urls.length}`;
    const article: Article = { ...history.articles[i]!, url: copy, canonicalUrl: copy, summary: s.summary, published: `2024-10-0${s.day}T06:00:00Z`, tags: s.tags.map((label) => ({ label, slug: slugify(label) })) };
    await store.ingest(article, 'prop-copy', at);
  } else {
    const id = await store.findItemIdByUrl(url);
    if (id === undefined) return;
    if (s.kind === 'sighting') await store.addItemSources(id, ['prop-sighting'], at);
    else await store.deleteItem(id);
  }
}

interface Stored {
  id: string;
  score: number;
  item: { title: string; summary?: string; ministryId?: string; tags: { slug: string }[]; published: string };
  text: string;
}

async function readAll(store: Store): Promise<Stored[]> {
  const all = await redis.zrange(store.keys.all, 0, -1, 'WITHSCORES');
  const out: Stored[] = [];
  for (let i = 0; i < all.length; i += 2) {
    const id = all[i]!;
    const item = JSON.parse((await redis.get(store.keys.item(id)))!) as Stored['item'];
    out.push({ id, score: Number(all[i + 1]), item, text: decodeText(await redis.getBuffer(store.keys.text(id))) ?? '' });
  }
  return out;
}

/** What `q` and the filters must find: every release scanned, newest first (ties by id, descending). */
function bruteForce(stored: Stored[], f: Query): string[] {
  const ws = searchWords(f.q);
  const tagSlugs = f.tags.map(slugify);
  const excluded = f.excludeTags.map(slugify);
  return stored
    .filter(({ item, text }) => {
      if (f.ministries.length > 0 && !f.ministries.includes(item.ministryId ?? '')) return false;
      if (tagSlugs.length > 0 && !item.tags.some((t) => tagSlugs.includes(t.slug))) return false;
      if (item.tags.some((t) => excluded.includes(t.slug))) return false;
      return foldedContainsAllWords(searchText(item, text), ws);
    })
    .sort((a, b) => b.score - a.score || (a.id < b.id ? 1 : -1))
    .map(({ id }) => id);
}

/** Every page of a query, following `next`. */
async function walk(store: Store, f: Query): Promise<string[]> {
  const filter: QueryFilter = { q: f.q, ministries: f.ministries, tags: f.tags, excludeTags: f.excludeTags, limit: f.limit };
  const ids: string[] = [];
  for (let pages = 0; pages < 500; pages++) {
    const page = await store.query(filter);
    ids.push(...page.items.map((item) => item.id));
    if (!page.next) return ids;
    filter.before = page.next;
  }
  throw new Error('more than 500 pages');
}

/** The word index holds exactly each release's words, scored by its published time; the vocabulary lists them. */
async function expectIndexMatches(store: Store, stored: Stored[]): Promise<void> {
  const expected = new Map<string, Map<string, number>>();
  for (const { id, item, text } of stored) {
    for (const word of indexedWords(item, text)) {
      const postings = expected.get(word) ?? new Map<string, number>();
      postings.set(id, Date.parse(item.published));
      expected.set(word, postings);
    }
  }
  const actual = new Map<string, Map<string, number>>();
  const prefix = `${store.keys.prefix}:w:`;
  for (const key of await redis.keys(`${prefix}*`)) {
    const members = await redis.zrange(key, 0, -1, 'WITHSCORES');
    const postings = new Map<string, number>();
    for (let i = 0; i < members.length; i += 2) postings.set(members[i]!, Number(members[i + 1]));
    actual.set(key.slice(prefix.length), postings);
  }
  expect(actual).toEqual(expected);
  const vocabulary = new Set(((await redis.get(store.keys.vocabulary)) ?? '').split('\n'));
  for (const word of expected.keys()) expect(vocabulary.has(word), word).toBe(true);
}

async function* linesOf(records: AsyncIterable<unknown>): AsyncGenerator<string> {
  for await (const record of records) yield JSON.stringify(record);
}

describe('the word index', () => {
  it('finds what a scan of every release finds, paged, with filters, through corrections, merges, deletions and a restore', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 3, maxLength: 14 }), fc.array(query, { minLength: 4, maxLength: 6 }), bounds, async (steps, queries, search) => {
        // Both stores go, whatever the run found: a failing run leaves nothing behind to slow the next ones.
        const prefix = freshPrefix();
        const restoredPrefix = freshPrefix();
        try {
          const writer = new Store(redis, prefix);
          const reader = new Store(redis, prefix, { search });
          const history: History = { urls: [], articles: [] };
          // The reader's vocabulary copy is brought up to date between steps, not only at the end.
          for (const [i, s] of steps.entries()) {
            await apply(writer, history, s);
            if (i % 4 === 0) await reader.query({ q: 'a', limit: 1 });
          }
          const stored = await readAll(writer);
          await expectIndexMatches(writer, stored);
          for (const f of queries) expect(await walk(reader, f), JSON.stringify(f)).toEqual(bruteForce(stored, f));
          const restoredCtx = { redis, keys: new Store(redis, restoredPrefix).keys };
          await restoreStore(restoredCtx, linesOf(backupStore({ redis, keys: writer.keys })));
          const restored = new Store(redis, restoredPrefix, { search });
          expect(await readAll(restored)).toEqual(stored);
          await expectIndexMatches(restored, stored);
          for (const f of queries) expect(await walk(restored, f), JSON.stringify(f)).toEqual(bruteForce(stored, f));
        } finally {
          await deletePrefix(redis, prefix);
          await deletePrefix(redis, restoredPrefix);
        }
      }),
      { numRuns: 6 },
    );
  }, 120_000);
});
