import { createHash } from 'node:crypto';
import { normalizeText, wordsOfNormalized } from './normalize-text.js';
import { simhashOfWords } from './simhash.js';

/** sha1 hex of the normalized text: equal for copies that differ only in typography. */
export function contentFingerprint(text: string): string {
  return fingerprintOfNormalized(normalizeText(text));
}

function fingerprintOfNormalized(normalized: string): string {
  return createHash('sha1').update(normalized).digest('hex');
}

export interface TextIdentity {
  /** How many words (wordsOf) the text has. */
  words: number;
  /** contentFingerprint of the text. */
  fingerprint: string;
  /** simhash64 of the text. */
  simhash: string;
}

/** A text's words, fingerprint and SimHash at once, normalizing it once instead of for each. */
export function textIdentity(text: string): TextIdentity {
  const normalized = normalizeText(text);
  const words = wordsOfNormalized(normalized);
  return { words: words.length, fingerprint: fingerprintOfNormalized(normalized), simhash: simhashOfWords(words) };
}
