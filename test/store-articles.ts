/** Articles for the store tests, built from the realistic release texts in dedupe-texts.ts. */
import { slugify, type Article, type Tag } from '../src/model/index.js';
import { KASSEL_SITZUNG, SEED, WIR_PROGRAMM, bodyOf, type ReleaseText } from './dedupe-texts.js';

export function tags(...labels: string[]): Tag[] {
  return labels.map((label) => ({ label, slug: slugify(label) }));
}

export function htmlOf(text: string): string {
  return text
    .split(/\n\s*\n/u)
    .map((p) => `<p>${p}</p>`)
    .join('\n');
}

/** An article as scrape hands it to ingest; `url` doubles as canonicalUrl unless given. */
export function makeArticle(url: string, overrides: Partial<Article> = {}, release: ReleaseText = SEED): Article {
  const text = overrides.text ?? bodyOf(release);
  return {
    url,
    canonicalUrl: url,
    title: release.title,
    dateline: release.dateline,
    contentHtml: htmlOf(text),
    text,
    tags: [],
    extractedBy: 'profile',
    ...overrides,
  };
}

/** Deterministic pseudo-random numbers (mulberry32), so generated releases are the same every run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Generic nouns; the fixtures' names and places stay out so word searches can target them. */
const NOUNS = ['Land', 'Ministerium', 'Förderung', 'Projekt', 'Jahr', 'Kommunen', 'Menschen', 'Programm', 'Bericht', 'Landesregierung', 'Verwaltung', 'Vereine', 'Schulen', 'Mittel', 'Beratung', 'Angebot'];

/** Lower-case words of the fixture releases (verbs, adjectives, function words) plus the nouns above. */
const VOCABULARY = [
  ...new Set([
    ...NOUNS,
    ...[SEED, WIR_PROGRAMM, KASSEL_SITZUNG]
      .flatMap((r) => r.paragraphs)
      .join(' ')
      .split(/[^\p{L}\p{N}-]+/u)
      .filter((w) => w.length > 2 && /^\p{Ll}/u.test(w) && w !== 'frühkindliche'),
  ]),
];

/** A made-up but German-looking release body of `sentences` sentences; distinct per random stream. */
export function generateBody(random: () => number, sentences = 20): string {
  const out: string[] = [];
  for (let s = 0; s < sentences; s++) {
    const length = 8 + Math.floor(random() * 9);
    const words = Array.from({ length }, () => VOCABULARY[Math.floor(random() * VOCABULARY.length)]!);
    out.push(`${words.join(' ')}.`);
  }
  return out.join(' ');
}

export function shuffle<T>(values: T[], random: () => number): T[] {
  const copy = [...values];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}
