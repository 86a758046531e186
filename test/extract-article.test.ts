import { describe, expect, it } from 'vitest';
import { canonicalizeUrl } from '../src/dedupe/canonical-url.js';
import { ExtractionError, extractArticle, extractPage } from '../src/extract/index.js';
import type { Profile } from '../src/model/types.js';
import { readFixture, seedBodyParts } from './helpers/extract-fixtures.js';
import { testRegistry } from './helpers/ministries.js';
import { loadProfile } from './helpers/profiles.js';

// Pages are served from loopback in the end-to-end tests; here too the host names no ministry,
// so attribution has to come from the page itself.
const SOZIALES_URL = 'http://127.0.0.1:8080/presse/integrationskonferenz-konstituiert-sich-in-weiterstadt';
const PORTAL_URL = 'https://www.hessen.de/presse/integrationskonferenz-konstituiert-sich-in-weiterstadt';

const registry = testRegistry();
const profile = loadProfile('hessen-drupal');

/** Text that belongs to the page chrome of the seed fixtures, never to the release. */
const SOZIALES_CHROME = [
  'Lesedauer',
  'Cookie',
  'Schlagworte zum Thema',
  'Startseite',
  'Pfadnavigation',
  'Direkt zum Inhalt',
  'Das könnte Sie auch interessieren',
  'Hessischer Integrationspreis 2024 ausgeschrieben',
  'Landesprogramm WIR wird fortgesetzt',
  'Sonnenberger Straße',
  'Impressum',
  'Land Hessen',
  'Auf Facebook teilen',
  'Seite drucken',
  'Pressemitteilung',
  '23.09.2024',
  'Integrationskonferenz konstituiert sich in Weiterstadt',
  'Hessisches Ministerium für Arbeit, Integration, Jugend und Soziales',
  'Integration und Antidiskriminierung',
  '© HMAIJS',
];

const PORTAL_CHROME = [
  'Lesedauer',
  'Cookies',
  'Schlagworte zum Thema',
  'Weitere Pressemitteilungen',
  'Neue Kita-Fachkräfteoffensive',
  'Polizeiliche Kriminalstatistik',
  'Aktuelle Themen',
  'Landesregierung</a>',
  'hessen.de ist das Portal',
  'Impressum',
  'LinkedIn',
  'Link kopieren',
  'Foto: HMAIJS',
  'Pressemitteilung',
  '23. September 2024',
];

function expectNoChrome(values: string[], chrome: string[]): void {
  for (const value of values) for (const phrase of chrome) expect(value, `body contains "${phrase}"`).not.toContain(phrase);
}

describe('extractArticle on the seed release as a hessen-drupal page', () => {
  const article = extractArticle(readFixture('pages/seed-soziales.html'), SOZIALES_URL, { profile, registry });

  it('reads title, dateline and ministry, and says the profile did it', () => {
    expect(article.title).toBe('Integrationskonferenz konstituiert sich in Weiterstadt');
    expect(article.dateline).toBe('Hessisches Ministerium für Arbeit, Integration, Jugend und Soziales');
    expect(article.ministryId).toBe('soziales');
    expect(article.extractedBy).toBe('profile');
  });

  it('dates the release 23.09.2024, Berlin midnight', () => {
    expect(article.published).toBe('2024-09-22T22:00:00.000Z');
  });

  it('keeps all four body parts in order, the subheading as <h2>', () => {
    const [p1, p2, heading, p3] = seedBodyParts();
    expect(heading).toBe('Integration ist eine gemeinschaftliche Aufgabe');
    expect(article.text).toBe([p1, p2, heading, p3].join('\n\n'));
    expect(article.contentHtml).toContain('<h2>Integration ist eine gemeinschaftliche Aufgabe</h2>');
    const positions = [p1, p2, `<h2>${heading}</h2>`, p3].map((part) => article.contentHtml.indexOf(part ?? '<missing>'));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(article.contentHtml.match(/<p>/g)).toHaveLength(3);
  });

  it('has the three Schlagworte with slugs', () => {
    expect(article.tags).toEqual([
      { label: 'Integration', slug: 'integration' },
      { label: 'Frühkindliche Bildung', slug: 'fruehkindliche-bildung' },
      { label: 'Rassismus', slug: 'rassismus' },
    ]);
  });

  it('leaves every piece of page chrome out of the body and its text', () => {
    expectNoChrome([article.contentHtml, article.text], SOZIALES_CHROME);
  });

  it('resolves canonical URL, image and summary', () => {
    expect(article.url).toBe(SOZIALES_URL);
    expect(article.canonicalUrl).toBe(canonicalizeUrl(SOZIALES_URL));
    expect(article.imageUrl).toBe('http://127.0.0.1:8080/sites/soziales.hessen.de/files/styles/wide/public/2024-09/integrationskonferenz-weiterstadt.jpg');
    expect(article.summary).toMatch(/^Unter dem Vorsitz von Ministerin Heike Hofmann hat sich die Hessische Integrationskonferenz/);
  });
});

describe('extractArticle on the portal copy with other class names (the extraction half of the merge)', () => {
  const ministryCopy = extractArticle(readFixture('pages/seed-soziales.html'), SOZIALES_URL, { profile, registry });
  const portalCopy = extractArticle(readFixture('pages/seed-portal.html'), PORTAL_URL, { profile, registry });

  it('falls back to the generic extractor because the profile finds nothing', () => {
    expect(portalCopy.extractedBy).toBe('generic');
    expect(portalCopy.title).toBe('Integrationskonferenz konstituiert sich in Weiterstadt');
  });

  it('extracts the same body text, so the content fingerprint matches', () => {
    expect(portalCopy.text).toBe(ministryCopy.text);
    expect(portalCopy.contentHtml).toContain('<h2>Integration ist eine gemeinschaftliche Aufgabe</h2>');
  });

  it('attributes the release to its ministry by the dateline, not the portal host', () => {
    expect(registry.byHost('www.hessen.de')).toBeUndefined();
    expect(portalCopy.dateline).toBe('Hessisches Ministerium für Arbeit, Integration, Jugend und Soziales');
    expect(portalCopy.ministryId).toBe('soziales');
  });

  it('reads date, tags and metadata from structure and JSON-LD', () => {
    expect(portalCopy.published).toBe('2024-09-22T22:00:00.000Z');
    expect(portalCopy.updated).toBe('2024-09-23T14:10:00.000Z');
    expect(portalCopy.tags).toEqual(ministryCopy.tags);
    expect(portalCopy.imageUrl).toBe('https://www.hessen.de/media/presse/2024/integrationskonferenz-weiterstadt-1200x630.jpg');
    expect(portalCopy.canonicalUrl).toBe('https://www.hessen.de/presse/integrationskonferenz-konstituiert-sich-in-weiterstadt');
  });

  it('leaves the portal chrome out of the body', () => {
    expectNoChrome([portalCopy.contentHtml, portalCopy.text], PORTAL_CHROME);
  });

  it('extracts the ministry page the same way without any profile', () => {
    const generic = extractArticle(readFixture('pages/seed-soziales.html'), SOZIALES_URL, { registry });
    expect(generic.extractedBy).toBe('generic');
    expect(generic.text).toBe(ministryCopy.text);
    expect(generic.tags).toEqual(ministryCopy.tags);
    expect(generic.ministryId).toBe('soziales');
    expectNoChrome([generic.contentHtml, generic.text], SOZIALES_CHROME);
  });
});

describe('extractArticle on a release with a lead, inline media and hostile markup', () => {
  const url = 'http://127.0.0.1:8080/presse/hessischer-integrationspreis-2024-ausgeschrieben';
  const html = readFixture('pages/integrationspreis-soziales.html');

  it.each([
    ['with the profile', profile],
    ['generically', undefined],
  ])('%s: lead as summary and first paragraph, body sanitized with absolute links', (_label, withProfile) => {
    const article = extractArticle(html, url, { profile: withProfile, registry });
    const lead = 'Bis zum 31. Oktober können sich Vereine, Initiativen und Unternehmen mit Projekten zum Thema „Zusammenhalt im Alltag“ bewerben.';
    expect(article.summary).toBe(lead);
    expect(article.contentHtml.startsWith(`<p>${lead}</p>`)).toBe(true);
    // The fingerprint text is the body proper; the lead is not repeated in it.
    expect(article.text.startsWith('Das Hessische Ministerium für Arbeit, Integration, Jugend und Soziales schreibt')).toBe(true);
    expect(article.contentHtml).toContain('<a href="http://127.0.0.1:8080/integration/integrationspreis/bewerbungsformular">Bewerbungsformular</a>');
    expect(article.contentHtml).toContain('<a href="mailto:integrationspreis@hmaijs.hessen.de">');
    expect(article.contentHtml).toContain('src="http://127.0.0.1:8080/sites/soziales.hessen.de/files/2024-09/integrationspreis-2023-verleihung.jpg"');
    expect(article.contentHtml).toContain('<h2>So können Sie sich bewerben</h2>');
    for (const bad of ['<iframe', '<script', 'Eingeschleust', 'onerror', 'onclick', 'style=', 'class=', 'javascript:', '© HMAIJS', 'Ende des Artikels']) {
      expect(article.contentHtml).not.toContain(bad);
    }
    expect(article.published).toBe('2024-09-11T22:00:00.000Z');
  });

  it('keeps one tag per slug, as first published', () => {
    const article = extractArticle(html, url, { profile, registry });
    expect(article.tags).toEqual([
      { label: 'Integration', slug: 'integration' },
      { label: 'Ehrenamt', slug: 'ehrenamt' },
    ]);
  });
});

describe('extractArticle field by field', () => {
  const html = readFixture('pages/seed-soziales.html');

  it('fills a field whose profile selector finds nothing from the generic extractor', () => {
    const broken: Profile = { ...profile, article: { ...profile.article, title: '.renamed-headline', dateline: '.renamed-dateline' } };
    const article = extractArticle(html, SOZIALES_URL, { profile: broken, registry });
    expect(article.title).toBe('Integrationskonferenz konstituiert sich in Weiterstadt');
    expect(article.ministryId).toBe('soziales');
    // Only title and body together count as a profile extraction.
    expect(article.extractedBy).toBe('generic');
    expect(article.text).toContain('Integration ist eine gemeinschaftliche Aufgabe');
  });

  it('notes which profile selectors found nothing, whether or not the page holds an article', () => {
    const broken: Profile = { ...profile, article: { ...profile.article, title: '.renamed-headline', dateline: '.renamed-dateline' } };
    const page = extractPage(html, SOZIALES_URL, { profile: broken, registry });
    expect(page.article?.title).toBe('Integrationskonferenz konstituiert sich in Weiterstadt');
    // The seed release has no lead paragraph, so the lead selector finds nothing on either.
    expect(page.profileMisses).toEqual({ root: false, fields: ['title', 'dateline', 'lead'] });
    expect(extractPage(html, SOZIALES_URL, { profile, registry }).profileMisses).toEqual({ root: false, fields: ['lead'] });
    expect(extractPage(html, SOZIALES_URL, { registry }).profileMisses).toBeUndefined();

    const empty = extractPage('<html><body><main><p>Nichts.</p></main></body></html>', SOZIALES_URL, { profile, registry });
    expect(empty.error).toBeInstanceOf(ExtractionError);
    expect(empty.profileMisses).toEqual({ root: true, fields: ['title', 'dateline', 'date', 'body', 'tags', 'lead', 'image'] });
  });

  it('attributes a former ministry name (alias) in the dateline', () => {
    const renamed = html.replace(
      '<p class="hw-article__dateline field--name-field-pt-dateline">Hessisches Ministerium für Arbeit, Integration, Jugend und Soziales</p>',
      '<p class="hw-article__dateline field--name-field-pt-dateline">Hessisches Ministerium für Soziales und Integration</p>',
    );
    expect(renamed).not.toBe(html);
    const article = extractArticle(renamed, SOZIALES_URL, { profile, registry });
    expect(article.dateline).toBe('Hessisches Ministerium für Soziales und Integration');
    expect(article.ministryId).toBe('soziales');
  });

  it('uses the host when the page has no dateline, then the source ministry', () => {
    const undated = html.replace(/<p class="hw-article__dateline[^>]*>[^<]*<\/p>/, '');
    expect(undated).not.toBe(html);
    const byHost = extractArticle(undated, 'https://kultusministerium.hessen.de/presse/x', { profile, registry });
    expect(byHost.ministryId).toBe('kultus');
    const byFallback = extractArticle(undated, SOZIALES_URL, { profile, registry, fallbackMinistryId: 'innen' });
    expect(byFallback.ministryId).toBe('innen');
    const none = extractArticle(undated, SOZIALES_URL, { profile, registry });
    expect(none.ministryId).toBeUndefined();
  });

  it('prefers a page dateline over the host', () => {
    const article = extractArticle(html, 'https://kultus.hessen.de/presse/integrationskonferenz', { profile, registry, fallbackMinistryId: 'innen' });
    expect(article.ministryId).toBe('soziales');
  });
});

describe('extractArticle on pages that are not articles', () => {
  it('throws ExtractionError for a listing page', () => {
    const url = 'http://127.0.0.1:8080/presse';
    expect(() => extractArticle(readFixture('pages/listing-soziales.html'), url, { profile, registry })).toThrow(ExtractionError);
    expect(() => extractArticle(readFixture('pages/listing-portal.html'), url, { registry })).toThrow(url);
  });

  it('names what was missing', () => {
    const notFound = '<html><body><nav><a href="/">Startseite</a></nav><main><h1>Seite nicht gefunden</h1></main><footer>Impressum</footer></body></html>';
    const err = (() => {
      try {
        extractArticle(notFound, 'https://soziales.hessen.de/presse/weg', { profile, registry });
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(err).toBeInstanceOf(ExtractionError);
    expect((err as ExtractionError).message).toBe('https://soziales.hessen.de/presse/weg: no article found (missing body text)');
    expect(() => extractArticle('<html><body><div>   </div></body></html>', 'https://a.hessen.de/x', { registry })).toThrow(/missing title and body text/);
  });
});
