/**
 * One rendered output (feed, OPML list, page) as the HTTP layer sends it: the body, its
 * validators and its compressed forms. A compressed form is made when a client first asks for it,
 * on zlib's thread pool (never on the event loop: brotli of a 600 kB feed takes a second and more
 * there), and kept; requests that ask meanwhile share that one compression. So a render nobody
 * fetches costs no compression, and a feed that only feed readers fetch (gzip) is never brotli'd:
 * while workers ingest, the busy feeds are rendered again every second or so, and every
 * compression saved is CPU the rest of the machine keeps. Levels chosen by measurement: on a
 * 278 KiB Atom feed of 50 releases brotli 4 and gzip 4 take 4 ms each and give 63 and 62 KiB,
 * where brotli 5 and gzip 6 take 7 and 9 ms for 59 and 60 KiB (and the levels 9 many times that).
 */
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { brotliCompress, constants as zlibConstants, gzip } from 'node:zlib';

export type Encoding = 'br' | 'gzip' | 'identity';

export const BROTLI_QUALITY = 4;
export const GZIP_LEVEL = 4;

const brotliAsync = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

const COMPRESS: Record<Exclude<Encoding, 'identity'>, (body: Buffer) => Promise<Buffer>> = {
  br: (body) => brotliAsync(body, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY, [zlibConstants.BROTLI_PARAM_SIZE_HINT]: body.length } }),
  gzip: (body) => gzipAsync(body, { level: GZIP_LEVEL }),
};

export class RenderedResponse {
  readonly etag: string;
  /** The codings made so far, the body itself among them. */
  private readonly encoded = new Map<Encoding, Buffer>();
  /** Compressions under way. */
  private readonly encoding = new Map<Encoding, Promise<Buffer>>();
  /** Told the bytes of each coding made (the render cache counts them). */
  private grown?: (bytes: number) => void;

  private constructor(
    readonly body: Buffer,
    readonly contentType: string,
    /** HTTP date of the last store change. */
    readonly lastModified: string,
  ) {
    this.encoded.set('identity', body);
    this.etag = createHash('sha1').update(body).digest('base64url').slice(0, 22);
  }

  /** The response for `body`; its compressed forms are made when first asked for (`bodyIn`). */
  static prepare(body: Buffer, contentType: string, lastModified: string): RenderedResponse {
    return new RenderedResponse(body, contentType, lastModified);
  }

  /** The body in the given content coding, compressed off the event loop on the first ask. */
  bodyIn(encoding: Encoding): Promise<Buffer> {
    const done = this.encoded.get(encoding);
    if (done) return Promise.resolve(done);
    let pending = this.encoding.get(encoding);
    if (!pending) {
      pending = COMPRESS[encoding as Exclude<Encoding, 'identity'>](this.body).then(
        (coded) => {
          this.encoded.set(encoding, coded);
          this.encoding.delete(encoding);
          this.grown?.(coded.length);
          return coded;
        },
        (error: unknown) => {
          // Not kept: the next request tries again.
          this.encoding.delete(encoding);
          throw error;
        },
      );
      this.encoding.set(encoding, pending);
    }
    return pending;
  }

  /** The body in `encoding` when it has been made already, else undefined; never waits (the fast path). */
  readyBodyIn(encoding: Encoding): Buffer | undefined {
    return this.encoded.get(encoding);
  }

  /** Calls `listener` with the bytes of every coding made from now on; one listener, the last one set. */
  onGrowth(listener: ((bytes: number) => void) | undefined): void {
    this.grown = listener;
  }

  /** The codings made so far, besides the body itself: what clients of this response asked for. */
  get codingsMade(): Encoding[] {
    return [...this.encoded.keys()].filter((encoding) => encoding !== 'identity');
  }

  /** Bytes held for the codings made so far (the render cache's size limit counts these). */
  get bytes(): number {
    let total = 0;
    for (const body of this.encoded.values()) total += body.length;
    return total;
  }

  /** Strong ETag of one coding: the bytes differ, so the validators do too. */
  etagFor(encoding: Encoding): string {
    return encoding === 'identity' ? `"${this.etag}"` : `"${this.etag}-${encoding}"`;
  }

  /** Whether an If-None-Match header names this content in any coding (or is `*`). */
  matches(ifNoneMatch: string): boolean {
    // A loop rather than split/map/some: revalidations are the most frequent request of all.
    for (const part of ifNoneMatch.split(',')) {
      let tag = part.trim();
      if (tag.startsWith('W/')) tag = tag.slice(2);
      if (tag.startsWith('"')) tag = tag.slice(1);
      if (tag.endsWith('"')) tag = tag.slice(0, -1);
      if (tag === '*' || tag === this.etag || (tag.startsWith(this.etag) && tag.charAt(this.etag.length) === '-')) return true;
    }
    return false;
  }
}

/** HTTP date of an ISO instant; the epoch when the store never changed. */
export function httpDate(iso: string | undefined): string {
  return new Date(iso ?? 0).toUTCString();
}
