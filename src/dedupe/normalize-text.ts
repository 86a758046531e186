/**
 * Text identity (DESIGN.md §3 rule 2): two copies of one release that differ only in typography
 * — quote style, dash style, case, spacing, compatibility characters — normalize to the same text.
 */

/** Every quotation mark a German or English source may use; they carry no meaning for identity. */
const QUOTES = /["'`´„“”‟‚‘’‛«»‹›〝〞〟＂＇]/gu;
/** Hyphen, dash and minus variants, unified to "-". */
const DASHES = /[\u2010-\u2015\u2212\u2E3A\u2E3B\uFE58\uFE63\uFF0D]/gu;
/** Soft hyphens, zero-width spaces/joiners and the BOM are invisible; drop them. */
const INVISIBLE = /[\u00AD\u200B-\u200D\u2060\uFEFF]/gu;

/** NFKC, lower case, quotes removed, dashes unified, whitespace collapsed and trimmed. */
export function normalizeText(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .normalize('NFKC')
    .replace(INVISIBLE, '')
    .replace(QUOTES, '')
    .replace(DASHES, '-')
    .replace(/\s+/gu, ' ')
    .trim();
}

/**
 * The words of a text after normalization, punctuation dropped ("u.a." → "u", "a"). Shingles and
 * SimHash are built from these, so punctuation edits do not move a text's identity.
 */
export function wordsOf(text: string): string[] {
  return wordsOfNormalized(normalizeText(text));
}

/** wordsOf for a text normalizeText already gave. */
export function wordsOfNormalized(normalized: string): string[] {
  return normalized.match(/[\p{L}\p{N}]+/gu) ?? [];
}
