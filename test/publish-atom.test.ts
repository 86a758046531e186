import { afterEach, describe, expect, it, vi } from 'vitest';
import { entryIdFor, renderFeed } from '../src/publish/index.js';
import { attribute, checkAtomFeed, children, parseXml, text, type XmlNode } from './helpers/atom-checker.js';
import { BASE_URL, makeInput, makeItem, makeItems, MINISTRIES } from './publish-fixtures.js';

function atomFeed(xml: string): XmlNode {
  const feed = children(parseXml(xml), 'feed')[0];
  if (!feed) throw new Error('no <feed> root');
  return feed;
}

function childText(node: XmlNode, name: string): string | undefined {
  return text(children(node, name)[0]);
}

function linksByRel(node: XmlNode, rel: string): XmlNode[] {
  return children(node, 'link').filter((link) => attribute(link, 'rel') === rel);
}

describe('Atom feed of ordinary press releases', () => {
  const rendered = renderFeed('atom', makeInput(makeItems()));
  const feed = atomFeed(rendered.body);
  const entries = children(feed, 'entry');

  it('is valid RFC 4287 Atom served as application/atom+xml', () => {
    expect(checkAtomFeed(rendered.body)).toEqual([]);
    expect(rendered.contentType).toBe('application/atom+xml; charset=utf-8');
    expect(rendered.dropped).toBe(0);
    expect(entries).toHaveLength(3);
  });

  it('describes the feed: language, id, title, self/alternate/next links, generator, fallback author', () => {
    expect(attribute(feed, 'xml:lang')).toBe('de');
    expect(childText(feed, 'id')).toBe('tag:hessenfeed,2024:feed:tag=integration');
    expect(childText(feed, 'title')).toBe('Hessische Landesregierung – Pressemitteilungen');
    expect(childText(feed, 'subtitle')).toBe('Alle Pressemitteilungen der Hessischen Landesregierung im Volltext');
    const [self] = linksByRel(feed, 'self');
    expect(attribute(self, 'href')).toBe(`${BASE_URL}/feed.atom?tag=integration&limit=50`);
    expect(attribute(self, 'type')).toBe('application/atom+xml');
    expect(linksByRel(feed, 'alternate').map((link) => [attribute(link, 'href'), attribute(link, 'type')])).toEqual([
      [`${BASE_URL}/?tag=integration`, 'text/html'],
    ]);
    expect(attribute(linksByRel(feed, 'next')[0], 'href')).toBe(
      `${BASE_URL}/feed.atom?tag=integration&limit=50&before=1726826400000`,
    );
    const generator = children(feed, 'generator')[0];
    expect([text(generator), attribute(generator, 'version'), attribute(generator, 'uri')]).toEqual([
      'hessenfeed',
      '0.1.0',
      'https://github.com/example/hessenfeed',
    ]);
    expect(childText(children(feed, 'author')[0] ?? {}, 'name')).toBe('Hessische Landesregierung');
  });

  it('has no next link on the last page', () => {
    const lastPage = atomFeed(renderFeed('atom', makeInput(makeItems(), { nextUrl: undefined })).body);
    expect(linksByRel(lastPage, 'next')).toEqual([]);
  });

  it('gives each entry its stable tag: id, plain-text title and UTC dates', () => {
    const [first] = entries;
    expect(entries.map((entry) => childText(entry, 'id'))).toEqual([
      'tag:hessenfeed,2024:item:a1b2c3',
      'tag:hessenfeed,2024:item:d4e5f6',
      'tag:hessenfeed,2024:item:g7h8i9',
    ]);
    expect(attribute(children(first ?? {}, 'title')[0], 'type')).toBe('text');
    expect(childText(first ?? {}, 'title')).toBe('Integrationskonferenz 2024: Vielfalt stärkt Hessen');
    expect(childText(first ?? {}, 'published')).toBe('2024-09-23T08:00:00Z');
    expect(childText(first ?? {}, 'updated')).toBe('2024-09-24T07:30:00Z');
  });

  it('names the ministry as author and adds one category per Schlagwort plus one for the ministry', () => {
    const first = entries[0] ?? {};
    expect(children(first, 'author').map((author) => childText(author, 'name'))).toEqual([
      MINISTRIES.get('soziales')?.name,
    ]);
    const categories = children(first, 'category').map((category) => [
      attribute(category, 'term'),
      attribute(category, 'scheme'),
      attribute(category, 'label'),
    ]);
    expect(categories).toEqual([
      ['integration', `${BASE_URL}/tags/`, 'Integration'],
      ['fruehkindliche-bildung', `${BASE_URL}/tags/`, 'Frühkindliche Bildung'],
      ['soziales', `${BASE_URL}/ministries/`, MINISTRIES.get('soziales')?.name],
    ]);
  });

  it('links the published copy as alternate and the other merged copies as related', () => {
    const first = entries[0] ?? {};
    expect(linksByRel(first, 'alternate').map((link) => attribute(link, 'href'))).toEqual([
      'https://soziales.hessen.de/presse/integrationskonferenz-2024',
    ]);
    expect(linksByRel(first, 'related').map((link) => attribute(link, 'href'))).toEqual([
      'https://www.hessen.de/presse/integrationskonferenz-2024',
    ]);
  });

  it('links hessenfeed\'s own page of each release as via, the ministry\'s page staying the alternate', () => {
    expect(entries.map((entry) => linksByRel(entry, 'via').map((link) => [attribute(link, 'href'), attribute(link, 'type')]))).toEqual(
      makeItems().map((item) => [[`${BASE_URL}/releases/${item.id}`, 'text/html']]),
    );
  });

  it('carries the teaser as text summary and the full HTML body as html content', () => {
    const first = entries[0] ?? {};
    const item = makeItem();
    expect(childText(first, 'summary')).toBe(item.summary);
    expect(attribute(children(first, 'summary')[0], 'type')).toBe('text');
    expect(childText(first, 'content')).toBe(item.contentHtml);
    expect(attribute(children(first, 'content')[0], 'type')).toBe('html');
  });

  it('attributes an item of no known ministry to its dateline, and one without either to the feed author', () => {
    const police = entries[2] ?? {};
    expect(children(police, 'author').map((author) => childText(author, 'name'))).toEqual(['Polizeipräsidium Südhessen']);
    expect(children(police, 'category')).toEqual([]);
    const anonymous = renderFeed('atom', makeInput([makeItem({ ministryId: undefined, dateline: undefined })])).body;
    expect(children(children(atomFeed(anonymous), 'entry')[0] ?? {}, 'author')).toEqual([]);
    expect(checkAtomFeed(anonymous)).toEqual([]);
  });

  it('keeps a ministry category with its id when the registry does not know the ministry', () => {
    const body = renderFeed('atom', makeInput([makeItem({ ministryId: 'digitales', dateline: undefined })])).body;
    const entry = children(atomFeed(body), 'entry')[0] ?? {};
    const ministryCategory = children(entry, 'category').find((c) => attribute(c, 'scheme') === `${BASE_URL}/ministries/`);
    expect([attribute(ministryCategory, 'term'), attribute(ministryCategory, 'label')]).toEqual(['digitales', undefined]);
    expect(children(entry, 'author')).toEqual([]);
  });
});

describe('Atom titles are plain text', () => {
  it.each([
    ['Kinder & Jugend', 'Kinder & Jugend'],
    ['Literal &amp; stays literal', 'Literal &amp; stays literal'],
    ['<Name> "zitiert" \'so\'', '<Name> "zitiert" \'so\''],
  ])('%j reads back as %j, escaped once', (title, expected) => {
    const body = renderFeed('atom', makeInput([makeItem({ title })])).body;
    expect(checkAtomFeed(body)).toEqual([]);
    expect(childText(children(atomFeed(body), 'entry')[0] ?? {}, 'title')).toBe(expected);
  });
});

describe('feed updated', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('is the newest entry updated, even when that entry is not the first', () => {
    const items = [
      makeItem({ id: 'newest-published', published: '2024-09-25T08:00:00Z', updated: '2024-09-25T08:00:00Z' }),
      makeItem({ id: 'corrected-later', published: '2024-09-01T08:00:00Z', updated: '2024-10-02T11:15:00+02:00' }),
    ];
    const feed = atomFeed(renderFeed('atom', makeInput(items)).body);
    expect(childText(feed, 'updated')).toBe('2024-10-02T09:15:00Z');
    const entryUpdates = children(feed, 'entry').map((entry) => childText(entry, 'updated'));
    expect(entryUpdates).toContain(childText(feed, 'updated'));
  });

  it('of an empty feed is the Unix epoch, and the feed is still valid', () => {
    const body = renderFeed('atom', makeInput([], { nextUrl: undefined })).body;
    expect(checkAtomFeed(body)).toEqual([]);
    expect(childText(atomFeed(body), 'updated')).toBe('1970-01-01T00:00:00Z');
    expect(children(atomFeed(body), 'entry')).toEqual([]);
  });

  it('of an empty feed is the value passed in when there is one', () => {
    const body = renderFeed('atom', makeInput([], { emptyFeedUpdated: '2024-09-30T12:00:00+02:00' })).body;
    expect(childText(atomFeed(body), 'updated')).toBe('2024-09-30T10:00:00Z');
  });

  it('never comes from the clock: renders at different times are byte-identical', () => {
    vi.useFakeTimers();
    let renders: string[];
    try {
      renders = ['2030-01-01T00:00:00Z', '2031-06-15T12:34:56Z'].flatMap((now) => {
        vi.setSystemTime(new Date(now));
        return (['atom', 'rss', 'json'] as const).map((format) => renderFeed(format, makeInput([])).body);
      });
    } finally {
      // Test files share a worker (isolate: false): a fake clock must not outlive this test.
      vi.useRealTimers();
    }
    expect(renders.slice(3)).toEqual(renders.slice(0, 3));
    expect(renders.join('\n')).not.toMatch(/2030|2031/);
  });
});

describe('determinism', () => {
  it('renders identical input to byte-identical output in every format', () => {
    for (const format of ['atom', 'rss', 'json'] as const) {
      const first = renderFeed(format, makeInput(makeItems()));
      const second = renderFeed(format, makeInput(structuredClone(makeItems()), { ministries: new Map(MINISTRIES) }));
      expect(second.body).toBe(first.body);
    }
  });
});

describe('entryIdFor', () => {
  it('depends on the item id only', () => {
    const moved = makeItem({ url: 'https://www.hessen.de/presse/neu', title: 'Korrigierter Titel', updated: '2024-12-01T00:00:00Z' });
    const ids = [makeItem(), moved].map((item) => {
      const entry = children(atomFeed(renderFeed('atom', makeInput([item])).body), 'entry')[0] ?? {};
      return childText(entry, 'id');
    });
    expect(ids).toEqual([entryIdFor('a1b2c3'), entryIdFor('a1b2c3')]);
    expect(entryIdFor('a1b2c3')).toBe('tag:hessenfeed,2024:item:a1b2c3');
  });

  it('percent-encodes what a URI cannot hold, so the id stays a valid IRI', () => {
    expect(entryIdFor('a b%c<ä>')).toBe('tag:hessenfeed,2024:item:a%20b%25c%3C%C3%A4%3E');
  });
});

describe('the lead image', () => {
  it('is an enclosure link with its media type when the file name tells it, without one when not', () => {
    const body = renderFeed(
      'atom',
      makeInput([
        makeItem({ id: 'jpg', imageUrl: 'https://soziales.hessen.de/files/konferenz.JPG' }),
        makeItem({ id: 'webp', imageUrl: 'https://soziales.hessen.de/files/bild.webp?itok=x1' }),
        makeItem({ id: 'unknown', imageUrl: 'https://soziales.hessen.de/bild/42' }),
        makeItem({ id: 'none', imageUrl: undefined }),
      ]),
    ).body;
    expect(checkAtomFeed(body)).toEqual([]);
    const enclosures = children(atomFeed(body), 'entry').map((entry) =>
      linksByRel(entry, 'enclosure').map((link) => [attribute(link, 'href'), attribute(link, 'type')]),
    );
    expect(enclosures).toEqual([
      [['https://soziales.hessen.de/files/konferenz.JPG', 'image/jpeg']],
      [['https://soziales.hessen.de/files/bild.webp?itok=x1', 'image/webp']],
      [['https://soziales.hessen.de/bild/42', undefined]],
      [],
    ]);
  });
});
