/**
 * One rendered output (feed, OPML list, page) as the HTTP layer sends it: the body, its
 * validators and its compressed forms, each made once.
 */
import { createHash } from 'node:crypto';
import { brotliCompressSync, constants as zlibConstants, gzipSync } from 'node:zlib';

export type Encoding = 'br' | 'gzip' | 'identity';

export class RenderedResponse {
  readonly etag: string;
  private readonly encoded = new Map<Encoding, Buffer>();

  constructor(
    readonly body: Buffer,
    readonly contentType: string,
    /** HTTP date of the last store change. */
    readonly lastModified: string,
  ) {
    this.etag = createHash('sha1').update(body).digest('base64url').slice(0, 22);
    this.encoded.set('identity', body);
  }

  /** The body in the given content coding, compressed once and then kept. */
  bodyIn(encoding: Encoding): Buffer {
    let out = this.encoded.get(encoding);
    if (!out) {
      out =
        encoding === 'br'
          ? brotliCompressSync(this.body, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 9, [zlibConstants.BROTLI_PARAM_SIZE_HINT]: this.body.length } })
          : gzipSync(this.body, { level: 9 });
      this.encoded.set(encoding, out);
    }
    return out;
  }

  /** Strong ETag of one coding: the bytes differ, so the validators do too. */
  etagFor(encoding: Encoding): string {
    return encoding === 'identity' ? `"${this.etag}"` : `"${this.etag}-${encoding}"`;
  }

  /** Whether an If-None-Match header names this content in any coding (or is `*`). */
  matches(ifNoneMatch: string): boolean {
    return ifNoneMatch
      .split(',')
      .map((tag) => tag.trim().replace(/^W\//, '').replace(/^"|"$/g, ''))
      .some((tag) => tag === '*' || tag === this.etag || tag.startsWith(`${this.etag}-`));
  }
}

/** HTTP date of an ISO instant; the epoch when the store never changed. */
export function httpDate(iso: string | undefined): string {
  return new Date(iso ?? 0).toUTCString();
}

