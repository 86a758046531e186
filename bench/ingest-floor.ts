/**
 * The floor of the ingest bench: what a bare Node script does with the same pages from the same
 * servers — `fetch`, `cheerio.load`, pull out title and body text — with `concurrency` fetches in
 * flight. It reads the listings first (each host's pages in order, `concurrency` hosts at once,
 * as `once` runs its polls), then every release page it found. No politeness, no store, no
 * queues: the gap to `hessenfeed once` is what those cost.
 */
import { load } from 'cheerio';

export interface FloorRun {
  releases: number;
  ms: number;
}

/** Runs `work` over `items` with at most `limit` at once, in order of `items`. */
export async function forEachAtMost<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}

async function fetchText(url: string): Promise<string> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`GET ${url}: ${res.status}`);
  return res.text();
}

/** One host's listing pages, following rel=next; the release links in page order. */
async function readListing(firstPage: string): Promise<string[]> {
  const links: string[] = [];
  let url: string | undefined = firstPage;
  while (url !== undefined) {
    const pageUrl: string = url;
    const $ = load(await fetchText(pageUrl));
    $('article.node--view-mode-teaser a.teaser--area-link[href]').each((_, a) => void links.push(new URL($(a).attr('href')!, pageUrl).href));
    const next = $('a[rel~="next"][href]').attr('href');
    url = next === undefined ? undefined : new URL(next, pageUrl).href;
  }
  return links;
}

/** Title and body text, as a scraper would take them; a page without either is an error. */
async function readRelease(url: string): Promise<void> {
  const $ = load(await fetchText(url));
  const title = $('h1').first().text().trim();
  const body = $('.field--name-field-pt-body').text().trim();
  const tags = $('.field--name-field-pt-tags a').map((_, a) => $(a).text().trim()).get();
  if (title === '' || body === '' || tags.length === 0) throw new Error(`${url}: no title, body or Schlagworte`);
}

/** Reads every listing under `listingUrls` and every release they link; counts the releases read. */
export async function runBareLoop(listingUrls: readonly string[], concurrency: number): Promise<FloorRun> {
  const started = performance.now();
  const perHost: string[][] = [];
  await forEachAtMost([...listingUrls.keys()], concurrency, async (i) => void (perHost[i] = await readListing(listingUrls[i]!)));
  const releases = perHost.flat();
  await forEachAtMost(releases, concurrency, readRelease);
  return { releases: releases.length, ms: performance.now() - started };
}
