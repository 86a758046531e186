import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeBody } from '../src/fetch/charset.js';
import { fetchResource } from '../src/fetch/index.js';
import { startFixtureServer, type FixtureServer } from './helpers/http-server.js';
import { createTestPolicy } from './fetch-helpers.js';

/** Typographic German quotes and the euro sign live in 0x80–0x9F in windows-1252. */
const SAMPLE = 'Ministerin: „Förderung für Kitas“ – 5 € pro Kind, Straße';

function html(head: string, bodyText = SAMPLE): string {
  return `<!DOCTYPE html><html><head>${head}<title>Presse</title></head><body><p>${bodyText}</p></body></html>`;
}

describe('decodeBody', () => {
  it.each([
    {
      name: 'UTF-8 declared in the header',
      bytes: Buffer.from(html('')),
      header: 'text/html; charset=UTF-8',
      charset: 'utf-8',
    },
    {
      name: 'ISO-8859-1 declared in the header, decoded as windows-1252 like browsers do',
      bytes: iconv.encode(html(''), 'windows-1252'),
      header: 'text/html; charset=ISO-8859-1',
      charset: 'windows-1252',
    },
    {
      name: 'windows-1252 declared in the header',
      bytes: iconv.encode(html(''), 'windows-1252'),
      header: 'text/html; charset="windows-1252"',
      charset: 'windows-1252',
    },
    {
      name: 'latin1 declared only in <meta charset>',
      bytes: iconv.encode(html('<meta charset="iso-8859-1">'), 'windows-1252'),
      header: 'text/html',
      charset: 'windows-1252',
    },
    {
      name: 'declared only in <meta http-equiv="Content-Type">',
      bytes: iconv.encode(html('<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">'), 'windows-1252'),
      header: undefined,
      charset: 'windows-1252',
    },
    {
      name: 'a UTF-8 byte order mark, which wins over a wrong header',
      bytes: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(html(''))]),
      header: 'text/html; charset=iso-8859-1',
      charset: 'utf-8',
    },
    {
      name: 'an XML prolog encoding',
      bytes: iconv.encode(`<?xml version="1.0" encoding="ISO-8859-1"?><rss><channel><title>${SAMPLE}</title></channel></rss>`, 'windows-1252'),
      header: 'application/rss+xml',
      charset: 'windows-1252',
    },
    {
      name: 'UTF-32LE with a byte order mark (not UTF-16LE, whose mark it begins with)',
      bytes: iconv.encode(`\uFEFF<?xml version="1.0" encoding="UTF-32"?><rss version="2.0"><channel><title>${SAMPLE}</title></channel></rss>`, 'utf-32le', { addBOM: false }),
      header: 'application/rss+xml',
      charset: 'utf-32le',
    },
    {
      name: 'UTF-32BE with a byte order mark, over a header that says UTF-8',
      bytes: iconv.encode(`\uFEFF<?xml version="1.0" encoding="UTF-32"?><rss version="2.0"><channel><title>${SAMPLE}</title></channel></rss>`, 'utf-32be', { addBOM: false }),
      header: 'application/rss+xml; charset=utf-8',
      charset: 'utf-32be',
    },
    {
      name: 'no declaration and valid UTF-8 bytes',
      bytes: Buffer.from(html('')),
      header: 'text/html',
      charset: 'utf-8',
    },
    {
      name: 'no declaration and bytes that are not UTF-8',
      bytes: iconv.encode(html(''), 'windows-1252'),
      header: undefined,
      charset: 'windows-1252',
    },
    {
      name: 'an unknown charset in the header, falling back to the page itself',
      bytes: Buffer.from(html('<meta charset="utf-8">')),
      header: 'text/html; charset=x-no-such-charset',
      charset: 'utf-8',
    },
  ])('reads $name', ({ bytes, header, charset }) => {
    const decoded = decodeBody(bytes, header);
    expect(decoded.charset).toBe(charset);
    expect(decoded.text).toContain(SAMPLE);
    expect(decoded.text.startsWith('\uFEFF')).toBe(false);
  });

  it.each(['utf-8', 'iso-8859-1', 'windows-1252'])('round-trips „“ and € declared as %s', (declared) => {
    // An "ISO-8859-1" page with „“€ really carries windows-1252 bytes; that is what servers send.
    const bytes = iconv.encode(SAMPLE, declared === 'utf-8' ? 'utf-8' : 'windows-1252');
    expect(decodeBody(bytes, `text/plain; charset=${declared}`).text).toBe(SAMPLE);
  });
});

describe('when pages in legacy charsets are fetched', () => {
  let server: FixtureServer;

  beforeAll(async () => {
    server = await startFixtureServer();
  });

  afterAll(async () => {
    await server.close();
  });

  function serveBytes(path: string, bytes: Buffer, contentType: string): void {
    server.route(path, (_req, res) => {
      res.writeHead(200, { 'content-type': contentType });
      res.end(bytes);
    });
  }

  async function fetchText(path: string) {
    const result = await fetchResource({ url: `${server.origin}${path}`, allowedHosts: ['127.0.0.1'] }, createTestPolicy());
    if (result.status !== 'ok') throw new Error(`expected ok, got ${result.status}`);
    return result;
  }

  it('decodes an ISO-8859-1 page declared only in <meta>', async () => {
    serveBytes('/latin1-meta', iconv.encode(html('<meta http-equiv="content-type" content="text/html; charset=ISO-8859-1">', 'Grüße aus Wiesbaden, Straße'), 'latin1'), 'text/html');
    const result = await fetchText('/latin1-meta');
    expect(result.text).toContain('Grüße aus Wiesbaden, Straße');
    expect(result.charset).toBe('windows-1252');
  });

  it('decodes a windows-1252 page with „“ and €', async () => {
    serveBytes('/cp1252', iconv.encode(html(''), 'windows-1252'), 'text/html; charset=windows-1252');
    const result = await fetchText('/cp1252');
    expect(result.text).toContain(SAMPLE);
    expect(result.contentType).toBe('text/html');
  });

  it('decodes a feed by its XML prolog', async () => {
    const feed = `<?xml version="1.0" encoding="windows-1252"?>\n<rss version="2.0"><channel><title>${SAMPLE}</title></channel></rss>`;
    serveBytes('/feed.xml', iconv.encode(feed, 'windows-1252'), 'application/rss+xml');
    const result = await fetchText('/feed.xml');
    expect(result.text).toBe(feed);
    expect(result.contentType).toBe('application/rss+xml');
  });
});
