/**
 * 64-bit SimHash (Charikar) over word shingles: texts that share most shingles get hashes that
 * differ in few bits, so near-duplicates can be found by Hamming distance and banded lookups.
 */
import { md5First64 } from './md5.js';
import { wordsOf } from './normalize-text.js';
import { shinglesOfWords } from './shingles.js';

const HEX64 = /^[0-9a-f]{16}$/;

/**
 * Bands used for candidate lookup: 8 bands of 8 bits find every hash within 7 bits for certain
 * and ~96 % of those 10 bits away (4 bands of 16 bits: certain only up to 3 bits, 17 % at 10).
 * One added sentence moves a release's SimHash by 2–12 bits, so 4 bands would miss most copies.
 */
export const SIMHASH_BANDS = 8;

/** 16 lower-case hex digits of the SimHash of `text` ("0000000000000000" for a text without words). */
export function simhash64(text: string): string {
  return simhashOfWords(wordsOf(text));
}

/**
 * simhash64 of the text `words` came from (wordsOf), for a caller that needs the words anyway.
 * Each shingle votes with the first 64 bits of its MD5: bit 63 is the first bit of the digest, so
 * the hex string reads in digest order.
 */
export function simhashOfWords(words: readonly string[]): string {
  const shingles = shinglesOfWords(words);
  if (shingles.length === 0) return '0'.repeat(16);
  // ones[0] counts the shingles with bit 63 set (the digest's first bit), ones[63] bit 0. A bit of
  // the hash is set where more shingles vote for it than against it: 2 × ones > shingles.
  const ones = new Int32Array(64);
  for (const shingle of shingles) {
    const [high, low] = md5First64(shingle);
    for (let bit = 0; bit < 32; bit++) {
      ones[63 - bit]! += (low >>> bit) & 1;
      ones[31 - bit]! += (high >>> bit) & 1;
    }
  }
  const votes = shingles.length;
  let high = 0;
  let low = 0;
  for (let i = 0; i < 32; i++) {
    high = (high << 1) | (2 * ones[i]! > votes ? 1 : 0);
    low = (low << 1) | (2 * ones[32 + i]! > votes ? 1 : 0);
  }
  return hex32(high) + hex32(low);
}

function hex32(value: number): string {
  return (value >>> 0).toString(16).padStart(8, '0');
}

function checkHash(hash: string): void {
  if (!HEX64.test(hash)) throw new TypeError(`not a 64-bit hex SimHash: "${hash}"`);
}

/** Set bits of a 32-bit number. */
function popCount32(value: number): number {
  let v = value - ((value >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/** Number of differing bits between two SimHashes (in two 32-bit halves: no BigInt). */
export function hammingDistance(a: string, b: string): number {
  checkHash(a);
  checkHash(b);
  const high = Number.parseInt(a.slice(0, 8), 16) ^ Number.parseInt(b.slice(0, 8), 16);
  const low = Number.parseInt(a.slice(8), 16) ^ Number.parseInt(b.slice(8), 16);
  return popCount32(high) + popCount32(low);
}

/**
 * Splits a SimHash into `bands` equal runs of hex digits, keyed by position ("0:ab12"). Two hashes
 * within Hamming distance `bands - 1` share at least one band key (pigeonhole), so looking up the
 * band keys finds every such candidate without comparing against all items.
 */
export function simhashBands(hash: string, bands = SIMHASH_BANDS): string[] {
  checkHash(hash);
  if (!Number.isInteger(bands) || bands < 1 || 16 % bands !== 0) {
    throw new RangeError(`bands must divide 16 hex digits evenly (1, 2, 4, 8 or 16), got ${bands}`);
  }
  const width = 16 / bands;
  const keys: string[] = [];
  for (let i = 0; i < bands; i++) keys.push(`${i}:${hash.slice(i * width, (i + 1) * width)}`);
  return keys;
}
