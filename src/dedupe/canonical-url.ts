/**
 * URL identity (DESIGN.md §3 rule 1): two URLs that name the same page canonicalize to the same
 * string. Lower-case scheme and host, https for http, no default port, no fragment, no tracking
 * parameters, sorted query, no trailing slash on non-root paths, relative links resolved.
 */

const TRACKING_PARAMS = new Set([
  'fbclid',
  'gclid',
  'dclid',
  'msclkid',
  'mc_cid',
  'mc_eid',
  'igshid',
  'yclid',
  '_hsenc',
  '_hsmi',
  'wt_mc',
  'wt.mc_id',
  'piwik_campaign',
  'piwik_kwd',
  'pk_campaign',
  'pk_kwd',
  'pk_source',
  'pk_medium',
  'mtm_campaign',
  'mtm_source',
  'mtm_medium',
  'mtm_keyword',
  'mtm_content',
  'ref',
  'ref_src',
]);

function isTrackingParam(name: string): boolean {
  const lower = name.toLowerCase();
  return lower.startsWith('utm_') || TRACKING_PARAMS.has(lower);
}

/**
 * Returns the canonical form of `url` (resolved against `base` when relative).
 * Throws a TypeError when the result is not an absolute http(s) URL.
 */
export function canonicalizeUrl(url: string, base?: string): string {
  const parsed = new URL(url.trim(), base);
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new TypeError(`not an http(s) URL: ${url}`);
  }
  // The same page is served over both; https is what the sites redirect to.
  parsed.protocol = 'https:';
  parsed.hostname = parsed.hostname.toLowerCase().replace(/\.$/, '');
  if (parsed.port === '80' || parsed.port === '443') parsed.port = '';
  parsed.hash = '';
  parsed.username = '';
  parsed.password = '';

  const kept = [...parsed.searchParams.entries()].filter(([name]) => !isTrackingParam(name));
  kept.sort(([a, av], [b, bv]) => (a === b ? (av < bv ? -1 : av > bv ? 1 : 0) : a < b ? -1 : 1));
  parsed.search = '';
  for (const [name, value] of kept) parsed.searchParams.append(name, value);

  if (parsed.pathname.length > 1) parsed.pathname = parsed.pathname.replace(/\/+$/, '') || '/';
  return parsed.toString();
}

/**
 * `url` as fetched, for publishing: only tracking parameters (utm_*, fbclid, …) and the fragment
 * are taken out; scheme, host, path and the other parameters stay as they are, in their order.
 */
export function withoutTracking(url: string): string {
  const parsed = new URL(url);
  const kept = [...parsed.searchParams.entries()].filter(([name]) => !isTrackingParam(name));
  if (kept.length === [...parsed.searchParams.keys()].length && parsed.hash === '') return url;
  parsed.hash = '';
  parsed.search = new URLSearchParams(kept).toString();
  return parsed.href;
}

/** Like canonicalizeUrl, but returns undefined instead of throwing. */
export function tryCanonicalizeUrl(url: string | undefined, base?: string): string | undefined {
  if (!url) return undefined;
  try {
    return canonicalizeUrl(url, base);
  } catch {
    return undefined;
  }
}
