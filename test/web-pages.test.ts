/**
 * The HTML pages over HTTP against a real store: selection pages (`/` with the feed filters,
 * `/ministries/<id>`, `/tags/<slug>`), paging both ways, release pages, languages, the answers to
 * bad requests, and caching like the feeds. Read back with cheerio; the browser test covers the
 * same pages in Chromium.
 */
import * as cheerio from 'cheerio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attribute, checkAtomFeed, children, parseXml, text } from './helpers/atom-checker.js';
import { httpGet, startTestWeb, type TestWeb } from './helpers/web.js';
import { CORPUS, corpusArticle, ingestCorpus } from './web-corpus.js';

let web: TestWeb;
let ids: Map<string, string>;

const newestFirst = [...CORPUS].sort((a, b) => b.published.localeCompare(a.published));
const titlesOf = (predicate: (release: (typeof CORPUS)[number]) => boolean): string[] => newestFirst.filter(predicate).map((r) => r.title);

beforeAll(async () => {
  web = await startTestWeb();
  ids = await ingestCorpus(web.store);
  // The prize release also on the ministry's own site, found by a second source: one release, two addresses.
  await web.store.ingest(corpusArticle(CORPUS[0]!, 0, 'https://soziales.hessen.de'), 'soziales-presse', new Date('2024-10-02T00:00:00Z'));
  await web.watch.check();
}, 30_000);

afterAll(async () => {
  await web?.close();
});

async function page(path: string, headers: Record<string, string> = {}): Promise<cheerio.CheerioAPI> {
  const res = await httpGet(`${web.url}${path}`, headers);
  expect(res.status, `${path}: ${res.text.slice(0, 300)}`).toBe(200);
  expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
  return cheerio.load(res.text);
}

const listed = ($: cheerio.CheerioAPI): string[] => $('#newest li.item .title').map((_, el) => $(el).text()).get();
const hrefs = ($: cheerio.CheerioAPI, selector: string): string[] => $(selector).map((_, el) => $(el).attr('href') ?? '').get();

describe('a selection page', () => {
  it('shows exactly the releases of the filters, their number, the filters as chips, and feeds of exactly this selection', async () => {
    const $ = await page('/?ministry=soziales&tag=integration');
    const expected = titlesOf((r) => r.ministryId === 'soziales' && r.tags.includes('Integration'));
    expect(expected.length).toBe(2);
    expect(listed($)).toEqual(expected);
    expect($('#match-count').text()).toBe('2 Meldungen · Seite 1 von 1');
    const feed = `${web.url}/feed.atom?ministry=soziales&tag=integration`;
    expect($('link[rel="alternate"]').map((_, el) => $(el).attr('href')).get()).toEqual([
      feed,
      `${web.url}/feed.rss?ministry=soziales&tag=integration`,
      `${web.url}/feed.json?ministry=soziales&tag=integration`,
    ]);
    expect(hrefs($, '#subscribe-all .formats a')).toEqual($('link[rel="alternate"]').map((_, el) => $(el).attr('href')).get());
    expect($('#subscribe-note').text()).toContain('Feedreader');
    expect(hrefs($, '#subscribe-all a.opml')).toEqual([`${web.url}/opml?tags=integration`]);
    // Each chip leads to the selection without it.
    const chips = $('#active-filters a.chip').map((_, el) => [[$(el).text().replace(/\s+×$/, ''), $(el).attr('href')]]).get();
    expect(chips).toEqual([
      ['Ministerium: Hessisches Ministerium für Arbeit, Integration, Jugend und Soziales (HMAIJS; früher HMSI)', `${web.url}/tags/integration`],
      ['Schlagwort: Integration', `${web.url}/ministries/soziales`],
      ['Alle Filter entfernen', `${web.url}/`],
    ]);
    // The form holds the selection, to change it.
    expect($('#ministry-soziales').attr('checked')).toBeDefined();
    expect($('#ministry-kultus').attr('checked')).toBeUndefined();
    expect($('#tag').attr('value')).toBe('Integration');
    expect($('#feed-url').attr('value')).toBe(feed);
    // What the feed of the selection holds is what the page lists.
    const atom = parseXml((await httpGet(feed)).text);
    expect(children(children(atom, 'feed')[0]!, 'entry').map((e) => text(children(e, 'title')[0]))).toEqual(expected);
  });

  it('has one address per selection: other spellings redirect there', async () => {
    for (const [from, to] of [
      ['/?ministry=soziales', '/ministries/soziales'],
      ['/?tag=Frühkindliche%20Bildung', '/tags/fruehkindliche-bildung'],
      ['/tags/Integration', '/tags/integration'],
      ['/?q=&ministry=soziales&ministry=kultus&tag=&exclude_tag=&format=atom', '/?ministry=kultus%2Csoziales'],
      ['/ministries/soziales?tag=integration', '/?ministry=soziales&tag=integration'],
      ['/?lang=en&q=Windkraft', '/?q=Windkraft&lang=en'],
    ]) {
      const res = await httpGet(`${web.url}${from}`);
      expect([res.status, res.headers.location], from).toEqual([302, to]);
    }
  });

  it('is the pre-filtered page at /ministries/<id> and /tags/<slug>, with their own feeds', async () => {
    const ministry = await page('/ministries/soziales');
    expect(listed(ministry)).toEqual(titlesOf((r) => r.ministryId === 'soziales'));
    expect(hrefs(ministry, 'link[rel="alternate"]')).toEqual(['atom', 'rss', 'json'].map((ext) => `${web.url}/feed.${ext}?ministry=soziales`));
    const tag = await page('/tags/fruehkindliche-bildung');
    expect(listed(tag)).toEqual(titlesOf((r) => r.tags.includes('Frühkindliche Bildung')));
    expect(tag('#newest-heading').text()).toBe('Gefundene Meldungen');
    expect(tag('title').text()).toBe('Hessische Landesregierung – Pressemitteilungen · Schlagwort: Frühkindliche Bildung – hessenfeed');
  });

  it('searches words and leaves out excluded tags', async () => {
    expect(listed(await page('/?q=windkraftanlage'))).toEqual(['Windkraft: Genehmigungen schneller']);
    const $ = await page('/?tag=integration&exclude_tag=europa');
    expect(listed($)).toEqual(titlesOf((r) => r.tags.includes('Integration') && !r.tags.includes('Europa')));
    expect($('#match-count').text()).toMatch(/^2 Meldungen/);
  });

  it('links every ministry and tag to its page, never to XML, except the subscribe links', async () => {
    const $ = await page('/');
    const itemLinks = $('#newest li.item .meta a.ministry, #newest li.item .item-tags a').map((_, el) => $(el).attr('href') ?? '').get();
    expect(itemLinks.length).toBeGreaterThan(10);
    for (const href of itemLinks) expect(href).toMatch(new RegExp(`^${web.url}/(ministries|tags)/[a-z0-9-]+$`));
    expect(hrefs($, '#ministries .name a')).toHaveLength(12);
    for (const href of hrefs($, '#ministries .name a, #tags a.label')) expect(href).toMatch(/\/(ministries|tags)\/[a-z0-9-]+$/);
    // Each listed release: its page, the original, the ministry spelled out, Berlin time, teaser.
    const first = $('#newest li.item').first();
    expect(first.find('a.title').attr('href')).toBe(`${web.url}/releases/${ids.get('haushalt')}`);
    expect(first.find('a.original').attr('href')).toBe('https://www.hessen.de/presse/haushalt');
    expect(first.find('.ministry').text()).toBe('Hessisches Ministerium der Finanzen (HMdF)');
    expect(first.find('time').text()).toBe('29.09.2024, 10:00 Uhr');
    expect(first.find('.teaser').text()).toBe('Kurzfassung: Haushaltsentwurf 2025 vorgelegt');
  });

  it('pages back to the oldest release and forward again, each release once', async () => {
    const seen: string[] = [];
    let path: string | undefined = '/?limit=2';
    const visited: string[] = [];
    while (path) {
      const $ = await page(path);
      visited.push(path);
      seen.push(...listed($));
      const older = $('#older-page').attr('href');
      path = older === undefined ? undefined : older.slice(web.url.length);
      expect(visited.length).toBeLessThan(10);
    }
    expect(seen).toEqual(newestFirst.map((r) => r.title));
    const last = await page(visited.at(-1)!);
    expect(last('#match-count').text()).toBe('7 Meldungen · Seite 4 von 4');
    // Back the other way by the "newer" links.
    const back: string[] = [];
    let newer: string | undefined = visited.at(-1);
    while (newer) {
      const $ = await page(newer);
      back.unshift(...listed($));
      const href = $('#newer-page').attr('href');
      newer = href === undefined ? undefined : href.slice(web.url.length);
      expect(back.length).toBeLessThan(20);
    }
    expect(back).toEqual(newestFirst.map((r) => r.title));
  });

  it('finds the newer page of a page visited directly', async () => {
    // A second page size has no remembered neighbours: the way back is walked.
    const first = await page('/?limit=3');
    const second = await page(first('#older-page').attr('href')!.slice(web.url.length));
    const third = second('#older-page').attr('href')!.slice(web.url.length);
    const fresh = await startTestWeb();
    try {
      await ingestCorpus(fresh.store);
      const cursor = new URL(`${web.url}${third}`).searchParams.get('before')!;
      const res = await httpGet(`${fresh.url}/?limit=3&before=${cursor}`);
      const $ = cheerio.load(res.text);
      expect(listed($)).toEqual(newestFirst.slice(6).map((r) => r.title));
      expect($('#match-count').text()).toBe('7 Meldungen · Seite 3 von 3');
      const newer = new URL($('#newer-page').attr('href')!);
      expect(newer.searchParams.get('before')).toBe(new URL(`${web.url}${first('#older-page').attr('href')!.slice(web.url.length)}`).searchParams.get('before'));
    } finally {
      await fresh.close();
    }
  });
});

describe('a release page', () => {
  it('shows the full text, ministry, times, tags, every address and the sources that found it', async () => {
    const id = ids.get('preis')!;
    const $ = await page(`/releases/${id}`);
    expect($('h1').text()).toBe('Integrationspreis 2024 verliehen');
    expect($('#release-meta .ministry').attr('href')).toBe(`${web.url}/ministries/soziales`);
    expect($('#release-meta .ministry').text()).toContain('(HMAIJS; früher HMSI)');
    expect($('#published time').text()).toBe('23.09.2024, 10:00 Uhr');
    expect($('#release .content p').length).toBeGreaterThan(0);
    expect(hrefs($, '#release .item-tags a')).toEqual([`${web.url}/tags/integration`, `${web.url}/tags/fruehkindliche-bildung`]);
    expect(hrefs($, '#addresses ul.addresses a')).toEqual(['https://www.hessen.de/presse/preis', 'https://soziales.hessen.de/presse/preis']);
    expect($('#addresses ul.sources li').map((_, el) => $(el).attr('data-source')).get()).toEqual(['portal-presse', 'soziales-presse']);
    expect(hrefs($, 'link[rel="alternate"]')).toEqual(['atom', 'rss', 'json'].map((ext) => `${web.url}/feed.${ext}?ministry=soziales`));
  });

  it('shows subheadings and the lead image with alt text and credit', async () => {
    const article = {
      ...corpusArticle({ key: 'bild', title: 'Neue Radwege', ministryId: 'wirtschaft', tags: [], published: '2024-09-30T08:00:00Z' }, 20),
      contentHtml: '<p>Einleitung.</p><h2>Wo gebaut wird</h2><p>Überall.</p>',
      imageUrl: 'https://wirtschaft.hessen.de/sites/default/files/radweg.jpg',
    };
    const { itemId } = await web.store.ingest(article, 'portal-presse', new Date('2024-10-03T00:00:00Z'));
    await web.watch.check();
    const $ = await page(`/releases/${itemId}`);
    expect($('#release .content h2').text()).toBe('Wo gebaut wird');
    expect($('#lead-image img').attr('src')).toBe(article.imageUrl);
    expect($('#lead-image img').attr('alt')).toBe('Bild zur Meldung „Neue Radwege“');
    expect($('#lead-image figcaption').text()).toBe('Bild: wirtschaft.hessen.de');
  });

  it('shows each correction with its time, a sentence and the changed words, and /changes.atom lists it', async () => {
    const release = { key: 'lehrer', title: 'Land stellt 480 neue Lehrkräfte ein', ministryId: 'kultus' as const, tags: [], published: '2024-09-30T09:00:00Z' };
    const first = { ...corpusArticle(release, 40), contentHtml: '<p>Zum Schuljahr kommen 480 neue Lehrkräfte.</p><p>Der Minister dankt allen.</p>' };
    const { itemId } = await web.store.ingest(first, 'portal-presse', new Date('2024-10-05T08:00:00Z'));
    const corrected = {
      ...first,
      title: 'Land stellt 520 neue Lehrkräfte ein',
      contentHtml: '<p>Zum Schuljahr kommen 520 neue Lehrkräfte.</p><p>Der Minister dankt allen.</p>',
      text: `${first.text} korrigiert`,
    };
    expect((await web.store.ingest(corrected, 'portal-presse', new Date('2024-10-06T07:15:00Z'))).outcome).toBe('updated');
    await web.watch.check();
    const $ = await page(`/releases/${itemId}`);
    expect($('h1').text()).toBe('Land stellt 520 neue Lehrkräfte ein');
    const revision = $('#revisions li.revision');
    expect(revision.length).toBe(1);
    expect(revision.find('time').text()).toBe('06.10.2024, 09:15 Uhr');
    expect(revision.find('.change-summary').text()).toBe('Titel geändert; 1 Absatz geändert: „480“ → „520“');
    expect(revision.find('del').map((_, el) => $(el).text()).get()).toEqual(['480', '480']);
    expect(revision.find('ins').map((_, el) => $(el).text()).get()).toEqual(['520', '520']);
    // The unchanged paragraph is not repeated.
    expect(revision.text()).not.toContain('Der Minister dankt allen.');

    // The corrections feed has it: valid Atom, one entry per revision, linking the release page.
    const atom = await httpGet(`${web.url}/changes.atom?ministry=kultus`);
    expect(atom.status).toBe(200);
    expect(checkAtomFeed(atom.text)).toEqual([]);
    const entries = children(children(parseXml(atom.text), 'feed')[0]!, 'entry');
    expect(entries.map((e) => text(children(e, 'title')[0]))).toEqual(['Korrektur: Land stellt 520 neue Lehrkräfte ein']);
    expect(text(children(entries[0]!, 'summary')[0])).toBe('Titel geändert; 1 Absatz geändert: „480“ → „520“');
    expect(text(children(entries[0]!, 'id')[0])).toBe(`tag:hessenfeed,2024:change:${itemId}@${Date.parse('2024-10-06T07:15:00Z')}`);
    expect(text(children(entries[0]!, 'updated')[0])).toBe('2024-10-06T07:15:00Z');
    expect(children(entries[0]!, 'link').map((l) => [attribute(l, 'rel'), attribute(l, 'href')])).toEqual([['alternate', `${web.url}/releases/${itemId}`]]);
    expect(text(children(entries[0]!, 'content')[0])).toContain('<del>480</del>');
    // Filtered like every feed.
    expect(children(children(parseXml((await httpGet(`${web.url}/changes.atom?ministry=soziales`)).text), 'feed')[0]!, 'entry')).toEqual([]);
    expect(children(children(parseXml((await httpGet(`${web.url}/changes.atom?q=lehrkr%C3%A4fte`)).text), 'feed')[0]!, 'entry')).toHaveLength(1);
    const json = JSON.parse((await httpGet(`${web.url}/changes.json`)).text) as { items: { title: string; url: string }[] };
    expect(json.items.map((item) => [item.title, item.url])).toEqual([['Korrektur: Land stellt 520 neue Lehrkräfte ein', `${web.url}/releases/${itemId}`]]);
    expect((await httpGet(`${web.url}/changes.rss`)).headers['content-type']).toBe('application/rss+xml; charset=utf-8');
  });

  it('is linked from every entry of every feed format', async () => {
    const atom = parseXml((await httpGet(`${web.url}/feed.atom?ministry=soziales`)).text);
    const via = children(children(atom, 'feed')[0]!, 'entry').map((entry) => children(entry, 'link').find((l) => attribute(l, 'rel') === 'via'));
    expect(via.map((link) => attribute(link!, 'href'))).toEqual(['wir', 'preis'].map((key) => `${web.url}/releases/${ids.get(key)}`));
    const json = JSON.parse((await httpGet(`${web.url}/feed.json?ministry=soziales`)).text) as { items: { url: string; _hessenfeed: { release_page_url: string } }[] };
    expect(json.items.map((item) => item._hessenfeed.release_page_url)).toEqual(via.map((link) => attribute(link!, 'href')));
    // The main link stays the ministry's page.
    expect(json.items.map((item) => item.url)).toEqual(['https://www.hessen.de/presse/wir', 'https://www.hessen.de/presse/preis']);
    expect((await httpGet(attribute(via[0]!, 'href')!)).status).toBe(200);
  });
});

describe('pages over HTTP', () => {
  it('answers unknown ministries, releases, cursors and languages with problem+json', async () => {
    for (const [path, status] of [
      ['/ministries/verkehr', 404],
      ['/releases/0123456789abcdef', 404],
      ['/releases/nicht-da', 404],
      ['/?before=kaputt', 400],
      ['/?lang=fr', 400],
      ['/?limit=0', 400],
    ] as const) {
      const res = await httpGet(`${web.url}${path}`);
      expect([res.status, res.headers['content-type']], path).toEqual([status, 'application/problem+json; charset=utf-8']);
    }
  });

  it('speaks English by ?lang=en and keeps it in its page links, or by Accept-Language', async () => {
    const $ = await page('/ministries/soziales?lang=en');
    expect($('html').attr('lang')).toBe('en');
    expect($('#match-count').text()).toBe('2 releases · Page 1 of 1');
    expect($('#newest .item .title').first().attr('href')).toBe(`${web.url}/releases/${ids.get('wir')}?lang=en`);
    expect(hrefs($, '#newest .item-tags a')[0]).toBe(`${web.url}/tags/integration?lang=en`);
    const release = await page(`/releases/${ids.get('wir')}`, { 'accept-language': 'en-GB,en;q=0.9' });
    expect(release('#addresses-heading').text()).toBe('Addresses');
    expect(release('#published').text()).toBe('Published 26 Sep 2024, 10:00');
  });

  it('sends ETag, Last-Modified and caching headers and answers 304, and shows a change within the staleness bound', async () => {
    for (const path of ['/ministries/soziales', `/releases/${ids.get('wir')}`]) {
      const res = await httpGet(`${web.url}${path}`);
      expect(res.headers['cache-control'], path).toBe('public, max-age=300');
      expect(res.headers.vary).toBe('Accept-Encoding, Accept-Language');
      expect(res.headers['last-modified']).toBeDefined();
      const again = await httpGet(`${web.url}${path}`, { 'if-none-match': res.headers.etag! });
      expect(again.status, path).toBe(304);
      expect(again.headers.etag).toBe(res.headers.etag);
    }
    const before = await httpGet(`${web.url}/ministries/familie`);
    expect(cheerio.load(before.text)('#newest .item').length).toBe(0);
    // Earlier tests' changes may still be rendered ahead in the background.
    await web.feeds.settled();
    const renders = web.feeds.renders;
    expect((await httpGet(`${web.url}/ministries/familie`)).text).toBe(before.text);
    expect(web.feeds.renders).toBe(renders);
    const article = corpusArticle({ key: 'familie', title: 'Familienzeit neu geregelt', ministryId: 'familie', tags: [], published: '2024-10-01T08:00:00Z' }, 30);
    await web.store.ingest(article, 'portal-presse', new Date('2024-10-04T00:00:00Z'));
    await web.watch.check();
    // The render cache may answer the previous render while the new one is made, never for long.
    let shown: string[] = [];
    for (let i = 0; i < 50 && shown.length === 0; i++) {
      shown = listed(cheerio.load((await httpGet(`${web.url}/ministries/familie`)).text));
      if (shown.length === 0) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(shown).toEqual(['Familienzeit neu geregelt']);
    const changed = await httpGet(`${web.url}/ministries/familie`, { 'if-none-match': before.headers.etag! });
    expect(changed.status).toBe(200);
  });
});
