/**
 * Extraction with a site profile: CSS selectors from config (DESIGN.md §5). Every field is read
 * independently; a selector that finds nothing leaves its field undefined so the generic
 * extractor can fill it.
 */
import type { Cheerio, CheerioAPI } from 'cheerio';
import { findDateInText, parseDate } from '../dates/index.js';
import type { Profile } from '../model/index.js';
import { isKickerElement, removeChrome, removeJunk, takeTagBlock } from './chrome.js';
import { absoluteHttpUrl, contains, select, textOf, type AnyNode, type Element } from './dom.js';

/** The article selectors of a profile, by the field they read, in the order of a report. */
export const PROFILE_FIELDS = ['title', 'dateline', 'date', 'body', 'tags', 'lead', 'image'] as const;
export type ProfileField = (typeof PROFILE_FIELDS)[number];

/**
 * What a profile's selectors found nothing for on one page, noted while they run, so that a
 * report (`sources check`) can say which selector the site outgrew without parsing the page again.
 */
export interface ProfileMisses {
  /** The root selector matched nothing, so the other selectors ran on the whole page. */
  root: boolean;
  /** Fields whose selector is set but found nothing, in PROFILE_FIELDS order. */
  fields: ProfileField[];
}

export interface ProfileResult {
  title?: string;
  dateline?: string;
  published?: string;
  leadText?: string;
  leadHtml?: string;
  /** Unsanitized HTML of the body, with the profile's `remove` selectors and chrome taken out. */
  bodyHtml?: string;
  tags?: string[];
  imageUrl?: string;
  misses: ProfileMisses;
}

export function extractWithProfile($: CheerioAPI, profile: Profile, base: string): ProfileResult {
  const { article } = profile;
  const root = select($, article.root).first();
  const context: Cheerio<AnyNode> = root.length > 0 ? root : $.root();
  const first = (selector: string | undefined): Cheerio<Element> => select($, selector, context).first();

  const lead = first(article.lead);
  const leadText = textOf(lead) || undefined;
  const title = titleText(first(article.title)) || undefined;
  const dateline = textOf(first(article.dateline)) || undefined;
  const published = readDate(first(article.date));
  const bodyHtml = readBody($, profile, context);
  const tags = readTags($, select($, article.tags, context));
  const imageUrl = readImage(first(article.image), base);
  const found: Record<ProfileField, unknown> = { title, dateline, date: published, body: bodyHtml, tags, lead: leadText, image: imageUrl };
  return {
    title,
    dateline,
    published,
    leadText,
    leadHtml: leadText ? leadHtmlOf(lead) : undefined,
    bodyHtml,
    tags,
    imageUrl,
    misses: {
      root: Boolean(article.root) && root.length === 0,
      fields: PROFILE_FIELDS.filter((field) => Boolean(article[field]) && found[field] === undefined),
    },
  };
}

/** The title's text without a kicker printed inside it (read from a copy: the profile only reads the page). */
function titleText(el: Cheerio<Element>): string {
  if (el.length === 0) return '';
  const copy = el.clone();
  copy.find('*').filter((_, d) => isKickerElement(d)).remove();
  return textOf(copy);
}

function readDate(el: Cheerio<Element>): string | undefined {
  if (el.length === 0) return undefined;
  // The selector may match the wrapper of a <time datetime> ("<span class=…date><time …>").
  const attribute = el.attr('datetime') ?? el.attr('content') ?? el.find('time[datetime]').first().attr('datetime');
  return (attribute ? parseDate(attribute) : undefined) ?? findDateInText(textOf(el));
}

function leadHtmlOf(lead: Cheerio<Element>): string {
  const inner = lead.html() ?? '';
  return lead.find('p').length > 0 ? inner : `<p>${inner}</p>`;
}

/** Tag labels: the matched links, or the links inside matched containers, or their own text. */
function readTags($: CheerioAPI, matches: Cheerio<Element>): string[] | undefined {
  const labels: string[] = [];
  matches.each((_, el) => {
    const links = el.name === 'a' ? [el] : $(el).find('a').toArray();
    const sources = links.length > 0 ? links : [el];
    for (const source of sources) {
      const text = textOf($(source));
      if (text !== '') labels.push(text);
    }
  });
  return labels.length > 0 ? labels : undefined;
}

function readImage(el: Cheerio<Element>, base: string): string | undefined {
  if (el.length === 0) return undefined;
  const img = el.is('img') ? el : el.find('img').first();
  const src = img.attr('data-src') ?? img.attr('src') ?? el.attr('content') ?? el.attr('href');
  return absoluteHttpUrl(src, base);
}

/**
 * The body: every match of the body selector (outermost only, in document order), copied, minus
 * the profile's `remove` selectors, the fields read separately and any chrome left inside.
 */
function readBody($: CheerioAPI, profile: Profile, context: Cheerio<AnyNode>): string | undefined {
  const { article } = profile;
  const matches = select($, article.body, context).toArray();
  const outermost = matches.filter((el) => !matches.some((o) => o !== el && contains(o, el)));
  if (outermost.length === 0) return undefined;
  const copy = $('<div></div>');
  for (const el of outermost) copy.append($(el).clone().contents());
  // The image selector is not here: images inside the body are content.
  const selfRead = [article.title, article.dateline, article.date, article.lead, article.tags];
  for (const selector of [...article.remove, ...selfRead]) select($, selector, copy).remove();
  removeJunk(copy[0], []);
  takeTagBlock(copy[0], []);
  removeChrome(copy[0], []);
  return textOf(copy) === '' ? undefined : copy.html() ?? undefined;
}
