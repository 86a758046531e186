import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  MIN_OWN_WORDS,
  NEAR_DUPLICATE_MAX_DISTANCE,
  OWN_FRACTION,
  canonicalizeUrl,
  compareTexts,
  contentFingerprint,
  hammingDistance,
  isNearDuplicate,
  normalizeText,
  shinglesOf,
  simhash64,
  paragraphHashes,
  simhashBands,
  textIdentity,
  wordsOf,
} from '../src/dedupe/index.js';
import {
  ABOUT_PARAGRAPH,
  CONTACT_BLOCKS,
  CONTACT_PARAGRAPH,
  FACHTAG_ANMELDUNG,
  KASSEL_SITZUNG,
  SEED,
  SHORT_RELEASES,
  TEMPLATE_SERIES,
  WIR_PROGRAMM,
  bodyOf,
  transliterate,
  withSentence,
  type ReleaseText,
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

// ── labelled pairs: template series, short releases with a contact block, transliterated copies ──

interface Side {
  title: string;
  text: string;
}

interface LabelledPair {
  label: string;
  a: Side;
  b: Side;
  same: boolean;
}

const sideOf = (release: ReleaseText, ...extra: string[]): Side => ({ title: release.title, text: bodyOf(release, ...extra) });
const judge = (a: Side, b: Side): boolean => isNearDuplicate({ ...a, simhash: simhash64(a.text) }, { ...b, simhash: simhash64(b.text) });

/** A correction of one number in a paragraph the title does not quote. */
function corrected(release: ReleaseText): Side {
  const side = sideOf(release);
  const text = side.text.replace(/\b(zwanzig|dreißig|vierzig|sechshundert|achtzig) /u, (word) => (word === 'zwanzig ' ? 'fünfundzwanzig ' : 'zweiundzwanzig '));
  if (text === side.text) throw new Error(`no number to correct in "${release.title}"`);
  return { title: side.title, text };
}

function pairsOf<T>(list: readonly T[]): [T, T][] {
  return list.flatMap((a, i) => list.slice(i + 1).map((b): [T, T] => [a, b]));
}

const LABELLED_PAIRS: LabelledPair[] = [
  ...TEMPLATE_SERIES.flatMap((series) => [
    ...pairsOf(series.releases).map(([a, b]) => ({ label: `${series.name}: ${a.title} / ${b.title}`, a: sideOf(a), b: sideOf(b), same: false })),
    ...series.releases.map((r) => ({ label: `${series.name}: ${r.title}, one number corrected`, a: sideOf(r), b: corrected(r), same: true })),
    ...series.releases.map((r) => ({ label: `${series.name}: ${r.title}, transliterated`, a: sideOf(r), b: { title: transliterate(r.title), text: transliterate(bodyOf(r)) }, same: true })),
  ]),
  // The first releases of two series, transliterated on one side: still two releases.
  ...pairsOf(TEMPLATE_SERIES.map((s) => s.releases[0]!)).map(([a, b]) => ({ label: `${a.title} / ${b.title}`, a: sideOf(a), b: sideOf(b), same: false })),
  ...TEMPLATE_SERIES.map((s) => {
    const [a, b] = s.releases as [ReleaseText, ReleaseText];
    return { label: `${s.name}: ${a.title} / ${b.title} transliterated`, a: sideOf(a), b: { title: transliterate(b.title), text: transliterate(bodyOf(b)) }, same: false };
  }),
  ...SHORT_RELEASES.flatMap((r) =>
    CONTACT_BLOCKS.map((block, k) => ({ label: `${r.title} + contact block ${k + 1}`, a: sideOf(r), b: sideOf(r, block), same: true })),
  ),
  ...CONTACT_BLOCKS.flatMap((block, k) =>
    pairsOf(SHORT_RELEASES).map(([a, b]) => ({ label: `${a.title} / ${b.title}, both with contact block ${k + 1}`, a: sideOf(a, block), b: sideOf(b, block), same: false })),
  ),
  ...pairsOf(SHORT_RELEASES).map(([a, b]) => ({ label: `${a.title} + contact block / ${b.title}`, a: sideOf(a), b: sideOf(b, CONTACT_BLOCKS[0]!), same: false })),
  ...[SEED, WIR_PROGRAMM, ...SHORT_RELEASES].map((r) => ({ label: `${r.title}, transliterated`, a: sideOf(r), b: { title: transliterate(r.title), text: transliterate(bodyOf(r)) }, same: true })),
  { label: 'seed / WIR, both with the standard paragraphs', a: sideOf(SEED, ABOUT_PARAGRAPH, CONTACT_PARAGRAPH), b: sideOf(WIR_PROGRAMM, ABOUT_PARAGRAPH, CONTACT_PARAGRAPH), same: false },
  { label: 'Kassel / Fachtag, both with the standard paragraphs', a: sideOf(KASSEL_SITZUNG, ABOUT_PARAGRAPH, CONTACT_PARAGRAPH), b: sideOf(FACHTAG_ANMELDUNG, ABOUT_PARAGRAPH, CONTACT_PARAGRAPH), same: false },
];

describe('the labelled pairs', () => {
  it('are decided as labelled: no false merges, no missed copies', () => {
    const wrong = LABELLED_PAIRS.filter((pair) => judge(pair.a, pair.b) !== pair.same || judge(pair.b, pair.a) !== pair.same);
    expect(wrong.map((pair) => `${pair.same ? 'missed' : 'merged'}: ${pair.label}`)).toEqual([]);
    expect(LABELLED_PAIRS.filter((p) => p.same).length).toBeGreaterThanOrEqual(25);
    expect(LABELLED_PAIRS.filter((p) => !p.same).length).toBeGreaterThanOrEqual(40);
  });
});

describe('template series', () => {
  const siblings = TEMPLATE_SERIES.flatMap((s) => pairsOf(s.releases));

  it('are the case the own-content rule alone merges: few own words, hashes close', () => {
    for (const [a, b] of siblings) {
      const c = compareTexts(bodyOf(a), bodyOf(b));
      expect(c.wordsA).toBeGreaterThan(230);
      expect(Math.min(c.ownA, c.ownB)).toBeLessThan(Math.max(MIN_OWN_WORDS, OWN_FRACTION * c.wordsA));
      expect(hammingDistance(simhash64(bodyOf(a)), simhash64(bodyOf(b)))).toBeLessThanOrEqual(NEAR_DUPLICATE_MAX_DISTANCE);
    }
  });

  it('stay apart by their own titles, while the same words under one title are one release', () => {
    const [a, b] = TEMPLATE_SERIES[0]!.releases as [ReleaseText, ReleaseText];
    expect(judge(sideOf(a), sideOf(b))).toBe(false);
    // Without titles to tell them apart, only the texts decide, as before.
    expect(isNearDuplicate({ simhash: simhash64(bodyOf(a)), text: bodyOf(a) }, { simhash: simhash64(bodyOf(b)), text: bodyOf(b) })).toBe(true);
    expect(judge(sideOf(a), { title: a.title, text: bodyOf(b) })).toBe(true);
  });
});

describe('a short release with a contact block appended', () => {
  const pairs = SHORT_RELEASES.flatMap((r) => CONTACT_BLOCKS.map((block) => [bodyOf(r), bodyOf(r, block)] as const));

  it('is 80–120 words, and several copies lie past the SimHash gate', () => {
    for (const r of SHORT_RELEASES) expect(wordsOf(bodyOf(r)).length).toBeGreaterThanOrEqual(80);
    for (const r of SHORT_RELEASES) expect(wordsOf(bodyOf(r)).length).toBeLessThanOrEqual(120);
    const far = pairs.filter(([a, b]) => hammingDistance(simhash64(a), simhash64(b)) > NEAR_DUPLICATE_MAX_DISTANCE);
    expect(far.length).toBeGreaterThanOrEqual(4);
    for (const [a, b] of far) expect(judge({ title: 't', text: a }, { title: 't', text: b })).toBe(true);
  });

  it('shares every paragraph hash of the original with the copy', () => {
    for (const [a, b] of pairs) {
      const copy = new Set(paragraphHashes(b));
      expect(paragraphHashes(a).length).toBeGreaterThan(0);
      expect(paragraphHashes(a).every((h) => copy.has(h))).toBe(true);
      expect(copy.size).toBe(paragraphHashes(a).length + 1);
    }
  });
});

describe('transliteration', () => {
  it('gives a copy written with ae/oe/ue/ss the fingerprint, SimHash and paragraph hashes of the original', () => {
    for (const r of [SEED, ...TEMPLATE_SERIES[0]!.releases]) {
      const body = bodyOf(r);
      expect(transliterate(body)).not.toBe(body);
      expect(contentFingerprint(transliterate(body))).toBe(contentFingerprint(body));
      expect(simhash64(transliterate(body))).toBe(simhash64(body));
      expect(paragraphHashes(transliterate(body))).toEqual(paragraphHashes(body));
    }
  });

  it('leaves normalizeText (the stored and searched text) with its letters', () => {
    expect(normalizeText('Förderbescheid über Maßnahmen')).toBe('förderbescheid über maßnahmen');
    expect(wordsOf('Förderbescheid über Maßnahmen')).toEqual(['foerderbescheid', 'ueber', 'massnahmen']);
  });
});
