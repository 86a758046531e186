/**
 * Fixture pages for the end-to-end tests: the seed release (its ministry page and its portal copy)
 * and helpers to give a generated release page other "chrome" — what changes between two sites or
 * two redesigns of one site while the release itself stays the same.
 */
import { readFileSync } from 'node:fs';
import type { ReleaseFixture } from './hessen-site.js';
import { syntheticRelease } from './hessen-site.js';

export const SEED_SLUG = 'integrationskonferenz-konstituiert-sich-in-weiterstadt';
export const SEED_TITLE = 'Integrationskonferenz konstituiert sich in Weiterstadt';
/** The end of the seed's last body paragraph: present only when the full text was scraped. */
export const SEED_LAST_SENTENCE = 'sagte Hofmann mit Blick auf die Arbeit der Integrationskonferenz in den kommenden Monaten und Jahren.';
export const SEED_TAGS: [label: string, slug: string][] = [
  ['Integration', 'integration'],
  ['Frühkindliche Bildung', 'fruehkindliche-bildung'],
  ['Rassismus', 'rassismus'],
];

/** The seed release as the ministry publishes it (`seed-soziales.html`) or as the portal does (`seed-portal.html`). */
export function seedPage(site: 'soziales' | 'portal'): string {
  return readFileSync(new URL(`../fixtures/pages/seed-${site}.html`, import.meta.url), 'utf8');
}

/** A generated release with its text from `syntheticRelease(seed)` and everything else given. */
export function release(seed: number, fields: Omit<ReleaseFixture, 'paragraphs'>): ReleaseFixture {
  return { ...fields, paragraphs: syntheticRelease(seed).paragraphs };
}

/** The last sentence of a release's last paragraph. */
export function lastSentence(fixture: ReleaseFixture): string {
  const last = fixture.paragraphs.at(-1) ?? '';
  return last.split(/(?<=\.) /).at(-1) ?? last;
}

/**
 * The same release page with other surroundings: another navigation, a cookie banner, other share
 * links and related teasers, another footer and classes on the body paragraphs. The release's
 * title, date, tags and text are untouched, so it is the same release (a portal's copy, or the
 * ministry site after a redesign). `label` makes each variant's chrome text different.
 */
export function withOtherChrome(page: string, label: string): string {
  const replaced = page
    .replace(
      /<nav class="main-navigation">[\s\S]*?<\/nav>/,
      `<div id="cookie-banner" class="cookie-consent"><p>Diese Website verwendet Cookies (${label}).</p><button type="button">Einverstanden</button></div>
<nav class="main-navigation main-navigation--${label}"><ul><li><a href="/themen">Themen</a></li><li><a href="/presse">Presse ${label}</a></li></ul></nav>`,
    )
    .replace('<div class="hw-share">', `<div class="hw-share"><a href="https://www.linkedin.com/sharing/share-offsite/">LinkedIn</a> `)
    .replace(
      /<section class="hw-related">[\s\S]*?<\/section>/,
      `<section class="hw-related"><h2>Das könnte Sie auch interessieren</h2><p>Weitere Meldungen: ${label}</p></section>`,
    )
    .replace(/<footer class="site-footer">[\s\S]*?<\/footer>/, `<footer class="site-footer"><a href="/barrierefreiheit">Barrierefreiheit</a> ${label}</footer>`)
    .replace(/<p>/g, '<p class="text-formatted">');
  if (replaced === page) throw new Error('withOtherChrome: the page does not look like releasePage() output');
  return replaced;
}
