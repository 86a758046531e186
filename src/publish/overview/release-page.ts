/**
 * `/releases/<id>`: one release as hessenfeed holds it — the full text (sanitized once more here:
 * it goes into our page, and sanitizing is the last step before output), its subheadings and lead
 * image with alt text and credit, the issuing ministry, published and updated time, tags, every
 * address where it was found and the sources that found it. A pure function of its data, like
 * the overview; `readReleaseData` reads it for the route and the static export alike.
 */
import * as cheerio from 'cheerio';
import { sanitizeContent } from '../../extract/index.js';
import { itemLink, itemLinks, type Item, type Source } from '../../model/index.js';
import type { Revision, Store } from '../../store/index.js';
import { feedTitle } from '../feed-title.js';
import { escapeHtml, isWebUrl } from '../html.js';
import { createFilter } from '../selection.js';
import { displayDayAndTime } from './display-date.js';
import type { Lang } from './language.js';
import { renderDocument, renderFooter } from './layout.js';
import { FORMATS } from './links.js';
import { dayAndTime, issuer, renderItemTags } from './newest.js';
import { PAGE_SIZE, pageLinksFor, type PageLinks } from './page-links.js';
import { changeHtml, compareVersions, corrections, describeChange } from './revisions.js';
import { TEXTS, type Texts } from './texts.js';
import type { OverviewMinistry } from './types.js';

export interface ReleaseData {
  lang: Lang;
  langParam?: Lang;
  baseUrl: string;
  version: string;
  item: Item;
  /** Earlier versions, oldest first. */
  revisions: Revision[];
  ministries: Omit<OverviewMinistry, 'count'>[];
  /** The configured sources, to name those that saw the release. */
  sources: Pick<Source, 'id' | 'name' | 'url'>[];
  staticCopy?: boolean;
}

export interface ReleaseSource {
  store: Pick<Store, 'getItem' | 'revisions'>;
  ministries: Omit<OverviewMinistry, 'count'>[];
  sources: Pick<Source, 'id' | 'name' | 'url'>[];
  version: string;
}

/** The release's page data; undefined when no release has this id. */
export async function readReleaseData(source: ReleaseSource, id: string, baseUrl: string, lang: Lang, langParam?: Lang): Promise<ReleaseData | undefined> {
  const [item, revisions] = await Promise.all([source.store.getItem(id), source.store.revisions(id)]);
  if (item === undefined) return undefined;
  return { lang, ...(langParam ? { langParam } : {}), baseUrl, version: source.version, item, revisions, ministries: source.ministries, sources: source.sources };
}

export function renderReleasePage(data: ReleaseData): string {
  const texts = TEXTS[data.lang];
  const links = pageLinksFor(data);
  const { item } = data;
  const ministry = data.ministries.find((m) => m.id === item.ministryId);
  const selection = createFilter({ ministries: ministry ? [ministry.id] : [] });
  const feedName = feedTitle({ ministryNames: ministry ? [ministry.name] : [] });
  const header = `<header>
<p class="site"><a href="${escapeHtml(links.selection(createFilter({ limit: PAGE_SIZE })))}">${escapeHtml(texts.toOverview)}</a></p>
<h1>${escapeHtml(item.title)}</h1>
<p class="meta" id="release-meta">${releaseMeta(data, texts, links)}</p>
</header>`;
  const main = [
    `<article id="release">`,
    item.summary ? `<p class="teaser lead">${escapeHtml(item.summary)}</p>` : '',
    leadImage(data, texts),
    `<div class="content">${sanitizeContent(item.contentHtml, isWebUrl(itemLink(item)) ? itemLink(item) : data.baseUrl)}</div>`,
    item.tags.length === 0 ? '' : `<h2 id="release-tags">${escapeHtml(texts.itemTags)}</h2>${renderItemTags(item, texts, links)}`,
    `</article>`,
    renderRevisions(data, texts),
    renderAddresses(data, texts),
    `<p class="subscribe" id="subscribe-ministry"><strong>${escapeHtml(ministry ? texts.subscribeMinistry : texts.subscribeAll)}:</strong> ` +
      `<span class="formats" role="group" aria-label="${escapeHtml(ministry ? texts.subscribeMinistry : texts.subscribeAll)}">` +
      FORMATS.map(({ format, label, type }) => `<a href="${escapeHtml(links.feed(selection, format))}" type="${type}">${label}</a>`).join(' ') +
      `</span></p>`,
  ];
  return renderDocument(
    {
      lang: data.lang,
      baseUrl: data.baseUrl,
      title: `${item.title} – hessenfeed`,
      description: item.summary ?? item.title,
      alternates: FORMATS.map(({ format, label, type }) => ({ type, title: `${feedName} (${label})`, href: links.feed(selection, format) })),
      header,
      main: main.filter((part) => part !== '').join('\n'),
      footer: renderFooter(data, texts),
    },
    texts,
  );
}

/** Ministry (linked to its page) · published · updated when it differs. */
function releaseMeta(data: ReleaseData, texts: Texts, links: PageLinks): string {
  const { item } = data;
  const parts = [issuer(item, data.ministries.map((m) => ({ ...m, count: 0 })), data.lang, links)];
  const published = dayAndTime(item.published, data);
  if (published) parts.push(`<span id="published">${escapeHtml(texts.published)} ${published}</span>`);
  const updated = displayDayAndTime(item.updated, data.lang);
  if (updated && updated.iso !== displayDayAndTime(item.published, data.lang)?.iso) {
    parts.push(`<span id="updated">${escapeHtml(texts.updated)} <time datetime="${updated.iso}">${updated.text}</time></span>`);
  }
  return parts.filter((part) => part !== '').join(' · ');
}

/**
 * The lead image with the alt text and credit the text gives it (the figure in the body with the
 * same address); when the body already shows that figure, it is not shown twice.
 */
function leadImage(data: ReleaseData, texts: Texts): string {
  const url = data.item.imageUrl;
  if (url === undefined || !isWebUrl(url)) return '';
  const $ = cheerio.load(data.item.contentHtml, null, false);
  const inBody = $('img').filter((_, img) => $(img).attr('src') === url);
  if (inBody.length > 0) return '';
  const host = new URL(url).host;
  return `<figure class="lead-image" id="lead-image">
<img src="${escapeHtml(url)}" alt="${escapeHtml(texts.imageAlt(data.item.title))}">
<figcaption>${escapeHtml(texts.imageCredit)}: <a href="${escapeHtml(url)}">${escapeHtml(host)}</a></figcaption>
</figure>`;
}

/** Every address of the release (the published copy first) and the sources that saw it. */
function renderAddresses(data: ReleaseData, texts: Texts): string {
  const { item } = data;
  const main = itemLink(item);
  const urls = [main, ...itemLinks(item).filter((url) => url !== main)];
  const addresses = urls.map((url) => {
    const text = escapeHtml(url);
    const link = isWebUrl(url) ? `<a href="${text}">${text}</a>` : text;
    return `<li>${link}${url === main ? ` <span class="muted">(${escapeHtml(texts.mainCopy)})</span>` : ''}</li>`;
  });
  const sources = item.sources.map((id) => {
    const source = data.sources.find((s) => s.id === id);
    if (!source) return `<li>${escapeHtml(id)}</li>`;
    const name = isWebUrl(source.url) ? `<a href="${escapeHtml(source.url)}">${escapeHtml(source.name)}</a>` : escapeHtml(source.name);
    return `<li data-source="${escapeHtml(id)}">${name} <span class="muted">(${escapeHtml(id)})</span></li>`;
  });
  return `<section id="addresses" aria-labelledby="addresses-heading">
<h2 id="addresses-heading">${escapeHtml(texts.addresses)}</h2>
<p class="muted">${escapeHtml(texts.addressesIntro)}</p>
<ul class="addresses">${addresses.join('')}</ul>
<h3 id="sources-heading">${escapeHtml(texts.seenBy)}</h3>
<ul class="sources">${sources.join('')}</ul>
</section>`;
}

/** Each correction, newest first: when, what changed in a sentence, and the changed words. */
function renderRevisions(data: ReleaseData, texts: Texts): string {
  if (data.revisions.length === 0) return '';
  const entries = corrections(data.item, data.revisions).map(({ revision, before, after }) => {
    const change = compareVersions(before, after);
    const at = dayAndTime(revision.replacedAt, data);
    return `<li class="revision">
<p><strong>${escapeHtml(texts.correctedAt)} ${at}:</strong> <span class="change-summary">${escapeHtml(describeChange(change, data.lang))}</span></p>
${changeHtml(before, after, change, { title: texts.titleLabel })}
</li>`;
  });
  return `<section id="revisions" aria-labelledby="revisions-heading">
<h2 id="revisions-heading">${escapeHtml(texts.corrections)}</h2>
<p class="muted">${escapeHtml(texts.correctionsIntro)}</p>
<ol class="revisions">
${entries.join('\n')}
</ol>
</section>`;
}
