import { isUtf8 } from 'node:buffer';
import { Sniffer, ResultType } from 'encoding-sniffer/sniffer';
import iconv from 'iconv-lite';
import { parseContentType } from './content-type.js';

/** How far into the body a `<meta charset>` or XML prolog is looked for. */
const SNIFF_BYTES = 4096;

/**
 * Labels browsers treat as windows-1252 (WHATWG Encoding): pages declared ISO-8859-1 routinely
 * contain „“ and € from the 0x80–0x9F range, which real ISO-8859-1 would turn into controls.
 */
const WINDOWS_1252_LABELS = new Set(['iso-8859-1', 'iso8859-1', 'iso_8859-1', 'latin1', 'l1', 'us-ascii', 'ascii', 'cp819', 'ibm819', 'iso-ir-100']);

/**
 * Finds the charset of a document and decodes it. Order as in browsers: byte order mark, then
 * the Content-Type header, then the XML prolog or `<meta>` declaration; without any of those,
 * UTF-8 if the bytes are valid UTF-8, else windows-1252.
 */
export function decodeBody(body: Buffer, contentTypeHeader?: string): { text: string; charset: string } {
  const charset = detectCharset(body, contentTypeHeader);
  return { text: iconv.decode(body, charset), charset };
}

export function detectCharset(body: Buffer, contentTypeHeader?: string): string {
  const utf32 = detectUtf32ByteOrderMark(body);
  if (utf32) return utf32;
  const declared = parseContentType(contentTypeHeader).charset;
  const transport = declared && iconv.encodingExists(normalizeCharset(declared)) ? declared : undefined;
  const sniffer = new Sniffer({ maxBytes: SNIFF_BYTES, ...(transport ? { transportLayerEncodingLabel: transport } : {}) });
  sniffer.write(body.subarray(0, SNIFF_BYTES));
  const sniffed = normalizeCharset(sniffer.encoding);
  if (sniffer.resultType !== ResultType.DEFAULT && iconv.encodingExists(sniffed)) return sniffed;
  return isUtf8(body) ? 'utf-8' : 'windows-1252';
}

/**
 * UTF-32 is not a web encoding, so the sniffer does not know its byte order marks, and reads the
 * little-endian one (FF FE 00 00) as UTF-16LE's (FF FE). XML allows UTF-32 and feeds use it.
 */
function detectUtf32ByteOrderMark(body: Buffer): string | undefined {
  if (body.length < 4) return undefined;
  const mark = body.readUInt32BE(0);
  if (mark === 0xfffe0000) return 'utf-32le';
  if (mark === 0x0000feff) return 'utf-32be';
  return undefined;
}

function normalizeCharset(label: string): string {
  const lower = label.trim().toLowerCase();
  return WINDOWS_1252_LABELS.has(lower) ? 'windows-1252' : lower;
}
