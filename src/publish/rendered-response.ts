/**
 * One rendered output (feed, OPML list, page) as the HTTP layer sends it: the body, its
 * validators and its compressed forms. The compressed forms are made when the response is
 * prepared, on zlib's thread pool (never on the event loop: brotli of a 600 kB feed takes a
 * second and more there), at levels chosen by measurement: on a 278 KiB Atom feed of 50 releases
 * brotli 4 and gzip 4 take 4 ms each and give 63 and 62 KiB, where brotli 5 and gzip 6 take 7 and
 * 9 ms for 59 and 60 KiB (and the levels 9 many times that). A request that finds no render waits
 * for both, and an ingest makes the busy feeds render again and again.
 */
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { brotliCompress, constants as zlibConstants, gzip } from 'node:zlib';

export type Encoding = 'br' | 'gzip' | 'identity';

export const BROTLI_QUALITY = 4;
export const GZIP_LEVEL = 4;

const brotliAsync = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

export class RenderedResponse {
  readonly etag: string;

  private constructor(
    private readonly encoded: ReadonlyMap<Encoding, Buffer>,
    readonly contentType: string,
    /** HTTP date of the last store change. */
    readonly lastModified: string,
  ) {
    this.etag = createHash('sha1').update(this.body).digest('base64url').slice(0, 22);
  }

  /** Compresses `body` in both codings off the event loop and resolves with the response. */
  static async prepare(body: Buffer, contentType: string, lastModified: string): Promise<RenderedResponse> {
    const [br, gz] = await Promise.all([
      brotliAsync(body, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY, [zlibConstants.BROTLI_PARAM_SIZE_HINT]: body.length } }),
      gzipAsync(body, { level: GZIP_LEVEL }),
    ]);
    return new RenderedResponse(new Map([['identity', body], ['br', br], ['gzip', gz]]), contentType, lastModified);
  }

  get body(): Buffer {
    return this.encoded.get('identity')!;
  }

  /** The body in the given content coding. */
  bodyIn(encoding: Encoding): Buffer {
    return this.encoded.get(encoding)!;
  }

  /** Bytes held for all codings together (the render cache's size limit counts these). */
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
