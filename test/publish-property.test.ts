/** Whatever text the scrapers hand us, every format stays well-formed and keeps every entry. */
import fc from 'fast-check';
import { XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import type { Item } from '../src/model/index.js';
import { renderFeed, stripInvalidXmlChars } from '../src/publish/index.js';
import { checkAtomFeed, children, findXmlViolations, parseXml, text } from './helpers/atom-checker.js';
import { makeInput, makeItem } from './publish-fixtures.js';

/** Characters that break naive XML writers, weighted so that most strings contain several. */
const hostileChar = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('<', '>', '&', '"', "'", ']]>', '&amp;', '&#0;', '\r', '\n', '\t', '\r\n') },
  { weight: 3, arbitrary: fc.constantFrom('\u0000', '\u0008', '\u000B', '\u001F', '\u007F', '\u0085', '\uFFFE', '\uFFFF', '\uD800', '\uDFFF') },
  { weight: 2, arbitrary: fc.integer({ min: 0, max: 0x10ffff }).map((cp) => (cp >= 0xd800 && cp <= 0xdfff ? String.fromCharCode(cp) : String.fromCodePoint(cp))) },
  { weight: 2, arbitrary: fc.constantFrom('a', 'Ä', 'ß', ' ', '€', '😀') },
);
const hostileString = fc.string({ unit: hostileChar, maxLength: 30 });

const itemFields = fc.record({
  id: hostileString,
  title: hostileString,
  summary: fc.option(hostileString, { nil: undefined }),
  contentHtml: hostileString,
  dateline: fc.option(hostileString, { nil: undefined }),
  published: fc.oneof(hostileString, fc.constant('2024-09-23T10:00:00+02:00')),
  url: hostileString.map((suffix) => `https://soziales.hessen.de/presse/${suffix}`),
  tags: fc.array(fc.record({ label: hostileString, slug: hostileString }), { maxLength: 4 }),
});


type ItemFields = typeof itemFields extends fc.Arbitrary<infer T> ? T : never;

/** Ids are prefixed with their position so they stay distinct; updated is always valid, so nothing is dropped. */
function buildItems(records: ItemFields[]): Item[] {
  return records.map((record, index) =>
    makeItem({ ...record, id: `${index}-${record.id}`, urls: [record.url], updated: '2024-09-24T10:00:00Z' }),
  );
}

function expectedTitle(title: string): string {
  const stripped = stripInvalidXmlChars(title).trim();
  return stripped === '' ? '(ohne Titel)' : stripped;
}

describe('property: the character guard', () => {
  // The guard's definition, searched with the `u` flag over every string (stripInvalidXmlChars skips the search when a plain scan finds nothing).
  const reference = (value: string): string => value.replace(/[^\t\n\r\u0020-\u007E\u00A0-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '');
  it('removes exactly the characters outside XML 1.0 Char, DEL and the C1 controls, lone surrogates among them', () => {
    fc.assert(fc.property(fc.string({ unit: hostileChar, maxLength: 60 }), (value) => {
      expect(stripInvalidXmlChars(value)).toBe(reference(value));
    }), { numRuns: 2000 });
    expect(stripInvalidXmlChars('Grüße 😀 \uD800x\uDC00\u0085\u007F\uFFFE ok')).toBe('Grüße 😀 x ok');
  });
});

describe('property: arbitrary strings in titles, tags, summaries, content, ids and URLs', () => {
  it('give well-formed Atom, RSS and JSON with one entry per item', () => {
    fc.assert(
      fc.property(fc.array(itemFields, { maxLength: 5 }), hostileString, (records, feedTitle) => {
        const items = buildItems(records);
        const input = makeInput(items, { title: feedTitle, description: feedTitle });

        const atom = renderFeed('atom', input);
        expect(XMLValidator.validate(atom.body)).toBe(true);
        expect(checkAtomFeed(atom.body)).toEqual([]);
        const entries = children(children(parseXml(atom.body), 'feed')[0] ?? {}, 'entry');
        expect(entries).toHaveLength(items.length);
        expect(entries.map((entry) => text(children(entry, 'title')[0]))).toEqual(items.map((item) => expectedTitle(item.title)));
        expect(entries.map((entry) => text(children(entry, 'content')[0]))).toEqual(
          items.map((item) => stripInvalidXmlChars(item.contentHtml)),
        );

        const rss = renderFeed('rss', input);
        expect(XMLValidator.validate(rss.body)).toBe(true);
        expect(findXmlViolations(rss.body)).toEqual([]);
        const channel = children(children(parseXml(rss.body), 'rss')[0] ?? {}, 'channel')[0] ?? {};
        expect(children(channel, 'item')).toHaveLength(items.length);

        const json = JSON.parse(renderFeed('json', input).body) as { items: { id: string }[] };
        expect(json.items.map((item) => item.id)).toEqual(entries.map((entry) => text(children(entry, 'id')[0])));
        expect([atom.dropped, rss.dropped]).toEqual([0, 0]);
      }),
      { numRuns: 300 },
    );
  });
});
