/**
 * The Schlagworte with counts and feeds. There may be hundreds, so the most used ones are shown
 * and the long tail waits in a `<details>`, alphabetical there because by then a reader is
 * looking for one tag, not browsing.
 */
import { escapeHtml } from '../html.js';
import { formatLinks, tagFeed } from './links.js';
import type { PageLinks } from './page-links.js';
import { formatCount, type Texts } from './texts.js';
import type { OverviewData, OverviewTag } from './types.js';

/** Tags shown before the "all further tags" fold. */
export const VISIBLE_TAGS = 40;

const GERMAN_ORDER = new Intl.Collator('de', { sensitivity: 'base', numeric: true });

export function renderTags(data: OverviewData, texts: Texts, links: PageLinks): string {
  return `<section id="tags" aria-labelledby="tags-heading">
<h2 id="tags-heading">${escapeHtml(texts.tags)}</h2>
${data.tags.length === 0 ? `<p class="empty">${escapeHtml(texts.tagsEmpty)}</p>` : renderTagLists(data, texts, links)}
</section>`;
}

function renderTagLists(data: OverviewData, texts: Texts, links: PageLinks): string {
  const visible = data.tags.slice(0, VISIBLE_TAGS);
  const rest = data.tags
    .slice(VISIBLE_TAGS)
    .sort((a, b) => GERMAN_ORDER.compare(a.label, b.label) || (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0));
  const lists = [`<p class="muted">${escapeHtml(texts.tagsIntro)}</p>`, tagList(visible, data, texts, links)];
  if (rest.length > 0) {
    const summary = texts.moreTags(rest.length, formatCount(rest.length, data.lang));
    lists.push(`<details id="more-tags">\n<summary>${escapeHtml(summary)}</summary>\n${tagList(rest, data, texts, links)}\n</details>`);
  }
  return lists.join('\n');
}

function tagList(tags: OverviewTag[], data: OverviewData, texts: Texts, links: PageLinks): string {
  return `<ul class="tags">\n${tags.map((tag) => renderTag(tag, data, texts, links)).join('\n')}\n</ul>`;
}

function renderTag(tag: OverviewTag, data: OverviewData, texts: Texts, links: PageLinks): string {
  const count = formatCount(tag.count, data.lang);
  return `<li data-tag="${escapeHtml(tag.slug)}"><a class="label" href="${escapeHtml(links.tag(tag.slug))}">${escapeHtml(tag.label)}</a> <span class="count" data-count="${tag.count}" title="${escapeHtml(texts.releases(tag.count, count))}">${count}</span> ${formatLinks(data.baseUrl, tagFeed(tag.slug), texts.subscribeTo(tag.label))}</li>`;
}
