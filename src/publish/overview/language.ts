/**
 * Which language the overview speaks. German is the page's language and the default; English is
 * only chosen when the browser says it prefers English to German, because every release, tag and
 * ministry name on the page stays German anyway.
 */

export type Lang = 'de' | 'en';

interface Preference {
  /** Highest q-value any range of this language got; 0 when not named at all. */
  q: number;
  /** Position of the first range with that q, to break ties in the order the browser listed. */
  position: number;
}

/**
 * Picks 'en' only when Accept-Language prefers English over German: a higher q-value, or the same
 * q-value listed first (`en, de`). Regional variants count for their language (`en-GB`, `de-AT`);
 * `*` and every other language are ignored; malformed ranges are skipped rather than rejected.
 */
export function preferredLanguage(acceptLanguage: string | undefined): Lang {
  if (acceptLanguage === undefined) return 'de';
  const ranges = parseAcceptLanguage(acceptLanguage);
  const en = preferenceFor(ranges, 'en');
  const de = preferenceFor(ranges, 'de');
  if (en.q === 0) return 'de';
  if (en.q > de.q) return 'en';
  return en.q === de.q && en.position < de.position ? 'en' : 'de';
}

interface LanguageRange {
  primary: string;
  q: number;
}

/** Headers are short; the cap keeps a hostile one from costing more than a glance. */
const MAX_RANGES = 50;
const Q_VALUE = /^q=(0(?:\.\d{0,3})?|1(?:\.0{0,3})?)$/i;

function parseAcceptLanguage(header: string): LanguageRange[] {
  const ranges: LanguageRange[] = [];
  for (const part of header.split(',').slice(0, MAX_RANGES)) {
    const [tag = '', ...params] = part.split(';').map((piece) => piece.trim());
    if (!/^[a-z]{1,8}(?:-[a-z0-9]{1,8})*$/i.test(tag)) continue;
    const q = qValue(params);
    if (q !== undefined) ranges.push({ primary: tag.split('-')[0]!.toLowerCase(), q });
  }
  return ranges;
}

/** The range's weight: 1 without a q parameter, undefined (skip the range) when q is malformed. */
function qValue(params: string[]): number | undefined {
  const qParam = params.find((param) => /^q\s*=/i.test(param));
  if (qParam === undefined) return 1;
  const match = Q_VALUE.exec(qParam.replace(/\s+/g, ''));
  return match ? Number(match[1]) : undefined;
}

function preferenceFor(ranges: LanguageRange[], primary: string): Preference {
  let best: Preference = { q: 0, position: Number.POSITIVE_INFINITY };
  ranges.forEach((range, position) => {
    if (range.primary === primary && range.q > best.q) best = { q: range.q, position };
  });
  return best;
}
