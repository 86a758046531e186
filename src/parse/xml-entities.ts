/**
 * Entity references the XML parser does not know, made into ones it does. The parser (sax, under
 * rss-parser) knows XML's five predefined entities and HTML 4's names; feeds also use entities
 * declared in their DOCTYPE (`<!ENTITY ministerium "…">`), newer HTML names, names nobody
 * declared, and bare ampersands (`?a=1&b=2`), each of which makes sax refuse the whole feed.
 * They are replaced in the text before parsing, as XML would expand them (an HTML name becomes a
 * character reference, an unknown name stays as the text it is), so such feeds are read.
 *
 * Safety: nothing is ever fetched. An external entity (`SYSTEM`/`PUBLIC`) is kept as the text of
 * its reference; parameter entities are not expanded at all. Expansion is bounded per entity and
 * per document, so a "billion laughs" document is refused instead of filling the memory.
 */
import { load } from 'cheerio';
import { ParseError } from './errors.js';

/** One entity's replacement text, its own references expanded, may be at most this long. */
export const MAX_ENTITY_CHARS = 10_000;
/** All declared entities expanded in one document may add at most this many characters. */
export const MAX_EXPANDED_CHARS = 1_000_000;
/** Entities whose values refer to entities, at most this deep. */
export const MAX_ENTITY_DEPTH = 32;

const PREDEFINED = new Set(['amp', 'lt', 'gt', 'quot', 'apos']);

/** CDATA sections, comments and processing instructions hold no references; then any `&`. */
const REFERENCE = /<!\[CDATA\[[\s\S]*?\]\]>|<!--[\s\S]*?-->|<\?[\s\S]*?\?>|&(?:(#[0-9]+|#x[0-9a-fA-F]+)|([A-Za-z_:][\w.:-]*));|&/g;
/** Anything but a predefined entity or a character reference: the document needs this module. */
const NEEDS_EXPANSION = /&(?!(?:amp|lt|gt|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);)/;
const DECLARATION = /<!ENTITY\s+(?!%)([^\s"'>]+)\s+(?:"([^"]*)"|'([^']*)'|(?:SYSTEM|PUBLIC)\b[^>]*)\s*>/g;
const NUMERIC_REFERENCE = /&#(?:x([0-9a-fA-F]+)|([0-9]+));/g;

/**
 * `body` is the document after its DOCTYPE, `internalSubset` the declarations between the
 * DOCTYPE's brackets. Returns `body` itself when it needs nothing expanded.
 */
export function expandEntities(body: string, internalSubset: string | undefined, url: string): string {
  if (!NEEDS_EXPANSION.test(body)) return body;
  const expander = new EntityExpander(parseDeclarations(internalSubset ?? ''), url);
  return expander.replaceReferences(body, MAX_EXPANDED_CHARS, "the document's entity references expand");
}

/** Internal general entities with their values (character references expanded, as XML does at declaration). */
function parseDeclarations(subset: string): Map<string, string | undefined> {
  const declared = new Map<string, string | undefined>();
  for (const match of subset.replace(/<!--[\s\S]*?-->/g, '').matchAll(DECLARATION)) {
    const [, name, double, single] = match;
    // The first declaration of a name binds (XML 1.0 §4.2); an external one has no value here.
    if (name !== undefined && !declared.has(name)) declared.set(name, decodeNumericReferences(double ?? single));
  }
  return declared;
}

function decodeNumericReferences(value: string | undefined): string | undefined {
  return value?.replace(NUMERIC_REFERENCE, (match, hex: string | undefined, decimal: string | undefined) => {
    const codePoint = hex !== undefined ? parseInt(hex, 16) : Number(decimal);
    return codePoint > 0 && codePoint <= 0x10ffff ? String.fromCodePoint(codePoint) : match;
  });
}

class EntityExpander {
  private readonly expanded = new Map<string, string>();
  private readonly expanding = new Set<string>();
  private readonly htmlNames = new Map<string, string | undefined>();

  constructor(
    private readonly declared: Map<string, string | undefined>,
    private readonly url: string,
  ) {}

  /**
   * Replaces the references in `text`; the entities expanded in it may add at most `budget`
   * characters, else the document is refused with "refused: <what> to more than <budget> characters".
   */
  replaceReferences(text: string, budget: number, what: string): string {
    let added = 0;
    return text.replace(REFERENCE, (match: string, character: string | undefined, name: string | undefined) => {
      if (match.startsWith('<') || character !== undefined) return match;
      if (name === undefined) return '&amp;';
      if (PREDEFINED.has(name)) return match;
      const replacement = this.replaceNamed(name);
      added += replacement.length;
      if (added > budget) throw new ParseError(this.url, `refused: ${what} to more than ${budget.toLocaleString('en')} characters`);
      return replacement;
    });
  }

  private replaceNamed(name: string): string {
    if (this.declared.has(name)) {
      const value = this.declared.get(name);
      return value === undefined ? `&amp;${name};` : this.expand(name, value);
    }
    return this.htmlEntity(name) ?? `&amp;${name};`;
  }

  private expand(name: string, value: string): string {
    const done = this.expanded.get(name);
    if (done !== undefined) return done;
    if (this.expanding.has(name)) throw new ParseError(this.url, `the XML is not well-formed: the DOCTYPE's entity &${name}; refers to itself`);
    if (this.expanding.size >= MAX_ENTITY_DEPTH) throw new ParseError(this.url, `refused: the DOCTYPE's entities refer to each other more than ${MAX_ENTITY_DEPTH} deep`);
    this.expanding.add(name);
    const result = this.replaceReferences(value, MAX_ENTITY_CHARS, `the DOCTYPE's entity &${name}; expands`);
    this.expanding.delete(name);
    this.expanded.set(name, result);
    return result;
  }

  /** An HTML entity name as a character reference, which the XML parser knows. */
  private htmlEntity(name: string): string | undefined {
    if (!this.htmlNames.has(name)) this.htmlNames.set(name, decodeHtmlEntity(name));
    return this.htmlNames.get(name);
  }
}

function decodeHtmlEntity(name: string): string | undefined {
  const decoded = load(`&${name};`, null, false).root().text();
  const characters = [...decoded];
  // A legacy name without ";" ("&notit;" → "¬it;") is a prefix match, not this name.
  if (decoded.includes(';') || characters.length === 0 || characters.length > 2) return undefined;
  return characters.map((c) => `&#${c.codePointAt(0)};`).join('');
}
