/**
 * Small DOM helpers shared by the extractors. The extractors walk the parsed tree with these plain
 * functions rather than running CSS selectors: a selector is parsed and compiled on every call,
 * and the chrome and body heuristics ask dozens of questions of every element of every page.
 */
import { load, type Cheerio, type CheerioAPI } from 'cheerio';
import type { AnyNode, Element } from 'domhandler';

export type { AnyNode, Element };

const INVISIBLE = /[\u00ad\u200b-\u200d\u2060\ufeff]/g;
const WHITESPACE = /\s+/g;

/** Collapses whitespace (including no-break spaces) and drops soft hyphens and zero-width marks. */
export function collapseWhitespace(text: string): string {
  return text.replace(INVISIBLE, '').replace(WHITESPACE, ' ').trim();
}

/**
 * 1 for every UTF-16 code unit that collapseWhitespace drops or folds into a space, from the same
 * two patterns, so the two can never disagree.
 */
const BLANK = new Uint8Array(0x10000);
for (let code = 0; code < BLANK.length; code++) {
  const char = String.fromCharCode(code);
  if (/[\u00ad\u200b-\u200d\u2060\ufeff]/.test(char) || /\s/.test(char)) BLANK[code] = 1;
}

/** Code units of `text` that collapseWhitespace keeps as they are. */
function visibleIn(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) if (BLANK[text.charCodeAt(i)] === 0) count += 1;
  return count;
}

/** True for nodes whose text counts (domutils' textContent): elements, documents, CDATA; not comments. */
function hasChildNodes(node: AnyNode): node is AnyNode & { children: AnyNode[] } {
  return node.type !== 'comment' && Object.hasOwn(node, 'children');
}

/** The node's text as cheerio's `.text()` gives it: every text node below it, in order. */
export function rawText(node: AnyNode): string {
  if (node.type === 'text') return node.data;
  if (!hasChildNodes(node)) return '';
  let text = '';
  for (const child of node.children) text += rawText(child);
  return text;
}

export function textOf(node: Cheerio<AnyNode>): string {
  return collapseWhitespace(node.text());
}

/**
 * Texts of one unchanging tree, each worked out once. `visible` counts the characters that
 * collapsing keeps: never more than the length of the collapsed text (which only adds single
 * spaces between them), and 0 exactly when it is empty — so an element too long for a label is
 * known without building its text. Make a new one after removing anything from the tree.
 */
export class TextMeasure {
  private readonly counts = new Map<AnyNode, number>();
  private readonly texts = new Map<AnyNode, string>();

  visible(node: AnyNode): number {
    if (node.type === 'text') return visibleIn(node.data);
    if (!hasChildNodes(node)) return 0;
    let count = this.counts.get(node);
    if (count === undefined) {
      count = 0;
      for (const child of node.children) count += this.visible(child);
      this.counts.set(node, count);
    }
    return count;
  }

  /** textOf the node: its collapsed text. */
  text(node: AnyNode): string {
    let text = this.texts.get(node);
    if (text === undefined) {
      text = this.visible(node) === 0 ? '' : collapseWhitespace(rawText(node));
      this.texts.set(node, text);
    }
    return text;
  }

  /** The collapsed text when it is at most `maxLength` long, else undefined. */
  shortText(node: AnyNode, maxLength: number): string | undefined {
    if (this.visible(node) > maxLength) return undefined;
    const text = this.text(node);
    return text.length <= maxLength ? text : undefined;
  }
}

const TOKENS = new WeakMap<Element, string[]>();

/** Class and id split into lower-case words: "hw-article__share" → hw, article, share. */
export function nameTokens(el: Element): string[] {
  let tokens = TOKENS.get(el);
  if (tokens === undefined) {
    const raw = `${el.attribs.class ?? ''} ${el.attribs.id ?? ''}`.toLowerCase();
    tokens = raw.split(/[\s_-]+/).filter((t) => t !== '');
    TOKENS.set(el, tokens);
  }
  return tokens;
}

/** True when the class attribute lists `name` (as the selector `.name` matches). */
export function hasClass(el: Element, name: string): boolean {
  const classes = el.attribs.class;
  return classes !== undefined && classes.split(/\s+/).includes(name);
}

export function isElement(node: AnyNode | null | undefined): node is Element {
  return node !== null && node !== undefined && (node.type === 'tag' || node.type === 'script' || node.type === 'style');
}

/** `a[href]`. */
export function isLink(el: Element): boolean {
  return el.name === 'a' && el.attribs.href !== undefined;
}

/**
 * The elements below `root` that pass `test`, in document order — what cheerio's `find` with a
 * selector gives: `root`'s child elements and everything below them (template contents too), not
 * `root` itself.
 */
export function findElements(root: AnyNode | undefined, test: (el: Element) => boolean): Element[] {
  const found: Element[] = [];
  const visit = (node: AnyNode): void => {
    if (!hasChildNodes(node)) return;
    for (const child of node.children) {
      if (isElement(child) && test(child)) found.push(child);
      visit(child);
    }
  };
  if (root && hasChildNodes(root)) {
    for (const child of root.children) {
      if (!isElement(child)) continue;
      if (test(child)) found.push(child);
      visit(child);
    }
  }
  return found;
}

/** True when an element below `root` passes `test` (as `find(…).length > 0`). */
export function hasDescendant(root: AnyNode, test: (el: Element) => boolean): boolean {
  const below = (node: AnyNode): boolean => {
    if (!hasChildNodes(node)) return false;
    for (const child of node.children) if ((isElement(child) && test(child)) || below(child)) return true;
    return false;
  };
  return hasChildNodes(root) && root.children.some((child) => isElement(child) && (test(child) || below(child)));
}

/**
 * The nearest ancestor element of `node` (not itself) that passes `test`, climbing while the
 * parent is an element (as `closest` and `parents` do); at most up to `upTo`, itself included.
 */
export function findAncestor(node: AnyNode, test: (el: Element) => boolean, upTo?: AnyNode): Element | undefined {
  for (let cur = node.parent; isElement(cur); cur = cur.parent) {
    if (test(cur)) return cur;
    if (cur === upTo) return undefined;
  }
  return undefined;
}

/** True when `ancestor` is `node` or contains it. */
export function contains(ancestor: AnyNode, node: AnyNode): boolean {
  for (let cur: AnyNode | null = node; cur; cur = cur.parent) if (cur === ancestor) return true;
  return false;
}

/** Elements of `elements` that contain none of the others (the label itself, not its wrapper). */
export function innermost(elements: readonly Element[]): Element[] {
  const wrappers = new Set<AnyNode>();
  for (const el of elements) for (let cur = el.parent; cur; cur = cur.parent) wrappers.add(cur);
  return elements.filter((el) => !wrappers.has(el));
}

/** Elements of `elements` inside none of the others. */
export function outermost(elements: readonly Element[]): Element[] {
  const members = new Set<AnyNode>(elements);
  return elements.filter((el) => findAncestor(el, (a) => members.has(a)) === undefined);
}

/** Takes `node` out of its tree, as cheerio's `.remove()` does. */
export function detach(node: AnyNode): void {
  if (node.prev) node.prev.next = node.next;
  if (node.next) node.next.prev = node.prev;
  if (node.parent) {
    const siblings = node.parent.children;
    const index = siblings.lastIndexOf(node);
    if (index >= 0) siblings.splice(index, 1);
  }
  node.prev = node.next = node.parent = null;
}

/**
 * Parses markup that a serializer wrote (cheerio's of a parsed page, sanitize-html's), in
 * fragment mode, with htmlparser2 instead of parse5. Such markup is well-formed, so the two
 * parsers build the same tree from it (every golden page extracts as before), and htmlparser2
 * takes a text as one slice of the input where parse5 builds it character by character: the two
 * re-parses of the body with parse5 were a tenth of all a scrape worker allocated. A page from a
 * server still goes to parse5, which repairs broken markup as a browser does.
 */
export function loadSerialized(html: string): CheerioAPI {
  return load(html, { xml: { xmlMode: false, decodeEntities: true, encodeEntities: 'utf8' } }, false);
}

/** Runs a selector from configuration; an invalid selector finds nothing rather than throwing. */
export function select($: CheerioAPI, selector: string | undefined, context?: Cheerio<AnyNode>): Cheerio<Element> {
  const none = $([] as Element[]);
  if (!selector) return none;
  try {
    const found = context ? context.find(selector) : $(selector);
    return found.filter((_, node): node is Element => isElement(node));
  } catch {
    return none;
  }
}

/** The `href` of a link, made absolute; undefined unless it is http(s). */
export function absoluteHttpUrl(href: string | undefined, base: string): string | undefined {
  if (!href) return undefined;
  try {
    const url = new URL(href.trim(), base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** The URL relative links on this page resolve against (`<base href>` if present). */
export function documentBase($: CheerioAPI, pageUrl: string): string {
  const base = findElements($.root()[0], (el) => el.name === 'base' && el.attribs.href !== undefined)[0];
  return absoluteHttpUrl(base?.attribs.href, pageUrl) ?? pageUrl;
}
