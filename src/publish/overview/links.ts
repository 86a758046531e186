/**
 * The URLs the overview links to, in one place. They are the HTTP interface's contract
 * (DESIGN.md §6): the merged feed, one feed per ministry and per tag, each in three formats.
 */
import { escapeHtml, pathSegment } from '../html.js';

export const FORMATS = [
  { format: 'atom', label: 'Atom', type: 'application/atom+xml' },
  { format: 'rss', label: 'RSS', type: 'application/rss+xml' },
  { format: 'json', label: 'JSON', type: 'application/feed+json' },
] as const;

export type OverviewFeedFormat = (typeof FORMATS)[number]['format'];

/** A feed path without its extension: `/feed`, `/ministries/innen`, `/tags/integration`. */
export const MERGED_FEED = '/feed';
export const ministryFeed = (id: string): string => `/ministries/${pathSegment(id)}`;
export const tagFeed = (slug: string): string => `/tags/${pathSegment(slug)}`;

export function feedUrl(baseUrl: string, feedPath: string, format: OverviewFeedFormat): string {
  return `${baseUrl}${feedPath}.${format}`;
}

/**
 * "Atom RSS JSON" links for one feed. The same three words repeat for every ministry and tag, so
 * the group is labelled with whose feeds they are (for screen readers); nothing more per link,
 * because with hundreds of tags every byte here counts many times.
 */
export function formatLinks(baseUrl: string, feedPath: string, groupLabel: string): string {
  const links = FORMATS.map(({ format, label }) => `<a href="${escapeHtml(feedUrl(baseUrl, feedPath, format))}">${label}</a>`);
  return `<span class="formats" role="group" aria-label="${escapeHtml(groupLabel)}">${links.join(' ')}</span>`;
}
