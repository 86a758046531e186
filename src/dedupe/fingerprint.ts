import { createHash } from 'node:crypto';
import { identityText, wordsOfIdentityText } from './normalize-text.js';
import { simhashOfWords } from './simhash.js';

/** sha1 hex of the identity text: equal for copies that differ only in typography or in ae/oe/ue/ss for ä/ö/ü/ß. */
export function contentFingerprint(text: string): string {
  return fingerprintOfIdentityText(identityText(text));
}

function fingerprintOfIdentityText(identity: string): string {
  return createHash('sha1').update(identity).digest('hex');
}

export interface TextIdentity {
  /** How many words (wordsOf) the text has. */
  words: number;
  /** contentFingerprint of the text. */
  fingerprint: string;
  /** simhash64 of the text. */
  simhash: string;
}

/** A text's words, fingerprint and SimHash at once, normalizing and folding it once instead of for each. */
export function textIdentity(text: string): TextIdentity {
  const identity = identityText(text);
  const words = wordsOfIdentityText(identity);
  return { words: words.length, fingerprint: fingerprintOfIdentityText(identity), simhash: simhashOfWords(words) };
}
