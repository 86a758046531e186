import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchResource, RedisHostGate } from '../src/fetch/index.js';
import { connectRedis, deletePrefix, uniquePrefix } from './helpers/redis.js';
import { startFixtureServer, type FixtureServer } from './helpers/http-server.js';
import { captureFetchError, createTestPolicy, TEST_USER_AGENT } from './fetch-helpers.js';

const PAGE = '<!doctype html><html><head><title>Grüße</title></head><body><p>„Integration“ kostet 5 €.</p></body></html>';

let server: FixtureServer;
const redis = connectRedis();
const prefix = uniquePrefix('fetch-client');

beforeAll(async () => {
  server = await startFixtureServer({ '/page': PAGE });
});

afterAll(async () => {
  await server.close();
  await deletePrefix(redis, prefix);
  redis.disconnect();
});

function requestsTo(path: string) {
  return server.requests.filter((r) => r.path === path);
}

function fetchPath(path: string, extra: { etag?: string; lastModified?: string; accept?: string } = {}, policy = createTestPolicy()) {
  return fetchResource({ url: `${server.origin}${path}`, allowedHosts: ['127.0.0.1'], ...extra }, policy);
}

describe('when a page is fetched', () => {
  it('returns the decoded text, its type and the final URL, and identifies itself', async () => {
    const result = await fetchPath('/page', { accept: 'text/html' });
    expect(result).toMatchObject({ status: 'ok', url: `${server.origin}/page`, httpStatus: 200, contentType: 'text/html', charset: 'utf-8', text: PAGE });
    const [seen] = requestsTo('/page');
    expect(seen?.headers['user-agent']).toBe(TEST_USER_AGENT);
    expect(seen?.headers['accept-encoding']).toBe('gzip, deflate, br');
    expect(seen?.headers.accept).toBe('text/html');
    expect(seen?.headers['if-none-match']).toBeUndefined();
  });

  it('keeps the connection open for the next request to the same host', async () => {
    const before = server.connections();
    for (let i = 0; i < 3; i += 1) await expect(fetchPath('/page')).resolves.toMatchObject({ status: 'ok', text: PAGE });
    expect(server.connections() - before).toBeLessThanOrEqual(1);
  });

  it.each([
    ['gzip', gzipSync],
    ['br', brotliCompressSync],
    ['deflate', deflateSync],
  ])('decompresses a %s response', async (coding, compress) => {
    const path = `/compressed-${coding}`;
    server.route(path, (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-encoding': coding });
      res.end(compress(Buffer.from(PAGE)));
    });
    const result = await fetchPath(path);
    expect(result.status === 'ok' && result.text).toBe(PAGE);
    expect(result.status === 'ok' && result.body.equals(Buffer.from(PAGE))).toBe(true);
  });

  it('follows a relative redirect and reports where it ended', async () => {
    server.route('/old', (_req, res) => {
      res.writeHead(301, { location: '/page?from=old' });
      res.end();
    });
    const result = await fetchPath('/old');
    expect(result).toMatchObject({ status: 'ok', url: `${server.origin}/page?from=old`, text: PAGE });
  });

  it("reports the response's Content-Location as sent, the base of the document's relative links", async () => {
    server.route('/feed', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml', 'content-location': '/presse/2024/feed.xml' });
      res.end('<rss version="2.0"><channel/></rss>');
    });
    expect(await fetchPath('/feed')).toMatchObject({ status: 'ok', url: `${server.origin}/feed`, contentLocation: '/presse/2024/feed.xml' });
    expect(await fetchPath('/page')).not.toHaveProperty('contentLocation');
  });
});

describe('when the page is fetched again with its validators (conditional GET)', () => {
  it('sends If-None-Match and If-Modified-Since and reports not-modified on 304', async () => {
    const etag = '"v1"';
    const lastModified = 'Mon, 23 Sep 2024 10:00:00 GMT';
    server.route('/conditional', (req, res) => {
      if (req.headers['if-none-match'] === etag) {
        res.writeHead(304, { etag });
        res.end();
        return;
      }
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', etag, 'last-modified': lastModified });
      res.end(PAGE);
    });

    const first = await fetchPath('/conditional');
    expect(first).toMatchObject({ status: 'ok', etag, lastModified });
    const second = await fetchPath('/conditional', { etag, lastModified });

    expect(second).toEqual({ status: 'not-modified', url: `${server.origin}/conditional`, etag, lastModified });
    const seen = requestsTo('/conditional');
    expect(seen).toHaveLength(2);
    expect(seen[1]?.headers['if-none-match']).toBe(etag);
    expect(seen[1]?.headers['if-modified-since']).toBe(lastModified);
  });
});

describe('when the server fails', () => {
  it('reports 404 as a permanent http error naming the URL', async () => {
    const err = await captureFetchError(fetchPath('/missing'));
    expect(err).toMatchObject({ kind: 'http', permanent: true, httpStatus: 404, url: `${server.origin}/missing` });
    expect(err.message).toBe(`${server.origin}/missing: server answered 404 Not Found`);
  });

  it('reports 500 as a transient http error', async () => {
    server.route('/broken', (_req, res) => {
      res.writeHead(500);
      res.end();
    });
    const err = await captureFetchError(fetchPath('/broken'));
    expect(err).toMatchObject({ kind: 'http', permanent: false, httpStatus: 500 });
  });

  it('reports 429 with Retry-After and pauses the host for every worker', async () => {
    server.route('/busy', (_req, res) => {
      res.writeHead(429, { 'retry-after': '120' });
      res.end('slow down');
    });
    const gate = new RedisHostGate(redis, prefix, { minSpacingMs: 0 });

    const err = await captureFetchError(fetchResource({ url: `${server.origin}/busy`, allowedHosts: ['127.0.0.1'] }, createTestPolicy(), gate));

    expect(err).toMatchObject({ kind: 'http', permanent: false, httpStatus: 429, retryAfterMs: 120_000 });
    // Another worker asking for the host now has to wait; a different host does not.
    const otherWorker = new RedisHostGate(redis, prefix, { minSpacingMs: 0 });
    await expect(otherWorker.acquire('127.0.0.1', AbortSignal.timeout(300))).rejects.toMatchObject({ name: 'TimeoutError' });
    const releaseOther = await otherWorker.acquire('other.example');
    await releaseOther();
    const pause = await redis.pttl(`${prefix}:host:127.0.0.1:next`);
    expect(pause).toBeGreaterThan(100_000);
    expect(pause).toBeLessThanOrEqual(120_000);
  });

  it('reports a server that does not answer in time as a transient timeout', async () => {
    server.route('/silent', () => {
      // never answers
    });
    const err = await captureFetchError(fetchPath('/silent', {}, createTestPolicy({ totalTimeoutMs: 300 })));
    expect(err).toMatchObject({ kind: 'timeout', permanent: false, url: `${server.origin}/silent` });
    expect(err.message).toBe(`${server.origin}/silent: no complete response within 300 ms (total timeout)`);
  });

  it('reports a body that stalls halfway as a timeout', async () => {
    server.route('/stalls', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.write('<html><body>first half');
    });
    const err = await captureFetchError(fetchPath('/stalls', {}, createTestPolicy({ totalTimeoutMs: 300 })));
    expect(err).toMatchObject({ kind: 'timeout', permanent: false });
  });

  it('reports a refused connection as a transient network error', async () => {
    const gone = await startFixtureServer();
    await gone.close();
    const err = await captureFetchError(fetchResource({ url: `${gone.origin}/`, allowedHosts: ['127.0.0.1'] }, createTestPolicy()));
    expect(err).toMatchObject({ kind: 'network', permanent: false });
    expect(err.message).toContain(`${gone.origin}/: connection refused`);
  });
});
