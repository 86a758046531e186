import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkAtomFeed } from './helpers/atom-checker.js';
import { httpGet, startTestWeb, type TestWeb } from './helpers/web.js';
import { CORPUS, corpusArticle, ingestCorpus } from './web-corpus.js';

let web: TestWeb;

beforeAll(async () => {
  web = await startTestWeb();
  await ingestCorpus(web.store, CORPUS.slice(0, 5));
});
afterAll(async () => web?.close());

describe('caching and validators', () => {
  it('sends a strong ETag, Last-Modified and public caching, and the same bytes every time', async () => {
    const a = await httpGet(`${web.url}/feed.atom?tag=integration`);
    const b = await httpGet(`${web.url}/feed.atom?tag=integration`);
    expect(a.headers.etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
    expect(a.headers['cache-control']).toBe('public, max-age=300');
    expect(a.headers.vary).toBe('Accept-Encoding');
    expect(new Date(a.headers['last-modified']!).toISOString()).toBe('2024-10-01T00:00:00.000Z');
    expect(b.body.equals(a.body)).toBe(true);
    expect(b.headers.etag).toBe(a.headers.etag);
  });

  it('gives the same bytes for the same filter however it is spelled', async () => {
    const a = await httpGet(`${web.url}/feed.atom?ministry=soziales,kultus&tag=Fr%C3%BChkindliche%20Bildung`);
    const b = await httpGet(`${web.url}/feed.atom?tag=fruehkindliche-bildung&ministry=kultus&ministry=soziales`);
    expect(b.body.equals(a.body)).toBe(true);
  });

  it('answers If-None-Match with 304 and repeats ETag, Cache-Control and Vary', async () => {
    const first = await httpGet(`${web.url}/feed.rss`);
    const res = await httpGet(`${web.url}/feed.rss`, { 'if-none-match': first.headers.etag! });
    expect(res.status).toBe(304);
    expect(res.body.length).toBe(0);
    expect(res.headers.etag).toBe(first.headers.etag);
    expect(res.headers['cache-control']).toBe('public, max-age=300');
    expect(res.headers.vary).toBe('Accept-Encoding');
    expect((await httpGet(`${web.url}/feed.rss`, { 'if-none-match': '"something-else"' })).status).toBe(200);
  });

  it('answers If-Modified-Since with 304 when nothing changed since, 200 otherwise', async () => {
    const first = await httpGet(`${web.url}/feed.json`);
    expect((await httpGet(`${web.url}/feed.json`, { 'if-modified-since': first.headers['last-modified']! })).status).toBe(304);
    expect((await httpGet(`${web.url}/feed.json`, { 'if-modified-since': 'Mon, 01 Jan 2024 00:00:00 GMT' })).status).toBe(200);
    // If-None-Match decides when both are sent.
    const both = await httpGet(`${web.url}/feed.json`, { 'if-none-match': '"other"', 'if-modified-since': first.headers['last-modified']! });
    expect(both.status).toBe(200);
  });

  it('renders a busy feed once and shows a new release within a second of the change', async () => {
    const before = await httpGet(`${web.url}/feed.atom?ministry=staatskanzlei`);
    const renders = web.feeds.renders;
    for (let i = 0; i < 5; i++) await httpGet(`${web.url}/feed.atom?ministry=staatskanzlei`);
    expect(web.feeds.renders).toBe(renders);
    await web.store.ingest(corpusArticle(CORPUS[5]!, 5), 'portal-presse', new Date('2024-10-02T00:00:00Z'));
    const changed = performance.now();
    // The server learns of the change by its announcement (or its periodic read), not by asking.
    let after = await httpGet(`${web.url}/feed.atom?ministry=staatskanzlei`, { 'if-none-match': before.headers.etag! });
    while (after.status === 304 && performance.now() - changed < 1000) {
      after = await httpGet(`${web.url}/feed.atom?ministry=staatskanzlei`, { 'if-none-match': before.headers.etag! });
    }
    expect(after.status).toBe(200);
    expect(after.text).toContain('Hessen in Brüssel &lt;stark&gt; &amp; vernetzt');
    expect(after.headers.etag).not.toBe(before.headers.etag);
    expect(new Date(after.headers['last-modified']!).toISOString()).toBe('2024-10-02T00:00:00.000Z');
  });
});

describe('compression', () => {
  it.each([
    ['br', 'br', brotliDecompressSync],
    ['gzip', 'gzip', gunzipSync],
    ['gzip, deflate, br;q=0', 'gzip', gunzipSync],
    ['br;q=0.5, gzip;q=1', 'br', brotliDecompressSync],
  ] as const)('Accept-Encoding %j → %s, decoding to the same document', async (accept, coding, decode) => {
    const plain = await httpGet(`${web.url}/feed.atom`);
    const res = await httpGet(`${web.url}/feed.atom`, { 'accept-encoding': accept });
    expect(res.headers['content-encoding']).toBe(coding);
    expect(res.body.length).toBeLessThan(plain.body.length);
    expect(decode(res.body).equals(plain.body)).toBe(true);
    expect(res.headers.etag).toBe(plain.headers.etag!.replace(/"$/, `-${coding}"`));
    // A client holding the compressed copy gets a 304 as well.
    expect((await httpGet(`${web.url}/feed.atom`, { 'accept-encoding': accept, 'if-none-match': res.headers.etag! })).status).toBe(304);
  });

  it('sends identity when the client accepts no known coding', async () => {
    const res = await httpGet(`${web.url}/feed.atom`, { 'accept-encoding': 'identity, br;q=0, gzip;q=0' });
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(checkAtomFeed(res.text)).toEqual([]);
  });
});

interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  parameter?: string;
  valid?: string[];
}

async function problem(path: string, status: number): Promise<Problem> {
  const res = await httpGet(web.url + path);
  expect(res.status, `${path}: ${res.text.slice(0, 300)}`).toBe(status);
  expect(res.headers['content-type']).toBe('application/problem+json; charset=utf-8');
  const body = JSON.parse(res.text) as Problem;
  expect(body.status).toBe(status);
  return body;
}

describe('bad input', () => {
  it.each([
    ['/feed.atom?limit=abc', 'limit', 'limit: "abc" is not a whole number from 1 to 200'],
    ['/feed.atom?limit=5000', 'limit', 'limit: "5000" is not a whole number from 1 to 200'],
    ['/feed.atom?limit=0', 'limit', 'limit: "0" is not a whole number from 1 to 200'],
    ['/feed.atom?limit=1&limit=2', 'limit', 'limit: given 2 times; give it once'],
    ['/feed.atom?before=not-a-cursor', 'before', 'before: is not a cursor this server issued; follow the feed\'s "next" link'],
    ['/api/items?before=AAAA', 'before', 'before: is not a cursor this server issued; use the "next" value of the previous page'],
    [`/feed.atom?${'tag=a&'.repeat(100)}`, 'tag', 'tag: given 100 times; at most 20 values are allowed'],
    [`/feed.atom?tag=${'a,'.repeat(30)}`, 'tag', 'tag: 30 values; at most 20 are allowed'],
    [`/feed.atom?q=${'wort+'.repeat(2000)}`, 'q', 'q: 10000 characters; at most 200 are allowed'],
    [
      '/feed.atom?q=eins+zwei+drei+vier+fuenf+sechs+sieben+acht+neun',
      'q',
      'q: 9 words; at most 8 are searched together. Leave out the most general ones: every word must occur, and each one also matches inside longer words.',
    ],
    [
      `/api/items?q=Integration+${'Donau'.repeat(9)}`,
      'q',
      'q: the word "donaudonaudonaudonau…" has 45 letters; a word may have at most 40. Search for a part of it: words match inside longer words.',
    ],
    ['/feed.atom?tag=%25%25%25', 'tag', 'tag: "%%%" has no letters or digits; give a Schlagwort such as "Integration" or its slug "integration"'],
    ['/subscribe?format=pdf', 'format', 'format: "pdf" is not a feed format; use atom, rss or json'],
  ])('%.60s… → 400 naming the parameter', async (path, parameter, detail) => {
    const body = await problem(path, 400);
    expect(body.parameter).toBe(parameter);
    expect(body.detail).toBe(detail);
  });

  it('answers an unknown ministry with 404 listing the valid ids', async () => {
    for (const path of ['/feed.atom?ministry=verkehr', '/ministries/verkehr.rss', '/api/items?ministry=soziales,verkehr']) {
      const body = await problem(path, 404);
      expect(body.detail).toContain('There is no ministry "verkehr". Valid ids: staatskanzlei, europa, finanzen');
      expect(body.valid).toHaveLength(12);
    }
  });

  it('answers unknown paths and feed file names with 404 problem+json', async () => {
    expect((await problem('/ministries/soziales.xml', 404)).detail).toContain('use <name>.atom, <name>.rss or <name>.json');
    expect((await problem('/feed.xml', 404)).detail).toContain('There is nothing at /feed.xml');
  });

  it('never answers with a 500, whatever the query', async () => {
    const names = fc.constantFrom('ministry', 'tag', 'exclude_tag', 'q', 'limit', 'before', 'format', 'lang', 'x');
    const value = fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom('', ',', '%', '%ZZ', '\u0000', 'ä', '🙂', '-1', '1e3', 'soziales'));
    const query = fc.array(fc.tuple(names, value), { maxLength: 6 });
    const paths = fc.constantFrom('/feed.atom', '/feed.rss', '/feed.json', '/api/items', '/tags/integration.atom', '/ministries/soziales.json', '/subscribe', '/', '/ministries/soziales', '/tags/integration', '/changes.atom');
    await fc.assert(
      fc.asyncProperty(paths, query, async (path, pairs) => {
        const qs = pairs.map(([k, v]) => `${k}=${encodeURIComponent(v).replace(/%25ZZ/, '%ZZ')}`).join('&');
        const res = await httpGet(`${web.url}${path}?${qs}`);
        expect([200, 302, 303, 400, 404]).toContain(res.status);
        if (res.status >= 400) expect(res.headers['content-type']).toBe('application/problem+json; charset=utf-8');
      }),
      { numRuns: 150 },
    );
  });
});

describe('the overview page over HTTP', () => {
  it('picks the language by Accept-Language and tells caches so', async () => {
    const de = await httpGet(`${web.url}/`, { 'accept-language': 'de-DE,de;q=0.9,en;q=0.5' });
    const en = await httpGet(`${web.url}/`, { 'accept-language': 'en-GB,en;q=0.9' });
    expect(de.status).toBe(200);
    expect(de.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(de.text).toContain('<html lang="de"');
    expect(en.text).toContain('<html lang="en"');
    expect(de.headers['content-language']).toBe('de');
    expect(de.headers['content-security-policy']).toContain("default-src 'none'");
    expect(en.headers.vary).toBe('Accept-Encoding, Accept-Language');
    expect(en.headers.etag).not.toBe(de.headers.etag);
    const again = await httpGet(`${web.url}/`, { 'accept-language': 'en-GB,en;q=0.9', 'if-none-match': en.headers.etag! });
    expect(again.status).toBe(304);
  });
});

describe('/metrics on the web server', () => {
  it('times requests by route pattern, so paths with ids share one series', async () => {
    // Two paths of one route, both answered 200: one series (route, method, status) counts both.
    expect((await httpGet(`${web.url}/tags/integration.atom`)).status).toBe(200);
    expect((await httpGet(`${web.url}/tags/energie.rss`)).status).toBe(200);
    // A request is timed once its answer is sent, which the client may see first: ask until both are in.
    const countIn = (text: string): string | undefined =>
      text
        .split('\n')
        .find((l) => l.startsWith('hessenfeed_http_request_duration_seconds_count{') && l.includes('route="/tags/:file"') && l.includes('status_code="200"'));
    let res = await httpGet(`${web.url}/metrics`);
    for (let tries = 0; tries < 50 && Number(countIn(res.text)?.split(' ').pop() ?? 0) < 2; tries += 1) res = await httpGet(`${web.url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    const count = countIn(res.text);
    expect(count).toMatch(/method="GET"/);
    expect(Number(count!.split(' ').pop())).toBeGreaterThanOrEqual(2);
    expect(res.text).not.toContain('route="/tags/integration.atom"');
  });
});

describe('the small files every site is asked for', () => {
  it('serves an SVG and an ICO icon, with validators and 304', async () => {
    const svg = await httpGet(`${web.url}/favicon.svg`);
    expect(svg.status).toBe(200);
    expect(svg.headers['content-type']).toBe('image/svg+xml');
    expect(svg.text).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    const ico = await httpGet(`${web.url}/favicon.ico`);
    expect(ico.headers['content-type']).toBe('image/x-icon');
    // An ICO header (reserved 0, type 1) with two images, each a PNG.
    expect([ico.body.readUInt16LE(0), ico.body.readUInt16LE(2), ico.body.readUInt16LE(4)]).toEqual([0, 1, 2]);
    expect(ico.body.subarray(ico.body.readUInt32LE(18), ico.body.readUInt32LE(18) + 4).toString('latin1')).toBe('\x89PNG');
    expect((await httpGet(`${web.url}/favicon.ico`, { 'if-none-match': ico.headers.etag! })).status).toBe(304);
  });

  it('lets crawlers read feeds and pages and keeps them out of /admin', async () => {
    const robots = await httpGet(`${web.url}/robots.txt`);
    expect(robots.status).toBe(200);
    expect(robots.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(robots.text).toMatch(/^User-agent: \*$/m);
    expect(robots.text).toMatch(/^Allow: \/$/m);
    expect(robots.text).toMatch(/^Disallow: \/admin\/$/m);
  });
});
