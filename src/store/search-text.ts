/**
 * Word search that forgives case and umlaut spelling: "Frühkindliche", "fruehkindliche" and
 * "FRÜHKINDLICHE" fold to the same letters. Words match inside longer words, which German
 * compounds need ("Integration" finds "Integrationskonferenz").
 */

const UMLAUTS: Record<string, string> = { ä: 'ae', ö: 'oe', ü: 'ue', ß: 'ss' };

/** Case, compatibility forms, umlauts and accents folded; punctuation and spacing left as they are. */
export function foldLetters(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[äöüß]/g, (letter) => UMLAUTS[letter] ?? letter)
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '');
}

/** Folded letters with every run of other characters turned into one space. */
export function foldForSearch(text: string): string {
  return foldLetters(text)
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** The folded words of a query; empty when it has none. */
export function searchWords(q: string): string[] {
  const folded = foldForSearch(q);
  return folded ? folded.split(' ') : [];
}

/**
 * What `q` searches in an item: its title, summary and text, letters folded. Stored beside the
 * text at ingest, so a search reads one string per item and folds nothing.
 */
export function searchText(item: { title: string; summary?: string }, text: string): string {
  return foldLetters(`${item.title}\n${item.summary ?? ''}\n${text}`);
}

/**
 * Whether every word (from `searchWords`: letters and digits only) occurs in a text folded by
 * `foldLetters`/`searchText`. A word of letters and digits occurs in a text exactly when it occurs
 * in that text with its punctuation turned into spaces, so the haystack needs no `foldForSearch`.
 */
export function foldedContainsAllWords(folded: string, words: readonly string[]): boolean {
  return words.every((word) => folded.includes(word));
}

/**
 * The distinct words of a text folded by `foldLetters`/`searchText`: its maximal runs of letters and
 * digits. A query word (letters and digits only) occurs in the folded text exactly when it occurs
 * inside one of these, so the inverted index maps each of them to the releases holding it and a
 * query word is looked up as every indexed word that contains it (search-index.ts).
 */
export function foldedWords(folded: string): Set<string> {
  return new Set(folded.match(/[\p{L}\p{N}]+/gu) ?? []);
}
