/**
 * One rendered output (feed, OPML list, page) as the HTTP layer sends it: the body, its
 * validators and its compressed forms. A compressed form is made while the body is written, for
 * the codings its render is asked for (fromParts: a feed, for the request that asked for it and
 * those clients asked of the render before), or else when a client first asks for it, on zlib's
 * thread pool (never on the event loop: brotli of a 600 kB feed takes a second and more
 * there), and kept; requests that ask meanwhile share that one compression. So a render nobody
 * fetches costs no compression, and a feed that only feed readers fetch (gzip) is never brotli'd:
 * while workers ingest, the busy feeds are rendered again every second or so, and every
 * compression saved is CPU the rest of the machine keeps. Once a compressed form is made, the
 * body itself is let go unless a client asked for it: a kept 50-entry feed holds its 62 KiB of
 * gzip instead of 62 plus 282 KiB, and a client that asks for another coding later waits for a
 * decompression of well under a millisecond first (on the thread pool too).
 * Levels chosen by measurement: on a 278 KiB Atom feed of 50 releases brotli 4 and gzip 4 take
 * 4 ms each and give 63 and 62 KiB, where brotli 5 and gzip 6 take 7 and 9 ms for 59 and 60 KiB
 * (and the levels 9 many times that).
 */
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { brotliCompress, brotliDecompress, constants as zlibConstants, createBrotliCompress, createGzip, gunzip, gzip, type BrotliOptions } from 'node:zlib';
import { PARALLEL_GZIP, parallelGzip } from './parallel-gzip.js';

export type Encoding = 'br' | 'gzip' | 'identity';

export const BROTLI_QUALITY = 4;
export const GZIP_LEVEL = 4;

const brotliAsync = promisify(brotliCompress);
const gzipAsync = promisify(gzip);
type Coding = Exclude<Encoding, 'identity'>;

/**
 * How far back brotli looks, as a power of two: 256 KiB instead of its default 4 MiB. Brotli
 * keeps a ring buffer of that size for each compression of a body larger than 64 KiB (Node's
 * stream API never sizes it to the body), and glibc keeps what was freed: in one process
 * compressing the bench's 50-entry and `limit=200` feeds (289 KB and 1.1 MB) a hundred times,
 * three at once, it held 72 MiB with this window and 91 MiB with the default, for the same
 * output (64,860 bytes instead of 64,865, and 250,817 instead of 250,755) in the same time.
 * Feed entries repeat what entries near them say, so matches further back than 256 KiB are rare;
 * 64 KiB (16) gives 0.3 % and 2.9 % more bytes.
 */
export const BROTLI_WINDOW_BITS = 18;

const brotliOptions = (sizeHint?: number): BrotliOptions => ({
  params: {
    [zlibConstants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY,
    [zlibConstants.BROTLI_PARAM_LGWIN]: BROTLI_WINDOW_BITS,
    ...(sizeHint === undefined ? {} : { [zlibConstants.BROTLI_PARAM_SIZE_HINT]: sizeHint }),
  },
});

/**
 * Bytes written between two turns of the event loop in `fromParts`: in each turn the thread pool
 * is handed what was written since the last one, and other requests are answered.
 */
const TURN_BYTES = 64 * 1024;

const COMPRESS: Record<Coding, (body: Buffer) => Promise<Buffer>> = {
  br: (body) => brotliAsync(body, brotliOptions(body.length)),
  gzip: (body) => {
    if (!PARALLEL_GZIP) return gzipAsync(body, { level: GZIP_LEVEL });
    const gzip = parallelGzip(GZIP_LEVEL);
    for (let start = 0; start < body.length; start += TURN_BYTES) gzip.write(body.subarray(start, start + TURN_BYTES));
    return gzip.end();
  },
};

/**
 * A compression fed part by part on the thread pool: the compressed bytes once it is ended. Gzip
 * compresses the parts side by side where it can (parallel-gzip.ts), brotli as one stream.
 */
function compressing(coding: Coding): { write(part: Buffer): void; end(): void; done: Promise<Buffer | undefined> } {
  if (coding === 'gzip' && PARALLEL_GZIP) {
    const gzip = parallelGzip(GZIP_LEVEL);
    let end!: () => void;
    const done = new Promise<Buffer | undefined>((resolve) => (end = () => void gzip.end().then(resolve, () => resolve(undefined))));
    return { write: (part) => gzip.write(part), end, done };
  }
  const stream = coding === 'br' ? createBrotliCompress(brotliOptions()) : createGzip({ level: GZIP_LEVEL });
  const chunks: Buffer[] = [];
  // Undefined when it fails: the coding is then made when a client asks for it (bodyIn).
  const done = new Promise<Buffer | undefined>((resolve) => {
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', () => resolve(undefined));
  });
  return {
    // The whole body is held anyway; what the stream buffers is never more than that.
    write: (part) => void stream.write(part),
    end: () => void stream.end(),
    done,
  };
}

const DECOMPRESS: Record<Coding, (coded: Buffer) => Promise<Buffer>> = {
  br: promisify(brotliDecompress),
  gzip: promisify(gunzip),
};

export class RenderedResponse {
  readonly etag: string;
  /** The codings made so far, the body itself among them until it is let go. */
  private readonly encoded = new Map<Encoding, Buffer>();
  /** Codings under way (the body itself too, when it is made again from a compressed form). */
  private readonly encoding = new Map<Encoding, Promise<Buffer>>();
  /** Whether a client asked for the body itself: then it is kept. */
  private identityAsked = false;
  /** Told of every change of the bytes held (the render cache counts them). */
  private resized?: (delta: number) => void;
  /** The last If-None-Match value matched, and whether it named this content. */
  private lastIfNoneMatch?: string;
  private lastMatched = false;

  private constructor(
    body: Buffer,
    readonly contentType: string,
    /** HTTP date of the last store change before it was made. */
    readonly lastModified: string,
    /**
     * What it was made from, when its maker can tell (a feed: its head and its items' stored
     * JSON, as one digest): a maker about to make it again from the same sends it on instead,
     * validators and compressed forms included.
     */
    readonly basis?: string,
  ) {
    this.encoded.set('identity', body);
    this.etag = createHash('sha1').update(body).digest('base64url').slice(0, 22);
  }

  /** The response for `body`; its compressed forms are made when first asked for (`bodyIn`). */
  static prepare(body: Buffer, contentType: string, lastModified: string, basis?: string): RenderedResponse {
    return new RenderedResponse(body, contentType, lastModified, basis);
  }

  /**
   * The response for a body given as parts that are written as they are taken (render-feed.ts,
   * feedParts), with `codings` compressed on the thread pool while the rest is written: the
   * compression of what was written runs beside the writing of what follows, so a client waiting
   * for a render waits for the longer of the two rather than for both (on two cores, a prototype
   * of it in process took 8.7 ms instead of 10.3 for the 50-entry feed and gzip, median over 250
   * rounds). After each TURN_BYTES or more written the event loop takes a turn. A coding whose compression fails
   * is left to be made when asked for.
   */
  static async fromParts(parts: Iterable<Buffer>, codings: readonly Encoding[], contentType: string, lastModified: string, basis?: string): Promise<RenderedResponse> {
    const compressions = [...new Set(codings)].filter((coding): coding is Coding => coding !== 'identity').map((coding) => ({ coding, stream: compressing(coding) }));
    const written: Buffer[] = [];
    // What was written since the last turn, handed to the pool as one write: each write is a
    // round trip through the event loop.
    let since = 0;
    const handOver = (): void => {
      if (compressions.length === 0 || since === written.length) return;
      const chunk = Buffer.concat(written.slice(since));
      for (const { stream } of compressions) stream.write(chunk);
      since = written.length;
    };
    let sinceTurn = 0;
    for (const part of parts) {
      written.push(part);
      sinceTurn += part.length;
      if (sinceTurn < TURN_BYTES) continue;
      handOver();
      sinceTurn = 0;
      await nextTurn();
    }
    handOver();
    for (const { stream } of compressions) stream.end();
    // The ETag's hash runs while the pool compresses the last parts.
    const response = new RenderedResponse(Buffer.concat(written), contentType, lastModified, basis);
    for (const { coding, stream } of compressions) {
      const coded = await stream.done;
      if (coded) response.encoded.set(coding, coded);
    }
    response.letBodyGo();
    return response;
  }

  /** The body in the given content coding, made off the event loop on the first ask. */
  bodyIn(encoding: Encoding): Promise<Buffer> {
    if (encoding === 'identity') this.identityAsked = true;
    const done = this.encoded.get(encoding);
    if (done) return Promise.resolve(done);
    let pending = this.encoding.get(encoding);
    if (!pending) {
      pending = this.make(encoding).then(
        (coded) => {
          this.encoded.set(encoding, coded);
          this.encoding.delete(encoding);
          // One change, so that a cache never counts the coding before the body it replaces goes.
          const delta = coded.length - this.letBodyGo();
          this.resized?.(delta);
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

  private make(encoding: Encoding): Promise<Buffer> {
    if (encoding === 'identity') return this.decompressed();
    const body = this.encoded.get('identity');
    const source = body ? Promise.resolve(body) : (this.encoding.get('identity') ?? this.decompressed());
    return source.then((plain) => COMPRESS[encoding](plain));
  }

  /** The body itself made again from a compressed form (called only once it was let go). */
  private decompressed(): Promise<Buffer> {
    const [coding, coded] = [...this.encoded][0] as [Coding, Buffer];
    return DECOMPRESS[coding](coded);
  }

  /** Drops the body itself once a compressed form holds it, unless a client wants it as it is; the bytes let go. */
  private letBodyGo(): number {
    const body = this.encoded.get('identity');
    if (!body || this.identityAsked || this.encoded.size < 2) return 0;
    this.encoded.delete('identity');
    return body.length;
  }

  /**
   * Calls `listener` with every change of the bytes held from now on: a coding made (more), the
   * body let go (fewer). One listener, the last one set.
   */
  onResize(listener: ((delta: number) => void) | undefined): void {
    this.resized = listener;
  }

  /** The codings clients of this response asked for and got: the compressed forms made, and the body itself if asked for. */
  get codingsAsked(): Encoding[] {
    return [...this.encoded.keys()].filter((encoding) => encoding !== 'identity' || this.identityAsked);
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

  /**
   * Whether an If-None-Match header names this content in any coding (or is `*`). The last
   * header seen and its answer are kept: subscribers revalidate with the ETag they were sent, so
   * most revalidations of a render send the same few values.
   */
  matches(ifNoneMatch: string): boolean {
    if (ifNoneMatch === this.lastIfNoneMatch) return this.lastMatched;
    this.lastMatched = this.names(ifNoneMatch);
    this.lastIfNoneMatch = ifNoneMatch;
    return this.lastMatched;
  }

  private names(ifNoneMatch: string): boolean {
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
