import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeBody } from '../src/fetch/charset.js';
import { ParseError, parseFeed } from '../src/parse/index.js';
import { readFixture, readFixtureBytes } from './helpers/extract-fixtures.js';
import { startFixtureServer } from './helpers/http-server.js';

const FEED_URL = 'http://127.0.0.1:8080/presse/feed.xml';

async function parseError(xml: string): Promise<ParseError> {
  try {
    await parseFeed(xml, FEED_URL);
  } catch (err) {
    if (err instanceof ParseError) return err;
    throw err;
  }
  throw new Error('parseFeed did not throw');
}

describe('parseFeed: RSS 2.0', () => {
  it('maps items to entries with absolute links, dates, content, tags and guid', async () => {
    const entries = await parseFeed(readFixture('feeds/rss2.xml'), FEED_URL);
    expect(entries[0]).toEqual({
      url: 'http://127.0.0.1:8080/presse/integrationskonferenz-konstituiert-sich-in-weiterstadt',
      guid: 'hmaijs-presse-48213',
      title: 'Integrationskonferenz konstituiert sich in Weiterstadt',
      summary: 'Unter dem Vorsitz von Ministerin Heike Hofmann hat sich die Hessische Integrationskonferenz konstituiert.',
      contentHtml: expect.stringContaining('<h2>Integration ist eine gemeinschaftliche Aufgabe</h2>'),
      published: '2024-09-23T12:30:00.000Z',
      dateline: 'Hessisches Ministerium für Arbeit, Integration, Jugend und Soziales',
      tags: ['Integration', 'Frühkindliche Bildung', 'Rassismus'],
    });
    expect(entries[1]).toMatchObject({
      url: 'https://soziales.hessen.de/presse/landesprogramm-wir-wird-fortgesetzt?utm_source=rss&utm_medium=feed',
      title: 'Landesprogramm WIR wird & bleibt fortgesetzt',
      published: '2024-09-05T08:00:00.000Z',
    });
  });

  it('takes the link from a permalink GUID and skips entries without a usable http(s) link', async () => {
    const entries = await parseFeed(readFixture('feeds/rss2.xml'), FEED_URL);
    expect(entries.map((e) => e.url)).toEqual([
      'http://127.0.0.1:8080/presse/integrationskonferenz-konstituiert-sich-in-weiterstadt',
      'https://soziales.hessen.de/presse/landesprogramm-wir-wird-fortgesetzt?utm_source=rss&utm_medium=feed',
      'https://soziales.hessen.de/presse/nur-guid-als-permalink',
    ]);
    expect(entries[2]?.published).toBe('2024-09-04T08:00:00.000Z');
  });
});

describe('parseFeed: RSS 1.0 (RDF)', () => {
  it('reads items, dc:date, dc:subject and dc:creator', async () => {
    const entries = await parseFeed(readFixture('feeds/rss1.xml'), 'https://polizei.hessen.de/presse-feed/all');
    expect(entries).toEqual([
      {
        url: 'https://polizei.hessen.de/presse/verkehrsunfall-a5',
        guid: 'https://polizei.hessen.de/presse/verkehrsunfall-a5',
        title: 'Verkehrsunfall auf der A5 bei Friedberg',
        summary: 'Bei einem Auffahrunfall wurden am Montagmorgen zwei Personen leicht verletzt.',
        contentHtml: 'Bei einem Auffahrunfall wurden am Montagmorgen zwei Personen leicht verletzt.',
        published: '2024-09-23T05:45:00.000Z',
        dateline: 'Polizeipräsidium Mittelhessen',
        tags: ['Verkehr'],
      },
      {
        url: 'https://polizei.hessen.de/presse/praevention-trickbetrug',
        guid: 'https://polizei.hessen.de/presse/praevention-trickbetrug',
        title: 'Prävention: Vorsicht vor Trickbetrug am Telefon',
        summary: 'Die Polizei warnt vor falschen Polizeibeamten.',
        contentHtml: '<p>Die Polizei warnt vor falschen Polizeibeamten.</p>',
        published: '2024-09-19T22:00:00.000Z',
        tags: ['Prävention', 'Senioren'],
      },
    ]);
  });
});

describe('parseFeed: Atom', () => {
  it('reads alternate links, ids, published/updated, content, summary, categories and author', async () => {
    const entries = await parseFeed(readFixture('feeds/atom.xml'), 'https://kultus.hessen.de/presse/feed.atom');
    expect(entries[0]).toEqual({
      url: 'https://kultus.hessen.de/presse/gemeinsame-erklaerung-ganztag',
      guid: 'urn:uuid:5f1c1f64-8d0b-4c7e-9a51-2d8f0b6c7e11',
      title: 'Gemeinsame Erklärung zum Ganztag an Grundschulen',
      summary: 'Kultus- und Sozialministerium wollen den Rechtsanspruch gemeinsam mit den Kommunen umsetzen.',
      contentHtml: '<p>Der Rechtsanspruch auf Ganztagsbetreuung gilt ab 2026.</p><p><a href="/ganztag">Mehr zum Ganztag</a></p>',
      published: '2024-09-13T08:00:00.000Z',
      updated: '2024-09-13T10:00:00.000Z',
      dateline: 'Hessisches Kultusministerium',
      tags: ['Ganztag', 'Grundschule'],
    });
  });

  it('dates an entry with only <updated> by it, a date-only value as Berlin midnight', async () => {
    const entries = await parseFeed(readFixture('feeds/atom.xml'), 'https://kultus.hessen.de/presse/feed.atom');
    expect(entries[1]).toMatchObject({ published: '2024-08-25T22:00:00.000Z', updated: '2024-08-25T22:00:00.000Z' });
  });

  it('keeps the other entries when one has an unreadable date', async () => {
    const xml = `<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>
      <entry><title>a</title><link href="https://a.hessen.de/a"/><id>a</id><published>gestern</published><updated>2024-09-01T10:00:00Z</updated></entry>
      <entry><title>b</title><link href="https://a.hessen.de/b"/><id>b</id><updated>kaputt</updated></entry></feed>`;
    const entries = await parseFeed(xml, FEED_URL);
    expect(entries).toEqual([
      { url: 'https://a.hessen.de/a', guid: 'a', title: 'a', published: '2024-09-01T10:00:00.000Z', updated: '2024-09-01T10:00:00.000Z' },
      { url: 'https://a.hessen.de/b', guid: 'b', title: 'b' },
    ]);
  });
});

describe('parseFeed: encodings', () => {
  it('parses a feed whose prolog declares ISO-8859-1 once the fetcher has decoded it', async () => {
    const bytes = readFixtureBytes('feeds/rss2-latin1.xml');
    expect(bytes.includes(Buffer.from('Frühkindliche', 'utf8'))).toBe(false);
    const entries = await parseFeed(iconv.decode(bytes, 'latin1'), FEED_URL);
    expect(entries).toEqual([
      {
        url: 'https://soziales.hessen.de/presse/fruehkindliche-bildung-fachkraefte',
        title: 'Frühkindliche Bildung: Fachkräfte für Kitas gesucht',
        summary: 'Größere Anstrengungen für mehr Erzieherinnen und Erzieher - Maßnahmen im Überblick.',
        contentHtml: 'Größere Anstrengungen für mehr Erzieherinnen und Erzieher - Maßnahmen im Überblick.',
        published: '2024-09-20T07:00:00.000Z',
        tags: ['Frühkindliche Bildung'],
      },
    ]);
  });

  it('reads a UTF-32 feed with a byte order mark once the fetcher has decoded it', async () => {
    const xml = `\uFEFF<?xml version="1.0" encoding="UTF-32"?><rss version="2.0"><channel><title>Presse</title>
<item><title>Grüße aus Gießen</title><link>https://soziales.hessen.de/presse/gruesse</link></item></channel></rss>`;
    const decoded = decodeBody(iconv.encode(xml, 'utf-32le', { addBOM: false }), 'application/rss+xml');
    expect(await parseFeed(decoded.text, FEED_URL)).toEqual([{ url: 'https://soziales.hessen.de/presse/gruesse', title: 'Grüße aus Gießen' }]);
  });

  it('ignores a byte order mark', async () => {
    const entries = await parseFeed(`\ufeff${readFixture('feeds/atom.xml')}`, 'https://kultus.hessen.de/presse/feed.atom');
    expect(entries).toHaveLength(2);
  });
});

describe('parseFeed: not a feed', () => {
  it('rejects malformed XML with a ParseError naming the URL, the place and the problem', async () => {
    const err = await parseError('<rss version="2.0"><channel><item><title>x</title></channel></rss>');
    expect(err.message).toBe(`${FEED_URL}: the XML is not well-formed at line 1, column 60: the closing tag </channel> does not match the element open there`);
    expect(err.url).toBe(FEED_URL);
  });

  it('rejects an HTML page served where a feed was expected', async () => {
    const err = await parseError(readFixture('pages/listing-soziales.html'));
    expect(err.message).toBe(`${FEED_URL}: not a feed: the document is an HTML page (its root element is <html>)`);
    const xhtml = await parseError('<?xml version="1.0"?>\n<html xmlns="http://www.w3.org/1999/xhtml"><body/></html>');
    expect(xhtml.message).toBe(`${FEED_URL}: not a feed: the document is an HTML page (its root element is <html>)`);
  });

  it.each([
    ['', 'not a feed: the document is empty'],
    ['Service vorübergehend nicht verfügbar', 'not a feed: the document is not XML (it begins with "Service vorübergehend nicht verfügbar")'],
    ['<?xml version="1.0"?><sitemapindex><sitemap/></sitemapindex>', "not a feed: the document's root element is <sitemapindex>, not <rss>, <feed> or <rdf:RDF>"],
    ['<?xml version="1.0"?>\n<rss version="2.0"/>', 'not a feed: its <rss> element has no <channel>'],
    ['<rss version="2.0">\n<channel>\n<title>Presse</title>\n<item><title>kaputt</item>\n</channel></rss>', 'the XML is not well-formed at line 4, column 26: the closing tag </item> does not match the element open there'],
    ['<rss version="2.0"><channel><title>Presse</title><item><title>abgeschnitten</title>', 'the XML is not well-formed at line 1, column 83: the document ends before its root element is closed (was it cut off?)'],
    ['<rss version="2.0"><channel><title lang=de>Presse</title></channel></rss>', 'the XML is not well-formed at line 1, column 41: an attribute value without quotes'],
    [
      '<rss version="2.0"><channel><item><title>a</title><guid isPermaLink="false">a-1</guid></item><item><title>b</title></item></channel></rss>',
      'the feed has 2 entries and none has a link to an article (no usable <link>, permalink <guid> or http(s) <id>)',
    ],
  ])('rejects %j, saying what is wrong', async (xml, problem) => {
    expect((await parseError(xml)).message).toBe(`${FEED_URL}: ${problem}`);
  });

  it('never reports an internal error text: every refusal is a ParseError with a sentence about the feed', async () => {
    const broken = [
      '<rss version="2.0"></rss>',
      '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>',
      '<feed xmlns="http://www.w3.org/2005/Atom"><entry><link>kaputt</entry></feed>',
      '<rss><channel><item><link/><guid/></item></channel></rss>',
    ];
    for (const xml of broken) {
      const outcome = await parseFeed(xml, FEED_URL).then(
        (entries) => ({ entries }),
        (err: unknown) => ({ err }),
      );
      if ('err' in outcome) {
        expect(outcome.err, xml).toBeInstanceOf(ParseError);
        expect((outcome.err as Error).message, xml).not.toMatch(/Cannot read|undefined|TypeError|Unable to parse|not recognized/);
      } else {
        expect(outcome.entries, xml).toEqual([]);
      }
    }
  });
});

describe('parseFeed: entities declared in a DOCTYPE are expanded safely', () => {
  const feedWith = (doctype: string, title: string) => `<?xml version="1.0"?>
<!DOCTYPE rss [${doctype}]>
<rss version="2.0"><channel><title>Presse</title><item><title>${title}</title><link>https://soziales.hessen.de/presse/a</link></item></channel></rss>`;

  it('refuses a "billion laughs" document instead of expanding it', async () => {
    const laughs = ['<!ENTITY lol "lol">', ...Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`)].join('\n');
    const err = await parseError(feedWith(laughs, '&lol9;'));
    expect(err.message).toBe(`${FEED_URL}: refused: the DOCTYPE's entity &lol4; expands to more than 10,000 characters`);
  });

  it('refuses many references to a large entity, bounding the whole document', async () => {
    const big = `<!ENTITY big "${'x'.repeat(9_000)}">`;
    const err = await parseError(feedWith(big, '&big;'.repeat(200)));
    expect(err.message).toBe(`${FEED_URL}: refused: the document's entity references expand to more than 1,000,000 characters`);
  });

  it('refuses an entity that refers to itself', async () => {
    const err = await parseError(feedWith('<!ENTITY a "x &b;"><!ENTITY b "y &a;">', '&a;'));
    expect(err.message).toBe(`${FEED_URL}: the XML is not well-formed: the DOCTYPE's entity &a; refers to itself`);
  });

  it('never fetches an external entity: its reference stays as text', async () => {
    const server = await startFixtureServer({ '/secret.txt': 'geheim' });
    try {
      const xml = feedWith(`<!ENTITY ext SYSTEM "${server.origin}/secret.txt"><!ENTITY % pe SYSTEM "${server.origin}/secret.txt"> %pe;`, 'Vorher &ext; nachher');
      const entries = await parseFeed(xml, FEED_URL);
      expect(entries.map((e) => e.title)).toEqual(['Vorher &ext; nachher']);
      expect(server.requests).toEqual([]);
    } finally {
      await server.close();
    }
  });

  it('reads undeclared HTML names and leaves unknown names as text', async () => {
    const entries = await parseFeed(feedWith('', 'Stra&szlig;e &hellip; &NotAnEntity; &bigstar;'), FEED_URL);
    expect(entries.map((e) => e.title)).toEqual(['Straße … &NotAnEntity; ★']);
  });
});

describe('parseFeed: RSS 1.0 without a channel', () => {
  it('reads the items, which stand beside the channel in RSS 1.0 anyway', async () => {
    const xml = `<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">
      <item rdf:about="https://polizei.hessen.de/presse/1"><title>Unfall</title><link>https://polizei.hessen.de/presse/1</link></item></rdf:RDF>`;
    expect(await parseFeed(xml, FEED_URL)).toEqual([{ url: 'https://polizei.hessen.de/presse/1', guid: 'https://polizei.hessen.de/presse/1', title: 'Unfall' }]);
  });
});

describe('parseFeed: which link is the article', () => {
  it('keeps two Atom entries that share a licence link as two entries with their own links', async () => {
    const xml = `<feed xmlns="http://www.w3.org/2005/Atom"><title>Presse</title>
      <entry><title>a</title><link rel="license" href="https://creativecommons.org/licenses/by/4.0/"/><link href="https://a.hessen.de/presse/a"/><id>a</id></entry>
      <entry><title>b</title><link rel="license" href="https://creativecommons.org/licenses/by/4.0/"/><link href="https://a.hessen.de/presse/b"/><id>b</id></entry></feed>`;
    expect((await parseFeed(xml, FEED_URL)).map((e) => e.url)).toEqual(['https://a.hessen.de/presse/a', 'https://a.hessen.de/presse/b']);
  });

  it('never takes an RSS GUID marked isPermaLink="false" as the address', async () => {
    const xml = `<rss version="2.0"><channel><title>Presse</title>
      <item><title>a</title><guid isPermaLink="false">https://a.hessen.de/node/1</guid></item>
      <item><title>b</title><link>https://a.hessen.de/presse/b</link><guid isPermaLink="false">https://a.hessen.de/node/2</guid></item></channel></rss>`;
    expect(await parseFeed(xml, FEED_URL)).toEqual([{ url: 'https://a.hessen.de/presse/b', guid: 'https://a.hessen.de/node/2', title: 'b' }]);
  });
});
