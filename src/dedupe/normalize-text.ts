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

// ── transliteration fold (identity only) ────────────────────────────────────────────────────────
// A copy typed without German letters writes "Förderbescheid" as "Foerderbescheid" and "Maß" as
// "Mass". Fingerprint and SimHash read the folded text, so both spellings are one release; the
// stored text and everything published keep the letters as written.

const TRANSLITERATION: Record<string, string> = { ä: 'ae', ö: 'oe', ü: 'ue', ß: 'ss' };

/** ä/ö/ü/ß as ae/oe/ue/ss in a text that is already normalized (lower case, NFKC). */
export function foldTransliteration(normalized: string): string {
  return normalized.replace(/[äöüß]/gu, (letter) => TRANSLITERATION[letter]!);
}

/** The text identity is computed from: normalized, then transliteration folded. */
export function identityText(text: string): string {
  return foldTransliteration(normalizeText(text));
}

/**
 * The words of a text for identity, punctuation dropped ("u.a." → "u", "a") and transliteration
 * folded. Shingles and SimHash are built from these, so punctuation edits and ae/oe/ue/ss
 * spellings do not move a text's identity.
 */
export function wordsOf(text: string): string[] {
  return wordsOfIdentityText(identityText(text));
}

/** wordsOf for a text identityText already gave. */
export function wordsOfIdentityText(identity: string): string[] {
  return identity.match(/[\p{L}\p{N}]+/gu) ?? [];
}
