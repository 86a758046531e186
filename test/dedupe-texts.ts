/**
 * Realistic German press-release texts for the dedupe and store tests: the seed release, three more
 * releases of the same ministry (two of them short), and two long standard paragraphs several releases carry.
 */
import { readFileSync } from 'node:fs';

function read(name: string): string {
  return readFileSync(new URL(`./dedupe-fixtures/${name}`, import.meta.url), 'utf8');
}

export interface ReleaseText {
  dateline: string;
  title: string;
  /** Body paragraphs, without dateline, title and the "Schlagworte zum Thema" heading. */
  paragraphs: string[];
}

/** Splits a fixture (dateline, title, body) the way a release page reads. */
function parseRelease(raw: string): ReleaseText {
  const blocks = raw
    .replace(/Schlagworte zum Thema\s*$/u, '')
    .split(/\n\s*\n/u)
    .map((b) => b.trim())
    .filter((b) => b.length > 0);
  const [dateline = '', title = '', ...paragraphs] = blocks;
  return { dateline, title, paragraphs };
}

export const SEED = parseRelease(read('seed-integrationskonferenz.txt'));
export const WIR_PROGRAMM = parseRelease(read('wir-programm.txt'));
export const KASSEL_SITZUNG = parseRelease(read('kassel-sitzung.txt'));
export const FACHTAG_ANMELDUNG = parseRelease(read('fachtag-anmeldung.txt'));
/** "Über die Integrationskonferenz …" as printed under several releases. */
export const ABOUT_PARAGRAPH = read('boilerplate-about.txt').trim().split(/\n\s*\n/u).join('\n\n');
/** The ministry's press contact block. */
export const CONTACT_PARAGRAPH = read('boilerplate-contact.txt').trim();

export function bodyOf(release: ReleaseText, ...extra: string[]): string {
  return [...release.paragraphs, ...extra].join('\n\n');
}

/** Inserts `sentence` as its own paragraph after paragraph `index`. */
export function withSentence(release: ReleaseText, index: number, sentence: string): string {
  const paragraphs = [...release.paragraphs];
  paragraphs.splice(index + 1, 0, sentence);
  return paragraphs.join('\n\n');
}

// ── labelled series for the template, containment and transliteration rules ────────────────────

/** Splits a fixture file of several parts separated by lines of `---`. */
function readParts(name: string): string[] {
  return read(name)
    .split(/^---$/mu)
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

/** Fills `{slot}` placeholders. */
function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/gu, (_, slot: string) => {
    const value = values[slot];
    if (value === undefined) throw new Error(`no value for {${slot}}`);
    return value;
  });
}

export interface TemplateSeries {
  name: string;
  /** Releases written from one template: same wording, other names, places and sums, own titles. */
  releases: ReleaseText[];
}

function series(name: string, file: string, fills: Record<string, string>[]): TemplateSeries {
  const template = read(file);
  return { name, releases: fills.map((values) => parseRelease(fill(template, values))) };
}

/** Three template series as ministries publish them, 230–270 words each, 7–9 words apart. */
export const TEMPLATE_SERIES: TemplateSeries[] = [
  series('Förderbescheid Kita', 'template-foerderbescheid.txt', [
    { ort: 'Lautertal', summe: '480.000', kreis: 'Vogelsberg', amt: 'Bürgermeister', person: 'Heiko Becker' },
    { ort: 'Biebertal', summe: '615.000', kreis: 'Gießen', amt: 'Bürgermeisterin', person: 'Patricia Ortmann' },
    { ort: 'Hünstetten', summe: '530.000', kreis: 'Rheingau-Taunus', amt: 'Bürgermeister', person: 'Jan Kraus' },
    { ort: 'Wabern', summe: '720.000', kreis: 'Schwalm-Eder', amt: 'Bürgermeisterin', person: 'Claudia Löwer' },
  ]),
  series('Verdienstkreuz', 'template-verdienstorden.txt', [
    { person: 'Gisela Hartmann', ort: 'Korbach', jahre: 'vierzig', feld: 'den Naturschutz' },
    { person: 'Werner Appel', ort: 'Alsfeld', jahre: 'dreißig', feld: 'die Jugendfeuerwehr' },
    { person: 'Aylin Demir', ort: 'Offenbach', jahre: 'zwanzig', feld: 'geflüchtete Familien' },
  ]),
  series('Sportstätten', 'template-sportstaetten.txt', [
    { verein: 'Turnverein 1860 Hünfeld', summe: '350.000', ort: 'Hünfeld' },
    { verein: 'TSV Blau-Weiß Grebenhain', summe: '275.000', ort: 'Grebenhain' },
    { verein: 'Sportgemeinschaft 1921 Dietzenbach', summe: '410.000', ort: 'Dietzenbach' },
  ]),
];

/** Short releases (80–120 words) that portals republish with a press contact block appended. */
export const SHORT_RELEASES: ReleaseText[] = readParts('short-releases.txt').map(parseRelease);
/** Press contact blocks of the kind appended to such a copy. */
export const CONTACT_BLOCKS: string[] = readParts('contact-blocks.txt');

/** The spelling of a copy typed without German letters: ä → ae, Ö → Oe, ß → ss. */
export function transliterate(text: string): string {
  const map: Record<string, string> = { ä: 'ae', ö: 'oe', ü: 'ue', Ä: 'Ae', Ö: 'Oe', Ü: 'Ue', ß: 'ss' };
  return text.replace(/[äöüÄÖÜß]/gu, (letter) => map[letter]!);
}
