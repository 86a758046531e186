/**
 * What the overview page shows, read from the store and config in one place, so the HTTP route
 * and the static export (`hessenfeed export --out`) render the same page from the same data.
 */
import type { Ministry } from '../../model/index.js';
import type { Store } from '../../store/index.js';
import type { Lang } from './language.js';
import type { OverviewData } from './types.js';

/** Releases listed under "Neueste". */
export const OVERVIEW_NEWEST = 20;

export interface OverviewSource {
  store: Store;
  ministries: Pick<Ministry, 'id' | 'name' | 'shortName' | 'abbreviations'>[];
  version: string;
}

export async function readOverviewData(source: OverviewSource, baseUrl: string, lang: Lang): Promise<OverviewData> {
  const { store } = source;
  const [page, total, counts, tags, lastChanged] = await Promise.all([
    store.query({ limit: OVERVIEW_NEWEST }),
    store.countItems(),
    store.ministryCounts(),
    store.listTags(),
    store.lastChanged(),
  ]);
  const data: OverviewData = {
    lang,
    baseUrl,
    version: source.version,
    items: page.items,
    total,
    ministries: source.ministries.map((m) => ({ id: m.id, name: m.name, shortName: m.shortName, abbreviations: m.abbreviations ?? [], count: counts[m.id] ?? 0 })),
    tags,
  };
  if (lastChanged !== undefined) data.lastChanged = lastChanged;
  return data;
}
