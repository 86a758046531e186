/**
 * The first 64 bits of the MD5 digest of a short string's UTF-8 bytes, in plain code. SimHash
 * hashes every word shingle of every release (hundreds per release); node:crypto's per-call set-up
 * costs several times what MD5 of 20 bytes does, and MD5 itself must stay: stored SimHashes are
 * made from these bits and are compared with new ones (RFC 1321; checked against node:crypto in
 * test/dedupe-identity.test.ts).
 */

const S = [7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10, 15, 21];
const K = Int32Array.from({ length: 64 }, (_, i) => Math.floor(Math.abs(Math.sin(i + 1)) * 2 ** 32) | 0);

const encoder = new TextEncoder();
let buffer = new Uint8Array(256);
const words = new Int32Array(16);

function byteSwap(x: number): number {
  return ((x & 0xff) << 24) | ((x & 0xff00) << 8) | ((x >>> 8) & 0xff00) | (x >>> 24);
}

/** The digest's bytes 0–3 and 4–7, each read big-endian (as Buffer.readUInt32BE would). */
export function md5First64(text: string): [high: number, low: number] {
  // UTF-8 takes at most 3 bytes per UTF-16 code unit; padding adds at most 72.
  const needed = text.length * 3 + 72;
  if (buffer.length < needed) buffer = new Uint8Array(needed * 2);
  const length = encoder.encodeInto(text, buffer).written;
  const blocks = ((length + 8) >>> 6) + 1;
  const end = blocks * 64;
  buffer.fill(0, length, end);
  buffer[length] = 0x80;
  const bits = length * 8;
  buffer[end - 8] = bits & 0xff;
  buffer[end - 7] = (bits >>> 8) & 0xff;
  buffer[end - 6] = (bits >>> 16) & 0xff;
  buffer[end - 5] = (bits >>> 24) & 0xff;
  // A shingle is far below 512 MiB, so the upper 32 bits of the bit count stay 0.

  let a0 = 0x67452301;
  let b0 = 0xefcdab89 | 0;
  let c0 = 0x98badcfe | 0;
  let d0 = 0x10325476;
  for (let offset = 0; offset < end; offset += 64) {
    for (let i = 0; i < 16; i++) {
      const at = offset + i * 4;
      words[i] = buffer[at]! | (buffer[at + 1]! << 8) | (buffer[at + 2]! << 16) | (buffer[at + 3]! << 24);
    }
    let a = a0;
    let b = b0;
    let c = c0;
    let d = d0;
    for (let i = 0; i < 64; i++) {
      let f: number;
      let g: number;
      if (i < 16) {
        f = (b & c) | (~b & d);
        g = i;
      } else if (i < 32) {
        f = (d & b) | (~d & c);
        g = (5 * i + 1) & 15;
      } else if (i < 48) {
        f = b ^ c ^ d;
        g = (3 * i + 5) & 15;
      } else {
        f = c ^ (b | ~d);
        g = (7 * i) & 15;
      }
      const sum = (a + f + K[i]! + words[g]!) | 0;
      const shift = S[(i >>> 4) * 4 + (i & 3)]!;
      a = d;
      d = c;
      c = b;
      b = (b + ((sum << shift) | (sum >>> (32 - shift)))) | 0;
    }
    a0 = (a0 + a) | 0;
    b0 = (b0 + b) | 0;
    c0 = (c0 + c) | 0;
    d0 = (d0 + d) | 0;
  }
  return [byteSwap(a0) >>> 0, byteSwap(b0) >>> 0];
}
