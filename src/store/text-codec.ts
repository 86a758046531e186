/**
 * How a release's normalized body text is stored (`text:<id>`): deflated, behind a two-byte mark.
 * The text is read only by ingest (near-duplicate checks, index upkeep), by word search for very
 * general words and by backup, never for a feed, so it is kept small rather than ready to use:
 * about a third of its plain size. A value without the mark is plain UTF-8, as stores written
 * before format 2 hold it (see migrate.ts); both read the same.
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { Redis } from 'ioredis';
import type { StoreKeys } from './keys.js';

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

/** An item as stored (its JSON, for a guarded write), with its text. */
export interface StoredWithText {
  json: string;
  /** The text value as stored (either form); null when there is none. */
  raw: Buffer | null;
  text: string;
}

/** Reads an item's JSON and text in one round trip; undefined when the item is gone. */
export async function readWithText(redis: Redis, keys: StoreKeys, id: string): Promise<StoredWithText | undefined> {
  const replies = (await redis.pipeline().get(keys.item(id)).getBuffer(keys.text(id)).exec()) ?? [];
  const json = replies[0]?.[1];
  if (typeof json !== 'string') return undefined;
  const raw = (replies[1]?.[1] as Buffer | null | undefined) ?? null;
  return { json, raw, text: decodeText(raw) ?? '' };
}
