/**
 * How a release's normalized body text is stored (`text:<id>`): deflated, behind a two-byte mark.
 * The text is read only by ingest (near-duplicate checks, index upkeep), by word search for very
 * general words and by backup, never for a feed, so it is kept small rather than ready to use:
 * about a third of its plain size. A value without the mark is plain UTF-8, as stores written
 * before format 2 hold it (see migrate.ts); both read the same.
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib';

const MARK = Buffer.from([0x00, 0x7a]);

export function encodeText(text: string): Buffer {
  return Buffer.concat([MARK, deflateRawSync(Buffer.from(text, 'utf8'))]);
}

export function isEncodedText(value: Buffer): boolean {
  return value.length >= MARK.length && value[0] === MARK[0] && value[1] === MARK[1];
}

/** The text of a stored value (either form); undefined for a missing key. */
export function decodeText(value: Buffer | string | null | undefined): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string') return value;
  return isEncodedText(value) ? inflateRawSync(value.subarray(MARK.length)).toString('utf8') : value.toString('utf8');
}
