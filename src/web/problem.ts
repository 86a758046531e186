/**
 * RFC 9457 problem details: every error the HTTP interface gives is `application/problem+json`
 * naming what was wrong and what is allowed, never an HTML error page and never a 500 for input.
 */
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

  body(instance: string): Record<string, unknown> {
    return { type: 'about:blank', title: this.title, status: this.status, detail: this.message, instance, ...this.extra };
  }
}

/** A query parameter that cannot be used as given. */
export function badParameter(parameter: string, detail: string): ProblemError {
  return new ProblemError(400, 'Invalid query parameter', `${parameter}: ${detail}`, { parameter });
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
    const problem = new ProblemError(404, 'Not found', `There is nothing at ${request.url.split('?')[0]}. The overview page / lists every feed.`);
    return reply.code(404).type(PROBLEM_CONTENT_TYPE).send(problem.body(request.url));
  });
}
