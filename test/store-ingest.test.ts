import type { Redis } from 'ioredis';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { itemLink, itemLinks } from '../src/model/index.js';
import { Store, backupStore, itemIdFor, restoreStore } from '../src/store/index.js';
import { contentFingerprint, hammingDistance, NEAR_DUPLICATE_MAX_DISTANCE, normalizeText, simhash64, simhashBands } from '../src/dedupe/index.js';
import { sha1Hex } from '../src/store/keys.js';
import { ABOUT_PARAGRAPH, CONTACT_PARAGRAPH, FACHTAG_ANMELDUNG, KASSEL_SITZUNG, SEED, WIR_PROGRAMM, bodyOf, withSentence } from './dedupe-texts.js';
import { CONTACT_BLOCKS, SHORT_RELEASES, TEMPLATE_SERIES, transliterate, type ReleaseText } from './dedupe-texts.js';
import { connectRedis, deletePrefix, uniquePrefix } from './helpers/redis.js';
import { htmlOf, makeArticle, tags } from './store-articles.js';

const MINISTRY_URL = 'https://soziales.hessen.de/presse/integrationskonferenz-konstituiert-sich-in-weiterstadt';
const PORTAL_URL = 'https://www.hessen.de/presse/integrationskonferenz-konstituiert-sich-weiterstadt';
const ADDED_SENTENCE = 'Die nächste Sitzung der Integrationskonferenz ist für das Frühjahr in Kassel geplant.';

const redis: Redis = connectRedis();
const prefixes: string[] = [];
let store: Store;

beforeEach(() => {
  const prefix = uniquePrefix('store-ingest');
  prefixes.push(prefix);
  store = new Store(redis, prefix);
});

afterAll(async () => {
  for (const prefix of prefixes) await deletePrefix(redis, prefix);
  redis.disconnect();
});

const T0 = new Date('2024-09-23T12:00:00Z');
const later = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

describe('when one release arrives under variants of its URL', () => {
  it('keeps one item for utm_* parameters, a fragment, http and host case', async () => {
    const variants = [
      MINISTRY_URL,
      `${MINISTRY_URL.replace('https:', 'http:')}?utm_source=newsletter&utm_medium=email`,
      `${MINISTRY_URL.replace('soziales.hessen.de', 'SOZIALES.hessen.de:443')}/#schlagworte`,
    ];
    const results = [];
    for (const url of variants) results.push(await store.ingest(makeArticle(url), 'soziales-presse', T0));

    expect(results.map((r) => r.outcome)).toEqual(['new', 'duplicate-url', 'duplicate-url']);
    expect(new Set(results.map((r) => r.itemId)).size).toBe(1);
    expect(await store.countItems()).toBe(1);
    const item = await store.getItem(results[0]!.itemId);
    expect(item?.urls).toEqual([MINISTRY_URL]);
    expect(item?.id).toBe(itemIdFor(MINISTRY_URL));
    for (const url of variants) expect(await store.findItemIdByUrl(url)).toBe(item?.id);
  });

  it('files a page under its rel=canonical URL and also under the URL it was fetched from', async () => {
    const result = await store.ingest(makeArticle(PORTAL_URL, { canonicalUrl: MINISTRY_URL }), 'portal', T0);
    const item = await store.getItem(result.itemId);
    expect(item?.id).toBe(itemIdFor(MINISTRY_URL));
    expect(item?.url).toBe(MINISTRY_URL);
    expect(item?.urls).toEqual([MINISTRY_URL, PORTAL_URL]);
    expect(await store.findItemIdByUrl(`${PORTAL_URL}?utm_campaign=x`)).toBe(item?.id);
  });
});

describe('when a copy of a release arrives under another URL', () => {
  it('merges a portal copy with the same body: both URLs, union of tags, earliest published, every source', async () => {
    const ministry = makeArticle(MINISTRY_URL, {
      ministryId: 'soziales',
      published: '2024-09-23T10:00:00+02:00',
      tags: tags('Integration', 'Frühkindliche Bildung'),
    });
    const portal = makeArticle(PORTAL_URL, {
      title: 'Hessische Integrationskonferenz konstituiert sich',
      published: '2024-09-23T09:30:00+02:00',
      imageUrl: 'https://www.hessen.de/sites/default/files/integrationskonferenz.jpg',
      summary: 'Die Integrationskonferenz hat sich in Weiterstadt konstituiert.',
      tags: tags('frühkindliche Bildung', 'Rassismus'),
      // The portal's own typography: straight quotes and plain hyphens.
      text: bodyOf(SEED).replace(/[„“]/g, '"').replace(/ – /g, ' - '),
    });
    const first = await store.ingest(ministry, 'soziales-presse', T0);
    const second = await store.ingest(portal, 'hessen-portal', later(5));

    expect(first.outcome).toBe('new');
    expect(second).toEqual({ outcome: 'duplicate-content', itemId: first.itemId });
    const item = await store.getItem(first.itemId);
    expect(item).toMatchObject({
      url: MINISTRY_URL,
      urls: [MINISTRY_URL, PORTAL_URL],
      title: SEED.title,
      ministryId: 'soziales',
      published: '2024-09-23T07:30:00.000Z',
      imageUrl: 'https://www.hessen.de/sites/default/files/integrationskonferenz.jpg',
      summary: 'Die Integrationskonferenz hat sich in Weiterstadt konstituiert.',
      sources: ['soziales-presse', 'hessen-portal'],
      contentHtml: ministry.contentHtml,
    });
    expect(item?.tags).toEqual(tags('Integration', 'Frühkindliche Bildung', 'Rassismus'));
    expect(await store.countItems()).toBe(1);
    expect(await store.findItemIdByUrl(PORTAL_URL)).toBe(first.itemId);
  });

  it('merges a copy with one added sentence as a near-duplicate', async () => {
    const first = await store.ingest(makeArticle(MINISTRY_URL), 'soziales-presse', T0);
    const copy = makeArticle(PORTAL_URL, { text: withSentence(SEED, 1, ADDED_SENTENCE) });
    const second = await store.ingest(copy, 'hessen-portal', later(1));

    expect(second).toEqual({ outcome: 'near-duplicate', itemId: first.itemId });
    expect(await store.countItems()).toBe(1);
    expect((await store.getItem(first.itemId))?.urls).toEqual([MINISTRY_URL, PORTAL_URL]);
  });

  it('keeps two different releases apart that share two long standard paragraphs', async () => {
    const releases = [
      [SEED, 'https://soziales.hessen.de/presse/integrationskonferenz-konstituiert-sich'],
      [WIR_PROGRAMM, 'https://soziales.hessen.de/presse/landesprogramm-wir-neue-foerderperiode'],
      [KASSEL_SITZUNG, 'https://soziales.hessen.de/presse/integrationskonferenz-beraet-in-kassel'],
      [FACHTAG_ANMELDUNG, 'https://soziales.hessen.de/presse/fachtag-der-integrationskonferenz'],
    ] as const;
    const outcomes = [];
    for (const [release, url] of releases) {
      const text = bodyOf(release, ABOUT_PARAGRAPH, CONTACT_PARAGRAPH);
      outcomes.push((await store.ingest(makeArticle(url, { text, contentHtml: htmlOf(text) }, release), 'soziales-presse', T0)).outcome);
    }
    expect(outcomes).toEqual(['new', 'new', 'new', 'new']);
    expect(await store.countItems()).toBe(4);
  });
});

describe('when a release is corrected at its URL', () => {
  it('updates the item in place: same id, new title and body, new updated date', async () => {
    const original = makeArticle(MINISTRY_URL, { published: '2024-09-23T10:00:00+02:00' });
    const first = await store.ingest(original, 'soziales-presse', T0);
    const before = await store.getItem(first.itemId);
    const versionBefore = await store.version();
    expect(before?.updated).toBe('2024-09-23T08:00:00.000Z');

    const correctedText = bodyOf(SEED).replace('rund 80 Vertreterinnen', 'rund 90 Vertreterinnen');
    const corrected = makeArticle(MINISTRY_URL, {
      title: 'Integrationskonferenz konstituiert sich in Weiterstadt-Braunshardt',
      text: correctedText,
      contentHtml: htmlOf(correctedText),
      published: '2024-09-23T10:00:00+02:00',
    });
    const second = await store.ingest(corrected, 'soziales-presse', later(90));

    expect(second).toEqual({ outcome: 'updated', itemId: first.itemId });
    const after = await store.getItem(first.itemId);
    expect(after).toMatchObject({
      id: first.itemId,
      title: 'Integrationskonferenz konstituiert sich in Weiterstadt-Braunshardt',
      contentHtml: corrected.contentHtml,
      published: before?.published,
      firstSeen: before?.firstSeen,
      updated: later(90).toISOString(),
      lastChanged: later(90).toISOString(),
    });
    expect(after?.fingerprint).not.toBe(before?.fingerprint);
    expect(await store.countItems()).toBe(1);
    expect(await store.version()).toBeGreaterThan(versionBefore);
    expect(await store.lastChanged()).toBe(later(90).toISOString());
  });

  it("takes the source's own updated date and still recognises copies of the old text", async () => {
    const first = await store.ingest(makeArticle(MINISTRY_URL), 'soziales-presse', T0);
    const correctedText = bodyOf(SEED).replace('Weiterstadt-Braunshardt', 'Weiterstadt (Landkreis Darmstadt-Dieburg)');
    const corrected = makeArticle(MINISTRY_URL, { text: correctedText, updated: '2024-09-24T09:00:00+02:00' });
    expect((await store.ingest(corrected, 'soziales-presse', later(60 * 24))).outcome).toBe('updated');
    expect((await store.getItem(first.itemId))?.updated).toBe('2024-09-24T07:00:00.000Z');

    // The portal still shows the text before the correction: it is the same release.
    const stale = await store.ingest(makeArticle(PORTAL_URL), 'hessen-portal', later(60 * 25));
    expect(stale).toEqual({ outcome: 'duplicate-content', itemId: first.itemId });
    expect((await store.getItem(first.itemId))?.title).toBe(SEED.title);
    expect(await store.countItems()).toBe(1);
  });

  it('does not let a differing copy at another URL replace the content', async () => {
    const first = await store.ingest(makeArticle(MINISTRY_URL), 'soziales-presse', T0);
    const original = await store.getItem(first.itemId);
    await store.ingest(makeArticle(PORTAL_URL, { text: withSentence(SEED, 1, ADDED_SENTENCE) }), 'hessen-portal', later(1));
    // The portal page is polled again and still differs from the ministry's copy.
    const again = await store.ingest(makeArticle(PORTAL_URL, { text: withSentence(SEED, 1, ADDED_SENTENCE) }), 'hessen-portal', later(2));
    expect(again).toEqual({ outcome: 'duplicate-url', itemId: first.itemId });
    const item = await store.getItem(first.itemId);
    expect(item?.fingerprint).toBe(original?.fingerprint);
    expect(item?.contentHtml).toBe(makeArticle(MINISTRY_URL).contentHtml);
    expect(item?.updated).toBe(T0.toISOString());
  });
  it('moves the item between ministry listings when the correction names another ministry', async () => {
    const first = await store.ingest(makeArticle(MINISTRY_URL, { ministryId: 'soziales' }), 'soziales-presse', T0);
    const correctedText = bodyOf(SEED).replace('rund 80', 'rund 85');
    await store.ingest(makeArticle(MINISTRY_URL, { ministryId: 'familie', text: correctedText }), 'soziales-presse', later(10));
    expect((await store.query({ ministries: ['soziales'], limit: 10 })).items).toEqual([]);
    expect((await store.query({ ministries: ['familie'], limit: 10 })).items.map((i) => i.id)).toEqual([first.itemId]);
    expect(await store.ministryCounts()).toMatchObject({ soziales: 0, familie: 1 });
  });
});

describe('when the same article is ingested again', () => {
  it('reports duplicate-url and changes nothing, not even the version', async () => {
    const article = makeArticle(MINISTRY_URL, { tags: tags('Integration'), ministryId: 'soziales' });
    const first = await store.ingest(article, 'soziales-presse', T0);
    const item = await store.getItem(first.itemId);
    const version = await store.version();

    const again = await store.ingest(article, 'soziales-presse', later(30));
    expect(again).toEqual({ outcome: 'duplicate-url', itemId: first.itemId });
    expect(await store.getItem(first.itemId)).toEqual(item);
    expect(await store.version()).toBe(version);
    expect(await store.lastChanged()).toBe(T0.toISOString());
  });

  it('keeps the first-seen time as published when no source gives a date', async () => {
    const first = await store.ingest(makeArticle(MINISTRY_URL), 'soziales-presse', T0);
    await store.ingest(makeArticle(MINISTRY_URL), 'soziales-presse', later(120));
    const item = await store.getItem(first.itemId);
    expect(item?.published).toBe(T0.toISOString());
    expect(item?.updated).toBe(T0.toISOString());
  });

  it('replaces a first-seen guess by the date a later copy gives, even a later one', async () => {
    const first = await store.ingest(makeArticle(MINISTRY_URL), 'soziales-presse', T0);
    await store.ingest(makeArticle(PORTAL_URL, { published: '2024-09-23T14:00:00+02:00' }), 'hessen-portal', later(5));
    const item = await store.getItem(first.itemId);
    expect(item?.published).toBe('2024-09-23T12:00:00.000Z');
    expect(item?.updated).toBe('2024-09-23T12:00:00.000Z');
  });
});

describe('when a later copy knows more', () => {
  it('fills ministry, summary and image and indexes the ministry', async () => {
    const feedOnly = makeArticle(MINISTRY_URL, { extractedBy: 'feed' });
    const first = await store.ingest(feedOnly, 'feed', T0);
    expect((await store.query({ ministries: ['soziales'], limit: 10 })).items).toEqual([]);

    await store.ingest(
      makeArticle(PORTAL_URL, { ministryId: 'soziales', summary: 'Auftakt in Weiterstadt.', imageUrl: 'https://www.hessen.de/bild.jpg' }),
      'hessen-portal',
      later(1),
    );
    const item = await store.getItem(first.itemId);
    expect(item).toMatchObject({ ministryId: 'soziales', summary: 'Auftakt in Weiterstadt.', imageUrl: 'https://www.hessen.de/bild.jpg' });
    expect((await store.query({ ministries: ['soziales'], limit: 10 })).items.map((i) => i.id)).toEqual([first.itemId]);
    expect((await store.ministryCounts()).soziales).toBe(1);
  });
});

describe('source counts kept by ingest', () => {
  it('counts new, updated and duplicate articles and the distinct items a source led to', async () => {
    await store.ingest(makeArticle(MINISTRY_URL), 'soziales-presse', T0);
    await store.ingest(makeArticle(MINISTRY_URL), 'soziales-presse', later(1));
    await store.ingest(makeArticle(MINISTRY_URL, { title: 'Neuer Titel' }), 'soziales-presse', later(2));
    await store.ingest(makeArticle('https://soziales.hessen.de/presse/wir', {}, WIR_PROGRAMM), 'soziales-presse', later(3));
    await store.ingest(makeArticle(PORTAL_URL, { title: 'Neuer Titel' }), 'hessen-portal', later(4));

    const [ministry, portal] = await store.listSourceStates(['soziales-presse', 'hessen-portal']);
    expect(ministry).toMatchObject({ id: 'soziales-presse', itemsSeen: 2, counts: { entries: 0, new: 2, updated: 1, duplicates: 1, errors: 0 } });
    expect(portal).toMatchObject({ id: 'hessen-portal', itemsSeen: 1, counts: { new: 0, updated: 0, duplicates: 1 } });
  });
});

describe('when releases of one template series arrive', () => {
  const slug = (r: ReleaseText) => r.title.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  const urlOf = (r: ReleaseText) => `https://soziales.hessen.de/presse/${slug(r)}`;

  it('keeps every release of each series as its own item', async () => {
    for (const series of TEMPLATE_SERIES) {
      const results = [];
      for (const r of series.releases) results.push(await store.ingest(makeArticle(urlOf(r), {}, r), 'soziales-presse', T0));
      expect(results.map((x) => x.outcome)).toEqual(series.releases.map(() => 'new'));
    }
    expect(await store.countItems()).toBe(TEMPLATE_SERIES.reduce((n, s) => n + s.releases.length, 0));
  });

  it('still takes a copy at another URL with one number corrected, under the same title, for the same release', async () => {
    const [a, b] = TEMPLATE_SERIES[0]!.releases as [ReleaseText, ReleaseText];
    const first = await store.ingest(makeArticle(urlOf(a), {}, a), 'soziales-presse', T0);
    await store.ingest(makeArticle(urlOf(b), {}, b), 'soziales-presse', T0);
    const text = bodyOf(a).replace('davon zwanzig', 'davon fünfundzwanzig');
    const copy = await store.ingest(makeArticle(`https://www.hessen.de/presse/${slug(a)}`, { text }, a), 'hessen-portal', later(5));
    expect(copy).toEqual({ outcome: 'near-duplicate', itemId: first.itemId });
    // At its own URL the correction updates the release in place.
    const fixed = await store.ingest(makeArticle(urlOf(a), { text }, a), 'soziales-presse', later(10));
    expect(fixed).toEqual({ outcome: 'updated', itemId: first.itemId });
    expect(await store.countItems()).toBe(2);
  });
});

describe('when a short release comes back with a press contact block appended', () => {
  // The copies whose SimHash lies past the gate: only the paragraph index finds them.
  const far = SHORT_RELEASES.flatMap((r) =>
    CONTACT_BLOCKS.filter((block) => hammingDistance(simhash64(bodyOf(r)), simhash64(bodyOf(r, block))) > NEAR_DUPLICATE_MAX_DISTANCE).map((block) => ({ r, block })),
  );

  it('merges the copy with the original, whichever comes first', async () => {
    expect(far.length).toBeGreaterThanOrEqual(4);
    for (const [i, { r, block }] of far.entries()) {
      // A store of its own per pair: one release comes back with several blocks.
      const prefix = uniquePrefix('store-contained');
      prefixes.push(prefix);
      store = new Store(redis, prefix);
      const original = makeArticle(`https://soziales.hessen.de/presse/kurz-${i}`, {}, r);
      const copy = makeArticle(`https://www.hessen.de/presse/kurz-${i}`, { text: bodyOf(r, block) }, r);
      const [first, second] = i % 2 === 0 ? [original, copy] : [copy, original];
      const a = await store.ingest(first, 'one', T0);
      const b = await store.ingest(second, 'two', later(1));
      expect(a.outcome).toBe('new');
      expect(b).toEqual({ outcome: 'near-duplicate', itemId: a.itemId });
      expect((await store.getItem(a.itemId))?.urls).toEqual([first.url, second.url]);
      expect(await store.countItems()).toBe(1);
    }
  });

  it('keeps short releases apart that carry the same contact block', async () => {
    const block = CONTACT_BLOCKS[0]!;
    const results = [];
    for (const [i, r] of SHORT_RELEASES.entries()) results.push(await store.ingest(makeArticle(`https://soziales.hessen.de/presse/k-${i}`, { text: bodyOf(r, block) }, r), 'one', T0));
    expect(results.map((x) => x.outcome)).toEqual(SHORT_RELEASES.map(() => 'new'));
  });
});

describe('when a copy writes ae/oe/ue/ss for ä/ö/ü/ß', () => {
  it('is the same content as the original', async () => {
    const first = await store.ingest(makeArticle(MINISTRY_URL), 'soziales-presse', T0);
    const copy = await store.ingest(makeArticle(PORTAL_URL, { title: transliterate(SEED.title), text: transliterate(bodyOf(SEED)) }), 'hessen-portal', later(1));
    expect(copy).toEqual({ outcome: 'duplicate-content', itemId: first.itemId });
  });

  it('does not take an unchanged page of an item stored before the fold for a correction', async () => {
    const first = await store.ingest(makeArticle(MINISTRY_URL), 'soziales-presse', T0);
    // How an earlier hessenfeed stored it: fingerprint of the plain normalized text, no identity version.
    const key = `${store.keys.prefix}:item:${first.itemId}`;
    const { identity: _identity, paragraphs: _paragraphs, ...old } = JSON.parse((await redis.get(key))!) as Record<string, unknown>;
    await redis.set(key, JSON.stringify({ ...old, fingerprint: sha1Hex(normalizeText(bodyOf(SEED))) }));
    const again = await store.ingest(makeArticle(MINISTRY_URL), 'soziales-presse', later(60));
    expect(again.outcome).toBe('duplicate-url');
    const changed = await store.ingest(makeArticle(MINISTRY_URL, { text: `${bodyOf(SEED)}\n\nNachtrag: Die Sitzung ist öffentlich.` }), 'soziales-presse', later(90));
    expect(changed.outcome).toBe('updated');
  });
});

describe('when a store from before the transliteration fold is restored', () => {
  it('recomputes fingerprint and SimHash from the stored text, so an ae/oe/ue/ss copy finds the release', async () => {
    const first = await store.ingest(makeArticle(MINISTRY_URL), 'soziales-presse', T0);
    const records = [];
    for await (const record of backupStore({ redis, keys: store.keys })) records.push(record);
    // The item as an earlier hessenfeed wrote it: unfolded fingerprint and SimHash, no identity version.
    const oldFingerprint = sha1Hex(normalizeText(bodyOf(SEED)));
    const oldSimhash = simhash64(bodyOf(SEED).replace(/ü/g, 'y'));
    const lines = records.map((record) => {
      if (record.type !== 'item') return JSON.stringify(record);
      const { identity: _identity, paragraphs: _paragraphs, ...item } = record.item;
      return JSON.stringify({ ...record, item: { ...item, fingerprint: oldFingerprint, simhash: oldSimhash }, fingerprints: [oldFingerprint] });
    });
    const target = new Store(redis, uniquePrefix('store-restore-fold'));
    prefixes.push(target.keys.prefix);
    await restoreStore({ redis, keys: target.keys }, (async function* () {
      yield* lines;
    })());
    const copy = await target.ingest(makeArticle(PORTAL_URL, { title: transliterate(SEED.title), text: transliterate(bodyOf(SEED)) }), 'hessen-portal', later(1));
    expect(copy).toEqual({ outcome: 'duplicate-content', itemId: first.itemId });
    // The old fingerprint still leads to the release too.
    expect(await redis.get(`${target.keys.prefix}:fp:${oldFingerprint}`)).toBe(first.itemId);
  });
});

describe('published addresses', () => {
  const MINISTRY_LINK = 'http://soziales.hessen.de/presse/integrationskonferenz-konstituiert-sich-in-weiterstadt/';
  const PORTAL_LINK = 'http://www.hessen.de/presse/integrationskonferenz-konstituiert-sich-weiterstadt?seite=1';

  it('keeps the link of the shown copy and adds the link of every copy that joins', async () => {
    const first = await store.ingest(makeArticle(MINISTRY_URL, { link: MINISTRY_LINK }), 'soziales-presse', T0);
    await store.ingest(makeArticle(PORTAL_URL, { link: PORTAL_LINK }), 'hessen-portal', later(1));
    const item = await store.getItem(first.itemId);
    expect(item?.url).toBe(MINISTRY_URL);
    expect(item?.link).toBe(MINISTRY_LINK);
    expect(item?.links).toEqual([MINISTRY_LINK, PORTAL_LINK]);
  });

  it('gives an item stored before links existed its link when its page is seen again, in place of its identity key', async () => {
    const first = await store.ingest(makeArticle(MINISTRY_URL), 'soziales-presse', T0);
    await store.ingest(makeArticle(PORTAL_URL), 'hessen-portal', later(1));
    const key = `${store.keys.prefix}:item:${first.itemId}`;
    const { link: _link, links: _links, ...old } = JSON.parse((await redis.get(key))!) as Record<string, unknown>;
    await redis.set(key, JSON.stringify(old));
    const before = await store.getItem(first.itemId);
    expect(before && itemLinks(before)).toEqual([MINISTRY_URL, PORTAL_URL]);
    expect(before && itemLink(before)).toBe(MINISTRY_URL);

    await store.ingest(makeArticle(MINISTRY_URL, { link: MINISTRY_LINK }), 'soziales-presse', later(60));
    const after = await store.getItem(first.itemId);
    expect(after && itemLink(after)).toBe(MINISTRY_LINK);
    expect(after && itemLinks(after)).toEqual([MINISTRY_LINK, PORTAL_URL]);
  });
});

describe('when a process opens a store written before the transliteration fold', () => {
  it('recomputes fingerprint and SimHash of every older release once, so an ae/oe/ue/ss copy finds it', async () => {
    const first = await store.ingest(makeArticle(MINISTRY_URL), 'soziales-presse', T0);
    const key = `${store.keys.prefix}:item:${first.itemId}`;
    const current = JSON.parse((await redis.get(key))!) as Record<string, unknown> & { fingerprint: string; simhash: string };
    // Turn it into what an earlier hessenfeed wrote: unfolded fingerprint, its SimHash in the bands.
    const oldFingerprint = sha1Hex(normalizeText(bodyOf(SEED)));
    const oldSimhash = simhash64(bodyOf(SEED).replace(/ü/g, 'y'));
    const { identity: _identity, paragraphs: _paragraphs, ...old } = current;
    await redis.set(key, JSON.stringify({ ...old, fingerprint: oldFingerprint, simhash: oldSimhash }));
    await redis.rename(`${store.keys.prefix}:fp:${current.fingerprint}`, `${store.keys.prefix}:fp:${oldFingerprint}`);
    for (const band of simhashBands(current.simhash)) await redis.srem(`${store.keys.prefix}:band:${band}`, `${current.simhash}${first.itemId}`);
    for (const band of simhashBands(oldSimhash)) await redis.sadd(`${store.keys.prefix}:band:${band}`, `${oldSimhash}${first.itemId}`);

    expect(await store.upgradeIdentity()).toBe(1);
    expect(await store.upgradeIdentity()).toBe(0);
    const upgraded = JSON.parse((await redis.get(key))!) as { fingerprint: string; simhash: string; identity: number };
    expect(upgraded).toMatchObject({ fingerprint: contentFingerprint(bodyOf(SEED)), simhash: current.simhash, identity: 2 });
    for (const band of simhashBands(oldSimhash)) expect(await redis.sismember(`${store.keys.prefix}:band:${band}`, `${oldSimhash}${first.itemId}`)).toBe(0);
    const copy = await store.ingest(makeArticle(PORTAL_URL, { title: transliterate(SEED.title), text: transliterate(bodyOf(SEED)) }), 'hessen-portal', later(1));
    expect(copy).toEqual({ outcome: 'duplicate-content', itemId: first.itemId });
  });
});
