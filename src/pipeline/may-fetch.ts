/**
 * Which source may fetch which URL. mayFetch is the one predicate that every step and operator
 * tool above fetch/ asks; it compares hosts the way fetch/ does (case, port, trailing dot), and
 * fetch/ enforces the same list again on every redirect.
 */
import { isAllowedHost } from '../fetch/index.js';
import type { Source } from '../model/index.js';

/** True when `url`'s host is one of the source's hosts; false for a URL that does not parse. */
export function mayFetch(source: Pick<Source, 'hosts'>, url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return isAllowedHost(parsed, source.hosts);
}

/**
 * The source to fetch `url` under: the first of `preferred` (configured) that may fetch it, else
 * any configured source that may; undefined when no source may fetch the host.
 */
export function sourceForUrl(sources: readonly Source[], url: string, preferred: readonly string[] = []): Source | undefined {
  const byId = new Map(sources.map((s) => [s.id, s]));
  for (const id of preferred) {
    const source = byId.get(id);
    if (source && mayFetch(source, url)) return source;
  }
  return sources.find((s) => mayFetch(s, url));
}

/**
 * Canonical URLs are https by rule (sites redirect there); a source configured with a plain-http
 * URL serves its articles over http, so they are fetched that way, as its polls found them.
 */
export function fetchUrlFor(canonicalUrl: string, source: Source): string {
  const url = new URL(canonicalUrl);
  if (new URL(source.url).protocol === 'http:') url.protocol = 'http:';
  return url.toString();
}
