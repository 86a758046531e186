/**
 * The address a release is published under: the one the page declares for itself (link
 * rel=canonical, else og:url) exactly as written, else the address it was fetched from after
 * redirects, without tracking parameters (utm_*, fbclid, …). Not the identity key (dedupe/canonical-url.ts): that one is rewritten to https with a
 * sorted query and no trailing slash, and may name a page that does not exist.
 */
import type { CheerioAPI } from 'cheerio';
import { withoutTracking } from '../dedupe/index.js';

/** Absolute http(s) addresses as written need nothing done to them if they hold only these. */
const PLAIN_URL = /^[\x21-\x7e]+$/u;

/**
 * `declared` as the published address: kept exactly as written when it is an absolute http(s)
 * URL, resolved against `base` when relative; undefined when it is no http(s) URL at all, or
 * names the site's front page (a CMS that writes its home page into every page's og:url).
 */
export function declaredAddress(declared: string | undefined, base: string): string | undefined {
  const written = declared?.trim();
  if (!written) return undefined;
  let url: URL;
  try {
    url = new URL(written, base);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  if (url.pathname === '/' && url.search === '' && new URL(base).pathname !== '/') return undefined;
  const isAbsolute = /^https?:\/\//iu.test(written);
  return isAbsolute && PLAIN_URL.test(written) ? written : url.href;
}

/** The page's own address for itself, else `fetchedUrl` (the final URL after redirects) without its tracking parameters. */
export function publishedLink($: CheerioAPI, base: string, fetchedUrl: string): string {
  const canonical = $('link[rel~="canonical"][href]').first().attr('href');
  const ogUrl = $('meta[property="og:url"][content]').first().attr('content');
  return declaredAddress(canonical, base) ?? declaredAddress(ogUrl, base) ?? withoutTracking(fetchedUrl);
}
