import { describe, expect, it } from 'vitest';
import type { Item } from '../src/model/index.js';
import { renderFeed, type FeedFormat } from '../src/publish/index.js';
import { attribute, checkAtomFeed, children, findXmlViolations, parseXml, text, type XmlNode } from './helpers/atom-checker.js';
import { BASE_URL, makeInput, makeItem } from './publish-fixtures.js';

const FORMATS: FeedFormat[] = ['atom', 'rss', 'json'];

/** Every C0 control XML forbids, plus the two non-characters, DEL/C1 and a lone surrogate. */
const CONTROL_CHARS = [
  ...Array.from({ length: 32 }, (_, code) => String.fromCharCode(code)).filter((c) => !'\t\n\r'.includes(c)),
  '\uFFFE',
  '\uFFFF',
  '\u007F',
  '\u0085',
  '\uD800',
].join('');
const HOSTILE = `A ]]> B <script>x</script> & &amp; "q" 'a' ${CONTROL_CHARS}end`;
const HOSTILE_STRIPPED = `A ]]> B <script>x</script> & &amp; "q" 'a' end`;

function hostileItem(): Item {
  return makeItem({
    title: HOSTILE,
    summary: HOSTILE,
    contentHtml: `<p>${HOSTILE}</p>`,
    dateline: undefined,
    ministryId: 'soziales',
    tags: [{ label: HOSTILE, slug: `slug-${HOSTILE}` }],
    url: `https://soziales.hessen.de/presse/x?a=1&b=<"]]>"&c=${CONTROL_CHARS}`,
    urls: [`https://www.hessen.de/presse/"quoted"?x=]]>&y=<z>`],
  });
}

function assertWellFormed(format: FeedFormat, body: string): void {
  if (format === 'json') expect(() => JSON.parse(body) as unknown).not.toThrow();
  else expect(findXmlViolations(body)).toEqual([]);
  if (format === 'atom') expect(checkAtomFeed(body)).toEqual([]);
}

function firstEntry(body: string, format: 'atom' | 'rss'): XmlNode {
  const doc = parseXml(body);
  const entry =
    format === 'atom'
      ? children(children(doc, 'feed')[0] ?? {}, 'entry')[0]
      : children(children(children(doc, 'rss')[0] ?? {}, 'channel')[0] ?? {}, 'item')[0];
  if (!entry) throw new Error('no entry');
  return entry;
}

describe('hostile strings', () => {
  it.each(FORMATS)('keep %s well-formed with the entry intact', (format) => {
    const rendered = renderFeed(format, makeInput([hostileItem()], { title: HOSTILE, description: HOSTILE }));
    assertWellFormed(format, rendered.body);
    expect(rendered.dropped).toBe(0);
  });

  it('lose only their control characters in Atom: titles, summaries, labels and content read back exactly', () => {
    const entry = firstEntry(renderFeed('atom', makeInput([hostileItem()])).body, 'atom');
    expect(text(children(entry, 'title')[0])).toBe(HOSTILE_STRIPPED);
    expect(text(children(entry, 'summary')[0])).toBe(HOSTILE_STRIPPED);
    expect(text(children(entry, 'content')[0])).toBe(`<p>${HOSTILE_STRIPPED}</p>`);
    const tag = children(entry, 'category')[0];
    expect([attribute(tag, 'label'), attribute(tag, 'term')]).toEqual([HOSTILE_STRIPPED, `slug-${HOSTILE_STRIPPED}`]);
  });

  it('reach RSS readers as the same text, with the teaser HTML-escaped in description', () => {
    const item = firstEntry(renderFeed('rss', makeInput([hostileItem()])).body, 'rss');
    expect(text(children(item, 'title')[0])).toBe(HOSTILE_STRIPPED);
    expect(text(children(item, 'content:encoded')[0])).toBe(`<p>${HOSTILE_STRIPPED}</p>`);
    expect(text(children(item, 'description')[0])).toBe(
      'A ]]&gt; B &lt;script&gt;x&lt;/script&gt; &amp; &amp;amp; &quot;q&quot; \'a\' end',
    );
  });

  it('reach JSON Feed readers without control characters', () => {
    const body = renderFeed('json', makeInput([hostileItem()], { title: HOSTILE })).body;
    const feed = JSON.parse(body) as { title: string; items: { title: string; tags: string[]; content_html: string }[] };
    expect(feed.title).toBe(HOSTILE_STRIPPED);
    expect(feed.items[0]?.title).toBe(HOSTILE_STRIPPED);
    expect(feed.items[0]?.tags).toEqual([HOSTILE_STRIPPED]);
    expect(feed.items[0]?.content_html).toBe(`<p>${HOSTILE_STRIPPED}</p>`);
  });

  it('in URLs become percent-encoded links; non-http links are left out', () => {
    const body = renderFeed(
      'atom',
      makeInput([makeItem({ url: 'javascript:alert(1)', urls: ['javascript:alert(1)', 'relative/path', 'https://www.hessen.de/a b'] })]),
    ).body;
    expect(checkAtomFeed(body)).toEqual([]);
    const links = children(firstEntry(body, 'atom'), 'link').map((link) => [attribute(link, 'rel'), attribute(link, 'href')]);
    // The item's lead image is a link too (an enclosure), checked on its own in publish-atom.test.ts.
    expect(links).toEqual([
      ['related', 'https://www.hessen.de/a%20b'],
      ['via', `${BASE_URL}/releases/a1b2c3`],
      ['enclosure', 'https://soziales.hessen.de/sites/default/files/konferenz.jpg'],
    ]);
    const hostileLinks = children(firstEntry(renderFeed('atom', makeInput([hostileItem()])).body, 'atom'), 'link');
    expect(hostileLinks.map((link) => attribute(link, 'href'))).toEqual([
      'https://soziales.hessen.de/presse/x?a=1&b=%3C%22]]%3E%22&c=',
      'https://www.hessen.de/presse/%22quoted%22?x=]]%3E&y=%3Cz%3E',
      `${BASE_URL}/releases/a1b2c3`,
      'https://soziales.hessen.de/sites/default/files/konferenz.jpg',
    ]);
  });
});

describe('invalid and out-of-range dates', () => {
  const BAD_DATES = ['', 'not a date', '23.09.2024', '0000-01-01T00:00:00Z', '+275760-09-13T00:00:00Z', '275760-09-13T00:00:00Z', '2024-02-30T10:00:00Z', '2024-09-23T25:00:00Z', '1899-12-31T23:59:59Z'];

  it.each(BAD_DATES)('published %j is replaced by updated, in every format', (bad) => {
    const item = makeItem({ published: bad, updated: '2024-09-24T07:30:00Z' });
    for (const format of FORMATS) {
      const rendered = renderFeed(format, makeInput([item]));
      assertWellFormed(format, rendered.body);
      expect(rendered.dropped).toBe(0);
    }
    const entry = firstEntry(renderFeed('atom', makeInput([item])).body, 'atom');
    expect(text(children(entry, 'published')[0])).toBe('2024-09-24T07:30:00Z');
  });

  it.each(BAD_DATES)('updated %j is replaced by published', (bad) => {
    const entry = firstEntry(renderFeed('atom', makeInput([makeItem({ updated: bad })])).body, 'atom');
    expect(text(children(entry, 'updated')[0])).toBe('2024-09-23T08:00:00Z');
  });

  it('fall back to firstSeen when both dates are unusable', () => {
    const item = makeItem({ published: 'gestern', updated: '9999-99-99', firstSeen: '2024-09-23T08:05:00Z' });
    const entry = firstEntry(renderFeed('atom', makeInput([item])).body, 'atom');
    expect([text(children(entry, 'published')[0]), text(children(entry, 'updated')[0])]).toEqual([
      '2024-09-23T08:05:00Z',
      '2024-09-23T08:05:00Z',
    ]);
  });

  it('never make updated earlier than published', () => {
    const item = makeItem({ published: '2024-09-23T08:00:00Z', updated: '2024-01-01T00:00:00Z' });
    const entry = firstEntry(renderFeed('atom', makeInput([item])).body, 'atom');
    expect(text(children(entry, 'updated')[0])).toBe('2024-09-23T08:00:00Z');
  });
});

describe('items that cannot be published', () => {
  const good = makeItem({ id: 'good' });
  const throwing = new Proxy(makeItem({ id: 'throws' }), {
    get(target, key, receiver) {
      if (key === 'title') throw new Error('corrupt record');
      return Reflect.get(target, key, receiver) as unknown;
    },
  });
  const cases: [string, Item][] = [
    ['no usable date at all', makeItem({ id: 'undated', published: 'x', updated: 'y', firstSeen: 'z' })],
    ['an empty id', makeItem({ id: '' })],
    ['an id of control characters only', makeItem({ id: '\u0000\u0001' })],
    ['the same id as an earlier item', makeItem({ id: 'good', title: 'Duplicate' })],
    ['a record that throws when read', throwing],
  ];

  it.each(cases)('are dropped and counted: %s', (_label, bad) => {
    for (const format of FORMATS) {
      const rendered = renderFeed(format, makeInput([good, bad]));
      assertWellFormed(format, rendered.body);
      expect(rendered.dropped).toBe(1);
    }
    const ids = children(children(parseXml(renderFeed('atom', makeInput([good, bad])).body), 'feed')[0] ?? {}, 'entry').map(
      (entry) => text(children(entry, 'id')[0]),
    );
    expect(ids).toEqual(['tag:hessenfeed,2024:item:good']);
  });

  it('survive malformed fields from the store (wrong types) without being dropped', () => {
    const malformed = { ...makeItem({ id: 'odd' }), title: 42, tags: null, urls: 'x', summary: {} } as unknown as Item;
    const rendered = renderFeed('atom', makeInput([malformed]));
    expect(checkAtomFeed(rendered.body)).toEqual([]);
    expect(rendered.dropped).toBe(0);
    const entry = firstEntry(rendered.body, 'atom');
    expect(text(children(entry, 'title')[0])).toBe('(ohne Titel)');
    expect(children(entry, 'category').map((category) => attribute(category, 'term'))).toEqual(['soziales']);
  });
});
