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

describe('extractArticle on a body of markup a browser has to repair', () => {
  // The page is parsed as a browser would (parse5: misnested tags, a table in a paragraph of a
  // page without doctype); the body it serializes from that tree is parsed again to tidy it and
  // to read its text, and those parses must keep the tree the first one built.
  const body =
    '<p>Erster Absatz mit Text.<table><tr><td>Zelle eins</td><td>Zelle zwei</td></tr></table>danach</p>' +
    '<noscript><p>Bitte JavaScript aktivieren</p></noscript><pre>\nZeile eins\n  Zeile zwei</pre>' +
    '<p><b>fett <i>kursiv</b> weiter</i> &amp; &lt;tag&gt; &#8222;x&#8220;</p>' +
    '<template><p>Vorlage</p></template><script>var a = "</p><p>";</script><p>Ende.</p>';
  const html =
    '<html><head><title>T</title></head><body><article class="node--view-mode-full">' +
    `<h1 class="field--name-field-pt-headline">Titel</h1><div class="field--name-field-pt-body">${body}</div></article></body></html>`;

  it.each([
    ['with the profile', profile],
    ['generically', undefined],
  ])('%s: the text and body as the browser reads them, no script, noscript or template', (_label, withProfile) => {
    const article = extractArticle(html, SOZIALES_URL, { profile: withProfile, registry });
    expect(article.text).toBe('Erster Absatz mit Text.\n\nZelle eins Zelle zwei\n\ndanach\n\nZeile eins Zeile zwei\n\nfett kursiv weiter & <tag> „x“\n\nEnde.');
    // The misnested <b><i> as the HTML parsing algorithm repairs it, entities decoded once.
    expect(article.contentHtml).toContain('<p><b>fett <i>kursiv</i></b><i> weiter</i> &amp; &lt;tag&gt; „x“</p>');
    expect(article.contentHtml).toContain('<table><tbody><tr><td>Zelle eins</td><td>Zelle zwei</td></tr></tbody></table>');
    for (const gone of ['JavaScript', 'Vorlage', 'var a']) expect(article.contentHtml).not.toContain(gone);
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

  // The generic extractor runs only for what the profile leaves empty, and its lead and image
  // only where the page could hold one: these pages have them where only the generic looks.
  it('takes a classed lead beside the title from the generic extractor when the profile has none', () => {
    const lead = 'Die Hessische Integrationskonferenz hat sich in Weiterstadt für die neue Legislaturperiode konstituiert.';
    const withLead = html.replace('</span></h1>', `</span></h1>\n<div class="hw-article__intro"><p>${lead}</p></div>`);
    expect(withLead).not.toBe(html);
    const page = extractPage(withLead, SOZIALES_URL, { profile, registry });
    expect(page.profileMisses?.fields).toContain('lead');
    expect(page.article?.extractedBy).toBe('profile');
    expect(page.article?.summary).toBe(lead);
    expect(page.article?.contentHtml.startsWith(`<p>${lead}</p>`)).toBe(true);
  });

  it('attributes the ministry from a dateline the generic extractor finds when the profile\'s names none', () => {
    const issuer = html.replace(
      '<p class="hw-article__dateline field--name-field-pt-dateline">Hessisches Ministerium für Arbeit, Integration, Jugend und Soziales</p>',
      '<p class="hw-article__dateline field--name-field-pt-dateline">Pressestelle</p>\n<p class="hw-article__issuer">Hessisches Ministerium für Arbeit, Integration, Jugend und Soziales</p>',
    );
    expect(issuer).not.toBe(html);
    const article = extractArticle(issuer, SOZIALES_URL, { profile, registry });
    expect(article.dateline).toBe('Pressestelle');
    expect(article.ministryId).toBe('soziales');
  });

  it('takes the body\'s first image when neither the profile nor the metadata names one', () => {
    const bare = html
      .replace(/<meta property="og:image"[^>]*>/, '')
      .replace(/<figure class="hw-article__image[\s\S]*?<\/figure>/, '')
      .replace('<h2>Integration ist eine gemeinschaftliche Aufgabe</h2>', '<h2>Integration ist eine gemeinschaftliche Aufgabe</h2>\n<p><img src="/files/2024-09/arbeitsgruppen.jpg" alt="Arbeitsgruppen"></p>');
    expect(bare).not.toContain('og:image');
    expect(bare).not.toContain('field--name-field-pt-image');
    const page = extractPage(bare, SOZIALES_URL, { profile, registry });
    expect(page.profileMisses?.fields).toContain('image');
    expect(page.article?.imageUrl).toBe('http://127.0.0.1:8080/files/2024-09/arbeitsgruppen.jpg');
    // Without an image anywhere in the release there is none.
    const none = extractPage(bare.replace(/<p><img [^>]*><\/p>/, ''), SOZIALES_URL, { profile, registry });
    expect(none.article?.imageUrl).toBeUndefined();
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

/**
 * What an older archive layout leaves of its head in the body. Each page is read with the
 * hessen-drupal profile (its body field holds `body`) and generically (its old layout: the body in
 * a plain article), so every rule holds for both extractors.
 */
describe('extractArticle on the head an older layout leaves in the body', () => {
  const url = 'https://soziales.hessen.de/presse/archiv-meldung';
  const first = 'Wiesbaden. Anlässlich des Tags des Ehrenamts hat der Sozialminister 16 Initiativen aus ganz Hessen ausgezeichnet.';
  const second = 'Der Preis ist mit insgesamt 48.000 Euro dotiert und würdigt Projekte, die neue Menschen für das Ehrenamt gewinnen.';
  const quote = '„Ehrenamt hält unsere Gesellschaft zusammen“, sagte der Sozialminister bei der Verleihung in Wiesbaden.';
  const image = '<img src="/files/2019-12/IMG_4711.JPG" alt="Preisverleihung">';

  interface Page {
    body: string;
    lead?: string;
    description?: string;
    title?: string;
  }

  function drupalPage({ body, lead, description, title = 'Landesehrenamtspreis verliehen' }: Page): string {
    const meta = description ? `<meta name="description" content="${description}">` : '';
    const leadField = lead ? `<div class="field--name-field-pt-teasertext"><p>${lead}</p></div>` : '';
    return `<html><head><title>Preis verliehen</title>${meta}</head><body><main><article class="node--view-mode-full">
      <h1 class="field--name-field-pt-headline">${title}</h1>${leadField}
      <div class="field--name-field-pt-body">${body}</div></article></main></body></html>`;
  }

  function genericPage({ body, lead, description, title = 'Landesehrenamtspreis verliehen' }: Page): string {
    const meta = description ? `<meta name="description" content="${description}">` : '';
    const leadField = lead ? `<div class="field field-name-field-teaser"><p>${lead}</p></div>` : '';
    return `<html><head><title>Preis verliehen</title>${meta}</head><body><div id="content">
      <h1 id="page-title">${title}</h1><div class="node">${leadField}
      <div class="content">${body}</div></div></div></body></html>`;
  }

  const readers = [
    ['with the profile', (page: Page) => extractArticle(drupalPage(page), url, { profile, registry })],
    ['generically', (page: Page) => extractArticle(genericPage(page), url, { registry })],
  ] as const;

  describe.each(readers)('%s', (_label, read) => {
    it('drops kicker lines before the first real paragraph, and classed kickers anywhere', () => {
      const article = read({
        body: `<p><strong>Rückblick</strong> Thema: Soziales</p><div>Pressemitteilung</div><p>Pressemitteilung vom 14. Mai 2019</p><div class="article-topic">Soziales</div><p>${first}</p><p><span class="dachzeile">Archiv</span></p><h2>Hintergrund</h2><p>${second}</p>`,
      });
      // A kicker word after the first real paragraph is body text (here a subheading).
      expect(article.text).toBe(`${first}\n\nHintergrund\n\n${second}`);
    });

    it('drops text that is only an image file name, and file names as alt text', () => {
      const sentence = 'Das Plakat steht unter dem Namen plakat_ehrenamt.jpg zum Download bereit.';
      const article = read({
        body: `<p>IMG_1234.jpg</p><p>Bild: pm_2018_05.png</p><p>DSC_0042 (2).jpeg</p><p>Dateiname: P1000815.JPG (2,4 MB)</p><div>${image.replace('Preisverleihung', 'foto_ministerin-hofmann_2019.JPG')}<span>foto_ministerin-hofmann_2019.JPG</span></div><p>${first}</p><p>Datei: plakat_final.PNG</p><p>${sentence}</p>`,
      });
      // A sentence that mentions a file name stays.
      expect(article.text).toBe(`${first}\n\n${sentence}`);
      expect(article.contentHtml).not.toMatch(/IMG_1234|pm_2018_05|DSC_0042|P1000815|foto_ministerin|plakat_final/);
      expect(article.contentHtml).toContain('<img src="https://soziales.hessen.de/files/2019-12/IMG_4711.JPG" alt="" />');
    });

    it('takes a file name off the start or end of a line, not out of a sentence', () => {
      const sentence = 'Das Plakat steht unter dem Namen plakat_ehrenamt.jpg zum Download bereit.';
      const article = read({ body: `<p>IMG_4711.JPG ${first}</p><p>${sentence} Bild: plakat_ehrenamt.jpg</p>` });
      expect(article.text).toBe(`${first}\n\n${sentence}`);
    });

    it('keeps a figure with its figcaption where it is, out of the text, when a file name goes before it', () => {
      const caption = 'Der Sozialminister mit den Preisträgerinnen und Preisträgern.';
      const article = read({ body: `<p>IMG_4711.JPG</p><figure>${image}<figcaption>${caption}</figcaption></figure><p>${first}</p>` });
      expect(article.contentHtml).toMatch(new RegExp(`^<figure>\\s*<img [^>]+>\\s*<figcaption>${caption}</figcaption>\\s*</figure>\\s*<p>${first}</p>$`));
      expect(article.text).toBe(first);
    });

    it.each([
      ['a caption paragraph after the image', `<p>${image}</p><p class="bildunterschrift">Der Sozialminister bei der Verleihung.</p>`, 'Der Sozialminister bei der Verleihung.'],
      ['an image-caption before the image', `<p class="image-caption">Der Sozialminister bei der Verleihung.</p>${image}`, 'Der Sozialminister bei der Verleihung.'],
      ['a credit line beside the image wrapper', `<div class="bild">${image}</div><p>Foto: HMSI / Max Muster</p>`, 'Foto: HMSI / Max Muster'],
      ['a text inside the image wrapper', `<div class="bild">${image}<p>Der Sozialminister bei der Verleihung.</p></div>`, 'Der Sozialminister bei der Verleihung.'],
      ['a loose figcaption', `${image}<figcaption>Der Sozialminister bei der Verleihung.</figcaption>`, 'Der Sozialminister bei der Verleihung.'],
      ['a line labelled "Bildunterschrift:" after the image', `<p>${image}</p><p>Bildunterschrift: Der Sozialminister bei der Verleihung.</p>`, 'Der Sozialminister bei der Verleihung.'],
      ['a line ending in its credit after the image', `<p>${image}</p><p>Der Sozialminister bei der Verleihung (Foto: HMSI)</p>`, 'Der Sozialminister bei der Verleihung \\(Foto: HMSI\\)'],
    ])('puts %s into a figure with the image', (_case, head, caption) => {
      const article = read({ body: `${head}<p>${first}</p>` });
      expect(article.contentHtml).toMatch(new RegExp(`^<figure>\\s*<img src="https://soziales.hessen.de/files/2019-12/IMG_4711.JPG" alt="Preisverleihung" />\\s*<figcaption>${caption}</figcaption>\\s*</figure>`));
      expect(article.text).toBe(first);
    });

    it('drops a caption that has no image beside it', () => {
      const article = read({
        body: `<p class="bildunterschrift">Der Sozialminister bei der Verleihung im Schloss.</p><p>© HMSI</p><p>${first}</p><p>${second}</p>`,
      });
      expect(article.text).toBe(`${first}\n\n${second}`);
      expect(article.contentHtml).not.toMatch(/Verleihung im Schloss|HMSI/);
    });

    it('prints the lead once when the body repeats it as a paragraph or a blockquote', () => {
      for (const repeat of [`<p>${quote}</p>`, `<blockquote><p>${quote}</p></blockquote>`, '<blockquote>„Ehrenamt hält unsere Gesellschaft zusammen“</blockquote>']) {
        const article = read({ lead: quote, body: `<p>Rückblick</p>${repeat}<p>${first}</p><p>${second}</p>` });
        expect(article.contentHtml.split('Ehrenamt hält unsere Gesellschaft zusammen')).toHaveLength(2);
        expect(article.contentHtml.startsWith(`<p>${quote}</p>`)).toBe(true);
        expect(article.text).toBe(`${first}\n\n${second}`);
        expect(article.summary).toBe(quote);
      }
      // A body that opens with the lead word for word keeps it there, and the lead is not printed above it again.
      const opening = read({ lead: quote, body: `<p>${quote}</p><p>IMG_4711.JPG</p><p>${first}</p>` });
      expect(opening.contentHtml).toBe(`<p>${quote}</p><p>${first}</p>`);
      expect(opening.text).toBe(`${quote}\n\n${first}`);
    });

    it('leaves a kicker printed inside the title out of the title', () => {
      const article = read({ title: '<span class="hw-kicker">Rückblick</span> Landesehrenamtspreis verliehen', body: `<p>${first}</p>` });
      expect(article.title).toBe('Landesehrenamtspreis verliehen');
    });

    it('keeps one of two blocks in a row that say the same, and a quote repeated further down', () => {
      const article = read({ body: `<p>${quote}</p><blockquote>${quote}</blockquote><p>${first}</p><blockquote>${quote}</blockquote>` });
      expect(article.text).toBe(`${quote}\n\n${first}\n\n${quote}`);
    });

    it('reads a head printed as loose text between line breaks the same way', () => {
      const article = read({
        lead: quote,
        body: `Rückblick<br>Thema: Soziales<br>${quote}<br><br>${image}<br>IMG_4711.JPG<br>Der Sozialminister bei der Verleihung (Foto: HMSI)<br><br><p>${first}</p><p>${second}</p>`,
      });
      expect(article.contentHtml).toBe(
        `<p>${quote}</p>\n<figure><img src="https://soziales.hessen.de/files/2019-12/IMG_4711.JPG" alt="Preisverleihung" /><figcaption>Der Sozialminister bei der Verleihung (Foto: HMSI)</figcaption></figure><p>${first}</p><p>${second}</p>`,
      );
      expect(article.text).toBe(`${first}\n\n${second}`);
    });

    it('keeps a line break between two texts, not one left beside a line taken out', () => {
      const article = read({ body: `<p>IMG_4711.JPG<br>${first}<br>${second}<br></p>` });
      expect(article.contentHtml).toBe(`<p>${first}<br />${second}</p>`);
    });

    it('removes back, print, share and to-top link rows, not a sentence that starts like one', () => {
      const sentence = 'Zurück zur Übersicht über alle Preisträger führt der Jahresbericht des Ministeriums.';
      const article = read({
        body: `<p><a href="/presse">« Zurück zur Übersicht</a> | <a href="javascript:print()">Seite drucken</a></p><p>${first}</p><p>${sentence}</p><div><a href="mailto:?subject=x">Artikel teilen</a> · <a href="#top">nach oben</a></div>`,
      });
      expect(article.text).toBe(`${first}\n\n${sentence}`);
      expect(article.contentHtml).not.toMatch(/[|·]/);
    });

    it('takes the first real paragraph as summary when the description was written from the leaked head', () => {
      const body = `<p class="bildunterschrift">Der Sozialminister bei der Verleihung.</p><p>${first}</p><p>${second}</p>`;
      for (const description of ['Rückblick Thema: Soziales „Ehrenamt hält …', 'IMG_4711.JPG Der Sozialminister hat …', 'Der Sozialminister bei der Verleihung. Wiesbaden. Anlässlich …']) {
        expect(read({ description, body }).summary, description).toBe(first);
      }
      // Also when the caption it starts with went into a figure with its image.
      const withImage = `<p>${image}</p><p class="bildunterschrift">Der Sozialminister bei der Verleihung.</p><p>${first}</p>`;
      expect(read({ description: 'Der Sozialminister bei der Verleihung. Wiesbaden. Anlässlich …', body: withImage }).summary).toBe(first);
      // A description written for the page is kept.
      const description = 'Der Sozialminister hat 16 Initiativen mit dem Landesehrenamtspreis ausgezeichnet.';
      expect(read({ description, body }).summary).toBe(description);
      // Without lead or description, a page whose head leaked has its first real paragraph as summary.
      expect(read({ body: `<p>Rückblick</p><h2>Die Preisträger</h2><p>${first}</p>` }).summary).toBe(first);
      expect(read({ body: `<p>${first}</p>` }).summary).toBeUndefined();
    });

    it('takes kicker words and file names out of the lead', () => {
      const article = read({ lead: `<span class="kicker">Rückblick</span> ${quote}`, body: `<p>${first}</p>` });
      expect(article.summary).toBe(quote);
      expect(article.contentHtml.startsWith(`<p> ${quote}</p>`) || article.contentHtml.startsWith(`<p>${quote}</p>`)).toBe(true);
    });
  });

  it('leaves short labels just above the title out of the body, past the dateline (generic)', () => {
    const html = `<html><body><main><div class="content"><span>Ehrenamt</span><div>Archiv</div>
      <p>Hessisches Ministerium für Soziales und Integration</p><h1>Landesehrenamtspreis verliehen</h1><p>${first}</p><p>${second}</p></div></main></body></html>`;
    const article = extractArticle(html, url, { registry });
    expect(article.text).toBe(`${first}\n\n${second}`);
    expect(article.dateline).toBe('Hessisches Ministerium für Soziales und Integration');
  });

  it('does not take a Drupal 7 body field ("text-with-summary") for the lead', () => {
    const html = `<html><body><div id="content"><h1>Landesehrenamtspreis verliehen</h1>
      <div class="field field-name-body field-type-text-with-summary"><p>${first}</p><h3>Die Preisträger</h3><p>${second}</p></div></div></body></html>`;
    const article = extractArticle(html, url, { registry });
    expect(article.summary).toBeUndefined();
    expect(article.text).toBe(`${first}\n\nDie Preisträger\n\n${second}`);
  });

  it('reads the profile date from a <time datetime> inside the matched element', () => {
    const html = drupalPage({ body: `<p>${first}</p>` }).replace(
      '<h1',
      '<span class="field--name-field-pt-date"><time datetime="2018-05-15T10:00:00Z">15.05.2018</time></span><h1',
    );
    expect(extractArticle(html, url, { profile, registry }).published).toBe('2018-05-15T10:00:00.000Z');
  });
});
