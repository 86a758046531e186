/** Identity of releases: canonical URLs, content fingerprints, SimHash and the near-duplicate decision. */
export { canonicalizeUrl, tryCanonicalizeUrl, withoutTracking } from './canonical-url.js';
export { foldTransliteration, identityText, normalizeText, wordsOf } from './normalize-text.js';
export { contentFingerprint, textIdentity, type TextIdentity } from './fingerprint.js';
export { PARAGRAPH_MIN_WORDS, paragraphHashes } from './paragraphs.js';
export { SHINGLE_SIZE, shinglesOf, shinglesOfWords } from './shingles.js';
export { SIMHASH_BANDS, hammingDistance, simhash64, simhashBands, simhashOfWords } from './simhash.js';
export {
  HASH_ONLY_MAX_DISTANCE,
  MIN_OWN_WORDS,
  NEAR_DUPLICATE_MAX_DISTANCE,
  OWN_FRACTION,
  TEMPLATE_OWN_WORDS,
  compareTexts,
  isContainment,
  isNearDuplicate,
  type NearDuplicateOptions,
  type NearDuplicateSubject,
  type TextComparison,
} from './near-duplicate.js';
