/**
 * Page chrome: everything on a release page that is not the release (DESIGN.md §3 rule 3, §5).
 * Recognised by markup (nav, footer, aside), by class/id words (breadcrumb, cookie, share, …) and
 * by text ("Lesedauer: 3 Minuten", "Das könnte Sie auch interessieren", "Schlagworte zum Thema"),
 * because class names differ between the ministries' sites and change over time.
 *
 * Each step walks the tree below `context` once with a plain predicate (see dom.ts for why not
 * selectors), collects what it finds in document order and then removes it, so a step sees the
 * tree the steps before it left.
 */
import {
  contains,
  detach,
  findAncestor,
  findElements,
  hasDescendant,
  innermost,
  isElement,
  isLink,
  nameTokens,
  outermost,
  rawText,
  TextMeasure,
  type AnyNode,
  type Element,
} from './dom.js';
import { IMAGE_CREDIT, isNavigationRow, MAX_KICKER_CHARS, MAX_NAV_ROW_CHARS } from './labels.js';

/** Never article text, wherever it appears (by tag, or hidden by an attribute). */
const JUNK_TAGS = new Set([
  'script', 'style', 'noscript', 'template', 'iframe', 'object', 'embed', 'svg', 'canvas', 'link',
  'meta', 'button', 'input', 'select', 'textarea', 'dialog', 'form',
]);
const HIDING_STYLES = ['display:none', 'display: none', 'visibility:hidden', 'visibility: hidden'];

/** Screen-reader-only labels ("Zum Artikel", "Ende des Artikels"): not part of what readers see. */
const SCREEN_READER_ONLY = ['visuallyhidden', 'sronly', 'screenreadertext', 'elementinvisible', 'hiddenvisually'];

/** Structural chrome: these tags, and these ARIA roles. */
const CHROME_TAGS = new Set(['nav', 'aside', 'footer']);
const CHROME_ROLES = new Set(['navigation', 'banner', 'contentinfo', 'complementary', 'search']);

/** Words in class/id that mark chrome; a token matches when it starts with one of them. */
const CHROME_TOKEN_PREFIXES = [
  'breadcrumb', 'cookie', 'consent', 'gdpr', 'klaro', 'usercentrics', 'share', 'sharing', 'shariff',
  'social', 'pager', 'pagination', 'skiplink', 'newsletter', 'sidebar', 'navbar', 'navigation',
  'menu', 'toolbar', 'related', 'readingtime', 'lesedauer', 'teilen', 'print', 'footer', 'credit',
  'copyright',
];
const COOKIE_TOKEN_PREFIXES = ['cookie', 'consent', 'gdpr', 'klaro', 'usercentrics', 'cmp'];
const TEASER_TOKEN_PREFIXES = ['teaser', 'card', 'related'];
/** Kicker (eyebrow, Dachzeile, Spitzmarke) labels above or inside the title: a word or two, not body text. */
const KICKER_TOKEN_PREFIXES = ['kicker', 'eyebrow', 'dachzeile', 'spitzmarke', 'roofline', 'overline', 'topline', 'rubrik', 'topic'];
const CREDIT_TOKEN_PREFIXES = ['credit', 'copyright', 'caption'];

const READING_TIME = /^(lesedauer|lesezeit|reading time)\b/i;
/** Headings that introduce teasers of other articles; a few trailing words allowed ("… des Ministeriums"). */
const RELATED_HEADING =
  /^(das könnte sie (auch )?interessieren|(auch|ebenfalls) interessant|weitere (pressemitteilungen|meldungen|nachrichten|artikel|beiträge)|aktuelle (pressemitteilungen|meldungen|nachrichten)|verwandte (themen|artikel|inhalte|meldungen)|ähnliche (artikel|meldungen|inhalte|beiträge)|mehr zum thema|lesen sie auch|zum weiterlesen)(\s+\S+){0,4}\s*:?$/i;
const SHARE_HEADING = /^((diese seite|seite|artikel|beitrag|pressemitteilung) )?teilen\s*:?$/i;
const TAG_HEADING = /^(schlagw(orte?|örter|oerter)|stichw(orte?|örter|oerter))( zum thema)?\s*:?$/i;

const HEADING_TAGS = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6']);
/** Credits are labels, not whole paragraphs or headings. */
const CREDIT_KEPT_TAGS = new Set(['p', 'h2', 'h3', 'h4', 'h5', 'h6', 'li']);
const TEASER_TAGS = new Set(['article', 'div', 'li', 'section', 'a']);
const HEADING_LINK_TAGS = new Set(['h2', 'h3', 'h4']);
const IMAGE_TAGS = new Set(['figure', 'figcaption', 'picture']);
const MAIN_REGION_TAGS = new Set(['article', 'main']);

function hasTokenPrefix(el: Element, prefixes: readonly string[]): boolean {
  const tokens = nameTokens(el);
  return tokens.some((t) => prefixes.some((p) => t.startsWith(p))) || (tokens.length > 0 && tokens.join('').includes('readingtime'));
}

/** True when removing `el` would take something we must keep with it (the title, the main region). */
function isProtected(el: Element, keep: readonly AnyNode[]): boolean {
  if (el.name === 'html' || el.name === 'body' || el.name === 'main') return true;
  return keep.some((k) => contains(el, k));
}

/**
 * Removes each of `nodes` that is still attached to something and not protected; counts them. (An
 * element inside one removed before it still has its parent, so it counts, as it always has.)
 */
function removeAll(nodes: readonly Element[], keep: readonly AnyNode[]): number {
  let removed = 0;
  for (const el of nodes) {
    if (el.parent && !isProtected(el, keep)) {
      detach(el);
      removed += 1;
    }
  }
  return removed;
}

function isJunk(el: Element): boolean {
  if (JUNK_TAGS.has(el.name)) return true;
  const { hidden, style, role } = el.attribs;
  if (hidden !== undefined || el.attribs['aria-hidden'] === 'true' || role === 'dialog' || el.attribs['aria-modal'] === 'true') return true;
  return style !== undefined && HIDING_STYLES.some((s) => style.includes(s));
}

function isScreenReaderOnly(el: Element): boolean {
  const classes = el.attribs.class;
  if (classes === undefined) return false;
  return classes.toLowerCase().split(/\s+/).some((c) => SCREEN_READER_ONLY.includes(c.replace(/[_-]/g, '')));
}

/** Scripts, styles, embeds, forms, hidden elements and cookie banners. */
export function removeJunk(context: AnyNode | undefined, keep: readonly AnyNode[]): void {
  removeAll(findElements(context, isJunk), keep);
  removeAll(findElements(context, (el) => hasTokenPrefix(el, COOKIE_TOKEN_PREFIXES)), keep);
  removeAll(findElements(context, isScreenReaderOnly), keep);
}

/** The smallest element whose whole text matches `pattern` (so a wrapper is not mistaken for it). */
function findLabels(context: AnyNode | undefined, pattern: RegExp, maxLength: number): Element[] {
  const texts = new TextMeasure();
  return innermost(
    findElements(context, (el) => {
      const text = texts.shortText(el, maxLength);
      return text !== undefined && pattern.test(text);
    }),
  );
}

/** An element classed as a kicker ("<span class=\"kicker\">Rückblick</span>"), short and without an image. */
export function isKickerElement(el: Element): boolean {
  return hasTokenPrefix(el, KICKER_TOKEN_PREFIXES) && new TextMeasure().shortText(el, MAX_KICKER_CHARS) !== undefined && !hasDescendant(el, (d) => d.name === 'img');
}

/** True for an image credit or caption (`text` is the element's): it may name the ministry, but it is not a dateline. */
export function isImageCredit(el: Element, text: string): boolean {
  if (IMAGE_TAGS.has(el.name) || findAncestor(el, (a) => IMAGE_TAGS.has(a.name))) return true;
  return hasTokenPrefix(el, CREDIT_TOKEN_PREFIXES) || IMAGE_CREDIT.test(text);
}

/** "Foto: HMAIJS", "© Staatskanzlei" next to an image (not whole paragraphs or headings). */
function removeImageCredits(context: AnyNode | undefined, keep: readonly AnyNode[]): void {
  removeAll(findLabels(context, IMAGE_CREDIT, 80).filter((el) => !CREDIT_KEPT_TAGS.has(el.name)), keep);
}

/**
 * Rows of back, print, share and to-top links ("« Zurück zur Übersicht | Seite drucken"), with
 * a wrapper that holds nothing else (so no separator is left behind).
 */
function removeNavigationRows(context: AnyNode | undefined, keep: readonly AnyNode[]): void {
  const texts = new TextMeasure();
  const rows = findElements(context, (el) => {
    const text = texts.shortText(el, MAX_NAV_ROW_CHARS);
    return text !== undefined && isNavigationRow(text);
  });
  removeAll(outermost(rows), keep);
}

/** "Lesedauer: 3 Minuten" and similar labels. */
export function removeReadingTime(context: AnyNode | undefined, keep: readonly AnyNode[]): void {
  removeAll(findLabels(context, READING_TIME, 60), keep);
}

function headingRank(el: Element): number {
  return HEADING_TAGS.has(el.name) ? Number(el.name[1]) : 7;
}

/**
 * Removes `heading` with the siblings that follow it inside its block (the block it introduces),
 * then the block itself if nothing readable is left in it.
 */
function removeHeadedBlock(heading: Element, keep: readonly AnyNode[]): Element[] {
  const removed: Element[] = [];
  const rank = headingRank(heading);
  for (let sib = heading.next; sib; sib = sib.next) {
    if (!isElement(sib)) continue;
    // A heading of the same or higher rank starts the next section.
    if (HEADING_TAGS.has(sib.name) && Number(sib.name[1]) <= rank) break;
    if (isProtected(sib, keep)) break;
    removed.push(sib);
  }
  const parent = heading.parent;
  for (const el of [heading, ...removed]) detach(el);
  // Left-over separators ("Integration, Rassismus" minus the links is ", ") are not content.
  // (Collapsing whitespace never removes a letter or digit, so the raw text answers that.)
  if (isElement(parent) && !/[\p{L}\p{N}]/u.test(rawText(parent)) && !isProtected(parent, keep)) detach(parent);
  return removed;
}

/** The heading-like element for a label, lifted out of wrappers that hold nothing else. */
function liftLabel(el: Element): Element {
  let cur = el;
  while (isElement(cur.parent) && cur.parent.children.filter((c) => isElement(c) || (c.type === 'text' && c.data.trim() !== '')).length === 1) {
    if (cur.parent.name === 'body' || cur.parent.name === 'main' || cur.parent.name === 'article') break;
    cur = cur.parent;
  }
  return cur;
}

/** "Das könnte Sie auch interessieren", "Weitere Pressemitteilungen", … with their teasers. */
export function removeRelatedBlocks(context: AnyNode | undefined, keep: readonly AnyNode[]): void {
  const labels = [...findLabels(context, RELATED_HEADING, 100), ...findLabels(context, SHARE_HEADING, 40)];
  for (const label of labels) {
    if (!label.parent) continue;
    const heading = liftLabel(label);
    if (!isProtected(heading, keep)) removeHeadedBlock(heading, keep);
  }
}

/**
 * `h2 a[href], h3 a[href], h4 a[href], a[href] h2, a[href] h3, a[href] h4` below `el`: a link in a
 * heading or a heading in a link. As for the selector, the outer one may be `el` itself but sits
 * no higher (unless `el` hangs off no element).
 */
function hasHeadingLink(el: Element): boolean {
  const isHeading = (e: Element): boolean => HEADING_LINK_TAGS.has(e.name);
  const upTo = isElement(el.parent) ? el : undefined;
  return hasDescendant(el, (d) => (isLink(d) && findAncestor(d, isHeading, upTo) !== undefined) || (isHeading(d) && findAncestor(d, isLink, upTo) !== undefined));
}

/** A teaser card linking to another article (the cheap questions first; the answer is the same). */
function isTeaser(el: Element, texts: TextMeasure): boolean {
  if (!hasDescendant(el, isLink) && !(el.name === 'a' && el.attribs.href)) return false;
  if (!hasTokenPrefix(el, TEASER_TOKEN_PREFIXES) && !(el.name === 'article' && hasHeadingLink(el))) return false;
  return texts.shortText(el, 1000) !== undefined;
}

function isChromeElement(el: Element): boolean {
  return CHROME_TAGS.has(el.name) || (el.attribs.role !== undefined && CHROME_ROLES.has(el.attribs.role));
}

/** The site header; an article's own <header> (dateline, title, date) stays. */
function isSiteHeader(el: Element): boolean {
  return el.name === 'header' && findAncestor(el, (a) => MAIN_REGION_TAGS.has(a.name) || a.attribs.role === 'main') === undefined;
}

/**
 * Removes navigation, breadcrumbs, share buttons, related teasers, footers and similar. Returns how
 * many teaser cards were removed and how much text they had: a page that is mostly teasers is a
 * listing, not an article.
 */
export function removeChrome(context: AnyNode | undefined, keep: readonly AnyNode[]): { teasers: number; teaserChars: number } {
  // Before the share headings below take the row's "Artikel teilen" and leave its separators.
  removeNavigationRows(context, keep);
  removeRelatedBlocks(context, keep);
  removeAll(findElements(context, isChromeElement), keep);
  removeAll(findElements(context, isSiteHeader), keep);
  removeAll(findElements(context, (el) => hasTokenPrefix(el, CHROME_TOKEN_PREFIXES)), keep);
  removeReadingTime(context, keep);
  removeImageCredits(context, keep);
  const texts = new TextMeasure();
  const teasers = outermost(findElements(context, (el) => TEASER_TAGS.has(el.name) && isTeaser(el, texts)));
  const teaserChars = teasers.reduce((sum, el) => sum + texts.text(el).length, 0);
  const teaserCount = removeAll(teasers, keep);
  return { teasers: teaserCount, teaserChars };
}

export interface TagBlock {
  labels: string[];
}

/**
 * The tags under the heading "Schlagworte zum Thema": the links that follow it in its block. The
 * heading and its links are removed from the document (they are not body text).
 */
export function takeTagBlock(context: AnyNode | undefined, keep: readonly AnyNode[]): TagBlock | undefined {
  const label = findLabels(context, TAG_HEADING, 40)[0];
  if (!label) return undefined;
  let heading = liftLabel(label);
  // The heading may sit in a wrapper of its own; climb until links follow it.
  for (let i = 0; i < 3 && linksAfter(heading).length === 0 && isElement(heading.parent); i++) {
    if (isProtected(heading.parent, keep)) break;
    heading = heading.parent;
  }
  const texts = new TextMeasure();
  const labels = linksAfter(heading).map((a) => texts.text(a)).filter((t) => t !== '');
  if (!isProtected(heading, keep)) removeHeadedBlock(heading, keep);
  return { labels };
}

/** Links in the siblings after `heading`, up to the next heading of the same or higher rank. */
function linksAfter(heading: Element): Element[] {
  const links: Element[] = [];
  const rank = headingRank(heading);
  for (let sib = heading.next; sib; sib = sib.next) {
    if (!isElement(sib)) continue;
    if (HEADING_TAGS.has(sib.name) && Number(sib.name[1]) <= rank) break;
    if (sib.name === 'a' && sib.attribs.href !== undefined) links.push(sib);
    else links.push(...findElements(sib, isLink));
  }
  return links;
}
