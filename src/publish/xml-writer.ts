/**
 * A tiny XML writer: elements are plain data, serialization is one recursive function, and every
 * text and attribute value goes through the escaping in `xml-text.ts`. There is no CDATA and no
 * raw-string child, so nothing can reach the output unescaped. Output is indented two spaces and
 * depends only on the input (attributes and children keep the order they were given in).
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
