/**
 * The generic extractor: no site knowledge, anchored on structure (`<h1>`, `<time datetime>`, the
 * densest text block inside `<main>`/`<article>`), on text ("Schlagworte zum Thema", a ministry
 * name from the registry near the title) and on metadata (JSON-LD, OpenGraph).
 */
import { load, type Cheerio, type CheerioAPI } from 'cheerio';
import { findDateInText, parseDate } from '../dates/index.js';
import { isImageCredit, removeChrome, removeJunk, removeReadingTime, takeTagBlock } from './chrome.js';
import { absoluteHttpUrl, contains, isElement, nameTokens, textOf, type AnyNode, type Element } from './dom.js';
import { readMetadata } from './metadata.js';
import type { MinistryRegistry } from './ministries.js';

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

const SCOPE_SELECTORS = ['main', '[role="main"]', '#main-content', '#main', '#content', '.main-content'];
/** How far up from the title to look for the dateline, date and lead. */
const NEAR_TITLE_LEVELS = 3;
const MAX_DATELINE_CHARS = 160;
const MAX_DATE_LABEL_CHARS = 60;
const MIN_LEAD_CHARS = 40;
/** Paragraph-like blocks whose text counts towards a container's weight. */
const TEXT_BLOCKS = 'p, pre, blockquote, li, dd, td';
const MIN_BLOCK_CHARS = 20;
/** The body is the deepest container still holding this share of the region's paragraph text. */
const BODY_SHARE = 0.8;
const CONTAINERS = new Set(['div', 'section', 'article', 'main', 'span', 'font', 'center']);
const LEAD_TOKENS = ['lead', 'intro', 'teasertext', 'abstract', 'summary', 'standfirst'];

export function extractGeneric(html: string, base: string, registry: MinistryRegistry): GenericResult {
  const $ = load(html);
  const meta = readMetadata($);
  const scope = findScope($);
  const titleEl = findTitleElement($, scope);
  const keep: AnyNode[] = [scope[0], titleEl].filter((n): n is Element => n !== undefined);

  removeJunk($, $.root(), keep);
  const tagBlock = takeTagBlock($, $.root(), keep);
  const dateline = titleEl ? findDateline($, titleEl, registry) : undefined;
  const dates = titleEl ? findDatesNearTitle($, titleEl) : { elements: [] as Element[] };
  const lead = titleEl ? findLead($, titleEl) : undefined;
  const { teasers, teaserChars } = removeChrome($, $.root(), keep);
  for (const el of [titleEl, dateline?.element, lead?.element, ...dates.elements]) if (el) $(el).remove();
  removeReadingTime($, scope, keep);

  const body = findBodyContainer($, scope);
  const bodyText = body ? textOf($(body)) : '';
  return {
    title: (titleEl ? textOf($(titleEl)) : undefined) || meta.title || titleFromHead($),
    dateline: dateline?.text,
    published: dates.published ?? parseMetaDate(meta.published),
    updated: parseMetaDate(meta.modified),
    leadText: lead?.text,
    leadHtml: lead?.html,
    bodyHtml: body ? $(body).html() ?? undefined : undefined,
    tags: tagBlock?.labels.length ? tagBlock.labels : meta.keywords,
    imageUrl: absoluteHttpUrl(meta.image, base) ?? firstImage($, body, base),
    canonical: meta.canonical,
    description: meta.description,
    issuers: meta.issuers,
    looksLikeListing: teasers >= 5 && bodyText.length < teaserChars / 2,
  };
}

function parseMetaDate(value: string | undefined): string | undefined {
  return value ? parseDate(value) : undefined;
}

function findScope($: CheerioAPI): Cheerio<Element> {
  for (const selector of SCOPE_SELECTORS) {
    const found = $(selector).filter((_, el): el is Element => isElement(el) && textOf($(el)) !== '').first();
    if (found.length > 0) return found;
  }
  const body = $('body').first();
  return body.length > 0 ? body : $.root().children().filter((_, node): node is Element => isElement(node)).first();
}

/** The page's h1: inside the main region (preferring one inside an `<article>`), else anywhere. */
function findTitleElement($: CheerioAPI, scope: Cheerio<Element>): Element | undefined {
  const inScope = scope.find('h1').filter((_, el) => textOf($(el)) !== '');
  const inArticle = inScope.filter((_, el) => $(el).parents('article').length > 0);
  return inArticle[0] ?? inScope[0] ?? $('h1').filter((_, el) => textOf($(el)) !== '')[0];
}

function titleFromHead($: CheerioAPI): string | undefined {
  // "Title | Hessisches Ministerium …" – the site name after the separator is not the title.
  const text = textOf($('head > title').first()).split(/\s+[|–—]\s+/)[0];
  return text || undefined;
}

/**
 * Elements around the title, nearest first: the title's parent, then grandparent, … Every level
 * lists its elements in document order, those before the title first (the dateline sits above
 * the title on hessen.de), then those after it.
 */
function* nearTitle($: CheerioAPI, titleEl: Element): Generator<Element[]> {
  let level: AnyNode | null = titleEl.parent;
  for (let i = 0; i < NEAR_TITLE_LEVELS && isElement(level); i++, level = level.parent) {
    if (level.name === 'body' || level.name === 'html') return;
    const all = $(level).find('*').toArray();
    const titleIndex = all.indexOf(titleEl);
    const before = all.slice(0, Math.max(titleIndex, 0)).filter((el) => !contains(el, titleEl)).reverse();
    const after = all.slice(titleIndex + 1).filter((el) => !contains(titleEl, el));
    yield [...before, ...after];
    if (level.name === 'main' || level.name === 'article') return;
  }
}

/** Keeps only elements none of whose descendants also qualify (the label itself, not its wrapper). */
function innermost(elements: Element[]): Element[] {
  return elements.filter((el) => !elements.some((o) => o !== el && contains(el, o)));
}

function findDateline($: CheerioAPI, titleEl: Element, registry: MinistryRegistry): { element: Element; text: string } | undefined {
  for (const candidates of nearTitle($, titleEl)) {
    const short = candidates.filter((el) => {
      const len = textOf($(el)).length;
      return len > 0 && len <= MAX_DATELINE_CHARS && $(el).closest('a').length === 0 && !isImageCredit($, el);
    });
    const named = innermost(short.filter((el) => registry.matchName(textOf($(el))) !== undefined));
    const classed = innermost(short.filter((el) => nameTokens(el).some((t) => /^(dateline|issuer|herausgeber|ressort|publisher)/.test(t))));
    const hit = named[0] ?? classed[0];
    if (hit) return { element: hit, text: textOf($(hit)) };
  }
  return undefined;
}

function findDatesNearTitle($: CheerioAPI, titleEl: Element): { published?: string; elements: Element[] } {
  for (const candidates of nearTitle($, titleEl)) {
    for (const el of candidates) {
      if (el.name !== 'time') continue;
      const published = parseDate(el.attribs.datetime ?? '') ?? findDateInText(textOf($(el)));
      if (published) return { published, elements: [dateLine($, el)] };
    }
    const labels = innermost(
      candidates.filter((el) => {
        const text = textOf($(el));
        return text.length > 0 && text.length <= MAX_DATE_LABEL_CHARS && findDateInText(text) !== undefined;
      }),
    );
    const label = labels[0];
    if (label) return { published: findDateInText(textOf($(label))), elements: [dateLine($, label)] };
  }
  return { elements: [] };
}

/** The line a date sits on ("<p>Datum: <time>…</time></p>"), so no stray label stays behind. */
function dateLine($: CheerioAPI, el: Element): Element {
  const parent = el.parent;
  if (isElement(parent) && parent.name === 'p' && textOf($(parent)).length <= MAX_DATE_LABEL_CHARS) return parent;
  return el;
}

function findLead($: CheerioAPI, titleEl: Element): { element: Element; text: string; html: string } | undefined {
  for (const candidates of nearTitle($, titleEl)) {
    const leads = candidates.filter((el) => {
      const tokens = nameTokens(el);
      return tokens.some((t) => LEAD_TOKENS.some((l) => t.startsWith(l))) && $(el).find('a[href]').length === 0;
    });
    const lead = leads.find((el) => textOf($(el)).length >= MIN_LEAD_CHARS);
    if (lead) {
      const inner = $(lead).find('p').length > 0 ? $(lead).html() ?? '' : `<p>${$(lead).html() ?? ''}</p>`;
      return { element: lead, text: textOf($(lead)), html: inner };
    }
  }
  return undefined;
}

/** Non-link text of each paragraph-like block, added to every ancestor up to the scope. */
function weighContainers($: CheerioAPI, scope: Element): Map<Element, number> {
  const weights = new Map<Element, number>();
  const blocks = $(scope).find(TEXT_BLOCKS).toArray();
  const leaves = blocks.filter((el) => $(el).find(TEXT_BLOCKS).length === 0);
  for (const block of leaves) {
    const text = textOf($(block));
    if (text.length < MIN_BLOCK_CHARS) continue;
    const linkChars = $(block).find('a').toArray().reduce((sum, a) => sum + textOf($(a)).length, 0);
    if (linkChars / text.length > 0.5) continue;
    for (let cur: AnyNode | null = block; isElement(cur); cur = cur.parent) {
      weights.set(cur, (weights.get(cur) ?? 0) + text.length - linkChars);
      if (cur === scope) break;
    }
  }
  return weights;
}

/** The deepest container that still holds most of the region's paragraph text. */
function findBodyContainer($: CheerioAPI, scope: Cheerio<Element>): Element | undefined {
  const root = scope[0];
  if (!root) return undefined;
  const weights = weighContainers($, root);
  const total = weights.get(root) ?? 0;
  if (total === 0) return undefined;
  let node: Element = root;
  for (;;) {
    const next = node.children.find((c): c is Element => isElement(c) && CONTAINERS.has(c.name) && (weights.get(c) ?? 0) >= BODY_SHARE * total);
    if (!next) return node;
    node = next;
  }
}

function firstImage($: CheerioAPI, body: Element | undefined, base: string): string | undefined {
  if (!body) return undefined;
  const img = $(body).find('img').first();
  return absoluteHttpUrl(img.attr('data-src') ?? img.attr('src'), base);
}
