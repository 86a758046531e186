/** Items and feed inputs for the publish tests, built directly from the model types (no store). */
import type { Item } from '../src/model/index.js';
import type { FeedInput } from '../src/publish/index.js';

export const BASE_URL = 'http://127.0.0.1:8080';

export const MINISTRIES: FeedInput['ministries'] = new Map([
  ['soziales', { name: 'Hessisches Ministerium für Arbeit, Integration, Jugend und Soziales' }],
  ['staatskanzlei', { name: 'Hessische Staatskanzlei' }],
  ['kultus', { name: 'Hessisches Ministerium für Kultus, Bildung und Chancen' }],
]);

export function makeItem(overrides: Partial<Item> = {}): Item {
  return {
    id: 'a1b2c3',
    url: 'https://soziales.hessen.de/presse/integrationskonferenz-2024',
    urls: [
      'https://soziales.hessen.de/presse/integrationskonferenz-2024',
      'https://www.hessen.de/presse/integrationskonferenz-2024',
    ],
    title: 'Integrationskonferenz 2024: Vielfalt stärkt Hessen',
    ministryId: 'soziales',
    dateline: 'Hessisches Ministerium für Arbeit, Integration, Jugend und Soziales',
    tags: [
      { label: 'Integration', slug: 'integration' },
      { label: 'Frühkindliche Bildung', slug: 'fruehkindliche-bildung' },
    ],
    published: '2024-09-23T10:00:00+02:00',
    updated: '2024-09-24T09:30:00+02:00',
    summary: 'Rund 300 Gäste diskutierten in Wiesbaden über Teilhabe.',
    contentHtml: '<p>Rund 300 Gäste diskutierten in <a href="https://www.wiesbaden.de/">Wiesbaden</a>.</p><h2>Ergebnisse</h2><p>Mehr Sprachkurse &amp; Beratung.</p>',
    imageUrl: 'https://soziales.hessen.de/sites/default/files/konferenz.jpg',
    fingerprint: 'da39a3ee5e6b4b0d3255bfef95601890afd80709',
    simhash: '0f0f0f0f0f0f0f0f',
    sources: ['soziales-presse', 'hessen-presse'],
    firstSeen: '2024-09-23T08:05:00Z',
    lastChanged: '2024-09-24T07:30:00Z',
    ...overrides,
  };
}

/** Three releases, newest first, from two ministries and one issuer unknown to the registry. */
export function makeItems(): Item[] {
  return [
    makeItem(),
    makeItem({
      id: 'd4e5f6',
      url: 'https://staatskanzlei.hessen.de/presse/kabinett-beschliesst-haushalt',
      urls: ['https://staatskanzlei.hessen.de/presse/kabinett-beschliesst-haushalt'],
      title: 'Kabinett beschließt Haushaltsentwurf',
      ministryId: 'staatskanzlei',
      dateline: 'Hessische Staatskanzlei',
      tags: [{ label: 'Haushalt', slug: 'haushalt' }],
      published: '2024-09-20T12:00:00Z',
      updated: '2024-09-20T12:00:00Z',
      summary: 'Der Entwurf sieht Investitionen vor.',
      contentHtml: '<p>Der Entwurf sieht Investitionen vor.</p>',
    }),
    makeItem({
      id: 'g7h8i9',
      url: 'https://www.polizei.hessen.de/presse/verkehrsunfall',
      urls: ['https://www.polizei.hessen.de/presse/verkehrsunfall'],
      title: 'Verkehrsunfall auf der A5',
      ministryId: undefined,
      dateline: 'Polizeipräsidium Südhessen',
      tags: [],
      published: '2024-09-19T06:00:00Z',
      updated: '2024-09-19T06:00:00Z',
      summary: undefined,
      contentHtml: '<p>Keine Verletzten.</p>',
    }),
  ];
}

export function makeInput(items: Item[], overrides: Partial<FeedInput> = {}): FeedInput {
  return {
    title: 'Hessische Landesregierung – Pressemitteilungen',
    description: 'Alle Pressemitteilungen der Hessischen Landesregierung im Volltext',
    selfUrl: `${BASE_URL}/feed.atom?tag=integration&limit=50`,
    alternateUrl: `${BASE_URL}/?tag=integration`,
    nextUrl: `${BASE_URL}/feed.atom?tag=integration&limit=50&before=1726826400000`,
    feedId: 'tag:hessenfeed,2024:feed:tag=integration',
    baseUrl: BASE_URL,
    items,
    ministries: MINISTRIES,
    generator: { name: 'hessenfeed', version: '0.1.0', uri: 'https://github.com/example/hessenfeed' },
    ...overrides,
  };
}
