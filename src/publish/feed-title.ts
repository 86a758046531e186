/** Feed titles that say what a subscriber selected, so several subscriptions stay apart in a reader. */

const BASE_TITLE = 'Hessische Landesregierung – Pressemitteilungen';
const SEPARATOR = ' · ';
/** Search words come from the URL; a pasted paragraph must not become a paragraph-long title. */
const MAX_QUERY_CHARS = 80;

export interface FeedTitleFilter {
  ministryNames?: string[];
  tagLabels?: string[];
  excludedTagLabels?: string[];
  q?: string;
}

/**
 * "Hessische Landesregierung – Pressemitteilungen", followed by one part per active filter:
 * "· Ministerium: …", "· Schlagwort: …", "· ohne Schlagwort: …", "· Suche: …". Plural forms when
 * several values are given; empty and repeated values are ignored.
 */
export function feedTitle(filter: FeedTitleFilter): string {
  const parts = [
    labelledPart('Ministerium', 'Ministerien', filter.ministryNames),
    labelledPart('Schlagwort', 'Schlagworte', filter.tagLabels),
    labelledPart('ohne Schlagwort', 'ohne Schlagworte', filter.excludedTagLabels),
    queryPart(filter.q),
  ].filter((part): part is string => part !== undefined);
  return [BASE_TITLE, ...parts].join(SEPARATOR);
}

function labelledPart(singular: string, plural: string, values: string[] | undefined): string | undefined {
  const distinct = [...new Set((values ?? []).map(collapseWhitespace).filter((value) => value !== ''))];
  if (distinct.length === 0) return undefined;
  return `${distinct.length === 1 ? singular : plural}: ${distinct.join(', ')}`;
}

function queryPart(q: string | undefined): string | undefined {
  const query = collapseWhitespace(q ?? '');
  if (query === '') return undefined;
  const shortened = [...query].length > MAX_QUERY_CHARS ? `${[...query].slice(0, MAX_QUERY_CHARS).join('').trimEnd()}…` : query;
  return `Suche: ${shortened}`;
}

function collapseWhitespace(value: string): string {
  return value.replace(/\s+/g, ' ').trim();
}
