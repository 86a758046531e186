/**
 * Near-duplicate decision (DESIGN.md §3 rule 3). SimHash finds candidates cheaply; the texts
 * decide. SimHash alone cannot tell "the same release with one sentence added" from "two
 * releases that share two long standard paragraphs" — both are a few bits apart. What tells them
 * apart is the part that is *not* shared: a copy has (almost) nothing the original lacks on at
 * least one side, while two different releases each have their own news.
 */
import { identityText, wordsOf } from './normalize-text.js';
import { SHINGLE_SIZE, shinglesOfWords } from './shingles.js';
import { hammingDistance } from './simhash.js';

/**
 * Hamming distance up to which two texts are compared at all. One added sentence moves the
 * SimHash of a 300-word release by 2–8 bits and of a 150-word one by up to ~12, while unrelated
 * texts sit near 32 (P(≤ 12) ≈ 2·10⁻⁷), so 12 keeps copies and still rules out noise.
 */
export const NEAR_DUPLICATE_MAX_DISTANCE = 12;
/** Without texts to compare, only hashes this close count as the same release. */
export const HASH_ONLY_MAX_DISTANCE = 3;
/** A text "has its own content" when it has at least this many words the other text lacks … */
export const MIN_OWN_WORDS = 8;
/** … and at least this share of its words (so a caption in a long release does not count). */
export const OWN_FRACTION = 0.05;
/**
 * Two releases from one template ("Förderbescheid über 250.000 Euro für die Gemeinde …") share
 * all but the 7–9 words that name who gets how much where: too few for the rule above. With
 * different titles, this many own words on both sides already makes them two releases; a
 * correction of one number keeps its title and still updates in place.
 */
export const TEMPLATE_OWN_WORDS = 3;

export interface TextComparison {
  /** Word counts of the two texts. */
  wordsA: number;
  wordsB: number;
  /** Words of A (resp. B) not covered by any shingle the other text also has. */
  ownA: number;
  ownB: number;
}

export interface NearDuplicateOptions {
  maxDistance?: number;
  hashOnlyMaxDistance?: number;
  minOwnWords?: number;
  ownFraction?: number;
}

export interface NearDuplicateSubject {
  simhash: string;
  /** Body text (raw or normalized). Without it only the hash is compared, strictly. */
  text?: string;
  /** Title; two texts of one template with different titles are different releases. */
  title?: string;
}

/** Counts the words of `words` that no shingle shared with `other` covers. */
function countOwnWords(words: readonly string[], keys: readonly string[], other: ReadonlySet<string>): number {
  const covered = new Uint8Array(words.length);
  const span = Math.min(SHINGLE_SIZE, words.length);
  keys.forEach((key, start) => {
    if (other.has(key)) covered.fill(1, start, start + span);
  });
  return covered.length - covered.reduce((sum, c) => sum + c, 0);
}

/** Measures what each of two texts has that the other lacks, in words. */
export function compareTexts(a: string, b: string): TextComparison {
  const wordsA = wordsOf(a);
  const wordsB = wordsOf(b);
  const keysA = shinglesOfWords(wordsA);
  const keysB = shinglesOfWords(wordsB);
  return {
    wordsA: wordsA.length,
    wordsB: wordsB.length,
    ownA: countOwnWords(wordsA, keysA, new Set(keysB)),
    ownB: countOwnWords(wordsB, keysB, new Set(keysA)),
  };
}

function hasOwnContent(own: number, words: number, minOwnWords: number, ownFraction: number): boolean {
  return own >= Math.max(minOwnWords, ownFraction * words);
}

/** True when the titles, compared as identity text, are two different titles. */
function haveDifferentTitles(a: NearDuplicateSubject, b: NearDuplicateSubject): boolean {
  if (a.title === undefined || b.title === undefined) return false;
  return identityText(a.title) !== identityText(b.title);
}

/** Sister releases of one template: own words (names, sums, places) on both sides and their own titles. */
function isTemplateSibling(a: NearDuplicateSubject, b: NearDuplicateSubject, c: TextComparison): boolean {
  return c.ownA >= TEMPLATE_OWN_WORDS && c.ownB >= TEMPLATE_OWN_WORDS && haveDifferentTitles(a, b);
}

/**
 * One whole text is inside the other: every word of the shorter is covered by shared shingles. A
 * short release republished with a press contact block appended is this, even though the block
 * moves its SimHash 14–16 bits, past any distance that still rules out noise.
 */
export function isContainment(c: TextComparison): boolean {
  return (c.ownA === 0 && c.wordsA > 0) || (c.ownB === 0 && c.wordsB > 0);
}

/**
 * True when `a` and `b` are the same release: SimHashes within `maxDistance` bits (or one text
 * wholly contained in the other), not both texts carrying content of their own, and not two
 * template releases with their own titles. Without both texts, the hashes must be within
 * `hashOnlyMaxDistance` bits.
 */
export function isNearDuplicate(a: NearDuplicateSubject, b: NearDuplicateSubject, opts: NearDuplicateOptions = {}): boolean {
  const distance = hammingDistance(a.simhash, b.simhash);
  if (a.text === undefined || b.text === undefined) {
    return distance <= (opts.hashOnlyMaxDistance ?? HASH_ONLY_MAX_DISTANCE);
  }
  const c = compareTexts(a.text, b.text);
  if (distance > (opts.maxDistance ?? NEAR_DUPLICATE_MAX_DISTANCE)) return isContainment(c);
  if (isTemplateSibling(a, b, c)) return false;
  const minOwn = opts.minOwnWords ?? MIN_OWN_WORDS;
  const fraction = opts.ownFraction ?? OWN_FRACTION;
  return !(hasOwnContent(c.ownA, c.wordsA, minOwn, fraction) && hasOwnContent(c.ownB, c.wordsB, minOwn, fraction));
}
