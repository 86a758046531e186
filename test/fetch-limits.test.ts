import { Readable } from 'node:stream';
import { createGzip, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchResource, type FetchPolicy } from '../src/fetch/index.js';
import { startFixtureServer, type FixtureServer } from './helpers/http-server.js';
import { captureFetchError, createTestPolicy } from './fetch-helpers.js';

const KiB = 1024;
const MiB = 1024 * KiB;

let server: FixtureServer;

beforeAll(async () => {
  server = await startFixtureServer();
});

afterAll(async () => {
  await server.close();
});

function fetchPath(path: string, policy: FetchPolicy) {
  return fetchResource({ url: `${server.origin}${path}`, allowedHosts: ['127.0.0.1'] }, policy);
}

describe('when a body is larger than maxBytes', () => {
  it('refuses a body whose Content-Length is over the limit', async () => {
    server.route('/big', 'x'.repeat(5 * KiB), 'text/plain');
    const err = await captureFetchError(fetchPath('/big', createTestPolicy({ maxBytes: KiB })));
    expect(err).toMatchObject({ kind: 'too-large', permanent: true, url: `${server.origin}/big` });
    expect(err.message).toBe(`${server.origin}/big: response larger than 1 KiB limit`);
  });

  it('refuses a chunked body once it passes the limit', async () => {
    server.route('/chunked', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      for (let i = 0; i < 10; i++) res.write('y'.repeat(KiB));
      res.end();
    });
    const err = await captureFetchError(fetchPath('/chunked', createTestPolicy({ maxBytes: 4 * KiB })));
    expect(err).toMatchObject({ kind: 'too-large', permanent: true });
  });

  it('accepts a body exactly at the limit', async () => {
    server.route('/exact', 'z'.repeat(KiB), 'text/plain');
    const result = await fetchPath('/exact', createTestPolicy({ maxBytes: KiB }));
    expect(result.status === 'ok' && result.body.length).toBe(KiB);
  });

  it('counts after decompression: a small gzip bomb is too large', async () => {
    const bomb = gzipSync(Buffer.alloc(64 * MiB));
    expect(bomb.length).toBeLessThan(MiB);
    server.route('/bomb', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip', 'content-length': bomb.length });
      res.end(bomb);
    });
    const err = await captureFetchError(fetchPath('/bomb', createTestPolicy({ maxBytes: MiB })));
    expect(err).toMatchObject({ kind: 'too-large', permanent: true });
    expect(err.message).toContain('larger than 1 MiB limit');
  });

  it('stops reading an endless compressed stream instead of buffering it', async () => {
    let serverSawClose = false;
    server.route('/endless', (_req, res) => {
      const zeros = Buffer.alloc(64 * KiB);
      const endless = new Readable({
        read() {
          this.push(zeros);
        },
      });
      res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip' });
      res.on('close', () => {
        serverSawClose = true;
        endless.destroy();
      });
      endless.pipe(createGzip()).pipe(res);
    });
    // Without the cap this fetch could only end at the test timeout.
    const err = await captureFetchError(fetchPath('/endless', createTestPolicy({ maxBytes: MiB })));
    expect(err).toMatchObject({ kind: 'too-large' });
    await expect.poll(() => serverSawClose).toBe(true);
  });
});

describe('when a server redirects', () => {
  it('gives up on an endless redirect loop after maxRedirects', async () => {
    server.route('/loop-a', (_req, res) => {
      res.writeHead(302, { location: '/loop-b' });
      res.end();
    });
    server.route('/loop-b', (_req, res) => {
      res.writeHead(307, { location: `${server.origin}/loop-a` });
      res.end();
    });
    const before = server.requests.length;
    const err = await captureFetchError(fetchPath('/loop-a', createTestPolicy({ maxRedirects: 5 })));
    expect(err).toMatchObject({ kind: 'redirects', permanent: true, url: `${server.origin}/loop-a` });
    expect(err.message).toMatch(new RegExp(`^${server.origin}/loop-a: more than 5 redirects`));
    // the first request plus five redirects followed, not one more
    expect(server.requests.length - before).toBe(6);
  });

  it('follows no redirect at all when maxRedirects is 0', async () => {
    server.route('/moved', (_req, res) => {
      res.writeHead(301, { location: '/target' });
      res.end();
    });
    server.route('/target', 'here');
    await expect(fetchPath('/moved', createTestPolicy({ maxRedirects: 1 }))).resolves.toMatchObject({ status: 'ok', text: 'here' });
    const err = await captureFetchError(fetchPath('/moved', createTestPolicy({ maxRedirects: 0 })));
    expect(err.kind).toBe('redirects');
  });
});
