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
import { feedTitle } from '../feed-title.js';
import { escapeHtml } from '../html.js';
import { displayDayAndTime } from './display-date.js';
import { renderFilterForm } from './form.js';
import { FORMATS, feedUrl, formatLinks, MERGED_FEED } from './links.js';
import { renderMinistries } from './ministries.js';
import { renderNewest } from './newest.js';
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

/** The full HTML document (UTF-8). */
export function renderOverview(data: OverviewData): string {
  const texts = TEXTS[data.lang];
  return `<!doctype html>
<html lang="${data.lang}">
${renderHead(data, texts)}
<body>
<a class="skip" href="#main">${escapeHtml(texts.skipToContent)}</a>
${renderHeader(data, texts)}
<main id="main">
${renderNewest(data, texts)}
${renderMinistries(data, texts)}
${renderTags(data, texts)}
${data.staticCopy ? '' : renderFilterForm(data, texts)}
</main>
${renderFooter(data, texts)}
${data.staticCopy ? '' : `<script>${OVERVIEW_SCRIPT}</script>`}
</body>
</html>
`;
}

function renderHead(data: OverviewData, texts: Texts): string {
  const feedName = feedTitle({});
  const alternates = FORMATS.map(
    ({ format, label, type }) =>
      `<link rel="alternate" type="${type}" title="${escapeHtml(`${feedName} (${label})`)}" href="${escapeHtml(feedUrl(data.baseUrl, MERGED_FEED, format))}">`,
  );
  return `<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" type="image/svg+xml" href="${escapeHtml(data.baseUrl)}/favicon.svg">
<link rel="icon" sizes="16x16 32x32" href="${escapeHtml(data.baseUrl)}/favicon.ico">
<title>${escapeHtml(texts.title)} – hessenfeed</title>
<meta name="description" content="${escapeHtml(texts.tagline)}">
${alternates.join('\n')}
<style>${OVERVIEW_STYLE}</style>
</head>`;
}

function renderHeader(data: OverviewData, texts: Texts): string {
  const sections: [id: string, label: string][] = [
    ['newest', texts.newest],
    ['ministries', texts.ministries],
    ['tags', texts.tags],
    ...(data.staticCopy ? [] : [['filter', texts.filter] as [string, string]]),
  ];
  const nav = sections.map(([id, label]) => `<li><a href="#${id}">${escapeHtml(label)}</a></li>`);
  return `<header>
<h1>${escapeHtml(texts.title)}</h1>
<p>${escapeHtml(texts.tagline)}</p>
<p class="muted" id="status">${storeStatus(data, texts)}</p>
<p class="subscribe" id="subscribe-all"><strong>${escapeHtml(texts.subscribeAll)}:</strong> ${formatLinks(data.baseUrl, MERGED_FEED, texts.subscribeAll)}</p>
<nav aria-label="${escapeHtml(texts.navLabel)}"><ul>${nav.join('')}</ul></nav>
</header>`;
}

/** "1.234 Pressemitteilungen gespeichert, zuletzt geändert 24.09.2024, 09:30 Uhr". */
function storeStatus(data: OverviewData, texts: Texts): string {
  const stored = escapeHtml(texts.storedReleases(data.total, formatCount(data.total, data.lang)));
  const changed = data.lastChanged === undefined ? undefined : displayDayAndTime(data.lastChanged, data.lang);
  return changed ? `${stored}, ${escapeHtml(texts.lastChanged)} <time datetime="${changed.iso}">${changed.text}</time>` : stored;
}

function renderFooter(data: OverviewData, texts: Texts): string {
  if (data.staticCopy) {
    return `<footer>
<p>${escapeHtml(texts.staticCopy)}</p>
<p>${escapeHtml(texts.version(data.version))}</p>
</footer>`;
  }
  const api = ['items', 'ministries', 'tags', 'sources'].map(
    (name) => `<li><a href="${escapeHtml(data.baseUrl)}/api/${name}" type="application/json">/api/${name}</a></li>`,
  );
  return `<footer>
<p>${escapeHtml(texts.api)}:</p>
<ul>${api.join('')}</ul>
<p>${escapeHtml(texts.version(data.version))}</p>
</footer>`;
}
