/**
 * What is wrong with a document the XML parser (sax, under rss-parser) refused, as a sentence for
 * an operator: "the XML is not well-formed at line 3, column 16: the closing tag </chanel> does
 * not match the element open there". sax's own message is terse and carries its position as
 * extra lines with a zero-based line number.
 */

const SAX_MESSAGE = /^([^\n]*)\nLine: (\d+)\nColumn: (\d+)\nChar: /;

const EXPLANATIONS: Record<string, string> = {
  'Unclosed root tag': 'the document ends before its root element is closed (was it cut off?)',
  'Unexpected end': 'the document ends inside a tag (was it cut off?)',
  'Unencoded <': 'a "<" that starts no tag (in text it must be written &lt;)',
  'Unquoted attribute value': 'an attribute value without quotes',
  'Attribute without value': 'an attribute without a value',
  'No whitespace between attributes': 'two attributes without a space between them',
  'Invalid attribute name': 'an attribute name with a character names may not have',
  'Invalid character in tag name': 'a tag name with a character names may not have',
  'Invalid tagname in closing tag': 'a closing tag with a character names may not have',
  'Invalid tagname in closing tag.': 'a closing tag with a character names may not have',
  'Invalid characters in closing tag': 'a closing tag with something after its name',
  'Weird empty close tag.': 'an empty closing tag "</>"',
  'Invalid character entity': 'a character reference to a character XML does not allow',
  'Forward-slash in opening tag not followed by >': 'a "/" inside a tag that is not followed by ">"',
  'Invalid character in entity name': 'an "&" that starts no entity reference (in text it must be written &amp;)',
  'Text data outside of root node.': 'text after the root element',
  'Non-whitespace before first tag.': 'text before the first tag',
  'Malformed comment': 'a comment with "--" inside it',
  'Inappropriately located doctype declaration': 'a DOCTYPE after the document has begun',
};

/** The sentence for a sax error, or undefined if `err` is not one. `text` is the document parsed. */
export function describeXmlError(err: unknown, text: string): string | undefined {
  const match = err instanceof Error ? SAX_MESSAGE.exec(err.message) : null;
  if (!match) return undefined;
  const [, message = '', line = '0', column = '0'] = match;
  return `the XML is not well-formed at line ${Number(line) + 1}, column ${column}: ${explain(message, text, Number(line), Number(column))}`;
}

function explain(message: string, text: string, line: number, column: number): string {
  if (message === 'Unexpected close tag') {
    const tag = closingTagBefore(text, offsetOf(text, line, column));
    return tag ? `the closing tag </${tag}> does not match the element open there` : 'a closing tag that does not match the element open there';
  }
  const unmatched = /^Unmatched closing tag: (.*)$/.exec(message);
  if (unmatched) return `the closing tag </${unmatched[1]}> has no opening tag`;
  if (message.startsWith('Max buffer length exceeded')) return 'a text or tag too long to read';
  return EXPLANATIONS[message] ?? message.replace(/\.$/, '').toLowerCase();
}

/** sax's line is zero-based, its column the one-based column of the character it stopped at. */
function offsetOf(text: string, line: number, column: number): number {
  let offset = 0;
  for (let i = 0; i < line; i++) {
    const next = text.indexOf('\n', offset);
    if (next === -1) break;
    offset = next + 1;
  }
  return offset + column;
}

function closingTagBefore(text: string, offset: number): string | undefined {
  const start = text.lastIndexOf('</', offset - 1);
  if (start === -1 || offset - start > 200) return undefined;
  return /^<\/([^\s>]+)/.exec(text.slice(start))?.[1];
}
