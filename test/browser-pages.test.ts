/**
 * The selection and release pages in a real browser (system Chromium through playwright-core),
 * the way a journalist uses them: a filter from the search form, a tag link and a ministry link
 * each lead to a page with exactly the matching releases and the feeds of exactly that selection;
 * "older" pages lead back to the oldest release; a release page names every address. Every page
 * fits a 375 px phone, can be walked with Tab, and passes axe-core (no serious or critical
 * violation). Screenshots of each page, desktop and phone, go to test-output/browser/.
 *
 * One browser for the file; one desktop and one phone tab, reused by every test.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Article } from '../src/model/index.js';
import { launchChromium } from './helpers/browser.js';
import { PROJECT_ROOT } from './helpers/cli.js';
import { loadShippedConfig } from './helpers/config.js';
import { startTestWeb, type TestWeb } from './helpers/web.js';
import { CORPUS, corpusArticle, ingestCorpus, type CorpusRelease } from './web-corpus.js';

const OUTPUT_DIR = join(PROJECT_ROOT, 'test-output', 'browser');
const PHONE = { width: 375, height: 800 };
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** Older releases, so the overview has more than one page (20 per page). */
const ARCHIVE: CorpusRelease[] = Array.from({ length: 24 }, (_, i) => ({
  key: `archiv-${i}`,
  title: `Archivmeldung ${String(i + 1).padStart(2, '0')}`,
  ministryId: 'digitales',
  tags: ['Verwaltung'],
  published: new Date(Date.UTC(2024, 7, 1 + i, 8)).toISOString(),
}));
const ALL = [...CORPUS, ...ARCHIVE];
const newestFirst = [...ALL].sort((a, b) => b.published.localeCompare(a.published));
const titlesOf = (predicate: (release: CorpusRelease) => boolean): string[] => newestFirst.filter(predicate).map((r) => r.title);

let web: TestWeb;
let browser: Browser;
let desktop: Page;
let phone: Page;
let ids: Map<string, string>;
let ministryNames: Map<string, string>;
const errors: string[] = [];

async function newTab(viewport: { width: number; height: number }, isMobile: boolean): Promise<Page> {
  // bypassCSP: the pages allow only their own script; axe-core is injected by the test.
  const context = await browser.newContext({ viewport, locale: 'de-DE', isMobile, hasTouch: isMobile, deviceScaleFactor: isMobile ? 2 : 1, bypassCSP: true });
  const page = await context.newPage();
  page.on('pageerror', (err) => errors.push(`page error: ${err.message}`));
  page.on('response', (res) => {
    if (res.status() >= 400 && new URL(res.url()).pathname !== '/favicon.ico') errors.push(`HTTP ${res.status()}: ${res.url()}`);
  });
  return page;
}

beforeAll(async () => {
  mkdirSync(OUTPUT_DIR, { recursive: true });
  web = await startTestWeb();
  ids = await ingestCorpus(web.store);
  for (const [i, release] of ARCHIVE.entries()) {
    const { itemId } = await web.store.ingest(corpusArticle(release, 100 + i), 'portal-presse', new Date('2024-10-01T00:00:00Z'));
    ids.set(release.key, itemId);
  }
  // The prize release on the ministry's own site too, found by a second source.
  const copy: Article = corpusArticle(CORPUS[0]!, 0, 'https://soziales.hessen.de');
  await web.store.ingest(copy, 'soziales-presse', new Date('2024-10-02T00:00:00Z'));
  // A release corrected after publication: 480 became 520.
  const lehrer: CorpusRelease = { key: 'lehrer', title: 'Land stellt 480 neue Lehrkräfte ein', ministryId: 'kultus', tags: [], published: '2024-07-01T08:00:00Z' };
  const first: Article = { ...corpusArticle(lehrer, 200), contentHtml: '<p>Zum Schuljahr kommen 480 neue Lehrkräfte.</p><p>Der Minister dankt allen.</p>' };
  ids.set('lehrer', (await web.store.ingest(first, 'portal-presse', new Date('2024-10-01T00:00:00Z'))).itemId);
  const corrected: Article = { ...first, title: 'Land stellt 520 neue Lehrkräfte ein', contentHtml: first.contentHtml.replace('480', '520'), text: `${first.text} korrigiert` };
  await web.store.ingest(corrected, 'portal-presse', new Date('2024-10-02T08:00:00Z'));
  // The oldest release of all.
  newestFirst.push({ ...lehrer, title: corrected.title });
  await web.watch.check();
  ministryNames = new Map((await loadShippedConfig()).ministries.map((m) => [m.id, m.name]));
  browser = await launchChromium();
  desktop = await newTab({ width: 1280, height: 900 }, false);
  phone = await newTab(PHONE, true);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await web?.close();
});

async function open(page: Page, path: string): Promise<void> {
  const response = await page.goto(`${web.url}${path}`, { waitUntil: 'load' });
  expect(response?.status(), path).toBe(200);
}

const listed = (page: Page): Promise<string[]> => page.locator('#newest li.item a.title').allInnerTexts();

/** The page's feeds: autodiscovery and the subscribe links, which must name the same three. */
async function feedsOf(page: Page): Promise<{ alternates: string[]; subscribe: string[] }> {
  const alternates = await page.locator('link[rel="alternate"]').evaluateAll((links) => links.map((link) => link.getAttribute('href') ?? ''));
  const subscribe = await page.locator('#subscribe-all .formats a').evaluateAll((links) => links.map((link) => link.getAttribute('href') ?? ''));
  return { alternates, subscribe };
}

function feedsFor(query: string): string[] {
  return ['atom', 'rss', 'json'].map((ext) => `${web.url}/feed.${ext}?${query}`);
}

describe('selection pages in Chromium', () => {
  it('a filter from the search form shows exactly its releases and the feeds of exactly that selection', async () => {
    await open(desktop, '/');
    await desktop.locator('#ministry-soziales').check();
    await desktop.locator('#ministry-kultus').check();
    await desktop.locator('#tag').fill('Frühkindliche Bildung');
    await Promise.all([desktop.waitForURL(/ministry=/), desktop.locator('#filter-submit').click()]);
    expect(desktop.url()).toBe(`${web.url}/?ministry=kultus%2Csoziales&tag=fruehkindliche-bildung`);
    const expected = titlesOf((r) => ['soziales', 'kultus'].includes(r.ministryId ?? '') && r.tags.includes('Frühkindliche Bildung'));
    expect(expected.length).toBe(2);
    expect(await listed(desktop)).toEqual(expected);
    expect(await desktop.locator('#match-count').innerText()).toBe('2 Meldungen · Seite 1 von 1');
    const feeds = feedsFor('ministry=kultus%2Csoziales&tag=fruehkindliche-bildung');
    expect(await feedsOf(desktop)).toEqual({ alternates: feeds, subscribe: feeds });
    expect(await desktop.locator('#feed-url').inputValue()).toBe(feeds[0]);
    // Removing a chip widens the selection again.
    const kultusChip = desktop.locator('#active-filters a.chip', { hasText: ministryNames.get('kultus')! });
    await Promise.all([desktop.waitForURL(`${web.url}/?ministry=soziales&tag=fruehkindliche-bildung`), kultusChip.click()]);
    expect(await listed(desktop)).toEqual(titlesOf((r) => r.ministryId === 'soziales' && r.tags.includes('Frühkindliche Bildung')));
    await Promise.all([desktop.waitForURL(`${web.url}/ministries/soziales`), desktop.locator('#active-filters a.chip', { hasText: 'Schlagwort' }).click()]);
    expect(await listed(desktop)).toEqual(titlesOf((r) => r.ministryId === 'soziales'));
    expect(errors).toEqual([]);
  }, 60_000);

  it('a tag link and a ministry link lead to their pages with exactly their releases and feeds', async () => {
    await open(desktop, '/');
    const tagLink = desktop.locator(`#newest li.item[data-id="${ids.get('europa')}"] .item-tags a`, { hasText: 'Europa' });
    await Promise.all([desktop.waitForURL(`${web.url}/tags/europa`), tagLink.click()]);
    expect(await listed(desktop)).toEqual(titlesOf((r) => r.tags.includes('Europa')));
    expect(await feedsOf(desktop)).toEqual({ alternates: feedsFor('tag=europa'), subscribe: feedsFor('tag=europa') });

    const ministryLink = desktop.locator('#newest li.item a.ministry').first();
    await Promise.all([desktop.waitForURL(`${web.url}/ministries/staatskanzlei`), ministryLink.click()]);
    expect(await listed(desktop)).toEqual(titlesOf((r) => r.ministryId === 'staatskanzlei'));
    expect(await feedsOf(desktop)).toEqual({ alternates: feedsFor('ministry=staatskanzlei'), subscribe: feedsFor('ministry=staatskanzlei') });
    await desktop.screenshot({ path: join(OUTPUT_DIR, 'selection-desktop.png'), fullPage: true });
    expect(errors).toEqual([]);
  }, 60_000);

  it('pages back to the oldest release and forward again', async () => {
    await open(desktop, '/');
    const seen = await listed(desktop);
    while ((await desktop.locator('#older-page').count()) > 0) {
      await Promise.all([desktop.waitForURL(/before=/), desktop.locator('#older-page').click()]);
      seen.push(...(await listed(desktop)));
    }
    expect(seen).toEqual(newestFirst.map((r) => r.title));
    expect(seen.at(-1)).toBe('Land stellt 520 neue Lehrkräfte ein');
    expect(await desktop.locator('#match-count').innerText()).toBe('32 Meldungen · Seite 2 von 2');
    await Promise.all([desktop.waitForURL(`${web.url}/`), desktop.locator('#newer-page').click()]);
    expect(await listed(desktop)).toEqual(newestFirst.slice(0, 20).map((r) => r.title));
    expect(errors).toEqual([]);
  }, 60_000);
});

describe('a release page in Chromium', () => {
  it('shows the release with every address where it was found and the sources that found it', async () => {
    await open(desktop, '/ministries/soziales');
    await Promise.all([desktop.waitForURL(`${web.url}/releases/${ids.get('preis')}`), desktop.locator('#newest a.title', { hasText: 'Integrationspreis' }).click()]);
    expect(await desktop.locator('h1').innerText()).toBe('Integrationspreis 2024 verliehen');
    expect(await desktop.locator('#release-meta .ministry').innerText()).toContain(ministryNames.get('soziales')!);
    expect(await desktop.locator('#addresses ul.addresses a').allInnerTexts()).toEqual(['https://www.hessen.de/presse/preis', 'https://soziales.hessen.de/presse/preis']);
    expect(await desktop.locator('#addresses ul.sources li').evaluateAll((items) => items.map((li) => li.getAttribute('data-source')))).toEqual(['portal-presse', 'soziales-presse']);
    await desktop.screenshot({ path: join(OUTPUT_DIR, 'release-desktop.png'), fullPage: true });
    expect(errors).toEqual([]);
  }, 60_000);

  it('shows a correction word by word', async () => {
    await open(desktop, `/releases/${ids.get('lehrer')}`);
    const revision = desktop.locator('#revisions li.revision');
    expect(await revision.locator('.change-summary').innerText()).toBe('Titel geändert; 1 Absatz geändert: „480“ → „520“');
    expect(await revision.locator('del').allInnerTexts()).toEqual(['480', '480']);
    expect(await revision.locator('ins').allInnerTexts()).toEqual(['520', '520']);
    // Marked without colour too: the brackets and signs are drawn around the words.
    expect(await revision.locator('del').first().evaluate((el) => (globalThis as unknown as { getComputedStyle(e: unknown, pseudo: string): { content: string } }).getComputedStyle(el, '::before').content)).toBe('"[− "');
    await desktop.screenshot({ path: join(OUTPUT_DIR, 'release-corrected-desktop.png'), fullPage: true });
    expect(errors).toEqual([]);
  }, 60_000);
});

const PAGES = (): [name: string, path: string][] => [
  ['overview', '/'],
  ['selection', '/?ministry=soziales&tag=integration'],
  ['release', `/releases/${ids.get('preis')}`],
  ['release-corrected', `/releases/${ids.get('lehrer')}`],
];

describe('every page in Chromium', () => {
  it('fits a 375 px phone without horizontal scrolling and shows the ministry names', async () => {
    for (const [name, path] of PAGES()) {
      await open(phone, path);
      const scrollWidth = (await phone.evaluate('document.scrollingElement.scrollWidth')) as number;
      expect(scrollWidth, `${name} is wider than the phone`).toBeLessThanOrEqual(PHONE.width);
      const ministries = phone.locator('a.ministry');
      expect(await ministries.count(), name).toBeGreaterThan(0);
      for (const ministry of await ministries.all()) {
        const id = (await ministry.getAttribute('data-ministry'))!;
        expect(await ministry.innerText()).toContain(ministryNames.get(id)!);
        const box = await ministry.boundingBox();
        expect(box!.x + box!.width, `${name}: the name of ${id} sticks out`).toBeLessThanOrEqual(PHONE.width);
      }
      // browser-overview.test.ts takes the overview's screenshots.
      if (name !== 'overview') await phone.screenshot({ path: join(OUTPUT_DIR, `${name}-phone.png`), fullPage: true });
    }
    expect(errors).toEqual([]);
  }, 90_000);

  it('reaches every link with the Tab key', async () => {
    for (const [name, path] of PAGES()) {
      await open(desktop, path);
      const links = await desktop.locator('a[href]').evaluateAll((anchors) => anchors.filter((a) => a.getClientRects().length > 0 || a.classList.contains('skip')).map((a) => a.getAttribute('href') ?? ''));
      expect(links.length, name).toBeGreaterThan(10);
      const focusable = await desktop.locator('a[href], input:not([type=hidden]), button:not([hidden]), summary').count();
      const reached = new Set<string>();
      for (let i = 0; i < focusable + 2; i++) {
        await desktop.keyboard.press('Tab');
        const href = (await desktop.evaluate('document.activeElement.matches("a[href]") ? document.activeElement.getAttribute("href") : ""')) as string;
        if (href) reached.add(href);
      }
      expect(links.filter((href) => !reached.has(href)), `${name}: links Tab never reaches`).toEqual([]);
    }
  }, 120_000);

  it('has no serious or critical accessibility violation (axe-core)', async () => {
    for (const [name, path] of PAGES()) {
      await open(desktop, path);
      await desktop.addScriptTag({ content: AXE_SOURCE });
      const result = (await desktop.evaluate(`axe.run().then((run) => ({
        passes: run.passes.length,
        violations: run.violations.map((v) => ({ id: v.id, impact: v.impact, targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) })),
      }))`)) as { passes: number; violations: { id: string; impact: string }[] };
      // axe ran its rules on the page (a check that found nothing to check would pass too).
      expect(result.passes, name).toBeGreaterThan(10);
      expect(result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical'), name).toEqual([]);
    }
  }, 90_000);
});
