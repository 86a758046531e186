/**
 * Entry ids (Atom `id`, RSS `guid`, JSON Feed `id`). Readers use them to decide "new or already
 * read", so they depend on the item's stable id only — never on its URL, title or dates, which
 * change when copies merge or a release is corrected.
 */
import { stripInvalidXmlChars } from './xml-text.js';

const ENTRY_ID_PREFIX = 'tag:hessenfeed,2024:item:';
/** A correction's entry in the /changes feeds: `<item id>@<ms>`, one per revision. */
const CHANGE_ID_PREFIX = 'tag:hessenfeed,2024:change:';

/** Characters a tag: URI's specific part may hold literally (RFC 4151 / RFC 3986 pchar, `/`, `?`). */
const URI_SAFE = /[A-Za-z0-9\-._~!$&'()*+,;=:@/?]/;

/** `tag:hessenfeed,2024:item:<itemId>`, with anything not allowed in a URI percent-encoded. */
export function entryIdFor(itemId: string, kind: 'item' | 'change' = 'item'): string {
  return (kind === 'item' ? ENTRY_ID_PREFIX : CHANGE_ID_PREFIX) + encodeUriPart(stripInvalidXmlChars(itemId));
}

function encodeUriPart(value: string): string {
  let out = '';
  for (const char of value) {
    out += URI_SAFE.test(char) ? char : percentEncode(char);
  }
  return out;
}

function percentEncode(char: string): string {
  return [...new TextEncoder().encode(char)].map((byte) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`).join('');
}
