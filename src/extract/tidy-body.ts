/**
 * What an older page layout (or a body migrated from one) leaves of its head and its pictures in
 * the body: kicker labels, the lead printed again, image file names, captions loose beside or
 * away from their image. Runs on the body chosen by either extractor, before sanitizing:
 *
 * - a text that is only an image file name ("IMG_1234.jpg", "Bild: pm_2018_05.png") goes, wherever
 *   it is; file names glued to a caption's words go from the caption;
 * - a caption (a figcaption outside a figure, an element classed caption/bildunterschrift/…, a
 *   credit line "Foto: …"/"© …" or a short line ending in one, a line labelled "Bildunterschrift:",
 *   a text in an image's wrapper) joins the image beside it as the
 *   figcaption of a figure, or goes when no image is beside it;
 * - a kicker (classed kicker/eyebrow/dachzeile/…) goes wherever it is; a line of kicker words
 *   ("Rückblick Thema: Soziales") goes while the body's first real paragraph has not come yet;
 * - before that paragraph, a block that repeats the lead goes; anywhere, a block that repeats the
 *   block just before it (the lead quote again as a pull quote) goes.
 *
 * Images and figures are kept where they are and do not end the head.
 */
import type { CheerioAPI } from 'cheerio';
import type { Text } from 'domhandler';
import { collapseWhitespace, contains, detach, findElements, hasDescendant, isElement, loadSerialized, nameTokens, outermost, rawText, TextMeasure, type AnyNode, type Element } from './dom.js';
import { isKickerElement } from './chrome.js';
import { captionWords, endsWithImageCredit, IMAGE_CREDIT, isImageFileName, isKickerText, isLabelledCaption, isRepeat, withoutEdgeFileNames } from './labels.js';

export interface TidiedBody {
  html: string;
  /**
   * The texts taken out of the body's text: dropped, or moved into a figcaption (which is no part
   * of the text). A summary that starts with one of them was written from the leaked head too.
   */
  removed: string[];
}

/** Blocks read as one line each; other elements are looked into when they hold blocks. */
const LINE_TAGS = new Set(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'ul', 'ol', 'dl', 'table', 'pre', 'figure', 'figcaption', 'address']);
const IMAGE_TAGS = new Set(['img', 'picture']);
const CAPTION_TOKEN_PREFIXES = ['caption', 'bildunterschrift', 'bildtext', 'bildbeschreibung', 'legend', 'imagecaption', 'figcaption'];
/** "bu" (Bildunterschrift) only as a whole word: as a prefix it would match "buch", "buerger", … */
const CAPTION_TOKENS = ['bu'];
/** An image's wrapper holds the image and a caption or credit, not a paragraph of the body. */
const MAX_WRAPPER_CHARS = 300;
const MAX_CREDIT_CHARS = 100;
const MAX_FILE_NAME_CHARS = 220;

export function tidyBody(html: string, lead?: string): TidiedBody {
  const $ = loadSerialized(html);
  const root = $.root()[0]!;
  const removed: string[] = [];
  const drop = (node: AnyNode): void => {
    const text = textOf(node);
    if (text !== '') removed.push(text);
    detach(node);
  };

  dropFileNames(root, drop, removed);
  // Classed kickers go wherever they are, also from inside a line ("<p><span class=kicker>…</span> …").
  for (const el of outermost(findElements(root, isKickerElement))) drop(el);
  let inHead = true;
  let previous: string | undefined;
  let opening = true;
  for (const line of readLines(root)) {
    if (!contains(root, line)) continue; // went with a caption's image wrapper
    const text = textOf(line);
    if (text === '') continue;
    const caption = captionOf(line, root, text);
    if (caption) {
      if (attachCaption($, caption, root)) removed.push(text);
      else drop(caption);
      continue;
    }
    // Images and their figures stay where they are and do not end the head.
    if (isFigure(line)) continue;
    // A body that opens with the lead word for word keeps it (the lead is then not printed above it).
    const keptLead = opening && text === lead;
    opening = false;
    if (!keptLead && isLeftover(text, inHead ? lead : undefined, inHead, previous)) {
      drop(line);
      continue;
    }
    // The first other block is the first real paragraph.
    inHead = false;
    previous = text;
  }
  dropStrayBreaks(root);
  return { html: $.html(), removed };
}

/**
 * Line breaks that no longer stand between two pieces of text (those that stood beside a line
 * taken out, or now open or close a block): they would print as empty lines.
 */
function dropStrayBreaks(root: AnyNode): void {
  const isInline = (node: AnyNode | undefined): boolean => node !== undefined && (node.type === 'text' || (isElement(node) && !LINE_TAGS.has(node.name) && !['br', 'div', 'section'].includes(node.name)));
  for (const br of findElements(root, (el) => el.name === 'br')) {
    const prev = sibling(br, 'prev');
    if (!isInline(prev) || !isInline(sibling(br, 'next')) || isBreakAfterBreak(br)) detach(br);
  }
}

/** A third break in a row and more: one empty line between two texts is all a reader needs. */
function isBreakAfterBreak(br: Element): boolean {
  let breaks = 0;
  for (let cur = br.prev; cur && isBlank(cur); cur = cur.prev) if (isElement(cur)) breaks += 1;
  return breaks >= 2;
}

/** A kicker line or the lead again (while in the head), or the block before it again. */
function isLeftover(text: string, lead: string | undefined, inHead: boolean, previous: string | undefined): boolean {
  if (inHead && isKickerText(text)) return true;
  return [lead, previous].some((earlier) => earlier !== undefined && isRepeat(text, earlier));
}

/**
 * Elements and text nodes whose whole text is an image file name; a file name at the start or end
 * of a text ("IMG_1234.jpg Die Ministerin …"); file names as alt text.
 */
function dropFileNames(root: AnyNode, drop: (node: AnyNode) => void, removed: string[]): void {
  const texts = new TextMeasure();
  const elements = findElements(root, (el) => {
    const text = texts.shortText(el, MAX_FILE_NAME_CHARS);
    return text !== undefined && text !== '' && isImageFileName(text) && !hasImage(el);
  });
  for (const el of outermost(elements)) drop(el);
  for (const node of textNodesOf(root)) {
    if (isImageFileName(collapseWhitespace(node.data))) {
      drop(node);
      continue;
    }
    const data = withoutEdgeFileNames(node.data);
    if (data === node.data) continue;
    removed.push(collapseWhitespace(node.data));
    node.data = data;
  }
  for (const img of findElements(root, (el) => el.name === 'img')) {
    for (const name of ['alt', 'title'] as const) {
      const value = img.attribs[name];
      if (value !== undefined && isImageFileName(collapseWhitespace(value))) img.attribs[name] = '';
    }
  }
}

function textNodesOf(root: AnyNode): Text[] {
  const found: Text[] = [];
  const visit = (node: AnyNode): void => {
    if (node.type === 'text') found.push(node);
    else if ('children' in node) for (const child of node.children) visit(child);
  };
  visit(root);
  return found;
}

/**
 * The body's lines in document order: its blocks, elements that hold no block (a label, an
 * image's wrapper), and text that sits loose between them.
 */
function readLines(node: AnyNode): AnyNode[] {
  const lines: AnyNode[] = [];
  if (!('children' in node)) return lines;
  for (const child of node.children) {
    if (child.type === 'text') {
      if (child.data.trim() !== '') lines.push(child);
    } else if (isElement(child)) {
      if (LINE_TAGS.has(child.name) || !hasDescendant(child, (el) => LINE_TAGS.has(el.name))) lines.push(child);
      else lines.push(...readLines(child));
    }
  }
  return lines;
}

function hasImage(el: AnyNode): boolean {
  return isElement(el) && (IMAGE_TAGS.has(el.name) || hasDescendant(el, (d) => d.name === 'img'));
}

function isFigure(line: AnyNode): boolean {
  return isElement(line) && line.name === 'figure' && hasImage(line);
}

function hasToken(el: Element, prefixes: readonly string[], whole: readonly string[] = []): boolean {
  return nameTokens(el).some((t) => whole.includes(t) || prefixes.some((p) => t.startsWith(p)));
}

/** The element or its ancestors below `root`, nearest first. */
function selfAndAncestors(node: AnyNode, root: AnyNode): Element[] {
  const chain: Element[] = [];
  for (let cur: AnyNode | null = node; cur && cur !== root; cur = cur.parent) if (isElement(cur)) chain.push(cur);
  return chain;
}

/**
 * The caption `line` is part of, if it is one: the line itself or its caption-classed ancestor.
 * A figcaption inside a figure with its image is no loose caption; neither is anything else in
 * that figure.
 */
function captionOf(line: AnyNode, root: AnyNode, text: string): AnyNode | undefined {
  // Loose text between <br>s ("IMG_1234.jpg<br>Foto: HMSI<br>") is a caption by its words alone.
  if (!isElement(line)) return isCaptionText(text) ? line : undefined;
  const chain = selfAndAncestors(line, root);
  if (chain.some((el) => el.name === 'figure' && hasImage(el))) return undefined;
  const classed = chain.filter((el) => hasToken(el, CAPTION_TOKEN_PREFIXES, CAPTION_TOKENS));
  if (classed.length > 0) return classed[classed.length - 1];
  if (line.name === 'figcaption') return line;
  if (isCaptionText(text) || imageWrapper(line, root)) return line;
  return undefined;
}

function isCaptionText(text: string): boolean {
  return isCredit(text) || endsWithImageCredit(text) || isLabelledCaption(text);
}

/**
 * The element around `el` (or `el` itself) that holds an image and, besides `el`, no text but
 * credits and captions: the image's wrapper, with `el` its caption.
 */
function imageWrapper(el: AnyNode, root: AnyNode): Element | undefined {
  for (const cur of selfAndAncestors(el, root)) {
    if (cur.name === 'figure' || !hasAtMostChars(cur, MAX_WRAPPER_CHARS)) return undefined;
    if (hasImage(cur)) return holdsOtherText(cur, el) ? undefined : cur;
  }
  return undefined;
}

/** True when a block in `wrapper`, other than `el` and blocks around it, has text that is not a credit or a classed caption. */
function holdsOtherText(wrapper: Element, el: AnyNode): boolean {
  return hasDescendant(wrapper, (d) => {
    if (!LINE_TAGS.has(d.name) || contains(d, el) || contains(el, d)) return false;
    const text = textOf(d);
    return text !== '' && !isCredit(text) && !hasToken(d, CAPTION_TOKEN_PREFIXES, CAPTION_TOKENS);
  });
}

function isCredit(text: string): boolean {
  return text.length <= MAX_CREDIT_CHARS && IMAGE_CREDIT.test(text);
}

/**
 * True when `node` holds at most `max` characters that are not blank; stops counting once past
 * it, so asking about the wrapper of the whole body costs no more than asking about a caption.
 */
function hasAtMostChars(node: AnyNode, max: number): boolean {
  let count = 0;
  const within = (n: AnyNode): boolean => {
    if (n.type === 'text') {
      count += n.data.replace(/\s+/g, '').length;
      return count <= max;
    }
    return !('children' in n) || n.children.every(within);
  };
  return within(node);
}

function textOf(node: AnyNode): string {
  return collapseWhitespace(rawText(node));
}

/** The next or previous node beside `node`, skipping blank text and line breaks. */
function sibling(node: AnyNode, direction: 'prev' | 'next'): AnyNode | undefined {
  for (let cur = node[direction]; cur; cur = cur[direction]) {
    if (!isBlank(cur)) return cur;
  }
  return undefined;
}

function isBlank(node: AnyNode): boolean {
  return (node.type === 'text' && node.data.trim() === '') || (isElement(node) && node.name === 'br');
}

/** The image (or figure, or image wrapper) `caption` belongs to: around it, else just before or after it. */
function captionTarget(caption: AnyNode, root: AnyNode): Element | undefined {
  const around = imageWrapper(caption, root);
  if (around) return around;
  for (const direction of ['prev', 'next'] as const) {
    const beside = sibling(caption, direction);
    if (!isElement(beside) || !hasImage(beside)) continue;
    if (beside.name === 'figure' || IMAGE_TAGS.has(beside.name)) return beside;
    if (hasAtMostChars(beside, MAX_WRAPPER_CHARS) && !holdsOtherText(beside, caption)) return beside;
  }
  return undefined;
}

/**
 * Makes `caption` the figcaption of the image beside it: a figure gets it added to its
 * figcaption; an image or its wrapper becomes a figure of its images and every caption text in it.
 * False when there is no image to attach it to.
 */
function attachCaption($: CheerioAPI, caption: AnyNode, root: AnyNode): boolean {
  const target = captionTarget(caption, root);
  if (!target) return false;
  const words = (node: AnyNode): string => captionWords(textOf(node));
  if (target.name === 'figure') {
    const existing = findElements(target, (el) => el.name === 'figcaption')[0];
    const figcaption = existing ? $(existing) : $('<figcaption></figcaption>').appendTo($(target));
    figcaption.append(escapedText($, ` ${words(caption)}`));
    detach(caption);
    return true;
  }
  const images = IMAGE_TAGS.has(target.name) ? [target] : outermost(findElements(target, (el) => IMAGE_TAGS.has(el.name)));
  const inside = contains(target, caption);
  const captionFirst = !inside && sibling(caption, 'next') === target;
  const parts = inside ? [words(target)] : captionFirst ? [words(caption), words(target)] : [words(target), words(caption)];
  const figure = $('<figure></figure>').insertBefore($(target));
  for (const image of images) figure.append($(image));
  figure.append($('<figcaption></figcaption>').text(collapseWhitespace(parts.join(' '))));
  if (!IMAGE_TAGS.has(target.name)) detach(target);
  if (!inside) detach(caption);
  return true;
}

function escapedText($: CheerioAPI, text: string): string {
  return $('<i></i>').text(text).html() ?? '';
}
