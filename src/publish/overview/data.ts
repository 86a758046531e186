/**
 * What the overview and selection pages show, read from the store and config in one place, so
 * the HTTP route and the static export render the same page from the same data.
 */
import type { Ministry } from '../../model/index.js';
import type { Store } from '../../store/index.js';
import { createFilter, type Filter } from '../selection.js';
import type { Lang } from './language.js';
import { PAGE_SIZE } from './page-links.js';
import { countMatches, PageTrail, queryFilter } from './paging.js';
import type { OverviewData } from './types.js';

/** Releases listed on the first page of the overview. */
export const OVERVIEW_NEWEST = PAGE_SIZE;

export interface OverviewSource {
  store: Store;
  ministries: Pick<Ministry, 'id' | 'name' | 'shortName' | 'abbreviations'>[];
  version: string;
  /** Newer-page neighbours remembered between renders. @defaultValue none kept (walked each time) */
  trail?: PageTrail;
}

export interface PageRequest {
  /** @defaultValue every release, first page */
  filter?: Filter;
  /** The language came from `?lang=`. */
  langParam?: Lang;
}

export async function readOverviewData(source: OverviewSource, baseUrl: string, lang: Lang, request: PageRequest = {}): Promise<OverviewData> {
  const { store } = source;
  const filter = request.filter ?? createFilter({ limit: PAGE_SIZE });
  const trail = source.trail ?? new PageTrail();
  const [page, total, counts, tags, lastChanged, position] = await Promise.all([
    // A cursor the store did not issue rejects with its InvalidCursorError; web answers it.
    store.query(queryFilter(filter)),
    store.countItems(),
    store.ministryCounts(),
    store.listTags(),
    store.lastChanged(),
    trail.neighbours(store, filter),
  ]);
  if (position.page !== undefined) trail.record(filter, position.page, page.next);
  const tagCounts = new Map(tags.map((tag) => [tag.slug, tag.count]));
  const matches = await countMatches(store, filter, { total, ministries: counts, tags: tagCounts });
  const labels = new Map(tags.map((tag) => [tag.slug, tag.label]));
  const data: OverviewData = {
    lang,
    baseUrl,
    version: source.version,
    items: page.items,
    total,
    ministries: source.ministries.map((m) => ({ id: m.id, name: m.name, shortName: m.shortName, abbreviations: m.abbreviations ?? [], count: counts[m.id] ?? 0 })),
    tags,
    selection: {
      filter,
      tagLabels: new Map([...filter.tags, ...filter.excludeTags].map((slug) => [slug, labels.get(slug) ?? slug])),
      matches,
      ...(page.next === undefined ? {} : { older: page.next }),
      position,
    },
  };
  if (request.langParam) data.langParam = request.langParam;
  if (lastChanged !== undefined) data.lastChanged = lastChanged;
  return data;
}
