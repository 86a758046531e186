/**
 * 64-bit SimHash (Charikar) over word shingles: texts that share most shingles get hashes that
 * differ in few bits, so near-duplicates can be found by Hamming distance and banded lookups.
 */
import { createHash } from 'node:crypto';
import { shinglesOf } from './shingles.js';

const HEX64 = /^[0-9a-f]{16}$/;

/**
 * Bands used for candidate lookup: 8 bands of 8 bits find every hash within 7 bits for certain
 * and ~96 % of those 10 bits away (4 bands of 16 bits: certain only up to 3 bits, 17 % at 10).
 * One added sentence moves a release's SimHash by 2–12 bits, so 4 bands would miss most copies.
 */
export const SIMHASH_BANDS = 8;

/** 16 lower-case hex digits of the SimHash of `text` ("0000000000000000" for a text without words). */
export function simhash64(text: string): string {
  const weights = new Array<number>(64).fill(0);
  const shingles = shinglesOf(text);
  for (const shingle of shingles) {
    const digest = createHash('md5').update(shingle).digest();
    // Bit 63 is the first bit of the digest, so the hex string reads in digest order.
    const high = digest.readUInt32BE(0);
    const low = digest.readUInt32BE(4);
    for (let bit = 0; bit < 32; bit++) {
      weights[63 - bit]! += (low >>> bit) & 1 ? 1 : -1;
      weights[31 - bit]! += (high >>> bit) & 1 ? 1 : -1;
    }
  }
  if (shingles.length === 0) return '0'.repeat(16);
  let hash = 0n;
  for (let i = 0; i < 64; i++) hash = (hash << 1n) | (weights[i]! > 0 ? 1n : 0n);
  return hash.toString(16).padStart(16, '0');
}

function parseHash(hash: string): bigint {
  if (!HEX64.test(hash)) throw new TypeError(`not a 64-bit hex SimHash: "${hash}"`);
  return BigInt(`0x${hash}`);
}

/** Number of differing bits between two SimHashes. */
export function hammingDistance(a: string, b: string): number {
  let diff = parseHash(a) ^ parseHash(b);
  let count = 0;
  while (diff !== 0n) {
    diff &= diff - 1n;
    count += 1;
  }
  return count;
}

/**
 * Splits a SimHash into `bands` equal runs of hex digits, keyed by position ("0:ab12"). Two hashes
 * within Hamming distance `bands - 1` share at least one band key (pigeonhole), so looking up the
 * band keys finds every such candidate without comparing against all items.
 */
export function simhashBands(hash: string, bands = SIMHASH_BANDS): string[] {
  parseHash(hash);
  if (!Number.isInteger(bands) || bands < 1 || 16 % bands !== 0) {
    throw new RangeError(`bands must divide 16 hex digits evenly (1, 2, 4, 8 or 16), got ${bands}`);
  }
  const width = 16 / bands;
  const keys: string[] = [];
  for (let i = 0; i < bands; i++) keys.push(`${i}:${hash.slice(i * width, (i + 1) * width)}`);
  return keys;
}
