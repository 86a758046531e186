import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchResource, FetchError, isPermanentStatus, parseRetryAfter } from '../src/fetch/index.js';
import { startFixtureServer, type FixtureServer } from './helpers/http-server.js';
import { captureFetchError, createTestPolicy } from './fetch-helpers.js';

describe('parseRetryAfter', () => {
  const now = new Date('2024-09-23T10:00:00Z');

  it.each([
    ['120', 120_000],
    [' 5 ', 5_000],
    ['0', 0],
    ['Mon, 23 Sep 2024 10:00:30 GMT', 30_000],
    ['Monday, 23-Sep-24 10:01:00 GMT', 60_000],
    ['Mon, 23 Sep 2024 09:00:00 GMT', 0],
  ])('reads %j as %i ms', (value, expected) => {
    expect(parseRetryAfter(value, now)).toBe(expected);
  });

  it.each([undefined, '', 'soon', '-5', '1.5'])('ignores %j', (value) => {
    expect(parseRetryAfter(value, now)).toBeUndefined();
  });
});

describe('which HTTP statuses are permanent', () => {
  it.each([400, 401, 403, 404, 405, 406, 410, 415, 501])('%i is permanent', (status) => {
    expect(isPermanentStatus(status)).toBe(true);
  });

  it.each([408, 425, 429, 500, 502, 503, 504])('%i is worth retrying', (status) => {
    expect(isPermanentStatus(status)).toBe(false);
  });
});

describe('errors from a server', () => {
  let server: FixtureServer;

  beforeAll(async () => {
    server = await startFixtureServer();
  });

  afterAll(async () => {
    await server.close();
  });

  function fetchPath(path: string) {
    return fetchResource({ url: `${server.origin}${path}`, allowedHosts: ['127.0.0.1'] }, createTestPolicy());
  }

  function respond(path: string, status: number, headers: Record<string, string> = {}, body = ''): void {
    server.route(path, (_req, res) => {
      res.writeHead(status, headers);
      res.end(body);
    });
  }

  it.each([
    [410, true],
    [403, true],
    [408, false],
    [502, false],
  ])('a %i answer is an http FetchError with permanent=%s', async (status, permanent) => {
    respond(`/status-${status}`, status);
    const err = await captureFetchError(fetchPath(`/status-${status}`));
    expect(err).toBeInstanceOf(FetchError);
    expect(err).toMatchObject({ kind: 'http', httpStatus: status, permanent });
    expect(err.message.startsWith(`${server.origin}/status-${status}: server answered ${status}`)).toBe(true);
    expect(err.retryAfterMs).toBeUndefined();
  });

  it('a 503 with an HTTP-date Retry-After carries the wait', async () => {
    const at = new Date(Date.now() + 3_600_000).toUTCString();
    respond('/maintenance', 503, { 'retry-after': at });
    const err = await captureFetchError(fetchPath('/maintenance'));
    expect(err).toMatchObject({ kind: 'http', httpStatus: 503, permanent: false });
    expect(err.retryAfterMs).toBeGreaterThan(3_000_000);
    expect(err.retryAfterMs).toBeLessThanOrEqual(3_600_000);
  });

  it('a corrupt gzip body is a decode error', async () => {
    respond('/corrupt', 200, { 'content-type': 'text/html', 'content-encoding': 'gzip' }, 'this is not gzip at all');
    const err = await captureFetchError(fetchPath('/corrupt'));
    expect(err).toMatchObject({ kind: 'decode' });
    expect(err.message).toContain(`${server.origin}/corrupt: compressed body is corrupt`);
  });

  it('an encoding we never offered is a permanent decode error', async () => {
    server.route('/zstd', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'zstd' });
      res.end(gzipSync('x'));
    });
    const err = await captureFetchError(fetchPath('/zstd'));
    expect(err).toMatchObject({ kind: 'decode', permanent: true });
    expect(err.message).toContain('unsupported Content-Encoding "zstd"');
  });

  it('a redirect without a usable Location is an http error', async () => {
    respond('/bad-redirect', 302, { location: 'http://[::1' });
    const err = await captureFetchError(fetchPath('/bad-redirect'));
    expect(err).toMatchObject({ kind: 'http', permanent: true });
    expect(err.message).toContain('invalid Location');
  });

  it('a page without Content-Type is still typed by its first bytes', async () => {
    server.route('/untyped', (_req, res) => {
      res.removeHeader('content-type');
      res.writeHead(200);
      res.end('<?xml version="1.0"?><rss version="2.0"><channel/></rss>');
    });
    const result = await fetchPath('/untyped');
    expect(result).toMatchObject({ status: 'ok', contentType: 'application/xml', charset: 'utf-8' });
  });
});
