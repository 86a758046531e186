/**
 * The search form and the active filters. It is an ordinary GET form: "Meldungen anzeigen" sends
 * it to `/`, which shows the selection; "Feed abonnieren" sends it to `/subscribe`, which
 * redirects to the feed. Both work without JavaScript; the inline script only shows the feed
 * address live in `#feed-url` and copies it. The fields hold the active selection, and each active
 * filter is a chip, a link to the same selection without it. Ids and names are stable: browser
 * tests drive them.
 */
import { escapeHtml } from '../html.js';
import { ministryLabel } from '../ministry-label.js';
import { createFilter, type Filter, type FilterInput } from '../selection.js';
import { FORMATS } from './links.js';
import type { PageLinks } from './page-links.js';
import type { Texts } from './texts.js';
import type { OverviewData } from './types.js';

export function renderFilterForm(data: OverviewData, texts: Texts, links: PageLinks): string {
  const base = escapeHtml(data.baseUrl);
  const { filter, tagLabels } = data.selection;
  const labels = (slugs: string[]): string => slugs.map((slug) => tagLabels.get(slug) ?? slug).join(', ');
  return `<section id="filter" aria-labelledby="filter-heading">
<h2 id="filter-heading">${escapeHtml(texts.search)}</h2>
<p class="muted">${escapeHtml(texts.filterIntro)}</p>
<form id="filter-form" method="get" action="${base}/" data-base-url="${base}">
${data.langParam ? `<input type="hidden" name="lang" value="${data.langParam}">` : ''}
${textField('q', texts.filterQuery, texts.filterQueryHint, 'search', filter.q ?? '')}
${ministryChoices(data, texts)}
${textField('tag', texts.filterTags, texts.filterTagsHint, 'text', labels(filter.tags), 'tag-list')}
${textField('exclude_tag', texts.filterExcludeTags, undefined, 'text', labels(filter.excludeTags), 'tag-list')}
${formatChoices(texts)}
${tagDatalist(data)}
<div class="actions"><button type="submit" id="filter-submit">${escapeHtml(texts.show)}</button>` +
    `<button type="submit" id="filter-subscribe" class="secondary" formaction="${base}/subscribe">${escapeHtml(texts.submit)}</button></div>
<div class="field">
<label for="feed-url">${escapeHtml(texts.feedUrl)}</label>
<div class="copy-row"><input type="text" id="feed-url" readonly value="${escapeHtml(links.feed(filter, 'atom'))}" aria-describedby="copy-status">` +
    `<button type="button" id="copy-feed-url" class="secondary" hidden data-copied="${escapeHtml(texts.copied)}" data-copy-failed="${escapeHtml(texts.copyFailed)}">${escapeHtml(texts.copy)}</button></div>
<span id="copy-status" class="hint" role="status" aria-live="polite"></span>
</div>
</form>
</section>`;
}

/** The active filters as chips, each a link to the selection without it; nothing when unfiltered. */
export function renderChips(data: OverviewData, texts: Texts, links: PageLinks): string {
  const { filter, tagLabels } = data.selection;
  const label = (slug: string): string => tagLabels.get(slug) ?? slug;
  const without = (change: FilterInput): Filter => createFilter({ ...filter, before: undefined, ...change });
  const chips: { label: string; without: Filter }[] = [
    ...filter.ministries.map((id) => ({ label: `${texts.chipMinistry}: ${ministryName(data, id)}`, without: without({ ministries: filter.ministries.filter((m) => m !== id) }) })),
    ...filter.tags.map((slug) => ({ label: `${texts.chipTag}: ${label(slug)}`, without: without({ tags: filter.tags.filter((t) => t !== slug) }) })),
    ...filter.excludeTags.map((slug) => ({
      label: `${texts.chipExcludeTag}: ${label(slug)}`,
      without: without({ excludeTags: filter.excludeTags.filter((t) => t !== slug) }),
    })),
    ...(filter.q === undefined ? [] : [{ label: `${texts.chipQuery}: ${filter.q}`, without: without({ q: undefined }) }]),
  ];
  if (chips.length === 0) return '';
  const items = chips.map(
    (chip) =>
      `<li><a class="chip" href="${escapeHtml(links.selection(chip.without))}" aria-label="${escapeHtml(texts.removeFilter(chip.label))}">${escapeHtml(chip.label)} <span aria-hidden="true">×</span></a></li>`,
  );
  items.push(`<li><a class="chip clear" href="${escapeHtml(links.selection(createFilter({ limit: filter.limit })))}">${escapeHtml(texts.clearFilters)}</a></li>`);
  return `<div id="active-filters"><p class="muted">${escapeHtml(texts.activeFilters)}</p><ul class="chips">${items.join('')}</ul></div>`;
}

/** The name and its abbreviations, as everywhere on the page. */
function ministryName(data: OverviewData, id: string): string {
  const ministry = data.ministries.find((m) => m.id === id);
  return ministry ? ministryLabel(ministry, data.lang) : id;
}

function ministryChoices(data: OverviewData, texts: Texts): string {
  const chosen = new Set(data.selection.filter.ministries);
  const boxes = data.ministries.map(
    (m) =>
      `<label for="ministry-${escapeHtml(m.id)}"><input type="checkbox" name="ministry" id="ministry-${escapeHtml(m.id)}" value="${escapeHtml(m.id)}"${chosen.has(m.id) ? ' checked' : ''}> <span>${escapeHtml(m.name)}</span></label>`,
  );
  return `<fieldset id="filter-ministries">
<legend>${escapeHtml(texts.filterMinistries)}</legend>
<div class="checks">
${boxes.join('\n')}
</div>
</fieldset>`;
}

function textField(name: string, label: string, hint: string | undefined, type: 'text' | 'search', value: string, list?: string): string {
  const hintId = `${name}-hint`;
  const attributes = [
    `type="${type}"`,
    `id="${name}"`,
    `name="${name}"`,
    value === '' ? '' : `value="${escapeHtml(value)}"`,
    list ? `list="${list}"` : '',
    'autocomplete="off"',
    hint ? `aria-describedby="${hintId}"` : '',
  ].filter((attribute) => attribute !== '');
  return `<div class="field">
<label for="${name}">${escapeHtml(label)}</label>
<input ${attributes.join(' ')}>${hint ? `\n<span class="hint" id="${hintId}">${escapeHtml(hint)}</span>` : ''}
</div>`;
}

function formatChoices(texts: Texts): string {
  const radios = FORMATS.map(
    ({ format, label }) =>
      `<label for="format-${format}"><input type="radio" name="format" id="format-${format}" value="${format}"${format === 'atom' ? ' checked' : ''}> ${label}</label>`,
  );
  return `<fieldset id="filter-format">
<legend>${escapeHtml(texts.filterFormat)}</legend>
<div class="radios">${radios.join(' ')}</div>
</fieldset>`;
}

/** Suggestions for both tag fields; the server accepts a label as well as a slug. */
function tagDatalist(data: OverviewData): string {
  const options = data.tags.map((tag) => `<option value="${escapeHtml(tag.label)}"></option>`);
  return `<datalist id="tag-list">${options.join('')}</datalist>`;
}
