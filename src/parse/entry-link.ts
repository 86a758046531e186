/**
 * The article address of one feed entry. An entry's identity downstream starts from this link,
 * so a wrong choice merges different releases into one item (two entries sharing a licence link)
 * or publishes an address that is no page (a non-permalink GUID).
 */
import { attributeOf, childrenNamed, trimmedTextOf, type RawElement } from './raw-element.js';
import { resolveBase } from './xml-base.js';

/** Link element names after parsing: `<link>` of every format (renamed, see feed-document.ts). */
export const LINK_ELEMENT = 'hf-link';

const IANA_RELATION_PREFIX = 'http://www.iana.org/assignments/relation/';
const HTML_TYPES = new Set(['text/html', 'application/xhtml+xml']);

/**
 * In order: a link to the entry as a page (Atom `rel="alternate"` or a link without rel; RSS
 * `<link>` as text or with `href`), HTML links before links of other types; then a permalink
 * GUID; then an http(s) Atom id or the RSS 1.0 `rdf:about`. Never a licence, enclosure, related
 * or self link, and never a GUID marked `isPermaLink="false"`.
 */
export function findEntryLink(children: RawElement[], item: RawElement, base: string): string | undefined {
  const alternates = childrenNamed(children, LINK_ELEMENT).filter(isAlternate);
  const ordered = [...alternates.filter(isHtmlType), ...alternates.filter((link) => !isHtmlType(link))];
  for (const link of ordered) {
    const url = httpUrl(attributeOf(link, 'href') ?? trimmedTextOf(link), resolveBase(link, base));
    if (url) return url;
  }
  const identifiers = [...childrenNamed(children, 'guid').filter(isPermalink), ...childrenNamed(children, 'id')].map(trimmedTextOf);
  return [...identifiers, attributeOf(item, 'rdf:about')?.trim()].map(absoluteHttpUrl).find((url) => url !== undefined);
}

function isAlternate(link: RawElement): boolean {
  const rel = attributeOf(link, 'rel')?.trim().toLowerCase();
  if (!rel) return true;
  return rel.split(/\s+/).some((value) => value === 'alternate' || value === `${IANA_RELATION_PREFIX}alternate`);
}

function isHtmlType(link: RawElement): boolean {
  const type = attributeOf(link, 'type')?.split(';')[0]?.trim().toLowerCase();
  return !type || HTML_TYPES.has(type);
}

/** RSS 2.0: a GUID is a permalink unless it says otherwise. */
function isPermalink(guid: RawElement): boolean {
  const [, value] = Object.entries(guid.$ ?? {}).find(([name]) => name.toLowerCase() === 'ispermalink') ?? [];
  return value?.trim().toLowerCase() !== 'false';
}

/** Identifiers count as links only when written out in full: a relative id is no address. */
function absoluteHttpUrl(value: string | undefined): string | undefined {
  return value !== undefined && /^https?:\/\//i.test(value) ? httpUrl(value, value) : undefined;
}

export function httpUrl(value: string | undefined, base: string): string | undefined {
  if (!value) return undefined;
  try {
    const url = new URL(value, base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}
