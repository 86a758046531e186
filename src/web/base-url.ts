/**
 * The public base URL that links inside feeds and pages start with. PUBLIC_URL when configured
 * (behind a reverse proxy it must be); otherwise the request's Host header, which is checked to
 * be a plain host[:port] so nobody can inject markup or another scheme through it.
 */
import type { FastifyRequest } from 'fastify';
import { ProblemError } from './problem.js';

const HOST_HEADER = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

export function baseUrlFor(request: FastifyRequest, publicUrl: string | undefined): string {
  if (publicUrl) return publicUrl;
  const host = request.headers.host;
  if (!host || !HOST_HEADER.test(host)) {
    throw new ProblemError(400, 'Bad Host header', `The Host header ${JSON.stringify(host ?? '')} is not a host name with an optional port.`);
  }
  return `${request.protocol}://${host.toLowerCase()}`;
}
