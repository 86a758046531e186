/**
 * How an item is stored (`item:<id>`): its JSON, with the body HTML deflated. Store format 3 keeps
 * `contentHtml` as `contentZ`, the raw-deflated UTF-8 in base64: a release's HTML shrinks to about
 * half of its size with the base64 overhead counted (a 4.6 kB body to 2.5 kB), which is most of
 * the memory a release takes. The value stays a JSON string, so the Lua scripts that guard writes
 * by the sha1 of the value as read, and the plan JSON that carries a value to write, are as they
 * were. An item of an earlier format (plain `contentHtml`) reads the same; migrate.ts rewrites it.
 *
 * Readers that need only the other fields (identity checks, near-duplicate candidates) take
 * `readItemFields`, which leaves the body deflated. The bodies inflated last are kept by their
 * deflated form (a few MiB, least recently used out): a busy feed rendered again after a store
 * change reads the same items again, and inflating fifty bodies takes a few milliseconds of the
 * event loop where looking them up takes a tenth of one (without them, an uncached render of a
 * 50-entry feed took 15.1 ms instead of 12.6, of a 200-entry one 48.9 instead of 39.5). A web
 * process lets them go once no feed has been rendered for a while (app/heap.ts, restWhenIdle).
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { StoredItem } from './item-record.js';

/** Bodies shorter than this are stored as they are: deflating them would save next to nothing. */
const MIN_DEFLATED = 200;

/** The item as it is stored. */
interface EncodedItem extends Omit<StoredItem, 'contentHtml'> {
  contentHtml?: string;
  contentZ?: string;
}

/** An item read without its body. */
export type ItemFields = Omit<StoredItem, 'contentHtml'>;

export function encodeItem(item: StoredItem): string {
  if (item.contentHtml.length < MIN_DEFLATED) return JSON.stringify(item);
  const { contentHtml, ...rest } = item;
  const encoded: EncodedItem = { ...rest, contentZ: deflateRawSync(contentHtml).toString('base64') };
  return JSON.stringify(encoded);
}

/**
 * The item a stored value holds. A deflated body is inflated when `contentHtml` is first read
 * (an enumerable accessor, so JSON.stringify and spreads see the body as a plain field does):
 * a feed rendered again after a store change places most of its entries as written before and
 * never reads their bodies, and inflating fifty of them was a tenth of the web process's time
 * while workers ingested.
 */
export function decodeItem(json: string): StoredItem {
  const stored = JSON.parse(json) as EncodedItem;
  if (stored.contentZ === undefined) return { ...stored, contentHtml: stored.contentHtml ?? '' };
  const { contentZ, contentHtml: _plain, ...rest } = stored;
  let html: string | undefined;
  return Object.defineProperty(rest, 'contentHtml', { enumerable: true, configurable: true, get: () => (html ??= inflateBody(contentZ)) }) as StoredItem;
}


/** Characters of inflated bodies kept (with their deflated keys, about half as long again). */
const INFLATED_KEPT_CHARS = 2 * 1024 * 1024;
/**
 * Map order is age; a hit only marks its body used, and eviction gives a used body a second
 * chance at the end instead of taking it out (CLOCK). Moving a hit to the end made the Map keep
 * the key as just read: a new string of some kilobytes for every body of every render, each
 * kept until its body was read again, which the young generation's collections copied and
 * promoted (over 200 uncached renders of a 50-entry feed the web process made two full collections
 * with it, one without).
 */
const inflated = new Map<string, { html: string; used: boolean }>();
let inflatedChars = 0;

function inflateBody(contentZ: string): string {
  const kept = inflated.get(contentZ);
  if (kept !== undefined) {
    kept.used = true;
    return kept.html;
  }
  const html = inflateRawSync(Buffer.from(contentZ, 'base64')).toString('utf8');
  const chars = html.length + contentZ.length;
  if (chars > INFLATED_KEPT_CHARS) return html;
  inflated.set(contentZ, { html, used: false });
  inflatedChars += chars;
  for (const [oldest, body] of inflated) {
    if (inflatedChars <= INFLATED_KEPT_CHARS) break;
    inflated.delete(oldest);
    if (body.used) {
      body.used = false;
      inflated.set(oldest, body);
    } else {
      inflatedChars -= body.html.length + oldest.length;
    }
  }
  return html;
}

/** Lets the kept inflated bodies go (a web process in which no feed has been rendered for a while). */
export function forgetInflatedBodies(): void {
  inflated.clear();
  inflatedChars = 0;
}

/** Characters the kept inflated bodies and their keys hold. */
export function inflatedBodyChars(): number {
  return inflatedChars;
}

/** Whether a stored value is in the current form (its body deflated, or too short to be). */
export function isEncodedItem(json: string): boolean {
  const { contentZ, contentHtml } = JSON.parse(json) as EncodedItem;
  return contentZ !== undefined || (contentHtml ?? '').length < MIN_DEFLATED;
}

export function readItemFields(json: string): ItemFields {
  const { contentZ: _contentZ, contentHtml: _contentHtml, ...rest } = JSON.parse(json) as EncodedItem;
  return rest;
}
