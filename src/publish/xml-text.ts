/**
 * The character-level guard every published string passes through, whatever the format.
 * Scraped text arrives with anything in it: NULs from broken encodings, C1 controls from
 * windows-1252 read as latin-1, lone surrogates from truncated UTF-16, U+FFFE/U+FFFF. One such
 * character makes a whole XML feed unreadable for every subscriber, so they are removed here,
 * before escaping, rather than hoped away.
 */

/**
 * Everything outside the XML 1.0 `Char` production (tab, LF, CR, U+0020–U+D7FF, U+E000–U+FFFD,
 * U+10000–U+10FFFF) plus DEL and the C1 controls. XML 1.0 allows the latter two but they are never
 * meaningful in press releases, and XML 1.1 parsers reject them. With the `u` flag a lone
 * surrogate is one code point outside every allowed range, so it is removed too.
 */
const NOT_PUBLISHABLE = /[^\t\n\r\u0020-\u007E\u00A0-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/**
 * The same without the `u` flag, surrogates counted as not publishable: no match means nothing
 * to remove, found by a plain scan of code units (a fifth of the time of the `u` search on a
 * release's text; text with an emoji or a lone surrogate takes the full search).
 */
const MAYBE_NOT_PUBLISHABLE = /[^\t\n\r\u0020-\u007E\u00A0-\uD7FF\uE000-\uFFFD]/;

export function stripInvalidXmlChars(value: string): string {
  return MAYBE_NOT_PUBLISHABLE.test(value) ? value.replace(NOT_PUBLISHABLE, '') : value;
}

const TEXT_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '\r': '&#13;' };
const ATTRIBUTE_ESCAPES: Record<string, string> = { ...TEXT_ESCAPES, '"': '&quot;', '\t': '&#9;', '\n': '&#10;' };

/**
 * Character data. `>` is escaped too so that `]]>` can never appear; CR is written as a
 * reference because parsers normalize a literal CR to LF.
 */
export function escapeXmlText(value: string): string {
  return stripInvalidXmlChars(value).replace(/[&<>\r]/g, (char) => TEXT_ESCAPES[char] ?? char);
}

/**
 * Attribute values (always written in double quotes). Tab, LF and CR become references because
 * attribute-value normalization would otherwise turn them into spaces.
 */
export function escapeXmlAttribute(value: string): string {
  return stripInvalidXmlChars(value).replace(/[&<>"\r\t\n]/g, (char) => ATTRIBUTE_ESCAPES[char] ?? char);
}

/** Plain text as HTML source, for fields that readers interpret as HTML (RSS `description`). */
export function escapeHtmlText(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
