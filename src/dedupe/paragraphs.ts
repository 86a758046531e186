/**
 * Paragraph hashes: the second way to find a copy, beside SimHash bands. A short release that is
 * republished with a block appended (press contact, "Über …") is wholly contained in its copy but
 * lies past the SimHash gate; its paragraphs, hashed one by one, still lead to it.
 */
import { createHash } from 'node:crypto';
import { wordsOf } from './normalize-text.js';

/**
 * Paragraphs shorter than this many words are not indexed: "Foto: HMSI" or "Lesedauer: 3 Minuten"
 * is under many unrelated releases and leads nowhere.
 */
export const PARAGRAPH_MIN_WORDS = 8;

/**
 * 16 hex digits per distinct paragraph of `text` (blocks split at line breaks, as extraction
 * writes them) with at least PARAGRAPH_MIN_WORDS words, in text order. Hashed over the words
 * for identity, so typography and ae/oe/ue/ss spellings do not change a paragraph's hash.
 */
export function paragraphHashes(text: string): string[] {
  const hashes = new Set<string>();
  for (const block of text.split(/\n+/u)) {
    const words = wordsOf(block);
    if (words.length < PARAGRAPH_MIN_WORDS) continue;
    hashes.add(createHash('sha1').update(words.join(' ')).digest('hex').slice(0, 16));
  }
  return [...hashes];
}
