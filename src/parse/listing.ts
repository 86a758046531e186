/**
 * HTML listing pages (`/presse`, DESIGN.md §5) → Entry[] plus the next page. With a profile its
 * listing selectors are used; without one, or when they find nothing (the layout changed), teasers
 * are found generically: `<article>` elements with a link, else the links in the main region.
 */
import { load, type Cheerio, type CheerioAPI } from 'cheerio';
import type { Element } from 'domhandler';
import { findDateInText, parseDate } from '../dates/index.js';
import type { Entry, Profile } from '../model/index.js';

export interface ListingPage {
  entries: Entry[];
  /** Absolute URL of the next (older) page, if the page links one. */
  nextPageUrl?: string;
  /** Absolute URL of the listing's last (oldest) page, if the pager links it: how far a backfill has to go. */
  lastPageUrl?: string;
  /**
   * Elements the profile's item selector matched (none with a profile means the layout changed
   * and generic teaser detection was used); undefined without a profile. For reports such as
   * `sources check`, counted during the one parse.
   */
  profileItems?: number;
}

/** Links in the main region shorter than this are navigation ("Presse", "Mehr"), not titles. */
const MIN_LINK_TITLE_CHARS = 15;
const NEXT_LABEL = /^(?:(?:nächste(?: seite)?|weiter|next)\s*[›»>→]?|[›»>→])$/i;
const LAST_LABEL = /^(?:(?:letzte(?: seite)?|last)\s*(?:[›»>→]{1,2}|⇥)?|»»|››|>>|⇥)$/i;
const MAIN_SELECTORS = 'main, [role="main"], #main-content, #content';
/** Class words that name the issuing body's element in a teaser ("press-item__source", "dateline"). */
const DATELINE_CLASS = /(^|[\s_-])(dateline|source|issuer|herausgeber|ressort|publisher)($|[\s_-])/i;

export function parseListing(html: string, pageUrl: string, profile: Profile | undefined): ListingPage {
  const $ = load(html);
  const base = absolute($('base[href]').attr('href'), pageUrl) ?? pageUrl;
  const fromProfile = profile ? entriesWithProfile($, profile, base) : undefined;
  const entries = fromProfile && fromProfile.entries.length > 0 ? fromProfile.entries : genericEntries($, base);
  return withoutUndefined({
    entries: uniqueByUrl(entries),
    nextPageUrl: findNextPage($, base, pageUrl),
    lastPageUrl: findLastPage($, base),
    profileItems: fromProfile?.items,
  });
}

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function textOf(node: Cheerio<Element>): string | undefined {
  return collapse(node.text()) || undefined;
}

function absolute(href: string | undefined, base: string): string | undefined {
  if (!href || href.trim().startsWith('#')) return undefined;
  try {
    const url = new URL(href.trim(), base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

function find($: CheerioAPI, context: Cheerio<Element>, selector: string | undefined): Cheerio<Element> {
  if (!selector) return $([] as Element[]);
  try {
    return context.find(selector).first() as Cheerio<Element>;
  } catch {
    // An invalid selector in config finds nothing; the config loader reports it.
    return $([] as Element[]);
  }
}

function dateOf(el: Cheerio<Element>): string | undefined {
  if (el.length === 0) return undefined;
  const attribute = el.attr('datetime');
  return (attribute ? parseDate(attribute) : undefined) ?? findDateInText(el.text());
}

/** The entries the profile's selectors find, and how many elements its item selector matched. */
function entriesWithProfile($: CheerioAPI, profile: Profile, base: string): { entries: Entry[]; items: number } {
  const { listing } = profile;
  let items: Element[];
  try {
    items = $(listing.item).toArray().filter((n): n is Element => n.type === 'tag');
  } catch {
    // An invalid selector in config matches nothing; the config loader reports it.
    return { entries: [], items: 0 };
  }
  const entries: Entry[] = [];
  for (const item of items) {
    const $item = $(item);
    const link = item.name === 'a' && !listing.link ? $item : listing.link ? find($, $item, listing.link) : find($, $item, 'a[href]');
    const url = absolute(link.attr('href') ?? $item.attr('about'), base);
    if (!url) continue;
    entries.push(
      withoutUndefined({
        url,
        title: textOf(find($, $item, listing.title)) ?? textOf(link),
        published: dateOf(find($, $item, listing.date)),
        dateline: textOf(find($, $item, listing.dateline)),
        summary: textOf(find($, $item, listing.teaser)),
      }),
    );
  }
  return { entries, items: items.length };
}

function genericEntries($: CheerioAPI, base: string): Entry[] {
  const teasers = $('article').filter((_, el) => $(el).find('a[href]').length > 0 && $(el).find('article').length === 0);
  if (teasers.length > 0) return teasers.toArray().map((el) => genericTeaser($, $(el), base)).filter((e): e is Entry => e !== undefined);
  return mainLinks($, base);
}

function genericTeaser($: CheerioAPI, teaser: Cheerio<Element>, base: string): Entry | undefined {
  const heading = teaser.find('h1, h2, h3, h4, h5, h6').first();
  const headingLink = heading.find('a[href]').first();
  const link = headingLink.length > 0 ? headingLink : teaser.find('a[href]').first();
  const url = absolute(link.attr('href'), base);
  if (!url) return undefined;
  const time = teaser.find('time').first();
  const dateLabel = teaser
    .find('p, span, div, small')
    .filter((_, el) => collapse($(el).text()).length <= 40 && findDateInText($(el).text()) !== undefined)
    .first();
  const summary = teaser
    .find('p')
    .toArray()
    .map((p) => collapse($(p).text()))
    .filter((t) => t.length > 40)
    .sort((a, b) => b.length - a.length)[0];
  const dateline = teaser.find('[class]').filter((_, el) => DATELINE_CLASS.test(el.attribs.class ?? '')).first();
  return withoutUndefined({
    url,
    title: textOf(heading) ?? textOf(link),
    published: dateOf(time) ?? dateOf(dateLabel),
    dateline: textOf(dateline),
    summary,
  });
}

function mainLinks($: CheerioAPI, base: string): Entry[] {
  const main = $(MAIN_SELECTORS).first();
  const region = main.length > 0 ? main : $('body');
  return region
    .find('a[href]')
    .filter((_, a) => $(a).parents('nav, header, footer, aside, [role="navigation"]').length === 0)
    .toArray()
    .map((a) => ({ url: absolute($(a).attr('href'), base), title: collapse($(a).text()) }))
    .filter((e): e is { url: string; title: string } => e.url !== undefined && e.title.length >= MIN_LINK_TITLE_CHARS);
}

/** rel=next, else the pager's "next" item or link text. Never the page itself. */
function findNextPage($: CheerioAPI, base: string, pageUrl: string): string | undefined {
  const candidates = [
    $('a[rel~="next"][href], link[rel~="next"][href]').first().attr('href'),
    $('.pager__item--next a[href], .pagination .next a[href], li.next a[href], a.next[href], a.pager-next[href]').first().attr('href'),
    $('a[href]')
      .filter((_, a) => NEXT_LABEL.test(collapse($(a).text())) || /^(nächste|next)/i.test($(a).attr('title') ?? $(a).attr('aria-label') ?? ''))
      .first()
      .attr('href'),
  ];
  for (const href of candidates) {
    const url = absolute(href, base);
    if (url && url !== pageUrl && url.split('#')[0] !== pageUrl.split('#')[0]) return url;
  }
  return undefined;
}

/** rel=last, else the pager's "last" item or link text (Drupal: `.pager__item--last`). */
function findLastPage($: CheerioAPI, base: string): string | undefined {
  const candidates = [
    $('a[rel~="last"][href], link[rel~="last"][href]').first().attr('href'),
    $('.pager__item--last a[href], .pagination .last a[href], li.last a[href], a.last[href], a.pager-last[href]').first().attr('href'),
    $('a[href]')
      .filter((_, a) => LAST_LABEL.test(collapse($(a).text())) || /\b(letzte|last)/i.test($(a).attr('title') ?? $(a).attr('aria-label') ?? ''))
      .first()
      .attr('href'),
  ];
  for (const href of candidates) {
    const url = absolute(href, base);
    if (url) return url;
  }
  return undefined;
}

function uniqueByUrl(entries: Entry[]): Entry[] {
  const seen = new Set<string>();
  return entries.filter((e) => (seen.has(e.url) ? false : (seen.add(e.url), true)));
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
