/**
 * A tiny XML writer: elements are plain data, serialization is one recursive function, and every
 * text and attribute value goes through the escaping in `xml-text.ts`. There is no CDATA and no
 * raw-string child, so nothing can reach the output unescaped. Output is indented two spaces and
 * depends only on the input (attributes and children keep the order they were given in).
 *
 * A feed's entries can be written one by one (`serializeXmlFragment`) and placed into the document
 * written around them (`frameXmlDocument`): the same bytes as the whole document written at once,
 * so an entry written once can be placed into every feed it appears in (entry-cache.ts).
 */
import { escapeXmlAttribute, escapeXmlText } from './xml-text.js';

export interface XmlElement {
  name: string;
  attributes: [string, string][];
  children: XmlChild[];
}
export type XmlChild = XmlElement | string;

/** Optional attributes and children are simply left undefined; they are skipped. */
export function element(
  name: string,
  attributes: Record<string, string | undefined> = {},
  children: readonly (XmlChild | undefined)[] = [],
): XmlElement {
  return {
    name,
    attributes: Object.entries(attributes).filter((pair): pair is [string, string] => pair[1] !== undefined),
    children: children.filter((child): child is XmlChild => child !== undefined),
  };
}

/** Shorthand for an element whose only content is text; `undefined` text omits the element. */
export function textElement(
  name: string,
  text: string | undefined,
  attributes: Record<string, string | undefined> = {},
): XmlElement | undefined {
  return text === undefined ? undefined : element(name, attributes, [text]);
}

export function serializeXmlDocument(root: XmlElement): string {
  return `<?xml version="1.0" encoding="utf-8"?>\n${serializeElement(root, 0)}\n`;
}

/** `node` as serializeXmlDocument writes it `depth` levels deep, with the line break before it. */
export function serializeXmlFragment(node: XmlElement, depth: number): string {
  return `\n${serializeElement(node, depth)}`;
}

/** Stands for the children to come; a space makes it a name no element of ours can have. */
const MARK = element('children to come');

/**
 * The document of `root` with more children to come after the last one of `container` (root or
 * an element inside it, which has element children of its own): the text before them and after
 * them, and the depth to write them at. head + each child's serializeXmlFragment + tail is what
 * serializeXmlDocument writes with those children appended to `container`.
 */
export function frameXmlDocument(root: XmlElement, container: XmlElement): { head: string; tail: string; depth: number } {
  container.children.push(MARK);
  try {
    const whole = serializeXmlDocument(root);
    const at = whole.indexOf(`<${MARK.name}/>`);
    const lineStart = whole.lastIndexOf('\n', at);
    return { head: whole.slice(0, lineStart), tail: whole.slice(at + MARK.name.length + 3), depth: (at - lineStart - 1) / 2 };
  } finally {
    container.children.pop();
  }
}

/** The parts of a document framed by frameXmlDocument: `head`, the children written one by one, `tail`. */
export function* framedParts<T>(head: T, children: Iterable<T>, tail: T): Generator<T> {
  yield head;
  yield* children;
  yield tail;
}

function serializeElement(node: XmlElement, depth: number): string {
  const indent = '  '.repeat(depth);
  const open = `${indent}<${node.name}${serializeAttributes(node.attributes)}`;
  if (node.children.length === 0) return `${open}/>`;
  // Text-only content stays on one line so no indentation whitespace leaks into the value.
  if (node.children.every((child) => typeof child === 'string')) {
    return `${open}>${node.children.map((text) => escapeXmlText(text as string)).join('')}</${node.name}>`;
  }
  const inner = node.children.map((child) =>
    typeof child === 'string' ? `${indent}  ${escapeXmlText(child)}` : serializeElement(child, depth + 1),
  );
  return `${open}>\n${inner.join('\n')}\n${indent}</${node.name}>`;
}

function serializeAttributes(attributes: [string, string][]): string {
  return attributes.map(([name, value]) => ` ${name}="${escapeXmlAttribute(value)}"`).join('');
}
