/**
 * Gzip made of chunks deflated side by side (publish/parallel-gzip.ts) must be one valid gzip
 * member of exactly the bytes written, whatever the chunk sizes, checked by zlib's own gunzip
 * (CRC-32 and length included) and by its streaming decoder, and as small as one stream's.
 */
import { createGunzip, gunzipSync, gzipSync } from 'node:zlib';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RenderedResponse } from '../src/publish/index.js';
import { PARALLEL_GZIP, parallelGzip } from '../src/publish/parallel-gzip.js';

/** Feed-like text: entries that repeat with small differences, umlauts and random bytes among them. */
const feedLike = fc
  .array(fc.oneof(fc.constantFrom('<entry><title>Förderprogramm für Integration</title>', '<content type="html">&lt;p&gt;Wiesbaden. ', 'ß äöü ', '</entry>\n'), fc.string({ maxLength: 40 }), fc.uint8Array({ maxLength: 60 }).map((b) => Buffer.from(b).toString('latin1'))), { maxLength: 4000 })
  .map((parts) => Buffer.from(parts.join(''), 'utf8'));

/** `body` cut at the given fractions, in order. */
function cut(body: Buffer, fractions: number[]): Buffer[] {
  const points = [...new Set(fractions.map((f) => Math.floor(f * body.length)))].sort((a, b) => a - b);
  const chunks: Buffer[] = [];
  let start = 0;
  for (const point of [...points, body.length]) {
    chunks.push(body.subarray(start, point));
    start = point;
  }
  return chunks;
}

describe.runIf(PARALLEL_GZIP)('parallel gzip', () => {
  it('decodes to the bytes written, for any text and any cuts', async () => {
    await fc.assert(
      fc.asyncProperty(feedLike, fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 12 }), fc.integer({ min: 1, max: 9 }), async (body, fractions, level) => {
        const gzip = parallelGzip(level);
        for (const chunk of cut(body, fractions)) gzip.write(chunk);
        const coded = await gzip.end();
        expect(gunzipSync(coded).equals(body)).toBe(true);
        expect((await buffer(Readable.from([coded]).pipe(createGunzip()))).equals(body)).toBe(true);
      }),
      { numRuns: 60 },
    );
  });

  it('is as small as a single stream: each chunk sees the 32 KiB before it', async () => {
    const entry = (i: number): string => `<entry><id>tag:x,${i}</id><title>Pressemitteilung ${i % 7}</title><content>${'Das Ministerium fördert Projekte. '.repeat(20)}</content></entry>\n`;
    const body = Buffer.from(Array.from({ length: 2000 }, (_, i) => entry(i)).join(''));
    const gzip = parallelGzip(4);
    for (let start = 0; start < body.length; start += 64 * 1024) gzip.write(body.subarray(start, start + 64 * 1024));
    const coded = await gzip.end();
    expect(gunzipSync(coded).equals(body)).toBe(true);
    // Without the dictionaries every chunk would start from nothing: 1.22× here.
    expect(coded.length).toBeLessThanOrEqual(gzipSync(body, { level: 4 }).length * 1.05);
  });

  it('makes an empty body a valid empty member', async () => {
    expect(gunzipSync(await parallelGzip(4).end()).length).toBe(0);
  });

  it('is what a rendered response sends for gzip, written part by part or asked for later', async () => {
    const body = Buffer.from(Array.from({ length: 3000 }, (_, i) => `<p>Absatz ${i} über Förderung und Straßenbau</p>\n`).join(''));
    const parts = cut(body, [0.1, 0.15, 0.5, 0.9]);
    const written = await RenderedResponse.fromParts(parts, ['gzip'], 'text/html', 'Thu, 01 Jan 1970 00:00:00 GMT');
    expect(gunzipSync(await written.bodyIn('gzip')).equals(body)).toBe(true);
    const asked = RenderedResponse.prepare(body, 'text/html', 'Thu, 01 Jan 1970 00:00:00 GMT');
    expect(gunzipSync(await asked.bodyIn('gzip')).equals(body)).toBe(true);
    expect(written.etag).toBe(asked.etag);
  });
});
