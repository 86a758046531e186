/**
 * Page chrome: everything on a release page that is not the release (DESIGN.md §3 rule 3, §5).
 * Recognised by markup (nav, footer, aside), by class/id words (breadcrumb, cookie, share, …) and
 * by text ("Lesedauer: 3 Minuten", "Das könnte Sie auch interessieren", "Schlagworte zum Thema"),
 * because class names differ between the ministries' sites and change over time.
 */
import type { Cheerio, CheerioAPI } from 'cheerio';
import { contains, isElement, nameTokens, textOf, type AnyNode, type Element } from './dom.js';

/** Never article text, wherever it appears. */
const JUNK_SELECTOR = [
  'script', 'style', 'noscript', 'template', 'iframe', 'object', 'embed', 'svg', 'canvas', 'link',
  'meta', 'button', 'input', 'select', 'textarea', 'dialog', '[hidden]', '[aria-hidden="true"]',
  '[role="dialog"]', '[aria-modal="true"]', 'form', '[style*="display:none"]', '[style*="display: none"]',
  '[style*="visibility:hidden"]', '[style*="visibility: hidden"]',
].join(', ');

/** Screen-reader-only labels ("Zum Artikel", "Ende des Artikels"): not part of what readers see. */
const SCREEN_READER_ONLY = ['visuallyhidden', 'sronly', 'screenreadertext', 'elementinvisible', 'hiddenvisually'];

/** Structural chrome. */
const CHROME_SELECTOR = [
  'nav', 'aside', 'footer', '[role="navigation"]', '[role="banner"]', '[role="contentinfo"]',
  '[role="complementary"]', '[role="search"]',
].join(', ');

/** Words in class/id that mark chrome; a token matches when it starts with one of them. */
const CHROME_TOKEN_PREFIXES = [
  'breadcrumb', 'cookie', 'consent', 'gdpr', 'klaro', 'usercentrics', 'share', 'sharing', 'shariff',
  'social', 'pager', 'pagination', 'skiplink', 'newsletter', 'sidebar', 'navbar', 'navigation',
  'menu', 'toolbar', 'related', 'readingtime', 'lesedauer', 'teilen', 'print', 'footer', 'credit',
  'copyright',
];
const COOKIE_TOKEN_PREFIXES = ['cookie', 'consent', 'gdpr', 'klaro', 'usercentrics', 'cmp'];

const READING_TIME = /^(lesedauer|lesezeit|reading time)\b/i;
/** Image credits printed next to pictures; they differ between copies of the same release. */
const IMAGE_CREDIT = /^(©|\(c\)|fotos?\s*:|bild\s*:|bildquelle\s*:|foto\/grafik\s*:)/i;
/** Headings that introduce teasers of other articles; a few trailing words allowed ("… des Ministeriums"). */
const RELATED_HEADING =
  /^(das könnte sie (auch )?interessieren|(auch|ebenfalls) interessant|weitere (pressemitteilungen|meldungen|nachrichten|artikel|beiträge)|aktuelle (pressemitteilungen|meldungen|nachrichten)|verwandte (themen|artikel|inhalte|meldungen)|ähnliche (artikel|meldungen|inhalte|beiträge)|mehr zum thema|lesen sie auch|zum weiterlesen)(\s+\S+){0,4}\s*:?$/i;
const SHARE_HEADING = /^((diese seite|seite|artikel|beitrag|pressemitteilung) )?teilen\s*:?$/i;
const TAG_HEADING = /^(schlagw(orte?|örter|oerter)|stichw(orte?|örter|oerter))( zum thema)?\s*:?$/i;

const HEADING_TAGS = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6']);

function hasTokenPrefix(el: Element, prefixes: readonly string[]): boolean {
  const tokens = nameTokens(el);
  const joined = tokens.join('');
  return tokens.some((t) => prefixes.some((p) => t.startsWith(p))) || joined.includes('readingtime');
}

/** True when removing `el` would take something we must keep with it (the title, the main region). */
function isProtected(el: Element, keep: readonly AnyNode[]): boolean {
  if (el.name === 'html' || el.name === 'body' || el.name === 'main') return true;
  return keep.some((k) => contains(el, k));
}

function removeAll($: CheerioAPI, nodes: Cheerio<Element>, keep: readonly AnyNode[]): number {
  let removed = 0;
  nodes.each((_, el) => {
    if (el.parent && !isProtected(el, keep)) {
      $(el).remove();
      removed += 1;
    }
  });
  return removed;
}

/** Scripts, styles, embeds, forms, hidden elements and cookie banners. */
export function removeJunk($: CheerioAPI, context: Cheerio<AnyNode>, keep: readonly AnyNode[]): void {
  removeAll($, context.find(JUNK_SELECTOR), keep);
  const cookies = context.find('[class], [id]').filter((_, el) => hasTokenPrefix(el, COOKIE_TOKEN_PREFIXES));
  removeAll($, cookies, keep);
  const hidden = context.find('[class]').filter((_, el) => {
    const classes = (el.attribs.class ?? '').toLowerCase().split(/\s+/).map((c) => c.replace(/[_-]/g, ''));
    return classes.some((c) => SCREEN_READER_ONLY.includes(c));
  });
  removeAll($, hidden, keep);
}

/** The smallest element whose whole text matches `pattern` (so a wrapper is not mistaken for it). */
function findLabels($: CheerioAPI, context: Cheerio<AnyNode>, pattern: RegExp, maxLength: number): Element[] {
  const hits = context.find('*').filter((_, el) => {
    const text = textOf($(el));
    return text.length <= maxLength && pattern.test(text);
  });
  return hits.toArray().filter((el) => !hits.toArray().some((other) => other !== el && contains(el, other)));
}

/** True for an image credit or caption: it may name the ministry, but it is not a dateline. */
export function isImageCredit($: CheerioAPI, el: Element): boolean {
  if ($(el).closest('figure, figcaption, picture').length > 0) return true;
  return hasTokenPrefix(el, ['credit', 'copyright', 'caption']) || IMAGE_CREDIT.test(textOf($(el)));
}

/** "Foto: HMAIJS", "© Staatskanzlei" next to an image (not whole paragraphs or headings). */
function removeImageCredits($: CheerioAPI, context: Cheerio<AnyNode>, keep: readonly AnyNode[]): void {
  const credits = findLabels($, context, IMAGE_CREDIT, 80).filter((el) => !['p', 'h2', 'h3', 'h4', 'h5', 'h6', 'li'].includes(el.name));
  removeAll($, $(credits), keep);
}

/** "Lesedauer: 3 Minuten" and similar labels. */
export function removeReadingTime($: CheerioAPI, context: Cheerio<AnyNode>, keep: readonly AnyNode[]): void {
  removeAll($, $(findLabels($, context, READING_TIME, 60)), keep);
}

/**
 * Removes `heading` with the siblings that follow it inside its block (the block it introduces),
 * then the block itself if nothing readable is left in it.
 */
function removeHeadedBlock($: CheerioAPI, heading: Element, keep: readonly AnyNode[]): Element[] {
  const removed: Element[] = [];
  const headingRank = HEADING_TAGS.has(heading.name) ? Number(heading.name[1]) : 7;
  for (let sib = heading.next; sib; sib = sib.next) {
    if (!isElement(sib)) continue;
    // A heading of the same or higher rank starts the next section.
    if (HEADING_TAGS.has(sib.name) && Number(sib.name[1]) <= headingRank) break;
    if (isProtected(sib, keep)) break;
    removed.push(sib);
  }
  const parent = heading.parent;
  for (const el of [heading, ...removed]) $(el).remove();
  // Left-over separators ("Integration, Rassismus" minus the links is ", ") are not content.
  if (isElement(parent) && !/[\p{L}\p{N}]/u.test(textOf($(parent))) && !isProtected(parent, keep)) $(parent).remove();
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
export function removeRelatedBlocks($: CheerioAPI, context: Cheerio<AnyNode>, keep: readonly AnyNode[]): void {
  const labels = [...findLabels($, context, RELATED_HEADING, 100), ...findLabels($, context, SHARE_HEADING, 40)];
  for (const label of labels) {
    if (!label.parent) continue;
    const heading = liftLabel(label);
    if (!isProtected(heading, keep)) removeHeadedBlock($, heading, keep);
  }
}

/** A teaser card linking to another article. */
function isTeaser($: CheerioAPI, el: Element): boolean {
  if ($(el).find('a[href]').length === 0 && !(el.name === 'a' && el.attribs.href)) return false;
  if (textOf($(el)).length > 1000) return false;
  if (hasTokenPrefix(el, ['teaser', 'card', 'related'])) return true;
  return el.name === 'article' && $(el).find('h2 a[href], h3 a[href], h4 a[href], a[href] h2, a[href] h3, a[href] h4').length > 0;
}

/**
 * Removes navigation, breadcrumbs, share buttons, related teasers, footers and similar. Returns how
 * many teaser cards were removed and how much text they had: a page that is mostly teasers is a
 * listing, not an article.
 */
export function removeChrome($: CheerioAPI, context: Cheerio<AnyNode>, keep: readonly AnyNode[]): { teasers: number; teaserChars: number } {
  removeRelatedBlocks($, context, keep);
  removeAll($, context.find(CHROME_SELECTOR), keep);
  // The site header; an article's own <header> (dateline, title, date) stays.
  removeAll($, context.find('header').filter((_, el) => $(el).parents('article, main, [role="main"]').length === 0), keep);
  removeAll($, context.find('[class], [id]').filter((_, el) => hasTokenPrefix(el, CHROME_TOKEN_PREFIXES)), keep);
  removeReadingTime($, context, keep);
  removeImageCredits($, context, keep);
  const teasers = context.find('article, div, li, section, a').filter((_, el) => isTeaser($, el));
  const outermost = teasers.toArray().filter((el) => !teasers.toArray().some((o) => o !== el && contains(o, el)));
  const teaserChars = outermost.reduce((sum, el) => sum + textOf($(el)).length, 0);
  const teaserCount = removeAll($, $(outermost), keep);
  return { teasers: teaserCount, teaserChars };
}

export interface TagBlock {
  labels: string[];
}

/**
 * The tags under the heading "Schlagworte zum Thema": the links that follow it in its block. The
 * heading and its links are removed from the document (they are not body text).
 */
export function takeTagBlock($: CheerioAPI, context: Cheerio<AnyNode>, keep: readonly AnyNode[]): TagBlock | undefined {
  const label = findLabels($, context, TAG_HEADING, 40)[0];
  if (!label) return undefined;
  let heading = liftLabel(label);
  // The heading may sit in a wrapper of its own; climb until links follow it.
  for (let i = 0; i < 3 && linksAfter($, heading).length === 0 && isElement(heading.parent); i++) {
    if (isProtected(heading.parent, keep)) break;
    heading = heading.parent;
  }
  const labels = linksAfter($, heading).map((a) => textOf($(a))).filter((t) => t !== '');
  if (!isProtected(heading, keep)) removeHeadedBlock($, heading, keep);
  return { labels };
}

/** Links in the siblings after `heading`, up to the next heading of the same or higher rank. */
function linksAfter($: CheerioAPI, heading: Element): Element[] {
  const links: Element[] = [];
  const rank = HEADING_TAGS.has(heading.name) ? Number(heading.name[1]) : 7;
  for (let sib = heading.next; sib; sib = sib.next) {
    if (!isElement(sib)) continue;
    if (HEADING_TAGS.has(sib.name) && Number(sib.name[1]) <= rank) break;
    if (sib.name === 'a' && sib.attribs.href !== undefined) links.push(sib);
    else links.push(...$(sib).find('a[href]').toArray());
  }
  return links;
}
