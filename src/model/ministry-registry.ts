/**
 * Attribution of a release to its ministry (DESIGN.md §4): by the dateline text printed above the
 * title (current name, short name, a former name, an abbreviation in current or former use, or
 * a host name, which some listings print instead), or by the site's host.
 */
import type { Ministry } from './types.js';

export interface MinistryRegistry {
  all: Ministry[];
  byId(id: string): Ministry | undefined;
  /**
   * Finds a ministry whose name, short name or alias occurs in `text` (whole words, ignoring case
   * and whitespace differences). The longest matching name wins, so a text naming "… für Arbeit,
   * Integration, Jugend und Soziales" is not claimed by a shorter name it happens to contain.
   */
  matchName(text: string): Ministry | undefined;
  byHost(host: string): Ministry | undefined;
}

interface Needle {
  text: string;
  ministry: Ministry;
}

function normalizeName(text: string): string {
  return text.normalize('NFC').toLowerCase().replace(/[\s\u00a0]+/g, ' ').trim();
}

function normalizeHost(host: string): string {
  return host.toLowerCase().trim().replace(/\.$/, '');
}

const WORD_CHAR = /[\p{L}\p{N}]/u;

/** True when `needle` occurs in `haystack` not glued to letters or digits on either side. */
function containsWords(haystack: string, needle: string): boolean {
  for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, at + 1)) {
    const before = haystack[at - 1];
    const after = haystack[at + needle.length];
    if ((before === undefined || !WORD_CHAR.test(before)) && (after === undefined || !WORD_CHAR.test(after))) return true;
  }
  return false;
}

function buildNeedles(ministries: Ministry[]): Needle[] {
  const needles: Needle[] = [];
  for (const ministry of ministries) {
    const abbreviations = (ministry.abbreviations ?? []).map((a) => a.text);
    for (const name of [ministry.name, ministry.shortName, ...ministry.aliases, ...abbreviations, ...ministry.hosts]) {
      const text = normalizeName(name ?? '');
      if (text !== '') needles.push({ text, ministry });
    }
  }
  return needles.sort((a, b) => b.text.length - a.text.length);
}

export function createMinistryRegistry(ministries: Ministry[]): MinistryRegistry {
  const all = [...ministries];
  const ids = new Map(all.map((m) => [m.id as string, m]));
  const hosts = new Map<string, Ministry>();
  // Several ministries may share a site (a minister inside the Staatskanzlei); the first listed owns it.
  for (const ministry of all) {
    for (const host of ministry.hosts) if (!hosts.has(normalizeHost(host))) hosts.set(normalizeHost(host), ministry);
  }
  const needles = buildNeedles(all);

  return {
    all,
    byId: (id) => ids.get(id),
    matchName(text) {
      const haystack = normalizeName(text);
      if (haystack === '') return undefined;
      return needles.find((needle) => containsWords(haystack, needle.text))?.ministry;
    },
    byHost(host) {
      const normalized = normalizeHost(host);
      return hosts.get(normalized) ?? hosts.get(normalized.replace(/^www\./, ''));
    },
  };
}
