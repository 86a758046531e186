/**
 * The releases of the selection: how many match, one page of them (title linked to the release
 * page, the original, ministry spelled out, Berlin date and time, teaser, tags) and the links to
 * the newer and older pages. Ministry and tag links lead to their selection pages, not to XML.
 */
import { itemLink, type Item } from '../../model/index.js';
import { escapeHtml, isWebUrl } from '../html.js';
import { ministryLabel } from '../ministry-label.js';
import { displayDayAndTime } from './display-date.js';
import type { PageLinks } from './page-links.js';
import { formatCount, type Texts } from './texts.js';
import type { OverviewData, OverviewMinistry } from './types.js';

export function renderNewest(data: OverviewData, texts: Texts, links: PageLinks): string {
  const filtered = isFiltered(data);
  const empty = data.total === 0 ? texts.newestEmpty : texts.noMatches;
  const body =
    data.items.length === 0
      ? `<p class="empty">${escapeHtml(empty)}</p>`
      : `<ol class="items">\n${data.items.map((item) => renderItem(item, data, texts, links)).join('\n')}\n</ol>`;
  return `<section id="newest" aria-labelledby="newest-heading">
<h2 id="newest-heading">${escapeHtml(filtered ? texts.results : texts.newest)}</h2>
<p class="muted" id="match-count" data-count="${data.selection.matches.count}">${escapeHtml(matchLine(data, texts))}</p>
${body}
${data.staticCopy ? '' : renderPaging(data, texts, links)}
</section>`;
}

export function isFiltered(data: OverviewData): boolean {
  const { filter } = data.selection;
  return filter.ministries.length + filter.tags.length + filter.excludeTags.length > 0 || filter.q !== undefined;
}

/** "7 Meldungen · Seite 1 von 1". */
function matchLine(data: OverviewData, texts: Texts): string {
  const { matches, position, filter } = data.selection;
  const count = texts.matches(matches.count, formatCount(matches.count, data.lang), matches.exact);
  if (position.page === undefined || !matches.exact || matches.count === 0 || data.staticCopy) return count;
  const pages = Math.max(1, Math.ceil(matches.count / filter.limit));
  return `${count} · ${texts.pageOf(formatCount(position.page, data.lang), formatCount(pages, data.lang))}`;
}

function renderPaging(data: OverviewData, texts: Texts, links: PageLinks): string {
  const { filter, older, position } = data.selection;
  const parts: string[] = [];
  if (position.newer) {
    const href = links.selection(filter, position.newer.before);
    parts.push(`<a href="${escapeHtml(href)}" rel="prev" id="newer-page">← ${escapeHtml(texts.newer)}</a>`);
    if (position.newer.before !== undefined) parts.push(`<a href="${escapeHtml(links.selection(filter))}" id="first-page">${escapeHtml(texts.firstPage)}</a>`);
  }
  if (older !== undefined) parts.push(`<a href="${escapeHtml(links.selection(filter, older))}" rel="next" id="older-page">${escapeHtml(texts.older)} →</a>`);
  if (parts.length === 0) return '';
  return `<nav class="paging" aria-label="${escapeHtml(texts.pagingLabel)}">${parts.join(' ')}</nav>`;
}

function renderItem(item: Item, data: OverviewData, texts: Texts, links: PageLinks): string {
  const title = `<a class="title" href="${escapeHtml(links.release(item.id))}">${escapeHtml(item.title)}</a>`;
  const link = itemLink(item);
  const original = isWebUrl(link) ? `<a class="original" href="${escapeHtml(link)}">${escapeHtml(texts.original)}</a>` : '';
  const meta = [issuer(item, data.ministries, data.lang, links), dayAndTime(item.published, data), original].filter((part) => part !== '').join(' · ');
  const teaser = item.summary ? `\n<p class="teaser">${escapeHtml(item.summary)}</p>` : '';
  return `<li class="item" data-id="${escapeHtml(item.id)}">
${title}
<div class="meta">${meta}</div>${teaser}${renderItemTags(item, texts, links)}
</li>`;
}

/**
 * The ministry's name with its abbreviations (visible: a phone has no hover) linked to its page,
 * else the printed dateline, else nothing.
 */
export function issuer(item: Item, ministries: OverviewMinistry[], lang: OverviewData['lang'], links: PageLinks): string {
  const ministry = ministries.find((m) => m.id === item.ministryId);
  if (ministry) {
    return `<a class="ministry" data-ministry="${escapeHtml(ministry.id)}" href="${escapeHtml(links.ministry(ministry.id))}">${escapeHtml(ministryLabel(ministry, lang))}</a>`;
  }
  return item.dateline ? `<span class="ministry">${escapeHtml(item.dateline)}</span>` : '';
}

export function dayAndTime(value: string, data: Pick<OverviewData, 'lang'>): string {
  const date = displayDayAndTime(value, data.lang);
  return date ? `<time datetime="${date.iso}">${date.text}</time>` : '';
}

export function renderItemTags(item: Item, texts: Texts, links: PageLinks): string {
  if (item.tags.length === 0) return '';
  const tagLinks = item.tags.map((tag) => `<li><a href="${escapeHtml(links.tag(tag.slug))}" rel="tag">${escapeHtml(tag.label)}</a></li>`);
  return `\n<ul class="item-tags" aria-label="${escapeHtml(texts.itemTags)}">${tagLinks.join('')}</ul>`;
}
