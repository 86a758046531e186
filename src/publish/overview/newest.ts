/** The newest releases: title linked to the original, ministry, day, tags linked to their feeds. */
import { itemLink, type Item } from '../../model/index.js';
import { escapeHtml, isWebUrl } from '../html.js';
import { ministryLabel } from '../ministry-label.js';
import { displayDay } from './display-date.js';
import { feedUrl, tagFeed } from './links.js';
import type { Texts } from './texts.js';
import type { OverviewData, OverviewMinistry } from './types.js';

export function renderNewest(data: OverviewData, texts: Texts): string {
  const body =
    data.items.length === 0
      ? `<p class="empty">${escapeHtml(texts.newestEmpty)}</p>`
      : `<ol class="items">\n${data.items.map((item) => renderItem(item, data, texts)).join('\n')}\n</ol>`;
  return `<section id="newest" aria-labelledby="newest-heading">
<h2 id="newest-heading">${escapeHtml(texts.newest)}</h2>
${body}
</section>`;
}

function renderItem(item: Item, data: OverviewData, texts: Texts): string {
  const title = escapeHtml(item.title);
  const link = itemLink(item);
  const heading = isWebUrl(link) ? `<a class="title" href="${escapeHtml(link)}">${title}</a>` : `<span class="title">${title}</span>`;
  const meta = [issuer(item, data.ministries, data.lang), day(item, data)].filter((part) => part !== '').join(' · ');
  return `<li class="item" data-id="${escapeHtml(item.id)}">
${heading}
<div class="meta">${meta}</div>${renderItemTags(item, data, texts)}
</li>`;
}

/** The ministry's name with its abbreviations (visible: a phone has no hover), else the printed dateline, else nothing. */
function issuer(item: Item, ministries: OverviewMinistry[], lang: OverviewData['lang']): string {
  const ministry = ministries.find((m) => m.id === item.ministryId);
  if (ministry) {
    return `<span class="ministry" data-ministry="${escapeHtml(ministry.id)}">${escapeHtml(ministryLabel(ministry, lang))}</span>`;
  }
  return item.dateline ? `<span class="ministry">${escapeHtml(item.dateline)}</span>` : '';
}

function day(item: Item, data: OverviewData): string {
  const date = displayDay(item.published, data.lang);
  return date ? `<time datetime="${date.iso}">${date.text}</time>` : '';
}

function renderItemTags(item: Item, data: OverviewData, texts: Texts): string {
  if (item.tags.length === 0) return '';
  const links = item.tags.map(
    (tag) => `<li><a href="${escapeHtml(feedUrl(data.baseUrl, tagFeed(tag.slug), 'atom'))}" rel="tag">${escapeHtml(tag.label)}</a></li>`,
  );
  return `\n<ul class="item-tags" aria-label="${escapeHtml(texts.itemTags)}">${links.join('')}</ul>`;
}
