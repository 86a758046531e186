import { describe, expect, it } from 'vitest';
import { extractArticle } from '../src/extract/index.js';
import { createMinistryRegistry } from '../src/model/index.js';
import { releasePage, syntheticRelease } from './helpers/hessen-site.js';
import { loadShippedConfig } from './helpers/config.js';

const config = await loadShippedConfig();
const registry = createMinistryRegistry(config.ministries);
const PAGE = 'http://soziales.hessen.de/presse/meldung-1?id=7';

function linkOf(headHtml: string, pageUrl = PAGE): string | undefined {
  return extractArticle(releasePage(syntheticRelease(1), { headHtml }), pageUrl, { registry, profile: config.profiles.get('hessen-drupal') }).link;
}

describe('the published link of an extracted page', () => {
  it.each([
    ['no declaration: the address fetched from', '', PAGE],
    ['rel=canonical absolute, exactly as written', '<link rel="canonical" href="HTTP://Soziales.hessen.de/presse/Meldung-1/?b=2&amp;a=1">', 'HTTP://Soziales.hessen.de/presse/Meldung-1/?b=2&a=1'],
    ['rel=canonical relative, resolved against the page', '<link rel="canonical" href="meldung-eins/">', 'http://soziales.hessen.de/presse/meldung-eins/'],
    ['rel=canonical relative, against the page\'s <base>', '<base href="https://www.hessen.de/archiv/"><link rel="canonical" href="meldung">', 'https://www.hessen.de/archiv/meldung'],
    ['og:url when no rel=canonical', '<meta property="og:url" content="https://soziales.hessen.de/presse/meldung-1">', 'https://soziales.hessen.de/presse/meldung-1'],
    ['rel=canonical before og:url', '<meta property="og:url" content="https://a.example/x"><link rel="canonical" href="https://b.example/y">', 'https://b.example/y'],
    ['not a web address: ignored', '<link rel="canonical" href="javascript:alert(1)">', PAGE],
    ['the front page in og:url (a CMS default): ignored', '<meta property="og:url" content="https://soziales.hessen.de/">', PAGE],
    ['an address with spaces: encoded, not published raw', '<link rel="canonical" href="https://soziales.hessen.de/presse/a b">', 'https://soziales.hessen.de/presse/a%20b'],
  ])('%s', (_label, head, expected) => {
    expect(linkOf(head)).toBe(expected);
  });

  it('publishes a fetched address without its tracking parameters and fragment, the rest in its order', () => {
    expect(linkOf('', 'http://soziales.hessen.de/presse/meldung-1?z=1&utm_source=hessen.de&id=7&fbclid=abc#top')).toBe('http://soziales.hessen.de/presse/meldung-1?z=1&id=7');
    expect(linkOf('', 'http://soziales.hessen.de/presse/meldung-1?utm_campaign=presse')).toBe('http://soziales.hessen.de/presse/meldung-1');
  });

  it('leaves the identity key as it was: https, sorted query, no trailing slash', () => {
    const article = extractArticle(releasePage(syntheticRelease(1), { headHtml: '<link rel="canonical" href="/presse/x/?b=2&amp;a=1">' }), PAGE, { registry });
    expect(article.link).toBe('http://soziales.hessen.de/presse/x/?b=2&a=1');
    expect(article.canonicalUrl).toBe('https://soziales.hessen.de/presse/x?a=1&b=2');
  });
});
