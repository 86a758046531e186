/**
 * The admin sources page (`/admin/sources`): one row per configured source, so an operator sees
 * at a glance which ministry page stopped working and why. Rendered on the server from the rows
 * ops/ reads: no script, every value escaped, because the last error of a source is text from
 * someone else's server.
 */
import { COMPLETENESS_FIELDS, type Completeness } from '../metrics/index.js';
import type { Ministry, SourceState } from '../model/index.js';
import { describeWalk, formatDuration, type SourceHealth, type SourceHealthStatus, type SourceRow } from '../ops/index.js';
import { escapeHtml, isWebUrl, pathSegment } from './html.js';
import { ministryLabel } from './ministry-label.js';

export interface SourcesPage {
  rows: SourceRow[];
  readonly: boolean;
  now: Date;
  version: string;
  /** Source id whose manual poll was just queued (after the redirect of "poll now"). */
  polled?: string;
  /** The registry, to name each source's ministry with its abbreviations. */
  ministries: readonly Pick<Ministry, 'id' | 'name' | 'shortName' | 'abbreviations'>[];
}

/** "2024-10-01 12:00 UTC", with the exact instant in `datetime` and the tooltip. */
function timeHtml(iso: string | number | undefined, now: Date): string {
  if (iso === undefined) return '<span class="muted">never</span>';
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return '<span class="muted">unknown</span>';
  const exact = at.toISOString();
  const shown = `${exact.slice(0, 10)} ${exact.slice(11, 16)} UTC`;
  const delta = at.getTime() - now.getTime();
  const relative = delta >= 0 ? `in ${formatDuration(delta)}` : `${formatDuration(-delta)} ago`;
  return `<time datetime="${escapeHtml(exact)}" title="${escapeHtml(exact)}">${escapeHtml(shown)}</time> <span class="muted">(${escapeHtml(relative)})</span>`;
}

function sourceCell(row: SourceRow, page: SourcesPage): string {
  const { id, name, url } = row.source;
  const link = isWebUrl(url) ? `<a href="${escapeHtml(url)}" rel="noreferrer">${escapeHtml(name)}</a>` : escapeHtml(name);
  const ministry = page.ministries.find((m) => m.id === row.source.ministry);
  const issuer = ministry ? `<br><span class="muted ministry">${escapeHtml(ministryLabel(ministry, 'en'))}</span>` : '';
  return `<td><code>${escapeHtml(id)}</code><br>${link}${issuer}</td>`;
}

/** The health badge and why; under it the source's backfill, while it runs and once it ended. */
function stateCell(health: SourceHealth, row: SourceRow): string {
  const walk = row.walk ? `<br><span class="walk ${row.walk.status}">${escapeHtml(describeWalk(row.walk))}</span>` : '';
  return `<td><span class="badge ${health.status}">${health.status}</span><br><span class="muted">${escapeHtml(health.reason)}</span>${walk}</td>`;
}

function errorCell(state: SourceState, now: Date): string {
  const error = state.lastError;
  if (!error) return '<td><span class="muted">none</span></td>';
  const where = error.url && isWebUrl(error.url) ? `<br><a href="${escapeHtml(error.url)}" rel="noreferrer">${escapeHtml(error.url)}</a>` : '';
  return `<td class="error">${escapeHtml(error.message)}${where}<br>${timeHtml(error.at, now)}</td>`;
}

function nextPollCell(row: SourceRow, now: Date): string {
  if (row.nextRunAt === undefined) {
    return '<td><span class="badge failing">no scheduler</span><br><span class="muted">never polled; run <code>hessenfeed scheduler</code></span></td>';
  }
  const backoff = row.health.nextPollAt;
  const backingOff = row.health.status === 'failing' && backoff !== undefined && Date.parse(backoff) > row.nextRunAt;
  const note = backingOff ? `<br><span class="muted">backing off until</span> ${timeHtml(backoff, now)}` : '';
  return `<td>${timeHtml(row.nextRunAt, now)}<br><span class="muted">every ${escapeHtml(formatDuration(row.source.intervalMs))}</span>${note}</td>`;
}

function completenessCell(completeness: Completeness | undefined): string {
  if (!completeness) return '<td><span class="muted">–</span></td>';
  const parts = COMPLETENESS_FIELDS.map((f) => {
    const percent = Math.round(completeness.shares[f] * 100);
    return `<span class="${percent < 90 ? 'low' : ''}">${f} ${percent}%</span>`;
  });
  return `<td>${parts.join('<br>')}<br><span class="muted">of ${completeness.releases} releases</span></td>`;
}

function actionCell(row: SourceRow, readonly: boolean): string {
  if (readonly) return '';
  const action = `/admin/sources/${pathSegment(row.source.id)}/poll`;
  return `<td><form method="post" action="${escapeHtml(action)}"><button type="submit">Poll now</button></form></td>`;
}

function rowHtml(row: SourceRow, page: SourcesPage): string {
  return [
    `<tr class="${row.health.status}">`,
    sourceCell(row, page),
    stateCell(row.health, row),
    `<td>${timeHtml(row.state.lastSuccessAt, page.now)}</td>`,
    errorCell(row.state, page.now),
    nextPollCell(row, page.now),
    `<td class="number">${row.state.itemsSeen}</td>`,
    completenessCell(row.completeness),
    actionCell(row, page.readonly),
    '</tr>',
  ].join('');
}

function summary(rows: SourceRow[]): string {
  const counts = new Map<SourceHealthStatus, number>();
  for (const row of rows) counts.set(row.health.status, (counts.get(row.health.status) ?? 0) + 1);
  const parts = (['ok', 'stale', 'failing', 'new'] as const).filter((s) => counts.has(s)).map((s) => `${counts.get(s)} ${s}`);
  return `${rows.length} sources${parts.length > 0 ? `: ${parts.join(', ')}` : ''}.`;
}

const STYLE = `
body{font:14px/1.4 system-ui,sans-serif;margin:1.5rem;color:#1d1d1f}
header{display:flex;gap:1.5rem;align-items:baseline}h1{font-size:1.4rem;margin:0}
table{border-collapse:collapse;width:100%;margin-top:1rem}th,td{text-align:left;vertical-align:top;padding:.4rem .6rem;border-bottom:1px solid #ddd}
th{background:#f4f4f6;position:sticky;top:0}.number{text-align:right}.muted{color:#6e6e73}.low{color:#b25000}
.error{max-width:28rem;overflow-wrap:anywhere}code{font-size:.9em}
.badge{display:inline-block;padding:0 .4rem;border-radius:.3rem;font-weight:600}
.badge.ok{background:#dff3e4;color:#176b2c}.badge.stale{background:#fff1d6;color:#8a5300}
.badge.failing{background:#fde2e1;color:#a1150b}.badge.new{background:#e6ecf8;color:#234a8f}
.notice{background:#e6ecf8;padding:.5rem .8rem;border-radius:.3rem}
.walk.running{color:#234a8f}.walk.failed{color:#a1150b}.walk.done{color:#6e6e73}`;

export function renderSourcesPage(page: SourcesPage): string {
  const polledRow = page.rows.find((r) => r.source.id === page.polled);
  const notice = polledRow ? `<p class="notice">A poll of ${escapeHtml(polledRow.source.name)} is queued; reload in a moment to see its result.</p>` : '';
  const mode = page.readonly ? ' Read-only (ADMIN_READONLY): polls cannot be started from here.' : '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>Sources · hessenfeed admin</title>
<style>${STYLE}</style>
</head>
<body>
<header><h1>Sources</h1><nav><a href="/admin/queues">Queues</a> · <a href="/">Feeds</a></nav><span class="muted">hessenfeed ${escapeHtml(page.version)}</span></header>
${notice}<p>${escapeHtml(summary(page.rows))}${escapeHtml(mode)}</p>
<table>
<thead><tr><th>Source</th><th>State</th><th>Last success</th><th>Last error</th><th>Next poll</th><th>Items</th><th>Extraction completeness</th>${page.readonly ? '' : '<th></th>'}</tr></thead>
<tbody>
${page.rows.map((row) => rowHtml(row, page)).join('\n')}
</tbody>
</table>
</body>
</html>
`;
}
