/**
 * The overview page in a real browser (system Chromium through playwright-core): it renders what
 * the store holds, fits a phone screen, and its filter form builds a feed address that works —
 * the path a subscriber takes from the page to their feed reader. Screenshots of both layouts go
 * to test-output/browser/ for a human to look at.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { children, parseXml, text } from './helpers/atom-checker.js';
import { launchChromium } from './helpers/browser.js';
import { PROJECT_ROOT } from './helpers/cli.js';
import { loadShippedConfig } from './helpers/config.js';
import { httpGet, startTestWeb, type TestWeb } from './helpers/web.js';
import { CORPUS, ingestCorpus } from './web-corpus.js';

const OUTPUT_DIR = join(PROJECT_ROOT, 'test-output', 'browser');
const PHONE = { width: 375, height: 800 };

let web: TestWeb;
let browser: Promise<Browser> | undefined;
const contexts: BrowserContext[] = [];

/**
 * Launched on first use, not in beforeAll: without Chromium every test then fails with the
 * install hint, instead of being reported as skipped.
 */
function chromiumBrowser(): Promise<Browser> {
  browser ??= launchChromium();
  return browser;
}

beforeAll(async () => {
  mkdirSync(OUTPUT_DIR, { recursive: true });
  web = await startTestWeb();
  await ingestCorpus(web.store);
}, 30_000);

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  await (await browser?.catch(() => undefined))?.close();
  await web?.close();
});

/** A German-speaking visitor's tab; page errors and console errors are collected for the checks. */
async function openOverview(viewport: { width: number; height: number }, options: { isMobile?: boolean } = {}): Promise<{ page: Page; errors: string[] }> {
  const context = await (await chromiumBrowser()).newContext({
    viewport,
    locale: 'de-DE',
    isMobile: options.isMobile ?? false,
    hasTouch: options.isMobile ?? false,
    deviceScaleFactor: options.isMobile ? 2 : 1,
  });
  contexts.push(context);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(`page error: ${err.message}`));
  // Failed loads are reported with their URL below; a browser's own favicon request is not the page's.
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) errors.push(`console: ${message.text()}`);
  });
  page.on('response', (res) => {
    if (res.status() >= 400 && new URL(res.url()).pathname !== '/favicon.ico') errors.push(`HTTP ${res.status()}: ${res.url()}`);
  });
  const response = await page.goto(`${web.url}/`, { waitUntil: 'load' });
  expect(response?.status()).toBe(200);
  return { page, errors };
}

const newestFirst = [...CORPUS].sort((a, b) => b.published.localeCompare(a.published));

describe('the overview page in Chromium', () => {
  it('renders the newest releases, all twelve ministries and the tags, with their counts', async () => {
    const { page, errors } = await openOverview({ width: 1280, height: 900 });
    expect(await page.title()).toBe('Pressemitteilungen der Hessischen Landesregierung – hessenfeed');
    expect(await page.locator('h1').innerText()).toBe('Pressemitteilungen der Hessischen Landesregierung');

    // Titles as text: "<stark> & vernetzt" must show literally, not become markup.
    expect(await page.locator('#newest li.item .title').allInnerTexts()).toEqual(newestFirst.map((r) => r.title));

    const ministries = (await loadShippedConfig()).ministries;
    const rows = page.locator('#ministries li[data-ministry]');
    expect(await rows.count()).toBe(12);
    for (const ministry of ministries) {
      const row = page.locator(`#ministries li[data-ministry="${ministry.id}"]`);
      const expected = CORPUS.filter((r) => r.ministryId === ministry.id).length;
      expect(await row.locator('.name').innerText(), ministry.id).toContain(ministry.name);
      expect(await row.locator('.count').innerText(), ministry.id).toBe(String(expected));
      expect(await row.locator('a', { hasText: 'Atom' }).getAttribute('href')).toBe(`${web.url}/ministries/${ministry.id}.atom`);
    }

    const tagCounts = new Map<string, number>();
    for (const release of CORPUS) for (const tag of release.tags) tagCounts.set(tag, (tagCounts.get(tag) ?? 0) + 1);
    const shown = await page.locator('#tags li[data-tag]').evaluateAll((items) =>
      items.map((item) => [item.querySelector('.label')?.textContent ?? '', item.querySelector('.count')?.textContent ?? '']),
    );
    expect(new Map(shown.map(([label, count]) => [label!, Number(count)]))).toEqual(tagCounts);
    expect(await page.locator('#tags li[data-tag="fruehkindliche-bildung"] .label').innerText()).toBe('Frühkindliche Bildung');

    await page.screenshot({ path: join(OUTPUT_DIR, 'overview-desktop.png'), fullPage: true });
    expect(errors).toEqual([]);
  }, 60_000);

  it('fits a 375 px phone screen without horizontal scrolling', async () => {
    const { page, errors } = await openOverview(PHONE, { isMobile: true });
    const scrollWidth = (await page.evaluate('document.scrollingElement.scrollWidth')) as number;
    expect(scrollWidth, 'the page is wider than the phone screen').toBeLessThanOrEqual(PHONE.width);
    // The form is usable there: its fields are on screen width, not cut off.
    for (const selector of ['#tag', '#q', '#feed-url', '#filter-submit']) {
      const box = await page.locator(selector).boundingBox();
      expect(box, selector).not.toBeNull();
      expect(box!.x + box!.width, `${selector} sticks out to the right`).toBeLessThanOrEqual(PHONE.width);
    }
    await page.screenshot({ path: join(OUTPUT_DIR, 'overview-phone.png'), fullPage: true });
    expect(errors).toEqual([]);
  }, 60_000);

  it('builds the feed address from the form live, and subscribing from it leads to that working feed', async () => {
    const { page, errors } = await openOverview({ width: 1280, height: 900 });
    expect(await page.locator('#feed-url').inputValue()).toBe(`${web.url}/feed.atom`);

    await page.locator('#ministry-soziales').check();
    await page.locator('#ministry-kultus').check();
    await page.locator('#tag').fill('Frühkindliche Bildung');
    await page.locator('#format-rss').check();
    const expectedUrl = `${web.url}/feed.rss?ministry=kultus%2Csoziales&tag=fruehkindliche-bildung`;
    expect(await page.locator('#feed-url').inputValue()).toBe(expectedUrl);
    await page.locator('#filter-form').screenshot({ path: join(OUTPUT_DIR, 'overview-filter-form.png') });

    // The browser follows /subscribe's redirect and lands on the feed's canonical address.
    const feedResponse = page.waitForResponse((res) => new URL(res.url()).pathname === '/feed.rss', { timeout: 15_000 });
    await page.locator('#filter-subscribe').click();
    const response = await feedResponse;
    await page.waitForURL(expectedUrl, { waitUntil: 'commit', timeout: 15_000 });
    expect(response.url()).toBe(expectedUrl);
    expect(response.status()).toBe(200);
    const redirect = await response.request().redirectedFrom()?.response();
    expect(redirect?.status()).toBe(303);
    expect(new URL(redirect!.url()).pathname).toBe('/subscribe');

    const feed = await httpGet(response.url());
    expect(feed.status).toBe(200);
    expect(feed.headers['content-type']).toBe('application/rss+xml; charset=utf-8');
    const channel = children(children(parseXml(feed.text), 'rss')[0]!, 'channel')[0]!;
    const expected = newestFirst.filter((r) => ['soziales', 'kultus'].includes(r.ministryId ?? '') && r.tags.includes('Frühkindliche Bildung'));
    expect(expected.length).toBeGreaterThan(1);
    expect(children(channel, 'item').map((item) => text(children(item, 'title')[0]))).toEqual(expected.map((r) => r.title));
    expect(errors).toEqual([]);
  }, 60_000);
});
