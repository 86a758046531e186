import { wordsOf } from './normalize-text.js';

/** Words per shingle. Three is long enough that shared function words do not look like shared text. */
export const SHINGLE_SIZE = 3;

/**
 * Overlapping word n-grams of `words`, in text order (repeats kept). A text shorter than one
 * shingle yields itself as a single shingle so it still has an identity.
 */
export function shinglesOfWords(words: readonly string[], size = SHINGLE_SIZE): string[] {
  if (words.length === 0) return [];
  if (words.length <= size) return [words.join(' ')];
  const shingles: string[] = [];
  for (let i = 0; i + size <= words.length; i++) shingles.push(words.slice(i, i + size).join(' '));
  return shingles;
}

/** Word shingles of the normalized text. */
export function shinglesOf(text: string, size = SHINGLE_SIZE): string[] {
  return shinglesOfWords(wordsOf(text), size);
}
