/**
 * The form that builds a filtered feed address. It is an ordinary GET form to `/subscribe`, which
 * redirects to the feed, so it works without JavaScript; the inline script only shows the address
 * live in `#feed-url` and copies it. Ids and names are stable: browser tests drive them.
 */
import { escapeHtml } from '../html.js';
import { FORMATS, feedUrl, MERGED_FEED } from './links.js';
import type { Texts } from './texts.js';
import type { OverviewData } from './types.js';

export function renderFilterForm(data: OverviewData, texts: Texts): string {
  const base = escapeHtml(data.baseUrl);
  return `<section id="filter" aria-labelledby="filter-heading">
<h2 id="filter-heading">${escapeHtml(texts.filter)}</h2>
<p class="muted">${escapeHtml(texts.filterIntro)}</p>
<form id="filter-form" method="get" action="${base}/subscribe" data-base-url="${base}">
${ministryChoices(data, texts)}
${textField('tag', texts.filterTags, texts.filterTagsHint, 'text', 'tag-list')}
${textField('exclude_tag', texts.filterExcludeTags, undefined, 'text', 'tag-list')}
${textField('q', texts.filterQuery, texts.filterQueryHint, 'search')}
${formatChoices(texts)}
${tagDatalist(data)}
<div class="actions"><button type="submit" id="filter-submit">${escapeHtml(texts.submit)}</button></div>
<div class="field">
<label for="feed-url">${escapeHtml(texts.feedUrl)}</label>
<div class="copy-row"><input type="text" id="feed-url" readonly value="${escapeHtml(feedUrl(data.baseUrl, MERGED_FEED, 'atom'))}" aria-describedby="copy-status">` +
    `<button type="button" id="copy-feed-url" class="secondary" hidden data-copied="${escapeHtml(texts.copied)}" data-copy-failed="${escapeHtml(texts.copyFailed)}">${escapeHtml(texts.copy)}</button></div>
<span id="copy-status" class="hint" role="status" aria-live="polite"></span>
</div>
</form>
</section>`;
}

function ministryChoices(data: OverviewData, texts: Texts): string {
  const boxes = data.ministries.map(
    (m) =>
      `<label for="ministry-${escapeHtml(m.id)}"><input type="checkbox" name="ministry" id="ministry-${escapeHtml(m.id)}" value="${escapeHtml(m.id)}"> <span>${escapeHtml(m.name)}</span></label>`,
  );
  return `<fieldset id="filter-ministries">
<legend>${escapeHtml(texts.filterMinistries)}</legend>
<div class="checks">
${boxes.join('\n')}
</div>
</fieldset>`;
}

function textField(name: string, label: string, hint: string | undefined, type: 'text' | 'search', list?: string): string {
  const hintId = `${name}-hint`;
  const attributes = [
    `type="${type}"`,
    `id="${name}"`,
    `name="${name}"`,
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
