/**
 * A ministry's abbreviations spelled out where people read them: "HMAIJS" means nothing to most
 * readers, and a phone has no hover to show an <abbr> title. The full name stays first; the
 * abbreviations follow, former ones marked as such, so a teaser that prints "HMSI" can be matched
 * to the ministry that has been called something else since.
 */
import type { Ministry } from '../model/index.js';

type Named = Pick<Ministry, 'name' | 'shortName' | 'abbreviations'>;

const FORMERLY = { de: 'früher', en: 'formerly' } as const;

/** "HMAIJS; früher HMSI": the short name, other current abbreviations, then the former ones. */
export function abbreviationsOf(ministry: Named, lang: keyof typeof FORMERLY): string {
  const others = ministry.abbreviations ?? [];
  const current = [ministry.shortName, ...others.filter((a) => !a.former).map((a) => a.text)];
  const former = others.filter((a) => a.former).map((a) => a.text);
  return former.length === 0 ? current.join(', ') : `${current.join(', ')}; ${FORMERLY[lang]} ${former.join(', ')}`;
}

/** "Hessisches Ministerium für Arbeit, Integration, Jugend und Soziales (HMAIJS; früher HMSI)". */
export function ministryLabel(ministry: Named, lang: keyof typeof FORMERLY): string {
  return `${ministry.name} (${abbreviationsOf(ministry, lang)})`;
}
