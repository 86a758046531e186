/**
 * The document every HTML page shares: head (charset, viewport, icons, title, autodiscovery, the
 * one inline stylesheet), the skip link and the footer. Pages differ in their header and main.
 */
import { escapeHtml } from '../html.js';
import { OVERVIEW_STYLE } from './style.js';
import type { Texts } from './texts.js';
import type { OverviewData } from './types.js';

export interface Alternate {
  type: string;
  title: string;
  href: string;
}

export interface DocumentParts {
  lang: OverviewData['lang'];
  baseUrl: string;
  title: string;
  description: string;
  alternates: Alternate[];
  header: string;
  main: string;
  footer: string;
  /** Inline script text, when the page has one (its CSP hash must allow it). */
  script?: string;
}

export function renderDocument(parts: DocumentParts, texts: Texts): string {
  const base = escapeHtml(parts.baseUrl);
  const alternates = parts.alternates.map(
    ({ type, title, href }) => `<link rel="alternate" type="${type}" title="${escapeHtml(title)}" href="${escapeHtml(href)}">`,
  );
  return `<!doctype html>
<html lang="${parts.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" type="image/svg+xml" href="${base}/favicon.svg">
<link rel="icon" sizes="16x16 32x32" href="${base}/favicon.ico">
<title>${escapeHtml(parts.title)}</title>
<meta name="description" content="${escapeHtml(parts.description)}">
${alternates.join('\n')}
<style>${OVERVIEW_STYLE}</style>
</head>
<body>
<a class="skip" href="#main">${escapeHtml(texts.skipToContent)}</a>
${parts.header}
<main id="main">
${parts.main}
</main>
${parts.footer}
${parts.script === undefined ? '' : `<script>${parts.script}</script>`}
</body>
</html>
`;
}

export function renderFooter(data: Pick<OverviewData, 'baseUrl' | 'version' | 'staticCopy'>, texts: Texts): string {
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
