import type { Item, MinistryAbbreviation } from '../../model/index.js';
import type { Filter } from '../selection.js';
import type { Lang } from './language.js';
import type { MatchCount, Neighbours } from './paging.js';

export interface OverviewMinistry {
  id: string;
  name: string;
  shortName: string;
  /** Other abbreviations in current or former use. */
  abbreviations?: MinistryAbbreviation[];
  /** Stored releases of this ministry. */
  count: number;
}

export interface OverviewTag {
  label: string;
  slug: string;
  count: number;
}

export interface Selection {
  filter: Filter;
  /** Tag slug → label as published, for the tags of the filter. */
  tagLabels: ReadonlyMap<string, string>;
  matches: MatchCount;
  /** Cursor of the next older page; undefined on the oldest. */
  older?: string;
  position: Neighbours;
}

/** Everything the overview shows; the caller reads it from the store and config. */
export interface OverviewData {
  lang: Lang;
  /** e.g. "http://127.0.0.1:8080", no trailing slash; every link is absolute under it. */
  baseUrl: string;
  /** hessenfeed version for the footer. */
  version: string;
  /** The releases of this page of the selection, newest first (PAGE_SIZE). */
  items: Item[];
  /** What the list shows: the selection (`limit` is the page size, `before` this page). */
  selection: Selection;
  /** The language was asked for by `?lang=`: page links keep it. */
  langParam?: Lang;
  /** Number of stored releases. */
  total: number;
  /** All ministries, in config order. */
  ministries: OverviewMinistry[];
  /** Most used first; may be hundreds. */
  tags: OverviewTag[];
  /** ISO instant of the last store change. */
  lastChanged?: string;
  /**
   * For static hosting (`export --out`): no filter form, script or API links. A static host
   * ignores queries, so a filtered address would silently serve the merged feed.
   */
  staticCopy?: boolean;
}
