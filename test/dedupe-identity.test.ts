import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  canonicalizeUrl,
  compareTexts,
  contentFingerprint,
  hammingDistance,
  isNearDuplicate,
  normalizeText,
  shinglesOf,
  simhash64,
  simhashBands,
  textIdentity,
  wordsOf,
} from '../src/dedupe/index.js';
import {
  ABOUT_PARAGRAPH,
  CONTACT_PARAGRAPH,
  FACHTAG_ANMELDUNG,
  KASSEL_SITZUNG,
  SEED,
  WIR_PROGRAMM,
  bodyOf,
  withSentence,
} from './dedupe-texts.js';

const seedBody = bodyOf(SEED);
const ADDED_SENTENCE = 'Die nächste Sitzung der Integrationskonferenz ist für das Frühjahr in Kassel geplant.';

/** The seed as a portal would reprint it: straight quotes, plain hyphens, other line breaks, a capitalised word. */
function portalTypography(text: string): string {
  return text
    .replace(/[„“]/g, '"')
    .replace(/ – /g, ' - ')
    .replace(/\n\n/g, '\n \n')
    .replace(/\. /g, '.  ')
    .replace('Integrationskonferenz', 'INTEGRATIONSKONFERENZ');
}

function subject(text: string): { simhash: string; text: string } {
  return { simhash: simhash64(text), text };
}

describe('normalizeText', () => {
  it.each([
    ['„Integration gelingt“, sagte sie', 'integration gelingt, sagte sie'],
    ['«Vielfalt» und ‚Teilhabe‘ und "Chancen"', 'vielfalt und teilhabe und chancen'],
    ['Rassismus – und — frühkindliche Bildung', 'rassismus - und - frühkindliche bildung'],
    ['Weiterstadt\u00A0Braunshardt \n\t am  Main ', 'weiterstadt braunshardt am main'],
    ['Integra\u00ADtions\u200Bkonferenz', 'integrationskonferenz'],
    ['Über ﬁnanzielle Mittel', 'über finanzielle mittel'],
  ])('normalizes %j', (input, expected) => {
    expect(normalizeText(input)).toBe(expected);
  });

  it('is idempotent', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 80 }), (text) => {
        const once = normalizeText(text);
        expect(normalizeText(once)).toBe(once);
      }),
    );
  });
});

describe('contentFingerprint', () => {
  it('is the same for a copy that differs only in typography, spacing and case', () => {
    expect(contentFingerprint(portalTypography(seedBody))).toBe(contentFingerprint(seedBody));
    expect(contentFingerprint(seedBody)).toMatch(/^[0-9a-f]{40}$/);
  });

  it('differs when one word of the body changes', () => {
    expect(contentFingerprint(seedBody.replace('rund 80', 'rund 90'))).not.toBe(contentFingerprint(seedBody));
  });

  it('ignores any mix of quote styles, dash styles, whitespace and case (property)', () => {
    const words = fc.array(fc.constantFrom('Integration', 'gelingt', 'Hessen', 'Ministerin', 'Brücken', 'Vielfalt', 'Weiterstadt'), {
      minLength: 1,
      maxLength: 12,
    });
    const quote = fc.constantFrom('„', '“', '”', '"', '«', '»', '‚', '‘', '’', '');
    const space = fc.constantFrom(' ', '  ', '\n', '\u00A0', ' \t ');
    fc.assert(
      fc.property(words, fc.array(fc.tuple(quote, space, fc.boolean()), { minLength: 12, maxLength: 12 }), (ws, styles) => {
        const plain = ws.join(' ');
        const styled = ws
          .map((w, i) => {
            const [q, s, upper] = styles[i]!;
            return `${q}${upper ? w.toUpperCase() : w}${q}${s}`;
          })
          .join('');
        expect(contentFingerprint(styled)).toBe(contentFingerprint(plain));
      }),
    );
  });
});

describe('simhash64 and hammingDistance', () => {
  it('gives 16 hex digits, the same for typographic variants', () => {
    expect(simhash64(seedBody)).toMatch(/^[0-9a-f]{16}$/);
    expect(simhash64(portalTypography(seedBody))).toBe(simhash64(seedBody));
  });

  it('puts a copy with one added sentence close and a different release far away', () => {
    const copy = hammingDistance(simhash64(seedBody), simhash64(withSentence(SEED, 1, ADDED_SENTENCE)));
    const other = hammingDistance(simhash64(seedBody), simhash64(bodyOf(WIR_PROGRAMM)));
    expect(copy).toBeLessThanOrEqual(7);
    expect(other).toBeGreaterThan(16);
  });

  it('counts differing bits', () => {
    expect(hammingDistance('0000000000000000', '000000000000000f')).toBe(4);
    expect(hammingDistance('ffffffffffffffff', '0000000000000000')).toBe(64);
    expect(hammingDistance('8000000000000001', '8000000000000001')).toBe(0);
    expect(() => hammingDistance('xyz', '0000000000000000')).toThrow(TypeError);
  });
});

/**
 * SimHash as it was first defined (and as every stored item's `simhash` was computed): each
 * shingle votes with the first 64 bits of its MD5 from node:crypto, bit 63 = the digest's first bit.
 */
function referenceSimhash(text: string): string {
  const shingles = shinglesOf(text);
  if (shingles.length === 0) return '0'.repeat(16);
  const weights = new Array<number>(64).fill(0);
  for (const shingle of shingles) {
    const digest = createHash('md5').update(shingle).digest();
    for (let i = 0; i < 64; i++) weights[i]! += (digest[i >> 3]! >> (7 - (i & 7))) & 1 ? 1 : -1;
  }
  let hash = 0n;
  for (const weight of weights) hash = (hash << 1n) | (weight > 0 ? 1n : 0n);
  return hash.toString(16).padStart(16, '0');
}

describe('when SimHashes already stored are compared with new ones', () => {
  it('gives the bits of the MD5 definition for real texts, so stored hashes stay comparable', () => {
    for (const text of [seedBody, bodyOf(WIR_PROGRAMM), bodyOf(KASSEL_SITZUNG), bodyOf(FACHTAG_ANMELDUNG), ABOUT_PARAGRAPH, CONTACT_PARAGRAPH, 'kurz', '']) {
      expect(simhash64(text)).toBe(referenceSimhash(text));
    }
  });

  it('gives the bits of the MD5 definition for any text: umlauts, emoji, shingles past one MD5 block (property)', () => {
    const word = fc.oneof(fc.string({ minLength: 1, maxLength: 30 }), fc.constantFrom('straße', 'Ärzte', 'größer', '😀', 'x'.repeat(60), 'ünd'));
    fc.assert(
      fc.property(fc.array(word, { maxLength: 40 }), (words) => {
        const text = words.join(' ');
        expect(simhash64(text)).toBe(referenceSimhash(text));
      }),
      { numRuns: 300 },
    );
  });

  it('textIdentity agrees with wordsOf, contentFingerprint and simhash64', () => {
    for (const text of [seedBody, portalTypography(seedBody), 'Ein „Zitat“ – mit\u00ad Strich.', '']) {
      expect(textIdentity(text)).toEqual({ words: wordsOf(text).length, fingerprint: contentFingerprint(text), simhash: simhash64(text) });
    }
  });
});

describe('simhashBands', () => {
  it('keys bands by position', () => {
    expect(simhashBands('0123456789abcdef')).toEqual(['0:01', '1:23', '2:45', '3:67', '4:89', '5:ab', '6:cd', '7:ef']);
    expect(simhashBands('0123456789abcdef', 4)).toEqual(['0:0123', '1:4567', '2:89ab', '3:cdef']);
    expect(() => simhashBands('0123456789abcdef', 3)).toThrow(RangeError);
  });

  it('lets every hash within 7 bits share a band key (property)', () => {
    const hash = fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }).map((n) => n.toString(16).padStart(16, '0'));
    const flips = fc.uniqueArray(fc.integer({ min: 0, max: 63 }), { maxLength: 7 });
    fc.assert(
      fc.property(hash, flips, (h, bits) => {
        const other = bits
          .reduce((n, bit) => n ^ (1n << BigInt(bit)), BigInt(`0x${h}`))
          .toString(16)
          .padStart(16, '0');
        expect(hammingDistance(h, other)).toBe(bits.length);
        const shared = simhashBands(h).filter((band) => simhashBands(other).includes(band));
        expect(shared.length).toBeGreaterThan(0);
      }),
    );
  });
});

describe('isNearDuplicate', () => {
  const withBoilerplate = (body: string) => [body, ABOUT_PARAGRAPH, CONTACT_PARAGRAPH].join('\n\n');

  it('takes the seed release with one added sentence for the same release, either way round', () => {
    const original = subject(seedBody);
    for (const index of [0, 1, 2]) {
      const copy = subject(withSentence(SEED, index, ADDED_SENTENCE));
      expect(isNearDuplicate(original, copy)).toBe(true);
      expect(isNearDuplicate(copy, original)).toBe(true);
    }
  });

  it('takes a portal copy with a photo credit and a reading-time line for the same release', () => {
    const portal = `Lesedauer: 3 Minuten\n\n${seedBody}\n\nFoto: HMSI`;
    expect(isNearDuplicate(subject(seedBody), subject(portal))).toBe(true);
  });

  it('keeps two releases apart that share the "Über die Integrationskonferenz" paragraph and the contact block', () => {
    const a = withBoilerplate(seedBody);
    const b = withBoilerplate(bodyOf(WIR_PROGRAMM));
    expect(isNearDuplicate(subject(a), subject(b))).toBe(false);
    // The shared paragraphs are found as shared; each release still has its own news.
    const c = compareTexts(a, b);
    expect(c.wordsA - c.ownA).toBeGreaterThan(150);
    expect(c.ownA).toBeGreaterThan(250);
    expect(c.ownB).toBeGreaterThan(150);
  });

  it('keeps short releases apart whose standard paragraphs outweigh their own text, even when the hashes are compared at any distance', () => {
    const a = subject(withBoilerplate(bodyOf(KASSEL_SITZUNG)));
    const b = subject(withBoilerplate(bodyOf(FACHTAG_ANMELDUNG)));
    expect(isNearDuplicate(a, b, { maxDistance: 64 })).toBe(false);
    // Whereas a copy of the short release with one more sentence is still the same release.
    const copy = subject(withBoilerplate(withSentence(KASSEL_SITZUNG, 0, ADDED_SENTENCE)));
    expect(isNearDuplicate(a, copy, { maxDistance: 64 })).toBe(true);
  });

  it('compares hashes strictly when a text is missing', () => {
    const h = simhash64(seedBody);
    const flipped = (BigInt(`0x${h}`) ^ 0b11111n).toString(16).padStart(16, '0');
    expect(isNearDuplicate({ simhash: h }, { simhash: h })).toBe(true);
    expect(isNearDuplicate({ simhash: h }, { simhash: flipped })).toBe(false);
  });
});

describe('canonicalizeUrl (properties)', () => {
  const url = fc.webUrl({ validSchemes: ['http', 'https'], withQueryParameters: true, withFragments: true });

  it('is idempotent', () => {
    fc.assert(
      fc.property(url, (u) => {
        const once = canonicalizeUrl(u);
        expect(canonicalizeUrl(once)).toBe(once);
      }),
    );
  });

  it('ignores utm parameters, fragments, http vs https and host case', () => {
    const utm = fc.array(fc.tuple(fc.constantFrom('utm_source', 'utm_medium', 'utm_campaign', 'UTM_Content'), fc.stringMatching(/^[a-z0-9]{1,8}$/)), {
      maxLength: 3,
    });
    fc.assert(
      fc.property(url, utm, fc.stringMatching(/^[a-z0-9-]{0,10}$/), (u, params, fragment) => {
        const variant = new URL(u);
        variant.protocol = 'http:';
        variant.hostname = variant.hostname.toUpperCase();
        for (const [name, value] of params) variant.searchParams.append(name, value);
        variant.hash = fragment;
        expect(canonicalizeUrl(variant.toString())).toBe(canonicalizeUrl(u));
      }),
    );
  });
});
