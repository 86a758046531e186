/** A small, varied set of releases for the HTTP tests: several ministries, shared and unique tags, searchable words. */
import type { Article } from '../src/model/index.js';
import type { Store } from '../src/store/index.js';
import { generateBody, htmlOf, seededRandom, tags } from './store-articles.js';

export interface CorpusRelease {
  key: string;
  title: string;
  ministryId: Article['ministryId'];
  tags: string[];
  published: string;
  /** Extra words mixed into the body for `q` searches. */
  words?: string;
}

export const CORPUS: CorpusRelease[] = [
  { key: 'preis', title: 'Integrationspreis 2024 verliehen', ministryId: 'soziales', tags: ['Integration', 'Frühkindliche Bildung'], published: '2024-09-23T08:00:00Z' },
  { key: 'kita', title: 'Neue Kitaplätze in ganz Hessen', ministryId: 'kultus', tags: ['Frühkindliche Bildung'], published: '2024-09-24T08:00:00Z' },
  { key: 'polizei', title: 'Mehr Polizei auf dem Land', ministryId: 'innen', tags: ['Sicherheit'], published: '2024-09-25T08:00:00Z', words: 'Die Müllabfuhr bleibt unberührt.' },
  { key: 'wir', title: 'WIR-Programm wird fortgesetzt', ministryId: 'soziales', tags: ['Integration'], published: '2024-09-26T08:00:00Z' },
  { key: 'wind', title: 'Windkraft: Genehmigungen schneller', ministryId: 'wirtschaft', tags: ['Energie'], published: '2024-09-27T08:00:00Z', words: 'Jede Windkraftanlage zählt.' },
  { key: 'europa', title: 'Hessen in Brüssel <stark> & vernetzt', ministryId: 'staatskanzlei', tags: ['Integration', 'Europa'], published: '2024-09-28T08:00:00Z' },
  { key: 'haushalt', title: 'Haushaltsentwurf 2025 vorgelegt', ministryId: 'finanzen', tags: [], published: '2024-09-29T08:00:00Z' },
];

export function corpusArticle(release: CorpusRelease, index: number, origin = 'https://www.hessen.de'): Article {
  const text = `${generateBody(seededRandom(1000 + index), 24)} ${release.words ?? ''}`.trim();
  const url = `${origin}/presse/${release.key}`;
  return {
    url,
    canonicalUrl: url,
    title: release.title,
    ministryId: release.ministryId,
    published: release.published,
    summary: `Kurzfassung: ${release.title}`,
    contentHtml: htmlOf(text),
    text,
    tags: tags(...release.tags),
    extractedBy: 'profile',
  };
}

/** Ingests the corpus; returns item ids by release key. */
export async function ingestCorpus(store: Store, releases: CorpusRelease[] = CORPUS): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for (const [i, release] of releases.entries()) {
    const result = await store.ingest(corpusArticle(release, i), 'portal-presse', new Date('2024-10-01T00:00:00Z'));
    ids.set(release.key, result.itemId);
  }
  return ids;
}
