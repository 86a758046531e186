/**
 * Entries written once and placed again (entry-cache.ts): a feed rendered with the cache is the
 * very bytes of the feed rendered without it, whatever was written before, and an item whose
 * stored JSON changed is written anew.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Item } from '../src/model/index.js';
import { EntryCache, renderFeed, renderFeedBytes, type FeedFormat } from '../src/publish/index.js';
import { makeInput, makeItem } from './publish-fixtures.js';

const FORMATS: FeedFormat[] = ['atom', 'rss', 'json'];

/** One render's items: ids from a small set (so they repeat across renders), each with a title and body that may change. */
const renders = fc.array(
  fc.record({
    format: fc.constantFrom(...FORMATS),
    baseUrl: fc.constantFrom('http://a.test', 'https://b.test/sub/', 'not a url'),
    releasePageSuffix: fc.constantFrom('', '.html'),
    entryKind: fc.constantFrom('item' as const, 'change' as const),
    keep: fc.boolean(),
    items: fc.array(
      fc.record({
        id: fc.constantFrom('a', 'b', 'c', 'd', ''),
        title: fc.constantFrom('Erste', 'Zweite <&>', '„Dritte“ \u2028'),
        contentHtml: fc.constantFrom('<p>eins</p>', '<p>zwei\nzeilen</p>', ''),
        published: fc.constantFrom('2024-09-23T10:00:00+02:00', 'kein Datum'),
      }),
      { maxLength: 6 },
    ),
  }),
  { minLength: 1, maxLength: 8 },
);

describe('a feed rendered with the entry cache', () => {
  it('is byte for byte the feed rendered without it, after any renders before (property)', () => {
    fc.assert(
      fc.property(renders, fc.integer({ min: 1, max: 40_000 }), (sequence, cacheBytes) => {
        const cache = new EntryCache(cacheBytes);
        for (const render of sequence) {
          const items: Item[] = render.items.map((fields) => makeItem({ ...fields, updated: undefined }));
          const input = makeInput(items, { baseUrl: render.baseUrl, releasePageSuffix: render.releasePageSuffix, entryKind: render.entryKind });
          const stored = items.map((item) => JSON.stringify(item));
          const plain = renderFeed(render.format, input);
          const reused = renderFeedBytes(render.format, input, { cache, digests: stored.map(EntryCache.digest), keep: render.keep });
          expect(reused.body.toString('utf8')).toBe(plain.body);
          expect(reused.dropped).toBe(plain.dropped);
          expect(cache.size).toBeLessThanOrEqual(cacheBytes);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('keeps what a render again writes, places it in any render after, and writes an entry whose JSON changed', () => {
    const cache = new EntryCache();
    const item = makeItem({ id: 'x', title: 'Vorher' });
    const render = (keep: boolean): void => void renderFeedBytes('atom', makeInput([item]), { cache, digests: [EntryCache.digest(JSON.stringify(item))], keep });
    render(false);
    expect([cache.hits, cache.misses, cache.size]).toEqual([0, 1, 0]);
    render(true);
    expect([cache.hits, cache.misses]).toEqual([0, 2]);
    expect(cache.size).toBeGreaterThan(0);
    // A first render (another feed the item is in) places it too.
    render(false);
    expect([cache.hits, cache.misses]).toEqual([1, 2]);

    const corrected = { ...item, title: 'Nachher' };
    const body = renderFeedBytes('atom', makeInput([corrected]), { cache, digests: [EntryCache.digest(JSON.stringify(corrected))], keep: true }).body.toString();
    expect(cache.misses).toBe(3);
    expect(body).toContain('<title type="text">Nachher</title>');
    expect(body).not.toContain('Vorher');
  });

  it('keeps entries of each format and base URL apart', () => {
    const cache = new EntryCache();
    const item = makeItem({ id: 'x' });
    const reuse = { cache, digests: [EntryCache.digest(JSON.stringify(item))], keep: true };
    const atom = renderFeedBytes('atom', makeInput([item], { baseUrl: 'http://a.test' }), reuse).body.toString();
    const other = renderFeedBytes('atom', makeInput([item], { baseUrl: 'http://b.test' }), reuse).body.toString();
    const rss = renderFeedBytes('rss', makeInput([item], { baseUrl: 'http://a.test' }), reuse).body.toString();
    expect(cache.hits).toBe(0);
    expect(atom).toContain('http://a.test/releases/x');
    expect(other).toContain('http://b.test/releases/x');
    expect(rss).toContain('<item>');
  });
});
