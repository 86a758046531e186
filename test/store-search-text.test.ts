import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { foldedContainsAllWords, foldForSearch, foldLetters, searchWords } from '../src/store/search-text.js';

const containsAllWords = (haystack: string, words: readonly string[]): boolean => foldedContainsAllWords(foldLetters(haystack), words);

describe('word search folding', () => {
  it('matches across case, umlaut spelling, accents and compounds', () => {
    const text = 'Die FRÜHKINDLICHE Bildung, das Café und die Integrationskonferenz „Straße“ – ﬁnal.';
    for (const q of ['frühkindliche', 'Fruehkindliche bildung', 'cafe', 'CAFÉ', 'integration', 'strasse', 'final']) {
      expect(containsAllWords(text, searchWords(q)), q).toBe(true);
    }
  });

  it('needs every word and does not join words across punctuation or spaces', () => {
    const text = 'Sozial-Ministerium lädt ein';
    expect(containsAllWords(text, searchWords('sozial ministerium'))).toBe(true);
    expect(containsAllWords(text, searchWords('sozialministerium'))).toBe(false);
    expect(containsAllWords(text, searchWords('laedt einladung'))).toBe(false);
    expect(containsAllWords(text, searchWords('ladtein'))).toBe(false);
  });

  it('finds a word exactly when it occurs in the fully folded text', () => {
    // The fast haystack fold skips the punctuation pass; this pins it to the full fold.
    const chars = fc.constantFrom(...'aAäÄoöÖuüÜßsSeéÉ1 -.,„“–\u00ad\u0301ﬁ\n'.split(''));
    const text = fc.array(chars, { maxLength: 40 }).map((cs) => cs.join(''));
    fc.assert(
      fc.property(text, text, (haystack, q) => {
        const words = searchWords(q);
        const reference = ` ${foldForSearch(haystack)} `;
        expect(containsAllWords(haystack, words)).toBe(words.every((word) => reference.includes(word)));
      }),
      { numRuns: 2000 },
    );
  });
});
