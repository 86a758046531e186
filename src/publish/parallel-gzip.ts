/**
 * Gzip made of chunks deflated side by side on zlib's thread pool, the way pigz does it: each
 * chunk is raw-deflated on a pool job of its own with the 32 KiB before it as its dictionary
 * (so it finds the same matches a single stream would, and the output is as small), and ended
 * with a sync flush (a byte boundary, no final block), so that the chunks' outputs concatenate
 * into one deflate stream; an empty final block, the gzip header and a trailer with the CRC-32
 * of all bytes (computed on the event loop, a fraction of a millisecond for a feed) make the
 * member. Any gunzip reads it as it reads a single stream's.
 *
 * Why: one gzip stream compresses its writes one after the other, so a render that writes a
 * feed while its compression runs waits, after writing, for the rest of that one stream; with
 * chunks compressed at once the two cores share that work. Measured in process on the bench's
 * store (2 cores, medians of 60 renders written and compressed at gzip level 4, 64 KiB chunks):
 * the 50-entry feed 4.6–4.7 ms instead of 5.1–5.7, `limit=200` 16.6 instead of 22.3, with
 * 63.0 KiB instead of 63.1 for the 50 entries.
 */
import { promisify } from 'node:util';
import * as zlib from 'node:zlib';

const deflateRawAsync = promisify(zlib.deflateRaw);

/** How far back deflate looks: what each chunk is given of the bytes before it. */
const WINDOW = 32 * 1024;

/** ID1 ID2, deflate, no flags, no time, no extra flags, OS Unix (as Node's gzip writes). */
const HEADER = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3]);
/** An empty final block: what ends the stream after the chunks' sync-flushed blocks. */
const FINAL_BLOCK = zlib.deflateRawSync(Buffer.alloc(0));

/**
 * zlib.crc32 where this Node has it (20.15 and later, 22.2 and later; read from the namespace, as
 * a named import of it fails to load on an older one); without it a single stream is used.
 */
const crc32 = (zlib as Partial<Pick<typeof zlib, 'crc32'>>).crc32;
export const PARALLEL_GZIP = crc32 !== undefined;

export interface ParallelGzip {
  /** Starts the compression of `chunk` at once (the bytes must not change until `end` resolves). */
  write(chunk: Buffer): void;
  /** The gzip member of everything written. */
  end(): Promise<Buffer>;
}

export function parallelGzip(level: number): ParallelGzip {
  let crc = 0;
  let length = 0;
  let before: Buffer | undefined;
  const chunks: Promise<Buffer>[] = [];
  return {
    write(chunk) {
      if (chunk.length === 0) return;
      crc = crc32!(chunk, crc);
      length += chunk.length;
      const compressed = deflateRawAsync(chunk, { level, finishFlush: zlib.constants.Z_SYNC_FLUSH, ...(before === undefined ? {} : { dictionary: before }) });
      // A failure is end's to report: it must not be an unhandled rejection before end is called.
      compressed.catch(() => undefined);
      chunks.push(compressed);
      before = chunk.length >= WINDOW || before === undefined ? chunk.subarray(-WINDOW) : Buffer.concat([before, chunk]).subarray(-WINDOW);
    },
    async end() {
      const trailer = Buffer.alloc(8);
      trailer.writeUInt32LE(crc >>> 0, 0);
      // ISIZE: the length modulo 2^32.
      trailer.writeUInt32LE(length >>> 0, 4);
      return Buffer.concat([HEADER, ...(await Promise.all(chunks)), FINAL_BLOCK, trailer]);
    },
  };
}
