/**
 * The one escape the HTML pages use for everything they write (the overview here, the admin pages
 * in web/), text and attribute values alike (attributes are always in double quotes). Titles and
 * tags are scraped text: `<`, `&` and quotes are common, and characters no document can carry
 * (NUL, C1 controls, lone surrogates) are dropped by the same guard the feeds use.
 */
import { escapeHtmlText, stripInvalidXmlChars } from './xml-text.js';

export function escapeHtml(value: string): string {
  return escapeHtmlText(stripInvalidXmlChars(value));
}

/** Only http(s) links are written as links; anything else (`javascript:`, `data:`) is shown as text. */
export function isWebUrl(value: string): boolean {
  return /^https?:\/\/[^\s]+$/i.test(value);
}

/** One path segment of our own URLs (`/tags/<slug>.atom`), safe whatever the slug holds. */
export function pathSegment(value: string): string {
  return encodeURIComponent(value);
}
