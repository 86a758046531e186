import { describe, expect, it } from 'vitest';
import { articleFromEntry } from '../src/extract/index.js';
import type { Entry } from '../src/model/types.js';
import { testRegistry } from './helpers/ministries.js';

const registry = testRegistry();

describe('articleFromEntry (entries whose link leaves the allowed hosts)', () => {
  const entry: Entry = {
    url: 'https://www.kultus-beispiel.de/aktuelles/ganztag?utm_source=rss&id=7',
    guid: 'urn:uuid:5f1c1f64',
    title: '  Gemeinsame Erklärung\n zum Ganztag  ',
    summary: 'Kultus- und Sozialministerium wollen den Rechtsanspruch umsetzen.',
    contentHtml:
      '<p onclick="x()">Der Rechtsanspruch gilt ab 2026.</p><script>alert(1)</script><p><a href="/ganztag">Mehr zum Ganztag</a> <img src="bilder/ganztag.jpg" alt=""></p><iframe src="https://evil.example"></iframe>',
    published: '2024-09-13T08:00:00.000Z',
    updated: '2024-09-13T10:00:00.000Z',
    dateline: 'Hessisches Kultusministerium',
    tags: ['Ganztag', 'Grundschule', 'ganztag'],
  };

  it('publishes the feed fields, sanitized, with links absolute against the entry URL', () => {
    const article = articleFromEntry(entry, { registry, fallbackMinistryId: 'staatskanzlei' });
    expect(article).toEqual({
      url: entry.url,
      canonicalUrl: 'https://www.kultus-beispiel.de/aktuelles/ganztag?id=7',
      // Published as the feed links it, without the tracking parameter; the identity key is normalized further.
      link: 'https://www.kultus-beispiel.de/aktuelles/ganztag?id=7',
      title: 'Gemeinsame Erklärung zum Ganztag',
      ministryId: 'kultus',
      dateline: 'Hessisches Kultusministerium',
      published: '2024-09-13T08:00:00.000Z',
      updated: '2024-09-13T10:00:00.000Z',
      summary: 'Kultus- und Sozialministerium wollen den Rechtsanspruch umsetzen.',
      contentHtml:
        '<p>Der Rechtsanspruch gilt ab 2026.</p><p><a href="https://www.kultus-beispiel.de/ganztag">Mehr zum Ganztag</a> <img src="https://www.kultus-beispiel.de/aktuelles/bilder/ganztag.jpg" alt="" /></p>',
      text: 'Der Rechtsanspruch gilt ab 2026.\n\nMehr zum Ganztag',
      imageUrl: 'https://www.kultus-beispiel.de/aktuelles/bilder/ganztag.jpg',
      tags: [
        { label: 'Ganztag', slug: 'ganztag' },
        { label: 'Grundschule', slug: 'grundschule' },
      ],
      extractedBy: 'feed',
    });
  });

  it('falls back to the host, then to the source ministry', () => {
    const { dateline: _dropped, ...undated } = entry;
    expect(articleFromEntry({ ...undated, url: 'https://kultus.hessen.de/presse/x' }, { registry }).ministryId).toBe('kultus');
    expect(articleFromEntry(undated, { registry, fallbackMinistryId: 'innen' }).ministryId).toBe('innen');
    expect(articleFromEntry(undated, { registry }).ministryId).toBeUndefined();
  });

  it('builds the body from an escaped summary when the feed carries no content', () => {
    const article = articleFromEntry({ url: 'https://example.org/a', title: 'Kurz', summary: 'Fünf <b>fette</b> Worte & mehr' }, { registry });
    expect(article.contentHtml).toBe('<p>Fünf &lt;b&gt;fette&lt;/b&gt; Worte &amp; mehr</p>');
    expect(article.text).toBe('Fünf <b>fette</b> Worte & mehr');
  });

  it('gives an untitled entry a title from its text, and a bare entry a text from its title', () => {
    const untitled = articleFromEntry({ url: 'https://example.org/b', contentHtml: '<p>Erster Satz der Meldung.</p><p>Zweiter.</p>' }, { registry });
    expect(untitled.title).toBe('Erster Satz der Meldung.');
    const bare = articleFromEntry({ url: 'https://example.org/c', title: 'Nur ein Titel' }, { registry });
    expect(bare.contentHtml).toBe('');
    expect(bare.text).toBe('Nur ein Titel');
  });
});
