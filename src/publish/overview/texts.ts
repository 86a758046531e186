/**
 * Every word the overview shows, in German (the page's language) and English. Functions where a
 * number or a name goes into the sentence; the numbers arrive already formatted.
 */
import type { Lang } from './language.js';

export interface Texts {
  title: string;
  tagline: string;
  skipToContent: string;
  navLabel: string;
  releases: (count: number, formatted: string) => string;
  storedReleases: (count: number, formatted: string) => string;
  lastChanged: string;
  subscribeAll: string;
  opml: string;
  newest: string;
  newestEmpty: string;
  ministries: string;
  ministriesIntro: string;
  subscribeTo: (name: string) => string;
  tags: string;
  tagsIntro: string;
  tagsEmpty: string;
  moreTags: (count: number, formatted: string) => string;
  itemTags: string;
  filter: string;
  filterIntro: string;
  filterMinistries: string;
  filterTags: string;
  filterTagsHint: string;
  filterExcludeTags: string;
  filterQuery: string;
  filterQueryHint: string;
  filterFormat: string;
  submit: string;
  feedUrl: string;
  copy: string;
  copied: string;
  copyFailed: string;
  api: string;
  staticCopy: string;
  version: (version: string) => string;
  // Selection pages
  results: string;
  matches: (count: number, formatted: string, exact: boolean) => string;
  noMatches: string;
  pageOf: (page: string, pages: string) => string;
  pagingLabel: string;
  newer: string;
  older: string;
  firstPage: string;
  activeFilters: string;
  removeFilter: (label: string) => string;
  clearFilters: string;
  chipMinistry: string;
  chipTag: string;
  chipExcludeTag: string;
  chipQuery: string;
  subscribeSelection: string;
  subscribeNote: string;
  opmlSelection: string;
  search: string;
  show: string;
  original: string;
  // Release pages
  published: string;
  updated: string;
  addresses: string;
  addressesIntro: string;
  mainCopy: string;
  seenBy: string;
  imageAlt: (title: string) => string;
  imageCredit: string;
  toOverview: string;
  subscribeMinistry: string;
  notOnSite: string;
  corrections: string;
  correctionsIntro: string;
  correctedAt: string;
  titleLabel: string;
}

const DE: Texts = {
  title: 'Pressemitteilungen der Hessischen Landesregierung',
  tagline:
    'Alle Pressemitteilungen der hessischen Ministerien in einem Feed: mit vollem Text, jede Meldung nur einmal, ' +
    'filterbar nach Ministerium, Schlagwort und Suchwörtern.',
  skipToContent: 'Zum Inhalt springen',
  navLabel: 'Bereiche dieser Seite',
  releases: (count, formatted) => `${formatted} ${count === 1 ? 'Meldung' : 'Meldungen'}`,
  storedReleases: (count, formatted) => `${formatted} ${count === 1 ? 'Pressemitteilung' : 'Pressemitteilungen'} gespeichert`,
  lastChanged: 'zuletzt geändert',
  subscribeAll: 'Alle Meldungen abonnieren',
  opml: 'OPML zum Import in einen Feedreader',
  newest: 'Neueste Meldungen',
  newestEmpty:
    'Noch keine Pressemitteilungen gespeichert. Sobald die Quellen abgerufen sind, erscheinen die Meldungen hier; ' +
    'die Feeds können Sie schon jetzt abonnieren.',
  ministries: 'Ministerien',
  ministriesIntro: 'Jedes Ministerium als eigener Feed.',
  subscribeTo: (name) => `${name} abonnieren`,
  tags: 'Schlagworte',
  tagsIntro: 'Die Schlagworte stammen aus „Schlagworte zum Thema“ unter jeder Pressemitteilung. Die häufigsten zuerst.',
  tagsEmpty: 'Noch keine Schlagworte. Sie erscheinen mit den ersten Pressemitteilungen.',
  moreTags: (count, formatted) => `${count === 1 ? 'Ein weiteres Schlagwort' : `Alle weiteren ${formatted} Schlagworte`} (A–Z)`,
  itemTags: 'Schlagworte',
  filter: 'Feed-Adresse erstellen',
  filterIntro: 'Wählen Sie aus, was Ihr Feed enthalten soll. Ohne Auswahl enthält er alle Meldungen.',
  filterMinistries: 'Ministerien',
  filterTags: 'Schlagworte',
  filterTagsHint: 'Mehrere durch Komma trennen, z. B. „Integration, Digitalisierung“.',
  filterExcludeTags: 'Ohne diese Schlagworte',
  filterQuery: 'Suchwörter',
  filterQueryHint: 'Meldungen, die alle diese Wörter enthalten.',
  filterFormat: 'Format',
  submit: 'Feed abonnieren',
  feedUrl: 'Feed-Adresse',
  copy: 'Kopieren',
  copied: 'Adresse kopiert.',
  copyFailed: 'Kopieren nicht möglich; bitte die Adresse markieren und kopieren.',
  api: 'JSON-API',
  staticCopy:
    'Dies ist eine statische Kopie mit den neuesten Meldungen jedes Feeds oben. Kombinierte Filter, Suchwörter, ' +
    'ältere Seiten und die JSON-API bietet ein laufender hessenfeed-Server.',
  version: (version) => `hessenfeed ${version}`,
  results: 'Gefundene Meldungen',
  matches: (count, formatted, exact) => `${exact ? '' : 'mehr als '}${formatted} ${count === 1 && exact ? 'Meldung' : 'Meldungen'}`,
  noMatches: 'Keine Meldung passt zu dieser Auswahl. Entfernen Sie einen Filter oder suchen Sie mit anderen Wörtern.',
  pageOf: (page, pages) => `Seite ${page} von ${pages}`,
  pagingLabel: 'Seiten',
  newer: 'Neuere Meldungen',
  older: 'Ältere Meldungen',
  firstPage: 'Zu den neuesten',
  activeFilters: 'Aktive Filter (zum Entfernen anklicken)',
  removeFilter: (label) => `Filter entfernen: ${label}`,
  clearFilters: 'Alle Filter entfernen',
  chipMinistry: 'Ministerium',
  chipTag: 'Schlagwort',
  chipExcludeTag: 'ohne Schlagwort',
  chipQuery: 'Suche',
  subscribeSelection: 'Diese Auswahl abonnieren',
  subscribeNote:
    'Fügen Sie eine dieser Adressen in Ihren Feedreader ein (z. B. Miniflux, FreshRSS, Thunderbird): ' +
    'er zeigt dann jede neue Meldung dieser Auswahl.',
  opmlSelection: 'Als OPML exportieren',
  search: 'Suchen und filtern',
  show: 'Meldungen anzeigen',
  original: 'Original',
  published: 'Veröffentlicht',
  updated: 'Aktualisiert',
  addresses: 'Fundstellen',
  addressesIntro: 'Diese Pressemitteilung wurde unter diesen Adressen gefunden:',
  mainCopy: 'veröffentlichte Fassung',
  seenBy: 'Gefunden von diesen Quellen',
  imageAlt: (title) => `Bild zur Meldung „${title}“`,
  imageCredit: 'Bild',
  toOverview: 'Alle Pressemitteilungen',
  subscribeMinistry: 'Feed des Ministeriums abonnieren',
  notOnSite: 'ohne Ministerium',
  corrections: 'Korrekturen',
  correctionsIntro:
    'Diese Meldung wurde nach der Veröffentlichung geändert. Gelöschte Wörter stehen in [− …], eingefügte in [+ …]; ' +
    'unveränderte Absätze sind ausgelassen.',
  correctedAt: 'Geändert',
  titleLabel: 'Titel',
};

const EN: Texts = {
  title: 'Press releases of the Hessian state government',
  tagline:
    'Every press release of the Hessian ministries in one feed: full text, each release once, ' +
    'filterable by ministry, tag (Schlagwort) and words.',
  skipToContent: 'Skip to content',
  navLabel: 'Sections of this page',
  releases: (count, formatted) => `${formatted} ${count === 1 ? 'release' : 'releases'}`,
  storedReleases: (count, formatted) => `${formatted} press ${count === 1 ? 'release' : 'releases'} stored`,
  lastChanged: 'last changed',
  subscribeAll: 'Subscribe to all releases',
  opml: 'OPML for importing into a feed reader',
  newest: 'Latest releases',
  newestEmpty:
    'No press releases stored yet. They appear here as soon as the sources have been polled; ' +
    'you can subscribe to the feeds already.',
  ministries: 'Ministries',
  ministriesIntro: 'Every ministry as a feed of its own.',
  subscribeTo: (name) => `Subscribe to ${name}`,
  tags: 'Tags (Schlagworte)',
  tagsIntro: 'Tags come from “Schlagworte zum Thema” below every press release. Most used first.',
  tagsEmpty: 'No tags yet. They appear with the first press releases.',
  moreTags: (count, formatted) => `${count === 1 ? 'One more tag' : `All ${formatted} more tags`} (A–Z)`,
  itemTags: 'Tags',
  filter: 'Build a feed address',
  filterIntro: 'Choose what your feed should contain. Without a choice it contains every release.',
  filterMinistries: 'Ministries',
  filterTags: 'Tags',
  filterTagsHint: 'Separate several with commas, e.g. “Integration, Digitalisierung”.',
  filterExcludeTags: 'Without these tags',
  filterQuery: 'Words',
  filterQueryHint: 'Releases that contain all of these words.',
  filterFormat: 'Format',
  submit: 'Subscribe to feed',
  feedUrl: 'Feed address',
  copy: 'Copy',
  copied: 'Address copied.',
  copyFailed: 'Copying is not possible here; please select the address and copy it.',
  api: 'JSON API',
  staticCopy:
    'This is a static copy holding the newest releases of each feed above. Combined filters, search words, ' +
    'older pages and the JSON API come with a running hessenfeed server.',
  version: (version) => `hessenfeed ${version}`,
  results: 'Matching releases',
  matches: (count, formatted, exact) => `${exact ? '' : 'more than '}${formatted} ${count === 1 && exact ? 'release' : 'releases'}`,
  noMatches: 'No release matches this selection. Remove a filter or search for other words.',
  pageOf: (page, pages) => `Page ${page} of ${pages}`,
  pagingLabel: 'Pages',
  newer: 'Newer releases',
  older: 'Older releases',
  firstPage: 'To the newest',
  activeFilters: 'Active filters (click to remove)',
  removeFilter: (label) => `Remove filter: ${label}`,
  clearFilters: 'Remove all filters',
  chipMinistry: 'Ministry',
  chipTag: 'Tag',
  chipExcludeTag: 'without tag',
  chipQuery: 'Search',
  subscribeSelection: 'Subscribe to this selection',
  subscribeNote:
    'Paste one of these addresses into your feed reader (e.g. Miniflux, FreshRSS, Thunderbird): ' +
    'it then shows every new release of this selection.',
  opmlSelection: 'Export as OPML',
  search: 'Search and filter',
  show: 'Show releases',
  original: 'Original',
  published: 'Published',
  updated: 'Updated',
  addresses: 'Addresses',
  addressesIntro: 'This press release was found at these addresses:',
  mainCopy: 'published copy',
  seenBy: 'Found by these sources',
  imageAlt: (title) => `Image for the release “${title}”`,
  imageCredit: 'Image',
  toOverview: 'All press releases',
  subscribeMinistry: 'Subscribe to the ministry’s feed',
  notOnSite: 'no ministry',
  corrections: 'Corrections',
  correctionsIntro:
    'This release was changed after it was published. Deleted words are shown in [− …], inserted ones in [+ …]; ' +
    'unchanged paragraphs are left out.',
  correctedAt: 'Changed',
  titleLabel: 'Title',
};

export const TEXTS: Record<Lang, Texts> = { de: DE, en: EN };

const NUMBER_FORMATS: Record<Lang, Intl.NumberFormat> = {
  de: new Intl.NumberFormat('de-DE'),
  en: new Intl.NumberFormat('en-GB'),
};

/** `1.234` in German, `1,234` in English. */
export function formatCount(count: number, lang: Lang): string {
  return NUMBER_FORMATS[lang].format(count);
}
