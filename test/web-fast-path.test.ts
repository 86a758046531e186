/**
 * A fresh cached feed is answered before Fastify sees the request (src/web/fast-path.ts). What a
 * client gets must not depend on which path answered: the same status, headers and bytes, the
 * same 304s, its own Host's links, /metrics counting it, and every request logged at debug.
 */
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseFilter } from '../src/web/query.js';
import { startTestWeb, httpGet, type RawResponse, type TestWeb } from './helpers/web.js';
import { CapturedOutput } from './helpers/cli.js';
import { corpusArticle, ingestCorpus, type CorpusRelease } from './web-corpus.js';

let web: TestWeb;

beforeAll(async () => {
  web = await startTestWeb();
  await ingestCorpus(web.store);
});

afterAll(async () => {
  await web?.close();
});

/** Headers as a client sees them, without the clock's. */
function headersOf(res: RawResponse): Record<string, unknown> {
  const { date: _date, ...rest } = res.headers;
  return rest;
}

describe('a repeated request for a cached feed', () => {
  for (const encoding of ['identity', 'gzip', 'br']) {
    it(`gets the status, headers and bytes of the first answer (Accept-Encoding ${encoding})`, async () => {
      const url = `${web.url}/ministries/soziales.atom?tag=integration`;
      const headers: Record<string, string> = encoding === 'identity' ? {} : { 'accept-encoding': encoding };
      const first = await httpGet(url, headers);
      expect(first.status).toBe(200);
      for (let i = 0; i < 3; i++) {
        const again = await httpGet(url, headers);
        expect(again.status).toBe(200);
        expect(headersOf(again)).toEqual(headersOf(first));
        expect(again.body.equals(first.body)).toBe(true);
      }
    });
  }

  it('gets the same feed in every coding whichever coding was asked for first (the kept render holds only what was asked)', async () => {
    const url = `${web.url}/feed.atom?ministry=kultus`;
    const gzipped = await httpGet(url, { 'accept-encoding': 'gzip' });
    expect(gzipped.headers['content-encoding']).toBe('gzip');
    // The body itself, let go once gzip held it, is made again; then brotli from it.
    const plain = await httpGet(url);
    expect(plain.status).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(gunzipSync(gzipped.body).equals(plain.body)).toBe(true);
    const brotli = await httpGet(url, { 'accept-encoding': 'br' });
    expect(brotliDecompressSync(brotli.body).equals(plain.body)).toBe(true);
    for (const [headers, expected] of [[{}, plain], [{ 'accept-encoding': 'gzip' }, gzipped]] as const) {
      const again = await httpGet(url, headers);
      expect(again.body.equals(expected.body)).toBe(true);
      expect(again.headers.etag).toBe(expected.headers.etag);
    }
  });

  it('is answered 304 for its ETag and for its Last-Modified, with the headers of the first 304', async () => {
    const url = `${web.url}/feed.rss`;
    const full = await httpGet(url, { 'accept-encoding': 'gzip' });
    const byTag = await httpGet(url, { 'accept-encoding': 'gzip', 'if-none-match': full.headers.etag! });
    const byDate = await httpGet(url, { 'accept-encoding': 'gzip', 'if-modified-since': full.headers['last-modified']! });
    for (let i = 0; i < 2; i++) {
      const tagAgain = await httpGet(url, { 'accept-encoding': 'gzip', 'if-none-match': full.headers.etag! });
      const dateAgain = await httpGet(url, { 'accept-encoding': 'gzip', 'if-modified-since': full.headers['last-modified']! });
      expect([byTag.status, tagAgain.status, byDate.status, dateAgain.status]).toEqual([304, 304, 304, 304]);
      expect(headersOf(tagAgain)).toEqual(headersOf(byTag));
      expect(headersOf(dateAgain)).toEqual(headersOf(byDate));
      expect(tagAgain.body.length).toBe(0);
    }
    const other = await httpGet(url, { 'accept-encoding': 'gzip', 'if-none-match': '"not-this-one"' });
    expect(other.status).toBe(200);
    expect(other.body.equals(full.body)).toBe(true);
  });

  it('keeps to its own URL and Host: another query or another Host gets its own feed', async () => {
    const port = new URL(web.url).port;
    const soziales = `${web.url}/feed.atom?ministry=soziales`;
    const kultus = `${web.url}/feed.atom?ministry=kultus`;
    for (let i = 0; i < 2; i++) {
      expect((await httpGet(soziales)).text).not.toContain('<category term="kultus"');
      expect((await httpGet(kultus)).text).toContain('<category term="kultus"');
      expect((await httpGet(kultus)).text).not.toContain('<category term="soziales"');
      expect((await httpGet(soziales, { host: `other.example:${port}` })).text).toContain(`http://other.example:${port}/feed.atom?ministry=soziales`);
      expect((await httpGet(soziales)).text).not.toContain('other.example');
    }
  });

  it('is counted in /metrics under its route like the first', async () => {
    const countOf = async (): Promise<number> => {
      const line = (await httpGet(`${web.url}/metrics`)).text
        .split('\n')
        .find((l) => l.startsWith('hessenfeed_http_request_duration_seconds_count{') && l.includes('route="/tags/:file"') && l.includes('status_code="200"'));
      return Number(line?.split(' ').pop() ?? 0);
    };
    const before = await countOf();
    for (let i = 0; i < 5; i++) expect((await httpGet(`${web.url}/tags/europa.json`)).status).toBe(200);
    expect((await countOf()) - before).toBe(5);
  });

  it('is counted in /metrics by its status, in a histogram whose buckets add up', async () => {
    const url = `${web.url}/feed.json?tag=europa`;
    const etag = (await httpGet(url)).headers.etag!;
    for (let i = 0; i < 4; i++) expect((await httpGet(url, { 'if-none-match': etag })).status).toBe(304);
    const lines = (await httpGet(`${web.url}/metrics`)).text.split('\n').filter((l) => l.includes('route="/feed.json"') && l.includes('status_code="304"'));
    const valueOf = (prefix: string, le?: string): number =>
      Number(lines.find((l) => l.startsWith(prefix) && (le === undefined || l.includes(`le="${le}"`)))?.split(' ').pop() ?? NaN);
    const name = 'hessenfeed_http_request_duration_seconds';
    expect(valueOf(`${name}_count{`)).toBe(4);
    expect(valueOf(`${name}_bucket{`, '+Inf')).toBe(4);
    // Cumulative: every bucket holds those of the buckets below it.
    const buckets = ['0.005', '0.01', '0.025', '0.05', '0.1', '0.25', '0.5', '1', '2.5', '5', '10', '+Inf'].map((le) => valueOf(`${name}_bucket{`, le));
    expect(buckets).toEqual([...buckets].sort((a, b) => a - b));
    expect(buckets.at(-2)).toBe(4);
    expect(valueOf(`${name}_sum{`)).toBeGreaterThan(0);
  });
});

describe('a repeated request after the store changed', () => {
  it('gets the new render with its own headers: the old ETag gets the new feed, the new one a 304 naming it', async () => {
    const url = `${web.url}/feed.atom?ministry=wirtschaft`;
    const gzip = { 'accept-encoding': 'gzip' };
    const before = await httpGet(url, gzip);
    const etag = before.headers.etag!;
    // Answered from the kept render a few times, so its headers were made and kept.
    for (let i = 0; i < 3; i++) expect((await httpGet(url, { ...gzip, 'if-none-match': etag })).headers.etag).toBe(etag);

    const release: CorpusRelease = { key: 'solar', title: 'Solarpflicht für neue Landesgebäude', ministryId: 'wirtschaft', tags: ['Energie'], published: '2024-10-02T08:00:00Z' };
    await web.store.ingest(corpusArticle(release, 50), 'portal-presse');
    // The server learns of the change and the feed is rendered again beside the requests, as the
    // render cache's refresh does: the next request finds the new render where the old one was.
    await web.watch.check();
    const filter = parseFilter({ ministry: 'wirtschaft' }, ['wirtschaft']);
    // The cache answers with the previous render while the new one is made (stale-while-revalidate).
    for (let tries = 0; (await web.feeds.feed('atom', filter, web.url)).etagFor('gzip') === etag && tries < 100; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const after = await httpGet(url, { ...gzip, 'if-none-match': etag });
    expect(after.status).toBe(200);
    expect(gunzipSync(after.body).toString()).toContain('Solarpflicht für neue Landesgebäude');
    const newTag = after.headers.etag!;
    expect(newTag).not.toBe(etag);
    for (let i = 0; i < 3; i++) {
      const again = await httpGet(url, { ...gzip, 'if-none-match': newTag });
      expect(again.status).toBe(304);
      expect(again.headers.etag).toBe(newTag);
      expect(again.headers['last-modified']).toBe(after.headers['last-modified']);
      const old = await httpGet(url, { ...gzip, 'if-none-match': etag });
      expect(old.status).toBe(200);
      expect(headersOf(old)).toEqual(headersOf(after));
    }
  });
});

describe('with debug logging on', () => {
  it('logs every repeated request, however often the feed is cached', async () => {
    const out = new CapturedOutput();
    const debugWeb = await startTestWeb({ log: pino({ level: 'debug' }, out) });
    try {
      await ingestCorpus(debugWeb.store);
      for (let i = 0; i < 4; i++) expect((await httpGet(`${debugWeb.url}/feed.atom?tag=energie`)).status).toBe(200);
      const lines = out.text
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { msg: string; url?: string });
      expect(lines.filter((line) => line.msg === 'request' && line.url === '/feed.atom?tag=energie')).toHaveLength(4);
    } finally {
      await debugWeb.close();
    }
  });
});
