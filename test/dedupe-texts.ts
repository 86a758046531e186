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
