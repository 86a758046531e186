/**
 * RFC 9457 problem details: every error the HTTP interface gives is `application/problem+json`
 * naming what was wrong and what is allowed, never an HTML error page and never a 500 for input.
 */
import type { Duplex } from 'node:stream';
import type { FastifyInstance } from 'fastify';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';

export class ProblemError extends Error {
  override name = 'ProblemError';
  constructor(
    readonly status: number,
    readonly title: string,
    detail: string,
    /** Extension members, e.g. `{ parameter: 'limit' }` or `{ valid: [...] }`. */
    readonly extra: Record<string, unknown> = {},
  ) {
    super(detail);
  }

  body(instance: string | undefined): Record<string, unknown> {
    return { type: 'about:blank', title: this.title, status: this.status, detail: this.message, ...(instance ? { instance } : {}), ...this.extra };
  }
}

/** A query parameter that cannot be used as given. */
export function badParameter(parameter: string, detail: string): ProblemError {
  return new ProblemError(400, 'Invalid query parameter', `${parameter}: ${detail}`, { parameter });
}

/** The public interface only reads; /admin has forms and Bull Board's API of its own. */
const READ_METHODS = new Set(['GET', 'HEAD']);

/** The path of a request URL, without its query, for messages. */
function pathOf(url: string): string {
  return url.split('?')[0] ?? url;
}

/**
 * Errors Fastify finds before any route runs (its `frameworkErrors` option): a path that is not
 * valid percent-encoding, a path segment longer than the router allows.
 */
export function frameworkProblem(err: Error & { code?: string }, url: string): ProblemError {
  if (err.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    return new ProblemError(414, 'URI too long', `A part of the path ${JSON.stringify(pathOf(url).slice(0, 60))}… is longer than 100 characters; ministry ids and tag slugs are short (see /api/ministries and /api/tags).`);
  }
  if (err.code === 'FST_ERR_BAD_URL') {
    return new ProblemError(400, 'Bad URL', `The path ${JSON.stringify(pathOf(url).slice(0, 100))} is not valid percent-encoding (each % must be followed by two hex digits); write a literal % as %25.`);
  }
  return new ProblemError(400, 'Bad request', err.message);
}

/** What a request that Node's HTTP parser refused gets told, by the parser's error code. */
function clientProblem(code: string | undefined): ProblemError {
  switch (code) {
    case 'HPE_INVALID_METHOD':
      return new ProblemError(501, 'Method not implemented', 'The request method is not one this server knows; hessenfeed answers GET and HEAD (and the admin pages POST).');
    case 'HPE_HEADER_OVERFLOW':
      return new ProblemError(431, 'Request header fields too large', 'The request headers are larger than the server accepts (16 KiB); send fewer or shorter headers.');
    case 'HPE_INVALID_URL':
    case 'HPE_INVALID_CHARACTER':
      return new ProblemError(400, 'Bad request line', 'The URL holds characters that must be percent-encoded (e.g. a space as %20, ü as %C3%BC), or the request line is malformed.');
    default:
      return new ProblemError(400, 'Bad request', `The request could not be read as HTTP (${code ?? 'malformed'}).`);
  }
}

/**
 * Fastify's `clientErrorHandler`: a request Node's HTTP parser refused never reaches Fastify, so
 * the answer is written to the socket by hand — still problem+json, and the connection is closed,
 * as the parser's state is lost.
 */
export function answerClientError(err: Error & { code?: string }, socket: Duplex): void {
  if (!socket.writable || err.code === 'ECONNRESET' || err.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    socket.destroy();
    return;
  }
  const problem = clientProblem(err.code);
  const body = JSON.stringify(problem.body(undefined));
  socket.end(
    `HTTP/1.1 ${problem.status} ${problem.title}\r\ncontent-type: ${PROBLEM_CONTENT_TYPE}\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
}

/** Turns every error and every unknown route into problem+json. */
export function installProblemHandlers(server: FastifyInstance): void {
  server.setErrorHandler((err: unknown, request, reply) => {
    // Fastify's own client errors (bad JSON, body too large, …) carry a 4xx statusCode.
    const status = err instanceof Error && 'statusCode' in err && typeof err.statusCode === 'number' ? err.statusCode : 500;
    const problem =
      err instanceof ProblemError
        ? err
        : status >= 400 && status < 500
          ? new ProblemError(status, 'Bad request', (err as Error).message)
          : undefined;
    if (!problem) {
      request.log.error({ err }, 'request failed');
      const internal = new ProblemError(500, 'Internal error', 'The server failed on this request; the log has the details.');
      return reply.code(500).type(PROBLEM_CONTENT_TYPE).send(internal.body(request.url));
    }
    return reply.code(problem.status).type(PROBLEM_CONTENT_TYPE).send(problem.body(request.url));
  });
  server.setNotFoundHandler((request, reply) => {
    const path = pathOf(request.url);
    if (!READ_METHODS.has(request.method) && !path.startsWith('/admin')) {
      const problem = new ProblemError(405, 'Method not allowed', `${request.method} is not answered here: feeds, pages and the API are read with GET or HEAD.`);
      return reply.code(405).header('allow', 'GET, HEAD').type(PROBLEM_CONTENT_TYPE).send(problem.body(request.url));
    }
    const problem = new ProblemError(404, 'Not found', `There is nothing at ${path}. The overview page / lists every feed.`);
    return reply.code(404).type(PROBLEM_CONTENT_TYPE).send(problem.body(request.url));
  });
}
