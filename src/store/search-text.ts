/**
 * Word search that forgives case and umlaut spelling: "Frühkindliche", "fruehkindliche" and
 * "FRÜHKINDLICHE" fold to the same letters. Words match inside longer words, which German
 * compounds need ("Integration" finds "Integrationskonferenz").
 */
export function foldForSearch(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/ä/g, 'ae')
    .replace(/ö/g, 'oe')
    .replace(/ü/g, 'ue')
    .replace(/ß/g, 'ss')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** The folded words of a query; empty when it has none. */
export function searchWords(q: string): string[] {
  const folded = foldForSearch(q);
  return folded ? folded.split(' ') : [];
}

export function containsAllWords(haystack: string, words: readonly string[]): boolean {
  const folded = ` ${foldForSearch(haystack)} `;
  return words.every((word) => folded.includes(word));
}
