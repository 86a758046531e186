/** The addresses published for an item, with the fallback for items stored before `link` existed. */
import type { Item } from './types.js';

/** The address feeds, the API and HTML link a release to. */
export function itemLink(item: Pick<Item, 'url' | 'link'>): string {
  return item.link ?? item.url;
}

/** Every published address of a release, its link first. */
export function itemLinks(item: Pick<Item, 'url' | 'urls' | 'link' | 'links'>): string[] {
  return item.links ?? item.urls;
}
