/** Every ministry linked to its page, with its count and its three feeds, plus the OPML that bundles them. */
import { escapeHtml } from '../html.js';
import { abbreviationsOf } from '../ministry-label.js';
import { formatLinks, ministryFeed } from './links.js';
import type { PageLinks } from './page-links.js';
import { formatCount, type Texts } from './texts.js';
import type { OverviewData, OverviewMinistry } from './types.js';

export function renderMinistries(data: OverviewData, texts: Texts, links: PageLinks): string {
  const rows = data.ministries.map((ministry) => renderMinistry(ministry, data, texts, links));
  return `<section id="ministries" aria-labelledby="ministries-heading">
<h2 id="ministries-heading">${escapeHtml(texts.ministries)}</h2>
<p class="muted">${escapeHtml(texts.ministriesIntro)} <a href="${escapeHtml(data.baseUrl)}/opml" type="text/x-opml">${escapeHtml(texts.opml)}</a></p>
<ul class="ministries">
${rows.join('\n')}
</ul>
</section>`;
}

function renderMinistry(ministry: OverviewMinistry, data: OverviewData, texts: Texts, links: PageLinks): string {
  const count = formatCount(ministry.count, data.lang);
  return `<li data-ministry="${escapeHtml(ministry.id)}">
<span class="name"><a href="${escapeHtml(links.ministry(ministry.id))}">${escapeHtml(ministry.name)}</a> <span class="muted">(${escapeHtml(abbreviationsOf(ministry, data.lang))})</span></span>
<span class="count" data-count="${ministry.count}" title="${escapeHtml(texts.releases(ministry.count, count))}">${count}</span>
${formatLinks(data.baseUrl, ministryFeed(ministry.id), texts.subscribeTo(ministry.shortName))}
</li>`;
}
