/**
 * Generated releases for the benchmarks that fill a store directly (the `feeds` and `serve`
 * parts): deterministic per index, spread over the ministries round-robin, with Schlagworte
 * drawn from a vocabulary and a body of German-looking sentences (test/store-articles.ts).
 */
import { MINISTRY_IDS, slugify, type Article } from '../src/model/index.js';
import type { Store } from '../src/store/index.js';
import { generateBody, htmlOf, seededRandom } from '../test/store-articles.js';

export const TAG_LABELS = [
  'Integration', 'Frühkindliche Bildung', 'Rassismus', 'Ehrenamt', 'Klimaschutz', 'Digitalisierung', 'Polizei',
  'Sicherheit', 'Haushalt', 'Schule', 'Hochschule', 'Forschung', 'Kultur', 'Wohnen', 'Verkehr', 'Radverkehr',
  'Landwirtschaft', 'Wald', 'Gesundheit', 'Pflege', 'Sport', 'Familien', 'Jugend', 'Arbeit', 'Ausbildung',
  'Fachkräfte', 'Europa', 'Kommunen', 'Justiz', 'Katastrophenschutz', 'Energie', 'Wasserstoff', 'Tourismus',
  'Denkmalschutz', 'Verbraucherschutz', 'Tierschutz', 'Ganztag', 'Kinderschutz', 'Wirtschaft', 'Innovation',
];

const REGIONS = ['Nordhessen', 'Mittelhessen', 'Südhessen', 'Rhein-Main', 'Osthessen', 'Wetterau', 'Odenwald', 'Taunus'];

/** `count` Schlagworte: the labels above, then the same with a region ("Integration Nordhessen"). */
export function tagVocabulary(count: number): string[] {
  const max = TAG_LABELS.length * (REGIONS.length + 1);
  if (count > max) throw new Error(`at most ${max} generated tags, not ${count}`);
  return Array.from({ length: count }, (_, k) => {
    const base = TAG_LABELS[k % TAG_LABELS.length]!;
    return k < TAG_LABELS.length ? base : `${base} ${REGIONS[Math.floor(k / TAG_LABELS.length) - 1]!}`;
  });
}

export interface ReleaseShape {
  /** Seeds start here; two shapes with different bases make different releases. */
  seed: number;
  tags: readonly string[];
  /** Index into `tags` from a uniform random number in [0, 1). */
  pickTag: (r: number) => number;
  /** Body sentences of one release. */
  sentences: (random: () => number) => number;
  /** Every this many releases mentions a wind farm (a rare word for searches). */
  rareEvery: number;
}

/** The `feeds` part's releases: about 20 sentences, 1–3 of 40 tags drawn evenly. */
export const FEEDS_SHAPE: ReleaseShape = {
  seed: 90_000,
  tags: TAG_LABELS,
  pickTag: (r) => Math.floor(r * TAG_LABELS.length),
  sentences: (random) => 16 + Math.floor(random() * 10),
  rareEvery: 50,
};

/** A generated release, deterministic per index and shape. */
export function benchArticle(i: number, shape: ReleaseShape = FEEDS_SHAPE): Article {
  const random = seededRandom(shape.seed + i);
  // Every rareEvery-th release mentions a wind farm: a word search that matches few items must scan them all.
  const text = generateBody(random, shape.sentences(random)) + (i % shape.rareEvery === 0 ? ' Der Windpark im Vogelsberg geht ans Netz.' : '');
  const ministryId = MINISTRY_IDS[i % MINISTRY_IDS.length]!;
  const labels = [...new Set(Array.from({ length: 1 + Math.floor(random() * 3) }, () => shape.tags[shape.pickTag(random())]!))];
  const url = `https://${ministryId}.hessen.de/presse/bench-meldung-${i}`;
  return {
    url,
    canonicalUrl: url,
    title: `Meldung ${i}: ${text.slice(0, 60).replace(/\s+\S*$/, '')}`,
    ministryId,
    published: new Date(Date.UTC(2024, 0, 1) + i * 3_600_000).toISOString(),
    summary: text.slice(0, 160),
    contentHtml: htmlOf(text),
    text,
    tags: labels.map((label) => ({ label, slug: slugify(label) })),
    extractedBy: 'profile',
  };
}

/** Ingests `articles(0)` … `articles(count - 1)`, `concurrency` at a time; resolves with the ms taken. */
export async function ingestAll(store: Store, articles: (i: number) => Article, count: number, concurrency: number): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) await store.ingest(articles(next++), 'bench');
    }),
  );
  return performance.now() - started;
}
