/**
 * Articles for entries whose link leaves the source's allowed hosts: never fetched, published from
 * the feed's own fields (DESIGN.md §1).
 */
import { load } from 'cheerio';
import { canonicalizeUrl, withoutTracking } from '../dedupe/index.js';
import type { Article, Entry, MinistryId, MinistryRegistry } from '../model/index.js';
import { attributeMinistry, toTags } from './article.js';
import { collapseWhitespace } from './dom.js';
import { sanitizeContent } from './sanitize.js';
import { htmlToText } from './text.js';

const TITLE_FROM_TEXT_CHARS = 120;

export function articleFromEntry(entry: Entry, opts: { registry: MinistryRegistry; fallbackMinistryId?: MinistryId }): Article {
  const summary = entry.summary ? collapseWhitespace(entry.summary) || undefined : undefined;
  // Sanitize last: the feed's HTML is only ever sanitized, or built from escaped plain text.
  const contentHtml = entry.contentHtml
    ? sanitizeContent(entry.contentHtml, entry.url)
    : summary
      ? `<p>${escapeText(summary)}</p>`
      : '';
  const bodyText = htmlToText(contentHtml);
  const title = collapseWhitespace(entry.title ?? '') || shorten(bodyText || summary || '') || entry.url;
  return {
    url: entry.url,
    canonicalUrl: canonicalizeUrl(entry.url),
    link: withoutTracking(entry.url),
    title,
    ministryId: attributeMinistry(opts, [entry.dateline], entry.url),
    dateline: entry.dateline,
    published: entry.published,
    updated: entry.updated,
    summary,
    contentHtml,
    // An entry without any text still needs a body to fingerprint; its title is all there is.
    text: bodyText || title,
    imageUrl: firstImage(contentHtml),
    tags: toTags(entry.tags),
    extractedBy: 'feed',
  };
}

function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function shorten(text: string): string {
  const firstLine = text.split('\n')[0] ?? '';
  if (firstLine.length <= TITLE_FROM_TEXT_CHARS) return firstLine;
  const cut = firstLine.slice(0, TITLE_FROM_TEXT_CHARS);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), 1))} …`;
}

function firstImage(html: string): string | undefined {
  if (!html.includes('<img')) return undefined;
  return load(html, null, false)('img').first().attr('src');
}
