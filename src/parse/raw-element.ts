/**
 * The raw XML elements of a feed item, as xml2js gives them to rss-parser's custom fields when it
 * keeps the children of every element in document order (`$$`, text included). rss-parser maps
 * only the text of an element's own text nodes, so "Example <b>Atom</b>" would come back as
 * "Example "; reading the ordered children is what lets titles, XHTML bodies and links be read
 * as they were written.
 */

export interface RawElement {
  /** Element name as renamed while parsing (see feed-document.ts); `__text__` for a text node. */
  '#name': string;
  /** Attributes as written. */
  $?: Record<string, string>;
  /** Children in document order: elements and text nodes (CDATA sections are text). */
  $$?: RawElement[];
  /** A text node's text. */
  _?: string;
}

/** The xml2js options that produce RawElements; rss-parser's own mapping still works on them. */
export const ORDERED_CHILDREN_OPTIONS = {
  explicitChildren: true,
  preserveChildrenOrder: true,
  charsAsChildren: true,
  // Whitespace between two inline elements is part of the text ("<b>A</b> <i>B</i>").
  includeWhiteChars: true,
} as const;

const TEXT_NODE = '__text__';

/** https://html.spec.whatwg.org/#void-elements */
const VOID_ELEMENTS = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);

export function isTextNode(node: RawElement): boolean {
  return node['#name'] === TEXT_NODE;
}

export function childElements(element: RawElement | undefined): RawElement[] {
  return (element?.$$ ?? []).filter((node) => !isTextNode(node));
}

/** The children with one of the given names, in document order. */
export function childrenNamed(children: RawElement[], ...names: string[]): RawElement[] {
  return children.filter((node) => names.includes(node['#name']));
}

export function attributeOf(element: RawElement | undefined, name: string): string | undefined {
  const value = element?.$?.[name];
  return typeof value === 'string' ? value : undefined;
}

/** All the text inside an element, markup left out, as written (not trimmed). */
export function textOf(element: RawElement): string {
  if (isTextNode(element)) return element._ ?? '';
  return (element.$$ ?? []).map(textOf).join('');
}

/** The text of an element, trimmed; undefined when there is none. */
export function trimmedTextOf(element: RawElement | undefined): string | undefined {
  return element ? textOf(element).trim() || undefined : undefined;
}

export function hasChildElements(element: RawElement): boolean {
  return childElements(element).length > 0;
}

/**
 * An element's children as HTML: XML markup inside a feed (Atom XHTML, xhtml:body, unescaped HTML
 * in a description). Text is escaped, since in XML it is character data; element names lose
 * their namespace prefix (`xhtml:p` is `<p>`), namespace declarations are dropped. Sanitizing
 * comes later, as for any feed HTML.
 */
export function serializeChildren(element: RawElement, originalName: (name: string) => string): string {
  return (element.$$ ?? []).map((node) => serializeNode(node, originalName)).join('');
}

function serializeNode(node: RawElement, originalName: (name: string) => string): string {
  if (isTextNode(node)) return escapeHtml(node._ ?? '');
  const name = localName(originalName(node['#name']));
  const attributes = Object.entries(node.$ ?? {})
    .filter(([key]) => key !== 'xmlns' && !key.startsWith('xmlns:'))
    .map(([key, value]) => ` ${localName(key)}="${escapeAttribute(value)}"`)
    .join('');
  if (VOID_ELEMENTS.has(name)) return `<${name}${attributes}>`;
  return `<${name}${attributes}>${serializeChildren(node, originalName)}</${name}>`;
}

function localName(name: string): string {
  // xml:lang and the like keep their prefix; they are not namespace-qualified HTML.
  if (name.startsWith('xml:')) return name;
  return name.slice(name.indexOf(':') + 1);
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function escapeAttribute(text: string): string {
  return escapeHtml(text).replace(/"/g, '&quot;');
}
