/**
 * `GET /` and the static export's `index.html` — the HTML overview: what hessenfeed holds and how
 * to subscribe to it.
 *
 * A pure function of its data: `readOverviewData` (data.ts) reads the store and config for the
 * HTTP route and the static export alike and passes everything in, so the page is rendered the
 * same way every time for the same data (no clock, no store, no environment here) and can be
 * tested without a server. Plain server-rendered HTML with inline CSS and one small inline
 * script; every feature works without the script.
 *
 * German is primary; English when the browser prefers it (`preferredLanguage`). Release titles,
 * ministry names and tags are German data and stay as published.
 */
import { createHash } from 'node:crypto';
import { feedTitle, type FeedTitleFilter } from '../feed-title.js';
import { escapeHtml } from '../html.js';
import { createFilter, withQuery } from '../selection.js';
import { displayDayAndTime } from './display-date.js';
import { renderChips, renderFilterForm } from './form.js';
import { renderDocument, renderFooter } from './layout.js';
import { FORMATS } from './links.js';
import { renderMinistries } from './ministries.js';
import { isFiltered, renderNewest } from './newest.js';
import { pageLinksFor, type PageLinks } from './page-links.js';
import { OVERVIEW_SCRIPT } from './script.js';
import { OVERVIEW_STYLE } from './style.js';
import { renderTags } from './tags.js';
import { formatCount, TEXTS, type Texts } from './texts.js';
import type { OverviewData } from './types.js';

export const OVERVIEW_CONTENT_TYPE = 'text/html; charset=utf-8';

const cspHash = (source: string): string => `'sha256-${createHash('sha256').update(source, 'utf8').digest('base64')}'`;

/**
 * A Content-Security-Policy the page satisfies exactly: only its own inline style and script (by
 * hash), nothing loaded from anywhere. Optional for the HTTP layer, recommended.
 */
export const OVERVIEW_CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  // The site's own icon only.
  "img-src 'self'",
  `style-src ${cspHash(OVERVIEW_STYLE)}`,
  `script-src ${cspHash(OVERVIEW_SCRIPT)}`,
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * A Content-Security-Policy for release pages: the stylesheet by hash, no script at all, and
 * images from anywhere on the web (the lead image and the figures of the text are the
 * ministries'), nothing else loaded.
 */
export const RELEASE_CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "img-src 'self' https: http:",
  `style-src ${cspHash(OVERVIEW_STYLE)}`,
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** The full HTML document (UTF-8): the overview, or a selection page when a filter is active. */
export function renderOverview(data: OverviewData): string {
  const texts = TEXTS[data.lang];
  const links = pageLinksFor(data);
  const { filter } = data.selection;
  const selectionName = feedTitle(titleFilter(data));
  const main = [
    renderChips(data, texts, links),
    renderNewest(data, texts, links),
    data.staticCopy ? '' : renderFilterForm(data, texts, links),
    renderMinistries(data, texts, links),
    renderTags(data, texts, links),
  ];
  return renderDocument(
    {
      lang: data.lang,
      baseUrl: data.baseUrl,
      title: isFiltered(data) ? `${selectionName} – hessenfeed` : `${texts.title} – hessenfeed`,
      description: texts.tagline,
      alternates: FORMATS.map(({ format, label, type }) => ({ type, title: `${selectionName} (${label})`, href: links.feed(filter, format) })),
      header: renderHeader(data, texts, links),
      main: main.filter((part) => part !== '').join('\n'),
      footer: renderFooter(data, texts),
      ...(data.staticCopy ? {} : { script: OVERVIEW_SCRIPT }),
    },
    texts,
  );
}

/** The selection in words, as the feed of the same selection is titled. */
function titleFilter(data: OverviewData): FeedTitleFilter {
  const { filter, tagLabels } = data.selection;
  const label = (slug: string): string => tagLabels.get(slug) ?? slug;
  return {
    ministryNames: filter.ministries.map((id) => data.ministries.find((m) => m.id === id)?.name ?? id),
    tagLabels: filter.tags.map(label),
    excludedTagLabels: filter.excludeTags.map(label),
    ...(filter.q === undefined ? {} : { q: filter.q }),
  };
}

function renderHeader(data: OverviewData, texts: Texts, links: PageLinks): string {
  const sections: [id: string, label: string][] = [
    ['newest', isFiltered(data) ? texts.results : texts.newest],
    ...(data.staticCopy ? [] : [['filter', texts.search] as [string, string]]),
    ['ministries', texts.ministries],
    ['tags', texts.tags],
  ];
  const nav = sections.map(([id, label]) => `<li><a href="#${id}">${escapeHtml(label)}</a></li>`);
  return `<header>
<p class="site"><a href="${escapeHtml(links.selection(createFilter({ limit: data.selection.filter.limit })))}">hessenfeed</a></p>
<h1>${escapeHtml(texts.title)}</h1>
<p>${escapeHtml(texts.tagline)}</p>
<p class="muted" id="status">${storeStatus(data, texts)}</p>
${renderSubscribe(data, texts, links)}
<nav aria-label="${escapeHtml(texts.navLabel)}"><ul>${nav.join('')}</ul></nav>
</header>`;
}

/** The feeds of exactly this selection, what to do with them, and its tags as OPML. */
function renderSubscribe(data: OverviewData, texts: Texts, links: PageLinks): string {
  const { filter } = data.selection;
  const label = isFiltered(data) ? texts.subscribeSelection : texts.subscribeAll;
  const feeds = FORMATS.map(({ format, label: name, type }) => `<a href="${escapeHtml(links.feed(filter, format))}" type="${type}">${name}</a>`);
  const opml =
    filter.tags.length === 0 || data.staticCopy
      ? ''
      : ` <a class="opml" href="${escapeHtml(withQuery(`${data.baseUrl}/opml`, new URLSearchParams({ tags: filter.tags.join(',') }).toString()))}" type="text/x-opml">${escapeHtml(texts.opmlSelection)}</a>`;
  return `<div class="subscribe" id="subscribe-all">
<p><strong>${escapeHtml(label)}:</strong> <span class="formats" role="group" aria-label="${escapeHtml(label)}">${feeds.join(' ')}</span>${opml}</p>
<p class="hint" id="subscribe-note">${escapeHtml(texts.subscribeNote)}</p>
</div>`;
}

/** "1.234 Pressemitteilungen gespeichert, zuletzt geändert 24.09.2024, 09:30 Uhr". */
function storeStatus(data: OverviewData, texts: Texts): string {
  const stored = escapeHtml(texts.storedReleases(data.total, formatCount(data.total, data.lang)));
  const changed = data.lastChanged === undefined ? undefined : displayDayAndTime(data.lastChanged, data.lang);
  return changed ? `${stored}, ${escapeHtml(texts.lastChanged)} <time datetime="${changed.iso}">${changed.text}</time>` : stored;
}
