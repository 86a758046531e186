/**
 * The feed parser's promise to the pipeline, over damaged documents: a feed is read, or it is
 * refused with a ParseError whose message says what is wrong with the feed. A source's recorded
 * error is that message, so an internal error text ("Cannot read properties of undefined") must
 * never come out of it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ParseError, parseFeed } from '../src/parse/index.js';
import { readFixture } from './helpers/extract-fixtures.js';

const FEED_URL = 'https://soziales.hessen.de/presse/feed';
const FIXTURES = ['feeds/rss2.xml', 'feeds/rss1.xml', 'feeds/atom.xml'].map(readFixture);

/** Pieces that break feeds the way real ones break: stray markup, cut tags, entities, namespaces. */
const PIECES = ['', '<', '>', '&', '/', '"', ':', '<link>', '</item>', '<entry>', '<item>', '<![CDATA[', ']]>', '&a;', '&#0;', 'xmlns:x="y" ', '<!DOCTYPE x [<!ENTITY a "b">]>'];

/** How every refusal begins, after the URL. */
const SENTENCE = /^(?:not a feed: |the XML is not well-formed|refused: |the feed(?:'s one entry| has \d+ entries) )/;

const damaged = fc
  .tuple(
    fc.constantFrom(...FIXTURES),
    fc.array(fc.tuple(fc.nat(), fc.nat({ max: 20 }), fc.constantFrom(...PIECES)), { minLength: 1, maxLength: 4 }),
  )
  .map(([xml, edits]) =>
    edits.reduce((text, [at, deleted, inserted]) => {
      const position = at % (text.length + 1);
      return text.slice(0, position) + inserted + text.slice(position + deleted);
    }, xml),
  );

describe('parseFeed on damaged feeds', () => {
  it('reads them or refuses them with a sentence about the feed', async () => {
    await fc.assert(
      fc.asyncProperty(damaged, async (xml) => {
        const outcome = await parseFeed(xml, FEED_URL).then(
          () => undefined,
          (err: unknown) => err,
        );
        if (outcome === undefined) return;
        expect(outcome).toBeInstanceOf(ParseError);
        const message = (outcome as ParseError).message;
        expect(message.startsWith(`${FEED_URL}: `)).toBe(true);
        expect(message.slice(FEED_URL.length + 2)).toMatch(SENTENCE);
      }),
      { numRuns: 500 },
    );
  });
});
