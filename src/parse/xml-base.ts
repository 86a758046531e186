/**
 * xml:base (XML Base, used by Atom and some RSS feeds): an element's relative addresses resolve
 * against the nearest xml:base around it, each resolved against the one outside it, and the
 * outermost against the document's own address.
 */
import { load } from 'cheerio';
import { attributeOf, type RawElement } from './raw-element.js';

export function resolveBase(element: RawElement | undefined, parentBase: string): string {
  return resolveBaseValue(attributeOf(element, 'xml:base'), parentBase);
}

export function resolveBaseValue(value: string | undefined, parentBase: string): string {
  if (value === undefined || value.trim() === '') return parentBase;
  try {
    return new URL(value.trim(), parentBase).href;
  } catch {
    return parentBase;
  }
}

/** A body's relative links (href, src) made absolute against `base`. */
export function resolveLinksInHtml(html: string, base: string): string {
  if (!/\s(?:href|src)\s*=/i.test(html)) return html;
  const $ = load(html, null, false);
  for (const attribute of ['href', 'src']) {
    $(`[${attribute}]`).each((_, element) => {
      const value = $(element).attr(attribute);
      if (value === undefined) return;
      try {
        $(element).attr(attribute, new URL(value.trim(), base).href);
      } catch {
        // Left as written; the sanitizer drops what is no usable address.
      }
    });
  }
  return $.html();
}
