/**
 * The pages of a listing by number, as a backfill walks them. Pages count from 0, as Drupal's
 * pager does: page 0 is the listing's own URL, page 1 is `?page=1`, the second page. A source
 * with an `archive` template walks that instead: page N is the template with `{page}` = N.
 */
import type { Source } from '../model/index.js';

const PLACEHOLDER = '{page}';
/** Stands in for the page number while a template is normalized the way URLs of links are. */
const SENTINEL = '9070605040';

/** The URL of page `page` of the source's listing (or archive). */
export function pageUrl(source: Pick<Source, 'url' | 'archive'>, page: number): string {
  if (source.archive !== undefined) return new URL(source.archive.replaceAll(PLACEHOLDER, String(page))).href;
  if (page === 0) return source.url;
  const url = new URL(source.url);
  url.searchParams.set('page', String(page));
  return url.href;
}

/**
 * The page number `url` stands for in the source's numbering, e.g. of a pager's "last page" link;
 * undefined when it is no page of the listing (or archive).
 */
export function pageNumberOf(source: Pick<Source, 'url' | 'archive'>, url: string): number | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  parsed.hash = '';
  if (source.archive !== undefined) return archivePageNumber(source.archive, parsed.href);
  const listing = new URL(source.url);
  if (parsed.origin !== listing.origin || parsed.pathname !== listing.pathname) return undefined;
  const page = parsed.searchParams.get('page');
  if (page === null) return 0;
  return /^\d+$/.test(page) ? Number(page) : undefined;
}

function archivePageNumber(template: string, href: string): number | undefined {
  // The template as a link to it would read (percent-encoding, default port), split at the number.
  const [before, after] = new URL(template.replaceAll(PLACEHOLDER, SENTINEL)).href.split(SENTINEL);
  if (before === undefined || after === undefined || !href.startsWith(before) || !href.endsWith(after)) return undefined;
  const middle = href.slice(before.length, href.length - after.length);
  return /^\d+$/.test(middle) ? Number(middle) : undefined;
}
