/**
 * The corrections feeds (`/changes.atom|rss|json`): one entry per kept revision of a release,
 * newest correction first, titled "Korrektur: <title>", saying in a sentence what changed, with
 * the changed words as content and the release page as its link. Filtered like every feed by the
 * release's ministry, tags and words (as the release reads now).
 */
import { slugify, type Item } from '../model/index.js';
import type { Store } from '../store/index.js';
import { escapeHtml, pathSegment } from './html.js';
import type { Filter } from './selection.js';

/** Corrections read per round while filling a feed, and read at most. */
const BATCH = 100;
const MAX_SCANNED = 5000;

type ChangeStore = Pick<Store, 'listCorrections' | 'getItem' | 'revisions'>;

export async function readChangeItems(store: ChangeStore, filter: Filter, baseUrl: string): Promise<Item[]> {
  const found: Item[] = [];
  for (let offset = 0; offset < MAX_SCANNED && found.length < filter.limit; offset += BATCH) {
    const batch = await store.listCorrections(offset, BATCH);
    for (const { itemId, at } of batch) {
      const item = await store.getItem(itemId);
      if (item === undefined || !matches(item, filter)) continue;
      const change = await changeItem(store, item, at, baseUrl);
      if (change) found.push(change);
      if (found.length >= filter.limit) break;
    }
    if (batch.length < BATCH) break;
  }
  return found;
}

function matches(item: Item, filter: Filter): boolean {
  const slugs = new Set(item.tags.map((tag) => tag.slug));
  if (filter.ministries.length > 0 && !filter.ministries.includes(item.ministryId ?? '')) return false;
  if (filter.tags.length > 0 && !filter.tags.some((slug) => slugs.has(slug))) return false;
  if (filter.excludeTags.some((slug) => slugs.has(slug))) return false;
  if (filter.q === undefined) return true;
  // Folded as slugs fold (umlauts, case), so "Lehrkräfte" finds "lehrkraefte".
  const haystack = `-${slugify(`${item.title} ${item.summary ?? ''} ${item.contentHtml.replace(/<[^>]*>/g, ' ')}`)}-`;
  return filter.q.split(' ').every((word) => slugify(word) === '' || haystack.includes(slugify(word)));
}

async function changeItem(store: ChangeStore, item: Item, at: number, baseUrl: string): Promise<Item | undefined> {
  const revisions = await store.revisions(item.id);
  const index = revisions.findIndex((revision) => Date.parse(revision.replacedAt) === at);
  if (index < 0) return undefined;
  const before = revisions[index]!;
  const after = revisions[index + 1] ?? item;
  // Loaded with the first correction shown: cheerio and the diff are a web process's only here and on release pages.
  const { changeHtml, compareVersions, describeChange } = await import('./overview/revisions.js');
  const change = compareVersions(before, after);
  const sentence = describeChange(change, 'de');
  const releaseUrl = `${baseUrl}/releases/${pathSegment(item.id)}`;
  const replacedAt = new Date(at).toISOString();
  return {
    ...item,
    id: `${item.id}@${at}`,
    url: releaseUrl,
    urls: [releaseUrl],
    // The published address of a correction is its release page, not the ministry's page.
    link: releaseUrl,
    links: [releaseUrl],
    title: `Korrektur: ${after.title}`,
    summary: sentence,
    contentHtml: `<p>${escapeHtml(sentence)}</p>\n${changeHtml(before, after, change, { title: 'Titel' })}`,
    published: replacedAt,
    updated: replacedAt,
  };
}
