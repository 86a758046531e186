import { describe, expect, it } from 'vitest';
import type { Profile } from '../src/model/types.js';
import { parseListing } from '../src/parse/index.js';
import { readFixture } from './helpers/extract-fixtures.js';
import { loadProfile } from './helpers/profiles.js';

const PAGE_URL = 'http://127.0.0.1:8080/presse';
const profile = loadProfile('hessen-drupal');
const SOZIALES = 'Hessisches Ministerium für Arbeit, Integration, Jugend und Soziales';

describe('parseListing with the hessen-drupal profile', () => {
  const page = parseListing(readFixture('pages/listing-soziales.html'), PAGE_URL, profile);

  it('finds every teaser with absolute link, title, date, dateline and teaser text', () => {
    expect(page.entries).toHaveLength(6);
    expect(page.entries[0]).toEqual({
      url: 'http://127.0.0.1:8080/presse/integrationskonferenz-konstituiert-sich-in-weiterstadt',
      title: 'Integrationskonferenz konstituiert sich in Weiterstadt',
      published: '2024-09-22T22:00:00.000Z',
      dateline: SOZIALES,
      summary: 'Unter dem Vorsitz von Ministerin Heike Hofmann hat sich die Hessische Integrationskonferenz für diese Legislaturperiode konstituiert.',
    });
    expect(page.entries.map((e) => e.published)).toEqual([
      '2024-09-22T22:00:00.000Z',
      '2024-09-19T22:00:00.000Z',
      '2024-09-16T22:00:00.000Z',
      '2024-09-12T22:00:00.000Z',
      '2024-09-11T22:00:00.000Z',
      '2024-09-04T22:00:00.000Z',
    ]);
    expect(page.entries[3]?.dateline).toBe('Hessisches Ministerium für Kultus, Bildung und Chancen');
  });

  it('links the next page from the pager', () => {
    expect(page.nextPageUrl).toBe('http://127.0.0.1:8080/presse?page=1');
  });

  it('has no next page on the last page', () => {
    const last = parseListing(readFixture('pages/listing-soziales-page-1.html'), 'http://127.0.0.1:8080/presse?page=1', profile);
    expect(last.entries.map((e) => e.url)).toEqual([
      'http://127.0.0.1:8080/presse/sozialbudget-2025-vorgestellt',
      'http://127.0.0.1:8080/presse/fachtag-kinderschutz',
      'http://127.0.0.1:8080/presse/ausbildungsmarkt-bilanz',
    ]);
    expect(last.nextPageUrl).toBeUndefined();
    expect(last.lastPageUrl).toBeUndefined();
  });

  it("links the last page from the pager, so a backfill knows about how far it goes", () => {
    expect(page.lastPageUrl).toBe('http://127.0.0.1:8080/presse?page=1');
  });

  it.each([
    ['rel="last"', '<a rel="last" href="?page=299">299</a>'],
    ['its text', '<a href="?page=299">Letzte Seite »</a>'],
    ['its title', '<a href="?page=299" title="Zur letzten Seite">»»</a>'],
  ])('finds the last page by %s', (_, link) => {
    const html = `<html><body><main><article><h2><a href="/presse/a">Eine Meldung</a></h2></article><nav>${link}</nav></main></body></html>`;
    expect(parseListing(html, PAGE_URL, undefined).lastPageUrl).toBe('http://127.0.0.1:8080/presse?page=299');
  });

  it('falls back to generic teasers when the profile finds none (layout changed)', () => {
    const portal = parseListing(readFixture('pages/listing-portal.html'), 'https://www.hessen.de/presse', profile);
    expect(portal.entries.map((e) => e.url)).toEqual([
      'https://www.hessen.de/presse/integrationskonferenz-konstituiert-sich-in-weiterstadt',
      'https://staatskanzlei.hessen.de/presse/ministerpraesident-empfaengt-sternsinger?utm_source=portal',
      'https://www.hessen.de/presse/polizeiliche-kriminalstatistik-vorgestellt',
    ]);
  });
});

describe('parseListing without a profile', () => {
  it('reads <article> teasers: heading link, <time> or printed date, dateline, teaser text, pager', () => {
    const page = parseListing(readFixture('pages/listing-portal.html'), 'https://www.hessen.de/presse', undefined);
    expect(page.entries).toEqual([
      {
        url: 'https://www.hessen.de/presse/integrationskonferenz-konstituiert-sich-in-weiterstadt',
        title: 'Integrationskonferenz konstituiert sich in Weiterstadt',
        published: '2024-09-22T22:00:00.000Z',
        dateline: SOZIALES,
        summary: 'Die Hessische Integrationskonferenz hat sich in Weiterstadt für die neue Legislaturperiode konstituiert.',
      },
      {
        url: 'https://staatskanzlei.hessen.de/presse/ministerpraesident-empfaengt-sternsinger?utm_source=portal',
        title: 'Ministerpräsident empfängt Sternsinger in der Staatskanzlei',
        published: '2024-09-18T22:00:00.000Z',
        dateline: 'Hessische Staatskanzlei',
        summary: 'Die Sternsinger aus allen hessischen Bistümern überbrachten ihren Segen für das neue Jahr.',
      },
      {
        url: 'https://www.hessen.de/presse/polizeiliche-kriminalstatistik-vorgestellt',
        title: 'Polizeiliche Kriminalstatistik 2023 vorgestellt',
        published: '2024-09-18T09:00:00.000Z',
        dateline: 'Hessisches Ministerium des Innern, für Sicherheit und Heimatschutz',
        summary: 'Die Zahl der registrierten Straftaten ist im vergangenen Jahr leicht gesunken, die Aufklärungsquote gestiegen.',
      },
    ]);
    expect(page.nextPageUrl).toBe('https://www.hessen.de/presse?seite=2');
  });

  it('reads the hessen-drupal teasers too', () => {
    const page = parseListing(readFixture('pages/listing-soziales.html'), PAGE_URL, undefined);
    expect(page.entries).toHaveLength(6);
    expect(page.entries[0]).toMatchObject({
      url: 'http://127.0.0.1:8080/presse/integrationskonferenz-konstituiert-sich-in-weiterstadt',
      title: 'Integrationskonferenz konstituiert sich in Weiterstadt',
      published: '2024-09-22T22:00:00.000Z',
      dateline: SOZIALES,
    });
    expect(page.nextPageUrl).toBe('http://127.0.0.1:8080/presse?page=1');
  });

  it('takes the titled links in the main region when there are no <article> teasers', () => {
    const html = `<html><body>
      <nav><a href="/ministerium/organisation-und-aufgaben">Organisation und Aufgaben des Ministeriums</a></nav>
      <main><h1>Presse</h1><ul>
        <li><a href="/presse/ausbildungsmarkt-bilanz">Ausbildungsmarkt: Zwischenbilanz vor dem Start</a> 22.08.2024</li>
        <li><a href="presse/fachtag-kinderschutz#top">Fachtag Kinderschutz in Gießen</a></li>
        <li><a href="/presse/ausbildungsmarkt-bilanz">Ausbildungsmarkt: Zwischenbilanz vor dem Start</a></li>
        <li><a href="/kontakt">Kontakt</a> <a href="mailto:presse@hmaijs.hessen.de">presse@hmaijs.hessen.de schreiben</a></li>
      </ul><a href="?page=2" rel="next">2</a></main>
      <footer><a href="/impressum/und/datenschutzerklaerung">Impressum und Datenschutzerklärung</a></footer></body></html>`;
    const page = parseListing(html, 'https://soziales.hessen.de/', undefined);
    expect(page.entries).toEqual([
      { url: 'https://soziales.hessen.de/presse/ausbildungsmarkt-bilanz', title: 'Ausbildungsmarkt: Zwischenbilanz vor dem Start' },
      { url: 'https://soziales.hessen.de/presse/fachtag-kinderschutz#top', title: 'Fachtag Kinderschutz in Gießen' },
    ]);
    expect(page.nextPageUrl).toBe('https://soziales.hessen.de/?page=2');
  });

  it('finds nothing and no next page on a page without teasers', () => {
    const page = parseListing('<html><body><main><p>Keine Pressemitteilungen gefunden.</p></main></body></html>', PAGE_URL, undefined);
    expect(page).toEqual({ entries: [] });
  });
});

describe('parseListing with a profile whose selectors are broken', () => {
  it('does not throw on an invalid selector and falls back to generic teasers', () => {
    const broken: Profile = { ...profile, listing: { ...profile.listing, item: 'article[[' } };
    const page = parseListing(readFixture('pages/listing-soziales.html'), PAGE_URL, broken);
    expect(page.entries).toHaveLength(6);
  });

  it("says how many elements the profile's item selector matched, so a report can tell a renamed teaser class", () => {
    const html = readFixture('pages/listing-soziales.html');
    expect(parseListing(html, PAGE_URL, profile).profileItems).toBe(6);
    const renamed: Profile = { ...profile, listing: { ...profile.listing, item: 'article.teaser--renamed' } };
    const page = parseListing(html, PAGE_URL, renamed);
    expect(page.profileItems).toBe(0);
    // The generic teaser detection still found them.
    expect(page.entries).toHaveLength(6);
    expect(parseListing(html, PAGE_URL, undefined).profileItems).toBeUndefined();
  });
});
