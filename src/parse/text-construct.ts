/**
 * Titles, teasers and bodies read as what their element says they are: Atom's text constructs
 * (RFC 4287 §3.1: `type="text"`, `"html"`, `"xhtml"`), Atom 0.3's MIME types and
 * `mode="base64"`, Media RSS's `type="plain"`, and RSS's unwritten rule that element text is HTML.
 * Each gives the same pair: HTML to publish and plain text to show.
 */
import { load } from 'cheerio';
import { attributeOf, childElements, escapeHtml, hasChildElements, serializeChildren, textOf, type RawElement } from './raw-element.js';

export type TextKind = 'text' | 'html' | 'xhtml';

export interface TextValue {
  /** HTML, unsanitized, trimmed. */
  html: string;
  /** Plain text, whitespace collapsed; computed when asked for (a body's text is rarely needed). */
  text(): string;
}

/**
 * Reads one element as text of the kind its `type` names, or `defaultKind` without one (Atom:
 * text; RSS: HTML). Undefined for an empty element, for content elsewhere (`src`) and for
 * content that is not text (an image, a PDF).
 */
export function readTextConstruct(element: RawElement, defaultKind: TextKind, originalName: (name: string) => string): TextValue | undefined {
  if (attributeOf(element, 'src') !== undefined) return undefined;
  const kind = kindOf(attributeOf(element, 'type'), defaultKind);
  if (kind === undefined) return undefined;
  const value = attributeOf(element, 'mode')?.trim().toLowerCase() === 'base64' ? fromBase64(element, kind) : fromMarkup(element, kind, originalName);
  return value && value.html ? value : undefined;
}

/** `type` as Atom 1.0 (text, html, xhtml), Atom 0.3 and Media RSS (MIME types, "plain") write it. */
function kindOf(type: string | undefined, defaultKind: TextKind): TextKind | undefined {
  const value = type?.trim().toLowerCase();
  if (!value) return defaultKind;
  if (value === 'text' || value === 'plain' || value === 'text/plain') return 'text';
  if (value === 'html' || value === 'text/html') return 'html';
  if (value === 'xhtml' || value === 'application/xhtml+xml') return 'xhtml';
  return value.startsWith('text/') ? 'text' : undefined;
}

function fromBase64(element: RawElement, kind: TextKind): TextValue {
  const decoded = Buffer.from(textOf(element), 'base64').toString('utf8');
  return kind === 'text' ? fromText(decoded) : fromHtml(decoded);
}

function fromMarkup(element: RawElement, kind: TextKind, originalName: (name: string) => string): TextValue {
  // Text with inline markup ("Example <b>Atom</b>") is all of its text.
  if (kind === 'text') return fromText(textOf(element));
  if (kind === 'html' && !hasChildElements(element)) return fromHtml(textOf(element));
  // XHTML, or HTML written as markup instead of escaped: serialize the elements.
  return fromHtml(serializeChildren(xhtmlContainer(element), originalName));
}

/** Atom XHTML content sits in one `<div>` that is not part of it (RFC 4287 §3.1.1.3). */
function xhtmlContainer(element: RawElement): RawElement {
  const elements = childElements(element);
  const only = elements.length === 1 ? elements[0] : undefined;
  const isWrapperOnly = only !== undefined && /^(?:[\w.-]+:)?div$/.test(only['#name']) && textOf(element).trim() === textOf(only).trim();
  return isWrapperOnly ? only : element;
}

function fromText(text: string): TextValue {
  return { html: escapeHtml(text.trim()), text: () => collapseWhitespace(text) };
}

function fromHtml(html: string): TextValue {
  let text: string | undefined;
  return { html: html.trim(), text: () => (text ??= plainText(html)) };
}

/** Where a line or block ends, the words on either side are apart even without whitespace in the source. */
const BREAKING_TAG = /<(?:br|hr|\/(?:p|div|li|dd|dt|h[1-6]|tr|td|th|blockquote|pre|section|article|ul|ol|table))\b[^>]*>/gi;

export function plainText(html: string): string {
  if (!/[<&]/.test(html)) return collapseWhitespace(html);
  return collapseWhitespace(load(html.replace(BREAKING_TAG, '$& '), null, false).root().text());
}

function collapseWhitespace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
