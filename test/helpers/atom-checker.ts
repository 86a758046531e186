/**
 * A structural RFC 4287 checker for the feeds we publish, on top of fast-xml-parser.
 *
 * fast-xml-parser's XMLValidator accepts several things XML 1.0 forbids (control characters,
 * `<` inside attribute values, `]]>` in text, `&#0;`, two root elements), so a strict lexical pass
 * runs beside it. The structural pass then checks what feed readers rely on. Every check returns
 * a list of violations; an empty list means the document passed.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';

export const ATOM_NS = 'http://www.w3.org/2005/Atom';

/** Parsed element: attributes as `@_name`, text as `#text`, every child element as an array. */
export type XmlNode = { '#text'?: string } & { [key: string]: XmlNode[] | string | undefined };

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  ignoreDeclaration: true,
  processEntities: true,
  // Also decodes numeric character references (&#13;), which the XML-only mode leaves alone.
  htmlEntities: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  alwaysCreateTextNode: true,
  isArray: (_name, _path, _leaf, isAttribute) => !isAttribute,
});

/** Parses XML into XmlNodes (entities decoded, text untrimmed). */
export function parseXml(xml: string): XmlNode {
  return parser.parse(xml) as XmlNode;
}

export function children(node: XmlNode, name: string): XmlNode[] {
  const value = node[name];
  return Array.isArray(value) ? value : [];
}

export function text(node: XmlNode | undefined): string | undefined {
  return node?.['#text'];
}

export function attribute(node: XmlNode | undefined, name: string): string | undefined {
  const value = node?.[`@_${name}`];
  return typeof value === 'string' ? value : undefined;
}

// ---------------------------------------------------------------------------------------------
// Well-formedness

const ILLEGAL_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
const REFERENCE = /&(?:(amp|lt|gt|quot|apos)|#([0-9]+)|#x([0-9a-fA-F]+));/y;
const TAG = /<(\/?)([A-Za-z_][\w.:-]*)((?:\s+[A-Za-z_][\w.:-]*\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/y;
const ATTRIBUTE_VALUE = /=\s*(?:"([^"]*)"|'([^']*)')/g;

/** XML 1.0 well-formedness: XMLValidator plus the lexical rules it does not enforce. */
export function findXmlViolations(xml: string): string[] {
  const violations: string[] = [];
  const validation = XMLValidator.validate(xml);
  if (validation !== true) violations.push(`XMLValidator: ${validation.err.msg} (line ${validation.err.line})`);
  for (const match of xml.matchAll(ILLEGAL_CHAR)) {
    violations.push(`illegal character U+${match[0].codePointAt(0)?.toString(16).toUpperCase()} at offset ${match.index}`);
  }
  violations.push(...scanMarkup(xml));
  return violations;
}

function scanMarkup(xml: string): string[] {
  const violations: string[] = [];
  const open: string[] = [];
  let roots = 0;
  let i = 0;
  const skipTo = (terminator: string, what: string): void => {
    const end = xml.indexOf(terminator, i);
    if (end === -1) violations.push(`unterminated ${what} at offset ${i}`);
    i = end === -1 ? xml.length : end + terminator.length;
  };
  while (i < xml.length) {
    if (xml.startsWith('<?', i)) skipTo('?>', 'processing instruction');
    else if (xml.startsWith('<!--', i)) skipTo('-->', 'comment');
    else if (xml.startsWith('<![CDATA[', i)) {
      if (open.length === 0) violations.push(`CDATA outside the root element at offset ${i}`);
      skipTo(']]>', 'CDATA section');
    } else if (xml.startsWith('<!', i)) {
      violations.push(`unexpected declaration at offset ${i}`);
      skipTo('>', 'declaration');
    } else if (xml[i] === '<') {
      TAG.lastIndex = i;
      const tag = TAG.exec(xml);
      if (!tag) {
        violations.push(`malformed tag at offset ${i}`);
        i += 1;
        continue;
      }
      const [whole, closing, name = '', attributes = '', selfClosing] = tag;
      for (const value of attributes.matchAll(ATTRIBUTE_VALUE)) {
        const content = value[1] ?? value[2] ?? '';
        if (content.includes('<')) violations.push(`'<' in an attribute value of <${name}> at offset ${i}`);
        violations.push(...checkReferences(content, `attribute of <${name}>`));
      }
      if (closing) {
        const expected = open.pop();
        if (expected !== name) violations.push(`</${name}> closes <${expected ?? 'nothing'}> at offset ${i}`);
      } else {
        if (open.length === 0) roots += 1;
        if (open.length === 0 && roots > 1) violations.push(`second root element <${name}> at offset ${i}`);
        if (!selfClosing) open.push(name);
      }
      i += whole.length;
    } else {
      const end = xml.indexOf('<', i) === -1 ? xml.length : xml.indexOf('<', i);
      const chars = xml.slice(i, end);
      if (open.length === 0 && chars.trim() !== '') violations.push(`text outside the root element at offset ${i}`);
      if (chars.includes(']]>')) violations.push(`']]>' in character data at offset ${i}`);
      violations.push(...checkReferences(chars, 'text'));
      i = end;
    }
  }
  if (open.length > 0) violations.push(`unclosed element(s): ${open.join(', ')}`);
  if (roots === 0) violations.push('no root element');
  return violations;
}

/** Every `&` must start one of the five predefined entities or a reference to a legal character. */
function checkReferences(value: string, where: string): string[] {
  const violations: string[] = [];
  for (let at = value.indexOf('&'); at !== -1; at = value.indexOf('&', at + 1)) {
    REFERENCE.lastIndex = at;
    const ref = REFERENCE.exec(value);
    if (!ref) {
      violations.push(`bare '&' or undeclared entity in ${where}: ${JSON.stringify(value.slice(at, at + 12))}`);
      continue;
    }
    if (ref[1] !== undefined) continue;
    const codePoint = ref[2] !== undefined ? Number.parseInt(ref[2], 10) : Number.parseInt(ref[3] ?? '', 16);
    const char = codePoint <= 0x10ffff ? String.fromCodePoint(codePoint) : '\u0000';
    if (new RegExp(ILLEGAL_CHAR.source, 'u').test(char)) {
      violations.push(`reference to illegal character ${ref[0]} in ${where}`);
    }
  }
  return violations;
}

// ---------------------------------------------------------------------------------------------
// Atom structure

const RFC_3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/;
const IRI = /^[A-Za-z][A-Za-z0-9+.-]*:\S+$/;

/** Well-formedness plus the RFC 4287 rules our feeds must meet. */
export function checkAtomFeed(xml: string): string[] {
  const violations = findXmlViolations(xml);
  if (violations.length > 0) return violations;
  const document = parseXml(xml);
  const roots = Object.keys(document).filter((key) => key !== '#text');
  const feed = children(document, 'feed')[0];
  if (roots.length !== 1 || feed === undefined) return [`root must be <feed>, found: ${roots.join(', ')}`];
  return [...checkFeedElement(feed), ...children(feed, 'entry').flatMap((entry, index) => checkEntry(entry, `entry[${index}]`))];
}

function checkFeedElement(feed: XmlNode): string[] {
  const violations: string[] = [];
  if (attribute(feed, 'xmlns') !== ATOM_NS) violations.push(`feed: not in the Atom namespace (xmlns=${attribute(feed, 'xmlns')})`);
  if (!attribute(feed, 'xml:lang')) violations.push('feed: no xml:lang');
  violations.push(...checkCommon(feed, 'feed'));
  const links = children(feed, 'link');
  const selfLinks = links.filter((link) => attribute(link, 'rel') === 'self');
  if (selfLinks.length !== 1) violations.push(`feed: ${selfLinks.length} link rel="self" (expected 1)`);
  const entries = children(feed, 'entry');
  if (children(feed, 'author').length === 0 && entries.some((entry) => children(entry, 'author').length === 0)) {
    violations.push('feed: no feed-level author and an entry without author');
  }
  const ids = entries.map((entry) => text(children(entry, 'id')[0]));
  const duplicates = ids.filter((id, index) => ids.indexOf(id) !== index);
  if (duplicates.length > 0) violations.push(`feed: duplicate entry ids ${duplicates.join(', ')}`);
  return violations;
}

function checkEntry(entry: XmlNode, where: string): string[] {
  const violations = checkCommon(entry, where);
  for (const name of ['published', 'summary', 'content']) {
    if (children(entry, name).length > 1) violations.push(`${where}: more than one <${name}>`);
  }
  const published = children(entry, 'published')[0];
  if (published !== undefined) violations.push(...checkDate(text(published), `${where}/published`));
  const contents = children(entry, 'content');
  for (const content of contents) {
    if (attribute(content, 'type') !== 'html') violations.push(`${where}: content type is ${attribute(content, 'type')}, not html`);
  }
  const hasAlternate = children(entry, 'link').some((link) => (attribute(link, 'rel') ?? 'alternate') === 'alternate');
  if (contents.length === 0 && !hasAlternate) violations.push(`${where}: neither content nor link rel="alternate"`);
  children(entry, 'category').forEach((category, index) => {
    if (!attribute(category, 'term')) violations.push(`${where}/category[${index}]: no term`);
  });
  return violations;
}

/** Rules shared by feed and entry: one id, title, updated; authors with names; sane links. */
function checkCommon(node: XmlNode, where: string): string[] {
  const violations: string[] = [];
  for (const name of ['id', 'title', 'updated']) {
    const count = children(node, name).length;
    if (count !== 1) violations.push(`${where}: ${count} <${name}> (expected 1)`);
  }
  const id = text(children(node, 'id')[0]) ?? '';
  if (children(node, 'id').length === 1 && !IRI.test(id)) violations.push(`${where}: id is not an IRI: ${JSON.stringify(id)}`);
  const titleType = attribute(children(node, 'title')[0], 'type');
  if (titleType !== undefined && !['text', 'html', 'xhtml'].includes(titleType)) violations.push(`${where}: title type ${titleType}`);
  if (children(node, 'updated').length === 1) violations.push(...checkDate(text(children(node, 'updated')[0]), `${where}/updated`));
  children(node, 'author').forEach((author, index) => {
    if (children(author, 'name').length !== 1) violations.push(`${where}/author[${index}]: needs exactly one name`);
  });
  violations.push(...checkLinks(children(node, 'link'), where));
  return violations;
}

/** Every link has an absolute href; at most one alternate per type and hreflang (RFC 4287 §4.1.1). */
function checkLinks(links: XmlNode[], where: string): string[] {
  const violations: string[] = [];
  const alternates = new Set<string>();
  links.forEach((link, index) => {
    const href = attribute(link, 'href');
    if (href === undefined || !URL.canParse(href)) violations.push(`${where}/link[${index}]: href missing or not absolute`);
    if ((attribute(link, 'rel') ?? 'alternate') !== 'alternate') return;
    const key = `${attribute(link, 'type') ?? ''}|${attribute(link, 'hreflang') ?? ''}`;
    if (alternates.has(key)) violations.push(`${where}: two link rel="alternate" with type/hreflang ${key}`);
    alternates.add(key);
  });
  return violations;
}

function checkDate(value: string | undefined, where: string): string[] {
  if (value === undefined || !RFC_3339.test(value) || !Number.isFinite(Date.parse(value))) {
    return [`${where}: not an RFC 3339 date: ${JSON.stringify(value)}`];
  }
  return [];
}
