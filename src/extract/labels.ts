/**
 * Text patterns for the short labels a release page prints around its body and that are never body
 * text: image credits, image file names, kicker words above the title, back/print/share link rows.
 * Plain predicates on collapsed text, so the chrome removal, the body tidying and the sanitizer ask
 * the same questions.
 */

const CREDIT_MARK = String.raw`(?:©|\(c\)|fotos?\s*:|bild\s*:|bildquelle\s*:|foto\/grafik\s*:)`;
/** Image credits printed next to pictures; they differ between copies of the same release. */
export const IMAGE_CREDIT = new RegExp(String.raw`^${CREDIT_MARK}`, 'i');
/** A caption that ends in its credit: "Ministerin Hofmann bei der Verleihung (Foto: HMSI)". */
const ENDS_WITH_CREDIT = new RegExp(String.raw`(?:^|[\s(])${CREDIT_MARK}\s*[^\s():][^():]{0,60}\)?$`, 'i');
export const MAX_CAPTION_CHARS = 250;

/** "Bildunterschrift: …": a caption that says it is one. */
const CAPTION_LABEL = /^(?:bildunterschrift|bildtext|bildbeschreibung|bu)\s*:\s*/i;

export function isLabelledCaption(text: string): boolean {
  return text.length <= MAX_CAPTION_CHARS && CAPTION_LABEL.test(text);
}

/** A caption's words without its "Bildunterschrift:" label and without image file names. */
export function captionWords(text: string): string {
  return withoutImageFileNames(text.replace(CAPTION_LABEL, '')).replace(/\s+/g, ' ').trim();
}

/** True for a line short enough to be a caption that ends in an image credit. */
export function endsWithImageCredit(text: string): boolean {
  return text.length <= MAX_CAPTION_CHARS && ENDS_WITH_CREDIT.test(text);
}

const IMAGE_EXTENSIONS = String.raw`(?:jpe?g|png|gif|webp|avif|heic|tiff?|bmp|svg)`;
/** "Bild: IMG_1234.jpg", "foto_ministerin-hofmann_2019.JPG", "DSC_0042 (2).jpg": one name, an image extension. */
const FILE_NAME_LABEL = String.raw`(?:(?:bild|foto|datei|dateiname|bilddatei|grafik|abbildung|image|file)\s*:\s*)`;
/** "(2,4 MB)" after a file name, as download links print it. */
const FILE_SIZE = String.raw`(?:\s*\(\s*\d+(?:[.,]\d+)?\s*[kmg]i?b\s*\))`;
const IMAGE_FILE_NAME = new RegExp(String.raw`^${FILE_NAME_LABEL}?[^\s]{0,200}[^\s/\\.](?:\s\(\d{1,3}\))?\.${IMAGE_EXTENSIONS}${FILE_SIZE}?$`, 'iu');
/** The same name anywhere in a text (for captions, where it is glued to the caption's words). */
const IMAGE_FILE_NAME_IN_TEXT = new RegExp(String.raw`(?:^|\s)${FILE_NAME_LABEL}?[^\s]*[^\s/\\.]\.${IMAGE_EXTENSIONS}${FILE_SIZE}?(?=\s|$)`, 'giu');
/** A name at the start or the end of a text, where a leaked head glues it to the next words. */
const IMAGE_FILE_NAME_AT_EDGE = new RegExp(String.raw`^\s*${FILE_NAME_LABEL}?[^\s]*[^\s/\\.]\.${IMAGE_EXTENSIONS}${FILE_SIZE}?(?=\s)|(?<=\s)${FILE_NAME_LABEL}?[^\s]*[^\s/\\.]\.${IMAGE_EXTENSIONS}${FILE_SIZE}?\s*$`, 'giu');

/** True when the whole (collapsed) text is an image file name, optionally labelled "Bild:", "Foto:", "Datei:". */
export function isImageFileName(text: string): boolean {
  return IMAGE_FILE_NAME.test(text);
}

/** `text` without the image file names in it. */
function withoutImageFileNames(text: string): string {
  return text.replace(IMAGE_FILE_NAME_IN_TEXT, '');
}

/** `text` without a file name at its start or end ("IMG_1234.jpg Die Ministerin …"); one inside a sentence stays. */
export function withoutEdgeFileNames(text: string): string {
  return text.replace(IMAGE_FILE_NAME_AT_EDGE, '');
}

/** True when `text` mentions an image file name anywhere (a summary written from a leaked page head). */
export function mentionsImageFileName(text: string): boolean {
  return withoutImageFileNames(text) !== text;
}

/**
 * One kicker word or label: the content type or archive marker ("Rückblick", "Pressemitteilung")
 * or a topic label ("Thema: Soziales").
 */
const KICKER_LABEL = String.raw`(?:(?:rückblick|archiv(?:meldung)?|pressemitteilung|pressemeldung|presseinformation|pressenotiz|medieninformation|meldung|nachricht|aktuelles|hintergrund|interview|rede|gastbeitrag|namensbeitrag|kommentar|terminhinweis)(?:\s+nr\.?\s*[\d/-]+)?(?:\s+vom\s+[\p{L}\d. ]{6,20}?)?|(?:thema|themen|rubrik|kategorie|bereich|ressort|schwerpunkt)\s*:\s*[^.!?„“"]{1,40}?)`;
/** A line made only of kicker labels: "Rückblick Thema: Soziales", "Pressemitteilung | Archiv". */
const KICKER = new RegExp(String.raw`^${KICKER_LABEL}(?:\s*[|·•/–-]?\s*${KICKER_LABEL})*\s*:?$`, 'iu');
const STARTS_WITH_KICKERS = new RegExp(String.raw`^${KICKER_LABEL}(?:\s*[|·•/–-]?\s*${KICKER_LABEL})+(?=\s|$)`, 'iu');
export const MAX_KICKER_CHARS = 80;

export function isKickerText(text: string): boolean {
  return text.length <= MAX_KICKER_CHARS && KICKER.test(text);
}

/**
 * True when `text` opens with two kicker labels or more ("Rückblick Thema: Soziales „…"): a
 * summary written from a page head. (One word alone may start a sentence: "Rede des …".)
 */
export function startsWithKickers(text: string): boolean {
  return STARTS_WITH_KICKERS.test(text);
}

/** One back, print, share or to-top link label. */
const NAV_LABEL = String.raw`(?:[«‹<↑^]\s*)?(?:zurück(?:\s+(?:zur|zum|zu\s+den)\s+(?:übersicht|liste|startseite|archiv|pressemitteilungen|presseübersicht|meldungen|seitenanfang))?|(?:seite|artikel|beitrag|pressemitteilung)\s+(?:drucken|teilen|versenden|empfehlen|weiterempfehlen)|drucken|druckansicht|druckversion|teilen|weiterempfehlen|per\s+e-?mail\s+(?:versenden|teilen|empfehlen)|nach\s+oben|zum\s+seitenanfang|seitenanfang)(?:\s*[»›>↑^])?`;
/** A row of such links: "« Zurück zur Übersicht | Seite drucken", "Artikel teilen · nach oben". */
const NAV_SEPARATORS = String.raw`[\s|·•/,]*`;
const NAV_ROW = new RegExp(String.raw`^${NAV_SEPARATORS}${NAV_LABEL}(?:${NAV_SEPARATORS}${NAV_LABEL})*${NAV_SEPARATORS}$`, 'iu');
export const MAX_NAV_ROW_CHARS = 120;

export function isNavigationRow(text: string): boolean {
  return text.length <= MAX_NAV_ROW_CHARS && NAV_ROW.test(text);
}

/** Letters and digits only, lower case: two texts that differ in quotes, spacing or case compare equal. */
export function foldForComparison(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}

/** Shorter texts are not compared: two short lines may well be equal by chance. */
const MIN_REPEAT_CHARS = 20;
const QUOTATION = /„([^“”"]+)[“”"]|“([^”"]+)[”"]|"([^"]+)"|»([^«]+)«|«([^»]+)»/g;

/** The folded text of every quotation in `text`. */
function quotations(text: string): string[] {
  return [...text.matchAll(QUOTATION)].map((m) => foldForComparison(m.slice(1).find((g) => g !== undefined) ?? '')).filter((q) => q.length >= MIN_REPEAT_CHARS);
}

/**
 * True when `text` repeats `earlier`: the same words (one may hold the other, when the shorter is
 * most of the longer), or mostly the same quotation — the lead's quote printed again as a pull
 * quote without its attribution.
 */
export function isRepeat(text: string, earlier: string): boolean {
  const a = foldForComparison(text);
  const b = foldForComparison(earlier);
  const [shorter, longer] = a.length <= b.length ? [a, b] : [b, a];
  if (shorter.length < MIN_REPEAT_CHARS) return false;
  if (longer.includes(shorter) && shorter.length >= 0.6 * longer.length) return true;
  const earlierQuotes = quotations(earlier);
  return quotations(text).some((q) => q.length >= 0.6 * a.length && earlierQuotes.includes(q));
}
