/**
 * Every error the server sends is problem+json with a detail that names the problem, including
 * the errors Fastify and Node's HTTP parser produce before any route of ours runs.
 */
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpSend, startTestWeb, type TestWeb } from './helpers/web.js';

interface Problem {
  status: number;
  title: string;
  detail: string;
}

/** Sends `requestLine` as raw bytes (no client library tidies it up) and parses the answer. */
function rawRequest(url: string, requestLine: Buffer | string): Promise<{ status: number; contentType: string; problem: Problem }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => {
      socket.write(Buffer.concat([Buffer.from(requestLine), Buffer.from(`\r\nHost: ${hostname}:${port}\r\nConnection: close\r\n\r\n`)]));
    });
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const [head = '', body = ''] = text.split('\r\n\r\n');
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1]);
      const contentType = /^content-type: (.*)$/im.exec(head)?.[1] ?? '';
      resolve({ status, contentType, problem: JSON.parse(body) as Problem });
    });
  });
}

describe('errors before and beside the routes', () => {
  let web: TestWeb;
  beforeAll(async () => {
    web = await startTestWeb();
  });
  afterAll(async () => {
    await web?.close();
  });

  it.each([
    ['GET /%zz HTTP/1.1', 400, /not valid percent-encoding.*%25/],
    [`GET /tags/${'a'.repeat(150)}.atom HTTP/1.1`, 414, /longer than 100 characters/],
    ['GET /feed.atom?q=Gr\u00fc\u00dfe HTTP/1.1', 400, /must be percent-encoded.*%C3%BC/],
    ['FROBNICATE /feed.atom HTTP/1.1', 501, /method is not one this server knows/],
    ['PROPFIND /feed.atom HTTP/1.1', 405, /PROPFIND is not answered here.*GET or HEAD/],
  ])('%s gets %d with a problem+json detail naming the problem', async (line, status, detail) => {
    const answer = await rawRequest(web.url, Buffer.from(line, 'utf8'));
    expect(answer.status).toBe(status);
    expect(answer.contentType).toBe('application/problem+json; charset=utf-8');
    expect(answer.problem.status).toBe(status);
    expect(answer.problem.detail).toMatch(detail);
  });

  it('answers a method other than GET or HEAD on a feed with 405 and the methods it allows', async () => {
    const res = await httpSend('DELETE', `${web.url}/feed.atom`);
    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe('GET, HEAD');
    expect(res.headers['content-type']).toBe('application/problem+json; charset=utf-8');
  });

  it('keeps serving after a request it could not parse', async () => {
    await rawRequest(web.url, 'FROBNICATE / HTTP/1.1');
    expect((await httpSend('GET', `${web.url}/healthz`)).status).toBe(200);
  });
});
