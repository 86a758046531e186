/**
 * Plain text of sanitized body HTML, one line per block, blocks separated by a blank line. This is
 * what fingerprints are computed from, so it leaves out figures (image credits differ between
 * copies of the same release) and normalizes whitespace.
 */
import { collapseWhitespace, isElement, loadSerialized, type AnyNode } from './dom.js';

const BLOCK_TAGS = new Set([
  'p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'li', 'blockquote', 'pre', 'tr', 'caption', 'ul', 'ol',
  'table', 'thead', 'tbody', 'tfoot', 'div', 'section', 'article', 'dd', 'dt', 'dl', 'address', 'hr',
]);
const SKIPPED_TAGS = new Set(['figure', 'img', 'script', 'style']);

export function htmlToText(html: string): string {
  const $ = loadSerialized(html);
  const blocks: string[] = [];
  let current = '';
  const flush = (): void => {
    const line = collapseWhitespace(current);
    if (line !== '') blocks.push(line);
    current = '';
  };
  const walk = (node: AnyNode): void => {
    if (node.type === 'text') {
      current += node.data;
      return;
    }
    if (!isElement(node) || SKIPPED_TAGS.has(node.name)) return;
    if (node.name === 'br' || node.name === 'td' || node.name === 'th') current += ' ';
    const isBlock = BLOCK_TAGS.has(node.name);
    if (isBlock) flush();
    for (const child of node.children) walk(child);
    if (isBlock) flush();
    else if (node.name === 'td' || node.name === 'th') current += ' ';
  };
  for (const node of $.root().contents().toArray()) walk(node);
  flush();
  return blocks.join('\n\n');
}
