/**
 * The addresses of the HTML pages, in one place: the selection page (`/` with the feed filters),
 * its aliases `/ministries/<id>` and `/tags/<slug>`, and `/releases/<id>`. A static copy has no
 * queries and needs file names, so there the same pages are `ministries/<id>.html` and so on.
 * A language chosen by `?lang=en` is kept in every page link (Accept-Language needs no help).
 */
import { pathSegment } from '../html.js';
import { filterQuery, withQuery, type Filter } from '../selection.js';
import { FORMATS, type OverviewFeedFormat } from './links.js';

/** Releases per selection page. */
export const PAGE_SIZE = 20;

export interface PageLinkOptions {
  baseUrl: string;
  /** The language came from `?lang=`, so links carry it on. */
  langParam?: 'de' | 'en';
  /** Links between the files of a static copy. */
  staticCopy?: boolean;
}

export class PageLinks {
  constructor(private readonly options: PageLinkOptions) {}

  get baseUrl(): string {
    return this.options.baseUrl;
  }

  /** `/ministries/<id>` (static: `ministries/<id>.html`). */
  ministry(id: string): string {
    return this.page(`/ministries/${pathSegment(id)}`);
  }

  tag(slug: string): string {
    return this.page(`/tags/${pathSegment(slug)}`);
  }

  release(id: string): string {
    return this.page(`/releases/${pathSegment(id)}`);
  }

  /**
   * The selection page of `filter` (its `limit` is the page size); `before` is a page cursor. A
   * selection of exactly one ministry or one tag has its own address; everything else is
   * `/?<canonical query>`. A static copy has only first pages.
   */
  selection(filter: Filter, before?: string): string {
    const alias = aliasOf(filter);
    if (this.options.staticCopy) return alias ? this.aliasPage(alias) : `${this.baseUrl}/index.html`;
    const params = new URLSearchParams(alias ? '' : filterQuery(filter, false));
    if (filter.limit !== PAGE_SIZE) params.set('limit', String(filter.limit));
    if (before !== undefined) params.set('before', before);
    return this.withLang(withQuery(alias ? this.aliasPage(alias) : `${this.baseUrl}/`, params.toString()));
  }

  /**
   * The feed of exactly this selection (no page cursor, default length), at the canonical
   * address the feed names as its self link; a static copy's files for one ministry or tag.
   */
  feed(filter: Filter, format: OverviewFeedFormat): string {
    const alias = this.options.staticCopy ? aliasOf(filter) : undefined;
    const extension = FORMATS.find((f) => f.format === format)!.format;
    if (alias) return `${this.baseUrl}/${alias.kind === 'ministry' ? 'ministries' : 'tags'}/${pathSegment(alias.value)}.${extension}`;
    return withQuery(`${this.baseUrl}/feed.${extension}`, filterQuery(filter, false));
  }

  private aliasPage(alias: Alias): string {
    return alias.kind === 'ministry' ? this.page(`/ministries/${pathSegment(alias.value)}`, false) : this.page(`/tags/${pathSegment(alias.value)}`, false);
  }

  private page(path: string, lang = true): string {
    if (this.options.staticCopy) return `${this.baseUrl}${path}.html`;
    return lang ? this.withLang(`${this.baseUrl}${path}`) : `${this.baseUrl}${path}`;
  }

  private withLang(url: string): string {
    if (!this.options.langParam) return url;
    return `${url}${url.includes('?') ? '&' : '?'}lang=${this.options.langParam}`;
  }
}

interface Alias {
  kind: 'ministry' | 'tag';
  value: string;
}

/** A selection that is exactly one ministry or exactly one tag. */
function aliasOf(filter: Filter): Alias | undefined {
  const others = filter.excludeTags.length > 0 || filter.q !== undefined;
  if (others) return undefined;
  if (filter.ministries.length === 1 && filter.tags.length === 0) return { kind: 'ministry', value: filter.ministries[0]! };
  if (filter.tags.length === 1 && filter.ministries.length === 0) return { kind: 'tag', value: filter.tags[0]! };
  return undefined;
}

/** The links of a page with this base URL, language choice and kind (server or static copy). */
export function pageLinksFor(data: { baseUrl: string; langParam?: 'de' | 'en'; staticCopy?: boolean }): PageLinks {
  return new PageLinks({
    baseUrl: data.baseUrl,
    ...(data.langParam ? { langParam: data.langParam } : {}),
    ...(data.staticCopy ? { staticCopy: true } : {}),
  });
}
