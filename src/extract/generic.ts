/**
 * The generic extractor: no site knowledge, anchored on structure (`<h1>`, `<time datetime>`, the
 * densest text block inside `<main>`/`<article>`), on text ("Schlagworte zum Thema", a ministry
 * name from the registry near the title) and on metadata (JSON-LD, OpenGraph).
 */
import type { CheerioAPI } from 'cheerio';
import { findDateInText, parseDate } from '../dates/index.js';
import { isImageCredit, isKickerElement, removeChrome, removeJunk, removeReadingTime, takeTagBlock } from './chrome.js';
import {
  absoluteHttpUrl,
  contains,
  detach,
  findAncestor,
  findElements,
  hasClass,
  hasDescendant,
  innermost,
  isElement,
  isLink,
  nameTokens,
  TextMeasure,
  type AnyNode,
  type Element,
} from './dom.js';
import { readMetadata, type PageMetadata } from './metadata.js';
import type { MinistryRegistry } from '../model/index.js';

export interface GenericResult {
  title?: string;
  dateline?: string;
  published?: string;
  updated?: string;
  leadText?: string;
  leadHtml?: string;
  /** Unsanitized inner HTML of the body container, chrome removed. */
  bodyHtml?: string;
  tags: string[];
  imageUrl?: string;
  /** rel=canonical as written (may be relative). */
  canonical?: string;
  description?: string;
  /** Author/publisher names from metadata; may name the ministry. */
  issuers: string[];
  /** Most of the main region was teasers of other pages: a listing, not an article. */
  looksLikeListing: boolean;
}

/** `main`, `[role="main"]`, `#main-content`, `#main`, `#content`, `.main-content`: the first that holds text. */
const SCOPE_TESTS: ((el: Element) => boolean)[] = [
  (el) => el.name === 'main',
  (el) => el.attribs.role === 'main',
  (el) => el.attribs.id === 'main-content',
  (el) => el.attribs.id === 'main',
  (el) => el.attribs.id === 'content',
  (el) => hasClass(el, 'main-content'),
];
/** How far up from the title to look for the dateline, date and lead. */
const NEAR_TITLE_LEVELS = 3;
const MAX_DATELINE_CHARS = 160;
const MAX_DATE_LABEL_CHARS = 60;
const MIN_LEAD_CHARS = 40;
const MAX_LEAD_PARAGRAPHS = 2;
const MAX_LABELS_ABOVE = 3;
const MAX_LABEL_ABOVE_CHARS = 60;
const HEADING_TAGS = new Set(['h2', 'h3', 'h4', 'h5', 'h6']);
/** Paragraph-like blocks whose text counts towards a container's weight. */
const TEXT_BLOCKS = new Set(['p', 'pre', 'blockquote', 'li', 'dd', 'td']);
const MIN_BLOCK_CHARS = 20;
/** The body is the deepest container still holding this share of the region's paragraph text. */
const BODY_SHARE = 0.8;
const CONTAINERS = new Set(['div', 'section', 'article', 'main', 'span', 'font', 'center']);
const LEAD_TOKENS = ['lead', 'intro', 'teaser', 'abstract', 'summary', 'standfirst', 'vorspann'];

/** The generic fields read from the page's metadata alone, without a walk over its structure. */
export type MetadataFields = Pick<GenericResult, 'updated' | 'canonical' | 'description' | 'issuers'> & {
  /** The metadata's image, made absolute (the generic image falls back to the body's first). */
  imageUrl?: string;
};

export function metadataFields(meta: PageMetadata, base: string): MetadataFields {
  return {
    updated: parseMetaDate(meta.modified),
    canonical: meta.canonical,
    description: meta.description,
    issuers: meta.issuers,
    imageUrl: absoluteHttpUrl(meta.image, base),
  };
}

/**
 * The generic fields of a page parsed with cheerio. Takes chrome out of `$` as it goes: run it
 * after everything else that reads the page. `meta` is readMetadata of the page as it was parsed.
 */
export function extractGeneric($: CheerioAPI, base: string, registry: MinistryRegistry, meta: PageMetadata = readMetadata($)): GenericResult {
  const fromMeta = metadataFields(meta, base);
  const root = $.root()[0];
  const texts = new TextMeasure();
  const scope = findScope(root, texts);
  const titleEl = findTitleElement(root, scope, texts);
  const keep: AnyNode[] = [scope, titleEl].filter((n): n is Element => n !== undefined);

  removeJunk(root, keep);
  const tagBlock = takeTagBlock(root, keep);
  // Nothing is removed while the dateline, the date and the lead are looked for: one measure serves.
  const near = titleEl ? new NearTitle(titleEl, new TextMeasure()) : undefined;
  const dateline = near ? findDateline(near, registry) : undefined;
  const dates = near ? findDatesNearTitle(near) : { elements: [] as Element[] };
  const lead = near ? findLead($, near) : undefined;
  const kickers = near ? findLabelsAbove(near, keep, [dateline?.element, ...dates.elements]) : [];
  const { teasers, teaserChars } = removeChrome(root, keep);
  for (const el of [titleEl, dateline?.element, lead?.element, ...dates.elements, ...kickers]) if (el) detach(el);
  removeReadingTime(scope, keep);

  const body = findBodyContainer(scope);
  // Read now: chrome inside the title (a share button, say) went with the rest; a kicker printed
  // inside it ("<h1><span class=kicker>Rückblick</span> …") is no part of it either.
  for (const kicker of findElements(titleEl, isKickerElement)) detach(kicker);
  const title = titleEl ? new TextMeasure().text(titleEl) : undefined;
  return {
    title: title || meta.title || titleFromHead(root),
    dateline: dateline?.text,
    published: dates.published ?? parseMetaDate(meta.published),
    leadText: lead?.text,
    leadHtml: lead?.html,
    bodyHtml: body ? $(body).html() ?? undefined : undefined,
    tags: tagBlock?.labels.length ? tagBlock.labels : meta.keywords,
    ...fromMeta,
    imageUrl: fromMeta.imageUrl ?? firstImage(body, base),
    // The body's text is only needed when the teasers could outweigh it.
    looksLikeListing: teasers >= 5 && (body ? new TextMeasure().text(body) : '').length < teaserChars / 2,
  };
}

function parseMetaDate(value: string | undefined): string | undefined {
  return value ? parseDate(value) : undefined;
}

function findScope(root: AnyNode | undefined, texts: TextMeasure): Element | undefined {
  for (const test of SCOPE_TESTS) {
    const found = findElements(root, (el) => test(el) && texts.visible(el) > 0)[0];
    if (found) return found;
  }
  const body = findElements(root, (el) => el.name === 'body')[0];
  return body ?? (root && 'children' in root ? root.children.find(isElement) : undefined);
}

/** The page's h1: inside the main region (preferring one inside an `<article>`), else anywhere. */
function findTitleElement(root: AnyNode | undefined, scope: Element | undefined, texts: TextMeasure): Element | undefined {
  const isTitle = (el: Element): boolean => el.name === 'h1' && texts.visible(el) > 0;
  const inScope = findElements(scope, isTitle);
  const inArticle = inScope.find((el) => findAncestor(el, (a) => a.name === 'article') !== undefined);
  return inArticle ?? inScope[0] ?? findElements(root, isTitle)[0];
}

function titleFromHead(root: AnyNode | undefined): string | undefined {
  // `head > title`: "Title | Hessisches Ministerium …" – the site name after the separator is not the title.
  const title = findElements(root, (el) => el.name === 'title' && isElement(el.parent) && el.parent.name === 'head')[0];
  const text = (title ? new TextMeasure().text(title) : '').split(/\s+[|–—]\s+/)[0];
  return text || undefined;
}

/**
 * Elements around the title, nearest first: the title's parent, then grandparent, … Every level
 * lists its elements in document order, those before the title first (the dateline sits above
 * the title on hessen.de), then those after it. Levels are worked out once, when first asked for,
 * and shared by the dateline, date and lead searches (which change nothing).
 */
class NearTitle {
  private readonly levels: Element[][] = [];
  private done = false;
  private next: AnyNode | null;

  constructor(
    readonly titleEl: Element,
    readonly texts: TextMeasure,
  ) {
    this.next = titleEl.parent;
  }

  *[Symbol.iterator](): Generator<Element[]> {
    for (let i = 0; ; i++) {
      if (i >= this.levels.length && !this.grow()) return;
      yield this.levels[i]!;
    }
  }

  private grow(): boolean {
    const level = this.next;
    if (this.done || this.levels.length >= NEAR_TITLE_LEVELS || !isElement(level) || level.name === 'body' || level.name === 'html') return false;
    const all = findElements(level, () => true);
    const titleIndex = all.indexOf(this.titleEl);
    const above = new Set<AnyNode>();
    for (let cur = this.titleEl.parent; cur; cur = cur.parent) above.add(cur);
    const before = all.slice(0, Math.max(titleIndex, 0)).filter((el) => !above.has(el)).reverse();
    const after = all.slice(titleIndex + 1).filter((el) => el !== this.titleEl && !isInside(el, this.titleEl));
    this.levels.push([...before, ...after]);
    if (level.name === 'main' || level.name === 'article') this.done = true;
    this.next = level.parent;
    return true;
  }
}

function isInside(node: AnyNode, ancestor: AnyNode): boolean {
  for (let cur = node.parent; cur; cur = cur.parent) if (cur === ancestor) return true;
  return false;
}

function findDateline(near: NearTitle, registry: MinistryRegistry): { element: Element; text: string } | undefined {
  const { texts } = near;
  for (const candidates of near) {
    const short = candidates.filter((el) => {
      const text = texts.shortText(el, MAX_DATELINE_CHARS);
      return text !== undefined && text !== '' && el.name !== 'a' && !findAncestor(el, (a) => a.name === 'a') && !isImageCredit(el, text);
    });
    const named = innermost(short.filter((el) => registry.matchName(texts.text(el)) !== undefined));
    const classed = innermost(short.filter((el) => nameTokens(el).some((t) => /^(dateline|issuer|herausgeber|ressort|publisher)/.test(t))));
    const hit = named[0] ?? classed[0];
    if (hit) return { element: hit, text: texts.text(hit) };
  }
  return undefined;
}

function findDatesNearTitle(near: NearTitle): { published?: string; elements: Element[] } {
  const { texts } = near;
  for (const candidates of near) {
    for (const el of candidates) {
      if (el.name !== 'time') continue;
      const published = parseDate(el.attribs.datetime ?? '') ?? findDateInText(texts.text(el));
      if (published) return { published, elements: [dateLine(el, texts)] };
    }
    const labels = innermost(
      candidates.filter((el) => {
        const text = texts.shortText(el, MAX_DATE_LABEL_CHARS);
        return text !== undefined && text !== '' && findDateInText(text) !== undefined;
      }),
    );
    const label = labels[0];
    if (label) return { published: findDateInText(texts.text(label)), elements: [dateLine(label, texts)] };
  }
  return { elements: [] };
}

/** The line a date sits on ("<p>Datum: <time>…</time></p>"), so no stray label stays behind. */
function dateLine(el: Element, texts: TextMeasure): Element {
  const parent = el.parent;
  if (isElement(parent) && parent.name === 'p' && texts.shortText(parent, MAX_DATE_LABEL_CHARS) !== undefined) return parent;
  return el;
}

/** Classed as a lead ("field--name-field-pt-teasertext", "intro") and not as a body. */
function isClassedLead(el: Element): boolean {
  const tokens = nameTokens(el);
  return tokens.some((t) => LEAD_TOKENS.some((l) => t.startsWith(l))) && !tokens.includes('body');
}

/**
 * What extractGeneric can find on a page as it was parsed, known without running it, for a caller
 * that needs only some of its fields. Everything extractGeneric does before its searches only
 * takes elements out, and it finds the same region and title first, so what it looks at is among
 * what these look at: false means it finds nothing there.
 */
export class GenericReach {
  private readonly texts = new TextMeasure();
  private readonly scope: Element | undefined;

  constructor(private readonly root: AnyNode | undefined) {
    this.scope = findScope(root, this.texts);
  }

  /** An element around the title is classed as a lead. */
  mayHaveLead(): boolean {
    const titleEl = findTitleElement(this.root, this.scope, this.texts);
    if (!titleEl) return false;
    for (const candidates of new NearTitle(titleEl, this.texts)) if (candidates.some(isClassedLead)) return true;
    return false;
  }

  /** The main region holds an image (the body, where the generic image falls back to, is inside it). */
  mayHaveBodyImage(): boolean {
    return this.scope !== undefined && hasDescendant(this.scope, (el) => el.name === 'img');
  }
}

function findLead($: CheerioAPI, near: NearTitle): { element: Element; text: string; html: string } | undefined {
  const { texts } = near;
  for (const candidates of near) {
    const leads = candidates.filter((el) => isClassedLead(el) && !hasDescendant(el, isLink) && isOneBlock(el));
    const lead = leads.find((el) => texts.text(el).length >= MIN_LEAD_CHARS);
    if (lead) {
      const html = $(lead).html() ?? '';
      const inner = hasDescendant(lead, (el) => el.name === 'p') ? html : `<p>${html}</p>`;
      return { element: lead, text: texts.text(lead), html: inner };
    }
  }
  return undefined;
}

/**
 * A lead is a paragraph or two, never a whole text with subheadings: Drupal 7 marks its body field
 * "field-type-text-with-summary", and that is not the summary.
 */
function isOneBlock(el: Element): boolean {
  let paragraphs = 0;
  return !hasDescendant(el, (d) => HEADING_TAGS.has(d.name) || (d.name === 'p' && ++paragraphs > MAX_LEAD_PARAGRAPHS));
}

/**
 * Short labels just above the title (a kicker, eyebrow or Dachzeile: "Rückblick", "Thema:
 * Soziales", "Pressemitteilung"): the title's preceding siblings, past the dateline and date, up
 * to the first that holds more text, a sentence, a link or an image. Not the release's body.
 */
function findLabelsAbove(near: NearTitle, keep: readonly AnyNode[], found: (Element | undefined)[]): Element[] {
  const labels: Element[] = [];
  for (let cur = near.titleEl.prev; cur && labels.length < MAX_LABELS_ABOVE; cur = cur.prev) {
    // The dateline and the date, found already, may sit between a kicker and the title.
    if ((cur.type === 'text' && cur.data.trim() === '') || found.some((el) => el === cur)) continue;
    if (!isElement(cur) || keep.some((k) => contains(cur, k))) break;
    const text = near.texts.shortText(cur, MAX_LABEL_ABOVE_CHARS);
    if (!text || hasDescendant(cur, (d) => isLink(d) || d.name === 'img' || d.name === 'h1') || /[.!?]$/.test(text)) break;
    labels.push(cur);
  }
  return labels;
}

/** Non-link text of each paragraph-like block, added to every ancestor up to the scope. */
function weighContainers(scope: Element): Map<Element, number> {
  const weights = new Map<Element, number>();
  const texts = new TextMeasure();
  const blocks = findElements(scope, (el) => TEXT_BLOCKS.has(el.name));
  // Blocks that hold other blocks are not leaves: mark every block's ancestors.
  const holders = new Set<AnyNode>();
  for (const block of blocks) for (let cur = block.parent; cur; cur = cur.parent) holders.add(cur);
  for (const block of blocks) {
    if (holders.has(block)) continue;
    const text = texts.text(block);
    if (text.length < MIN_BLOCK_CHARS) continue;
    const linkChars = findElements(block, (el) => el.name === 'a').reduce((sum, a) => sum + texts.text(a).length, 0);
    if (linkChars / text.length > 0.5) continue;
    for (let cur: AnyNode | null = block; isElement(cur); cur = cur.parent) {
      weights.set(cur, (weights.get(cur) ?? 0) + text.length - linkChars);
      if (cur === scope) break;
    }
  }
  return weights;
}

/** The deepest container that still holds most of the region's paragraph text. */
function findBodyContainer(scope: Element | undefined): Element | undefined {
  if (!scope) return undefined;
  const weights = weighContainers(scope);
  const total = weights.get(scope) ?? 0;
  if (total === 0) return undefined;
  let node: Element = scope;
  for (;;) {
    const next = node.children.find((c): c is Element => isElement(c) && CONTAINERS.has(c.name) && (weights.get(c) ?? 0) >= BODY_SHARE * total);
    if (!next) return node;
    node = next;
  }
}

function firstImage(body: Element | undefined, base: string): string | undefined {
  if (!body) return undefined;
  const img = findElements(body, (el) => el.name === 'img')[0];
  return absoluteHttpUrl(img?.attribs['data-src'] ?? img?.attribs.src, base);
}
