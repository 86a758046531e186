import type { IncomingMessage } from 'node:http';
import type { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';

/** The decompressed body passed the size cap. */
export class BodyTooLargeError extends Error {
  override readonly name = 'BodyTooLargeError';
}

/** The server used a Content-Encoding we did not offer. */
export class UnsupportedEncodingError extends Error {
  override readonly name = 'UnsupportedEncodingError';
}

/** The encodings we offer in Accept-Encoding, and only those are decoded. */
export const ACCEPT_ENCODING = 'gzip, deflate, br';

/**
 * Reads the body through the decompressors named in Content-Encoding and counts bytes after
 * decompression: the moment the count passes `maxBytes` every stream is destroyed, so a small
 * compressed bomb is never inflated further than one chunk past the cap.
 */
export async function readBody(res: IncomingMessage, maxBytes: number, signal: AbortSignal): Promise<Buffer> {
  const decoders = createDecoders(res.headers['content-encoding']);
  const chunks: Buffer[] = [];
  let total = 0;
  let overLimit = false;
  const collect = async (source: AsyncIterable<Buffer>): Promise<void> => {
    for await (const chunk of source) {
      total += chunk.length;
      if (total > maxBytes) {
        overLimit = true;
        throw new BodyTooLargeError(`body passed ${maxBytes} bytes`);
      }
      chunks.push(chunk);
    }
  };
  try {
    // The typings have no overload for a variable number of transforms; the runtime does.
    await (pipeline as (...args: unknown[]) => Promise<void>)(res, ...decoders, collect, { signal });
  } catch (err) {
    // Tearing the streams down can surface as an AbortError before our own error; ours is the cause.
    if (overLimit) throw new BodyTooLargeError(`body passed ${maxBytes} bytes`, { cause: err });
    throw err;
  }
  return Buffer.concat(chunks, total);
}

/** Content-Encoding lists codings in the order applied, so they are undone from the last. */
function createDecoders(header: string | undefined): Transform[] {
  const codings = (header ?? '')
    .split(',')
    .map((coding) => coding.trim().toLowerCase())
    .filter((coding) => coding !== '' && coding !== 'identity');
  return codings.reverse().map(createDecoder);
}

function createDecoder(coding: string): Transform {
  switch (coding) {
    case 'gzip':
    case 'x-gzip':
      return createGunzip();
    case 'deflate':
      return createInflate();
    case 'br':
      return createBrotliDecompress();
    default:
      throw new UnsupportedEncodingError(`unsupported Content-Encoding "${coding}"`);
  }
}

/** zlib and brotli report corrupt input with these codes. */
export function isDecompressionError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('Z_') || code.startsWith('ERR__ERROR') || code.startsWith('ERR_BROTLI'));
}
