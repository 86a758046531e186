/**
 * Sending a cached RenderedResponse: content coding by Accept-Encoding (q-values respected),
 * validators, and 304 for a client that already has it. The 304 repeats ETag, Cache-Control and
 * Vary, as RFC 9110 asks, so caches keep them.
 */
import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Encoding, RenderedResponse } from '../publish/index.js';

export const CACHE_CONTROL = 'public, max-age=300';

/** The best coding the client accepts: br, then gzip, else identity. */
export function negotiateEncoding(header: string | undefined): Encoding {
  if (!header) return 'identity';
  const q = new Map<string, number>();
  for (const part of header.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const value = qParam === undefined ? 1 : Number(qParam.slice(2));
    q.set(name, Number.isFinite(value) ? value : 0);
  }
  const accepts = (coding: string): boolean => (q.get(coding) ?? q.get('*') ?? 0) > 0;
  if (accepts('br')) return 'br';
  if (accepts('gzip')) return 'gzip';
  return 'identity';
}

/** Whether the client already has `rendered` (If-None-Match, else If-Modified-Since). */
export function notModified(headers: IncomingHttpHeaders, rendered: RenderedResponse): boolean {
  const ifNoneMatch = headers['if-none-match'];
  // If-None-Match wins over If-Modified-Since when both are sent (RFC 9110 §13.2.2).
  if (ifNoneMatch !== undefined) return rendered.matches(ifNoneMatch);
  const since = headers['if-modified-since'];
  if (since === undefined) return false;
  const sinceMs = Date.parse(since);
  return Number.isFinite(sinceMs) && Date.parse(rendered.lastModified) <= sinceMs;
}

/**
 * The headers of a 200 with `body` (`rendered` in `encoding`) or, without one, of a 304: the same
 * for Fastify's answers and the fast path's (fast-path.ts).
 */
export function renderedHeaders(rendered: RenderedResponse, encoding: Encoding, vary: string, body: Buffer | undefined): OutgoingHttpHeaders {
  const headers: OutgoingHttpHeaders = {
    etag: rendered.etagFor(encoding),
    'last-modified': rendered.lastModified,
    'cache-control': CACHE_CONTROL,
    vary,
  };
  if (body === undefined) return headers;
  if (encoding !== 'identity') headers['content-encoding'] = encoding;
  headers['content-type'] = rendered.contentType;
  headers['content-length'] = body.length;
  return headers;
}

/** The Vary header: Accept-Encoding and the other request headers that chose the response. */
export function varyOf(vary: readonly string[]): string {
  return ['Accept-Encoding', ...vary].join(', ');
}

/**
 * `vary` names the request headers besides Accept-Encoding that chose this response. The first
 * request for a coding waits for its compression (rendered-response.ts), off the event loop.
 */
export async function sendRendered(request: FastifyRequest, reply: FastifyReply, rendered: RenderedResponse, vary: string[] = []): Promise<FastifyReply> {
  const encoding = negotiateEncoding(request.headers['accept-encoding']);
  if (notModified(request.headers, rendered)) return reply.headers(renderedHeaders(rendered, encoding, varyOf(vary), undefined)).code(304).send();
  const body = await rendered.bodyIn(encoding);
  return reply.headers(renderedHeaders(rendered, encoding, varyOf(vary), body)).send(body);
}
