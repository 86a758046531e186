/**
 * The HTML overview (`GET /`) as a pure render: realistic data in, the document a browser and a
 * feed reader's autodiscovery see out, read back with cheerio. No server here; the browser test
 * against the running server covers the page's behaviour in a real browser.
 */
import { createHash } from 'node:crypto';
import { runInNewContext } from 'node:vm';
import * as cheerio from 'cheerio';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Item, Ministry } from '../src/model/index.js';
import {
  createFilter,
  filterQuery,
  PAGE_SIZE,
  OVERVIEW_CONTENT_SECURITY_POLICY,
  preferredLanguage,
  renderOverview,
  withQuery,
  type OverviewData,
} from '../src/publish/index.js';
import { parseFilter } from '../src/web/index.js';
import { loadShippedConfig } from './helpers/config.js';

const BASE = 'http://127.0.0.1:8080';
const HOSTILE_TITLE = 'Kita-Ausbau: <script>alert("x")</script> & „Bildung“ für \'alle\' <b>jetzt</b>';

let ministries: Ministry[];

beforeAll(async () => {
  ministries = (await loadShippedConfig()).ministries;
});

function makeItem(overrides: Partial<Item> & Pick<Item, 'id' | 'url' | 'title' | 'published'>): Item {
  return {
    urls: [overrides.url],
    tags: [],
    updated: overrides.published,
    contentHtml: '<p>Text.</p>',
    fingerprint: 'da39a3ee5e6b4b0d3255bfef95601890afd80709',
    simhash: '0f0f0f0f0f0f0f0f',
    sources: ['hessen-presse'],
    firstSeen: overrides.published,
    lastChanged: overrides.published,
    ...overrides,
  };
}

/** Newest first, as the store returns them. */
function newestItems(): Item[] {
  return [
    makeItem({
      id: 'i1',
      url: 'https://kultus.hessen.de/presse/kita-ausbau',
      title: HOSTILE_TITLE,
      ministryId: 'kultus',
      // 00:30 in Wiesbaden on 23 September, still the 22nd in UTC.
      published: '2024-09-22T22:30:00Z',
      tags: [
        { label: 'Frühkindliche Bildung', slug: 'fruehkindliche-bildung' },
        { label: 'Kinder & Jugend', slug: 'kinder-jugend' },
      ],
    }),
    makeItem({
      id: 'i2',
      url: 'https://soziales.hessen.de/presse/integrationskonferenz-2024',
      title: 'Integrationskonferenz 2024: Vielfalt stärkt Hessen',
      ministryId: 'soziales',
      published: '2024-09-20T10:00:00+02:00',
      tags: [{ label: 'Integration', slug: 'integration' }],
    }),
    makeItem({
      id: 'i3',
      url: 'https://www.hessen.de/presse/landkreis-meldet-hochwasser',
      title: 'Landkreis meldet Hochwasser',
      dateline: 'Regierungspräsidium Darmstadt',
      published: '2024-09-19T08:00:00Z',
    }),
    makeItem({
      id: 'i4',
      url: 'javascript:alert(1)',
      title: 'Meldung mit kaputtem Link',
      ministryId: 'innen',
      published: '2024-09-18T08:00:00Z',
    }),
  ];
}

/** 250 tags, most used first, as the store lists them; a few with characters that need escaping. */
function manyTags(): OverviewData['tags'] {
  const special = [
    { label: 'Integration', slug: 'integration', count: 412 },
    { label: 'Frühkindliche Bildung', slug: 'fruehkindliche-bildung', count: 230 },
    { label: 'Kinder & Jugend', slug: 'kinder-jugend', count: 199 },
    { label: '"Zitat" <Test>', slug: 'zitat-test', count: 150 },
  ];
  const generated = Array.from({ length: 246 }, (_, i) => ({ label: `Thema ${String(i).padStart(3, '0')}`, slug: `thema-${i}`, count: 140 - Math.floor(i / 2) }));
  return [...special, ...generated];
}

function overviewData(overrides: Partial<OverviewData> = {}): OverviewData {
  return {
    lang: 'de',
    baseUrl: BASE,
    version: '0.1.0',
    items: newestItems(),
    total: 1234,
    ministries: ministries.map((m, i) => ({ id: m.id, name: m.name, shortName: m.shortName, abbreviations: m.abbreviations ?? [], count: 100 + i })),
    tags: manyTags(),
    lastChanged: '2024-09-24T07:30:00Z',
    selection: { filter: createFilter({ limit: PAGE_SIZE }), tagLabels: new Map(), matches: { count: 1234, exact: true }, position: { page: 1 }, older: 'MTcyNjYzNjQwMDAwMDo' },
    ...overrides,
  };
}

const render = (overrides: Partial<OverviewData> = {}) => cheerio.load(renderOverview(overviewData(overrides)));
const hrefs = ($: cheerio.CheerioAPI, selector: string) => $(selector).map((_, el) => $(el).attr('href')).get();

describe('preferredLanguage', () => {
  it.each([
    ['de-DE,de;q=0.9,en;q=0.8', 'de'],
    ['en-US,en;q=0.9,de;q=0.5', 'en'],
    ['fr', 'de'],
    [undefined, 'de'],
    ['', 'de'],
    ['en;q=0.1,de;q=0.9', 'de'],
    ['en-GB', 'en'],
    ['en, de', 'en'],
    ['de, en', 'de'],
    ['de;q=0.5, en;q=0.5', 'de'],
    ['fr-FR,fr;q=0.9,en;q=0.7', 'en'],
    ['en;q=0', 'de'],
    ['en;q=banana,de;q=0.2', 'de'],
    ['*', 'de'],
    ['DE-AT;Q=0.8, EN;Q=0.9', 'en'],
  ] as const)('%j → %s', (header, expected) => {
    expect(preferredLanguage(header)).toBe(expected);
  });
});

describe('renderOverview', () => {
  it('declares the language the browser prefers', () => {
    expect(render({ lang: preferredLanguage('de-DE,de;q=0.9,en;q=0.8') })('html').attr('lang')).toBe('de');
    expect(render({ lang: preferredLanguage('en-US,en;q=0.9,de;q=0.5') })('html').attr('lang')).toBe('en');
  });

  it('is a phone-ready document with a title and autodiscovery of the merged feed in all three formats', () => {
    const $ = render();
    expect($('meta[name="viewport"]').attr('content')).toContain('width=device-width');
    expect($('meta[charset]').attr('charset')).toBe('utf-8');
    expect($('title').text()).toContain('Pressemitteilungen der Hessischen Landesregierung');
    const alternates = $('link[rel="alternate"]')
      .map((_, el) => ({ type: $(el).attr('type'), href: $(el).attr('href'), title: $(el).attr('title') ?? '' }))
      .get();
    expect(alternates.map(({ type, href }) => ({ type, href }))).toEqual([
      { type: 'application/atom+xml', href: `${BASE}/feed.atom` },
      { type: 'application/rss+xml', href: `${BASE}/feed.rss` },
      { type: 'application/feed+json', href: `${BASE}/feed.json` },
    ]);
    for (const alternate of alternates) expect(alternate.title).toMatch(/Pressemitteilungen/);
    expect(hrefs($, '#subscribe-all a')).toEqual([`${BASE}/feed.atom`, `${BASE}/feed.rss`, `${BASE}/feed.json`]);
  });

  it('lists every ministry in config order linked to its page, with its count and its three feeds', () => {
    const $ = render();
    const rows = $('#ministries li[data-ministry]');
    expect(rows.map((_, el) => $(el).attr('data-ministry')).get()).toEqual(ministries.map((m) => m.id));
    ministries.forEach((ministry, i) => {
      const row = $(`#ministries li[data-ministry="${ministry.id}"]`);
      expect(row.text()).toContain(ministry.name);
      expect(row.find('.count').text()).toBe(String(100 + i));
      expect(row.find('a').map((_, el) => $(el).attr('href')).get()).toEqual([
        `${BASE}/ministries/${ministry.id}`,
        `${BASE}/ministries/${ministry.id}.atom`,
        `${BASE}/ministries/${ministry.id}.rss`,
        `${BASE}/ministries/${ministry.id}.json`,
      ]);
    });
    expect(hrefs($, '#ministries a')).toContain(`${BASE}/opml`);
  });

  it('lists every tag once linked to its page, with its count and three feeds, the long tail folded away alphabetically', () => {
    const tags = manyTags();
    const $ = render({ tags });
    const listed = $('#tags li[data-tag]')
      .map((_, el) => ({
        slug: $(el).attr('data-tag'),
        label: $(el).find('.label').text(),
        count: $(el).find('.count').text(),
        links: $(el).find('a').map((_, a) => $(a).attr('href')).get(),
      }))
      .get();
    const expected = tags.map((tag) => ({
      slug: tag.slug,
      label: tag.label,
      count: String(tag.count),
      links: [`${BASE}/tags/${tag.slug}`, `${BASE}/tags/${tag.slug}.atom`, `${BASE}/tags/${tag.slug}.rss`, `${BASE}/tags/${tag.slug}.json`],
    }));
    const bySlug = (a: { slug?: string }, b: { slug?: string }) => (a.slug! < b.slug! ? -1 : a.slug! > b.slug! ? 1 : 0);
    expect(listed.sort(bySlug)).toEqual(expected.sort(bySlug));
    // The most used ones are visible at once, in the store's order; the rest wait in a <details>.
    const visible = $('#tags > ul.tags > li').map((_, el) => $(el).attr('data-tag')).get();
    expect(visible.slice(0, 4)).toEqual(['integration', 'fruehkindliche-bildung', 'kinder-jugend', 'zitat-test']);
    expect(visible.length).toBeLessThan(60);
    const folded = $('#tags details li').map((_, el) => $(el).find('.label').text()).get();
    expect(visible.length + folded.length).toBe(tags.length);
    expect(folded).toEqual([...folded].sort((a, b) => a.localeCompare(b, 'de')));
    expect($('#tags details summary').text()).toContain(String(folded.length));
  });

  it('spells out every ministry with its abbreviations in the ministries list, in German and English', () => {
    const soziales = ministries.find((m) => m.id === 'soziales')!;
    expect(render()('#ministries [data-ministry="soziales"] .name').text()).toBe(`${soziales.name} (${soziales.shortName}; früher HMSI)`);
    expect(render({ lang: 'en' })('#ministries [data-ministry="soziales"] .name').text()).toBe(`${soziales.name} (${soziales.shortName}; formerly HMSI)`);
  });

  it('shows the newest releases in order, titles as text linked to their pages, the original, ministry, Berlin date and time, teaser and tag pages', () => {
    const $ = render();
    const items = $('#newest li.item');
    expect(items.map((_, el) => $(el).attr('data-id')).get()).toEqual(['i1', 'i2', 'i3', 'i4']);

    const first = items.eq(0);
    expect(first.find('.title').text()).toBe(HOSTILE_TITLE);
    expect(first.find('a.title').attr('href')).toBe(`${BASE}/releases/i1`);
    expect(first.find('a.original').attr('href')).toBe('https://kultus.hessen.de/presse/kita-ausbau');
    expect(first.find('a.ministry').attr('href')).toBe(`${BASE}/ministries/kultus`);
    // The name is visible with its abbreviations, former ones marked (a phone has no hover).
    const kultus = ministries.find((m) => m.id === 'kultus')!;
    expect(first.find('.ministry').text()).toBe(`${kultus.name} (${kultus.shortName}; früher HKM)`);
    expect(first.find('time').text()).toBe('23.09.2024, 00:30 Uhr');
    expect(first.find('time').attr('datetime')).toBe('2024-09-22T22:30:00Z');
    expect(first.find('.item-tags a').map((_, el) => ({ text: $(el).text(), href: $(el).attr('href') })).get()).toEqual([
      { text: 'Frühkindliche Bildung', href: `${BASE}/tags/fruehkindliche-bildung` },
      { text: 'Kinder & Jugend', href: `${BASE}/tags/kinder-jugend` },
    ]);
    expect(items.eq(1).find('.teaser').length).toBe(0);
    expect(render({ items: [{ ...newestItems()[0]!, summary: 'Mehr Plätze <sofort>.' }] })('#newest .teaser').text()).toBe('Mehr Plätze <sofort>.');
    expect($('#match-count').text()).toBe('1.234 Meldungen · Seite 1 von 62');
    expect($('#older-page').attr('href')).toBe(`${BASE}/?before=MTcyNjYzNjQwMDAwMDo`);
    expect($('#newer-page').length).toBe(0);

    // No ministry known: the printed dateline stands in.
    expect(items.eq(2).find('.ministry').text()).toBe('Regierungspräsidium Darmstadt');
    // A link that is not http(s) is shown, never made clickable; the release page is still there.
    expect(items.eq(3).find('.title').text()).toBe('Meldung mit kaputtem Link');
    expect(items.eq(3).find('a.original').length).toBe(0);
    expect($('a[href^="javascript:"]').length).toBe(0);
  });

  it('escapes scraped text everywhere: the only script on the page is its own', () => {
    const html = renderOverview(overviewData());
    const $ = cheerio.load(html);
    expect($('script').length).toBe(1);
    expect($('b').length).toBe(0);
    expect(html).not.toContain('<script>alert');
    expect($('#tags li[data-tag="zitat-test"] .label').text()).toBe('"Zitat" <Test>');
    expect($('#tag-list option').map((_, el) => $(el).attr('value')).get()).toContain('"Zitat" <Test>');
  });

  it('shows the store size and the last change in Berlin time', () => {
    expect(render()('#status').text()).toBe('1.234 Pressemitteilungen gespeichert, zuletzt geändert 24.09.2024, 09:30 Uhr');
    expect(render({ lang: 'en' })('#status').text()).toBe('1,234 press releases stored, last changed 24 Sep 2024, 09:30');
  });

  it('offers a search form that shows the selection or subscribes to it, every control labelled', () => {
    const $ = render();
    const form = $('#filter-form');
    expect(form.attr('method')).toBe('get');
    expect(form.attr('action')).toBe(`${BASE}/`);
    expect($('#filter-subscribe').attr('formaction')).toBe(`${BASE}/subscribe`);

    expect(form.find('input[name="format"][type="radio"]').map((_, el) => $(el).attr('value')).get()).toEqual(['atom', 'rss', 'json']);
    expect(form.find('input[name="format"]:checked').attr('value')).toBe('atom');
    expect(form.find('input[name="ministry"][type="checkbox"]').map((_, el) => $(el).attr('value')).get()).toEqual(ministries.map((m) => m.id));
    const tagInput = form.find('input[name="tag"]');
    expect(tagInput.attr('type')).toBe('text');
    expect($(`datalist#${tagInput.attr('list')} option`).length).toBe(manyTags().length);
    expect(form.find('input[name="exclude_tag"]').length).toBe(1);
    expect(form.find('input[name="q"]').length).toBe(1);
    expect(form.find('button[type="submit"]').map((_, el) => $(el).text()).get()).toEqual(['Meldungen anzeigen', 'Feed abonnieren']);

    form.find('input').each((_, el) => {
      const id = $(el).attr('id');
      expect(id, $.html(el)).toBeTruthy();
      expect($(`label[for="${id}"]`).length, `label for #${id}`).toBe(1);
    });

    // The live address starts as the unfiltered feed and is not itself submitted.
    const feedUrl = $('#feed-url');
    expect(feedUrl.attr('readonly')).toBeDefined();
    expect(feedUrl.attr('value')).toBe(`${BASE}/feed.atom`);
    expect(feedUrl.attr('name')).toBeUndefined();
    expect($('#copy-feed-url').attr('type')).toBe('button');
  });

  it('says so when the store is empty instead of showing empty lists', () => {
    const $ = render({ items: [], tags: [], total: 0, lastChanged: undefined });
    expect($('#newest').text()).toContain('Noch keine Pressemitteilungen gespeichert');
    expect($('#newest li').length).toBe(0);
    expect($('#tags').text()).toContain('Noch keine Schlagworte');
    expect($('#tags li').length).toBe(0);
    expect($('#status').text()).toBe('0 Pressemitteilungen gespeichert');
    // Subscribing works before the first release arrives.
    expect($('#ministries li[data-ministry]').length).toBe(ministries.length);
    expect(render({ items: [], tags: [], total: 0, lang: 'en' })('#newest').text()).toContain('No press releases stored yet');
  });

  it('speaks English when asked, with English dates', () => {
    const $ = render({ lang: 'en' });
    expect($('h1').text()).toBe('Press releases of the Hessian state government');
    expect($('#newest h2').text()).toBe('Latest releases');
    expect($('#ministries h2').text()).toBe('Ministries');
    expect($('#filter h2').text()).toBe('Search and filter');
    expect($('#filter-subscribe').text()).toBe('Subscribe to feed');
    expect($('#newest li.item').first().find('time').text()).toBe('23 Sep 2024, 00:30');
    const german = render();
    expect(german('h1').text()).toBe('Pressemitteilungen der Hessischen Landesregierung');
    expect(german('#newest h2').text()).toBe('Neueste Meldungen');
    expect(german('#tags h2').text()).toBe('Schlagworte');
    expect(german('#filter h2').text()).toBe('Suchen und filtern');
  });

  it('satisfies its own Content-Security-Policy: the inline style and script hashes match', () => {
    const $ = render();
    const hash = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
    expect(OVERVIEW_CONTENT_SECURITY_POLICY).toContain(`script-src ${hash($('script').text())}`);
    expect(OVERVIEW_CONTENT_SECURITY_POLICY).toContain(`style-src ${hash($('style').text())}`);
  });
});

describe('the live feed address in the inline script', () => {
  interface FormFields {
    ministry?: string[];
    tag?: string;
    exclude_tag?: string;
    q?: string;
  }
  let scriptFeedUrl: (base: string, format: string, fields: FormFields) => string;

  beforeAll(() => {
    const script = render()('script').text();
    const context: Record<string, unknown> = { URLSearchParams };
    runInNewContext(script, context);
    scriptFeedUrl = context['hessenfeedFeedUrl'] as typeof scriptFeedUrl;
  });

  /** What the server builds from the same form values: parseFilter + filterQuery. */
  function serverFeedUrl(format: string, fields: FormFields): string {
    const filter = parseFilter({ ...fields }, ministries.map((m) => m.id));
    return BASE + withQuery(`/feed.${format}`, filterQuery(filter));
  }

  it.each<[string, FormFields]>([
    ['atom', {}],
    ['rss', { ministry: ['kultus', 'innen'] }],
    ['json', { tag: 'Frühkindliche Bildung, integration', q: '  Kita \t Ausbau ' }],
    ['atom', { tag: 'Integration, integration,, ', exclude_tag: 'Öffentlicher Dienst, Straße, Fachkräfte' }],
    ['atom', { ministry: ['soziales'], tag: 'Kinder & Jugend', exclude_tag: 'Polizei', q: 'Wasserstoff' }],
    ['rss', { q: 'a&b=c?d#e' }],
  ])('%s %j is the address the server would build', (format, fields) => {
    expect(scriptFeedUrl(BASE, format, fields)).toBe(serverFeedUrl(format, fields));
  });
});
