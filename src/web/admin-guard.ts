/**
 * The gate in front of everything under /admin: the queue dashboard can retry, clean and
 * obliterate jobs, and "poll now" makes us fetch from the ministries' sites, so nothing there is
 * ever open by accident.
 *
 * In order, for every request under /admin:
 * 1. no ADMIN_PASSWORD configured → 404 "the admin pages are off" (never open by default);
 * 2. HTTP basic auth, user `admin` → 401 with a challenge when missing or wrong;
 * 3. ADMIN_READONLY → 403 for anything but GET/HEAD (Bull Board is read-only too, but the
 *    server does not rely on the UI to hold that line);
 * 4. a changing request must come from one of our own pages (Origin or Referer matches the host):
 *    browsers send basic-auth credentials along with any cross-site form, so without this any
 *    web page an operator visits could press "poll now" or "clean" for them.
 *
 * The guard answers by itself instead of throwing: it runs inside Bull Board's plugin, whose own
 * error handler would otherwise turn our problem+json answers into its format.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PROBLEM_CONTENT_TYPE, ProblemError } from './problem.js';

export const ADMIN_USER = 'admin';
export const ADMIN_REALM = 'hessenfeed admin';

export interface AdminSettings {
  /** ADMIN_PASSWORD; unset means the admin pages are off. */
  password?: string;
  /** ADMIN_READONLY: show everything, change nothing. */
  readonly: boolean;
}

const SAFE_METHODS = new Set(['GET', 'HEAD']);

export function adminOffProblem(): ProblemError {
  return new ProblemError(
    404,
    'Admin pages are off',
    'The admin pages (/admin/queues, /admin/sources) are off because ADMIN_PASSWORD is not set. ' +
      'Set ADMIN_PASSWORD and restart to turn them on (user "admin"); add ADMIN_READONLY=1 to make them read-only.',
  );
}

function sha256(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/**
 * True when an `Authorization` header carries user `admin` and `password`. Both sides are hashed
 * first, so the comparison is constant-time over equal-length buffers whatever was sent.
 */
export function hasAdminCredentials(header: string | undefined, password: string): boolean {
  const match = /^Basic +([A-Za-z0-9+/=]+) *$/i.exec(header ?? '');
  if (!match) return false;
  const sent = Buffer.from(match[1]!, 'base64').toString('utf8');
  return timingSafeEqual(sha256(sent), sha256(`${ADMIN_USER}:${password}`));
}

/** `host[:port]` of an Origin or Referer header, lower-cased; undefined when it is not a URL ("null"). */
function hostOf(value: string): string | undefined {
  if (!URL.canParse(value)) return undefined;
  const url = new URL(value);
  return /^https?:$/.test(url.protocol) ? url.host.toLowerCase() : undefined;
}

/**
 * True when a changing request comes from a page of this server: its Origin (or, when a browser
 * sends none, its Referer) names the host the request was sent to, or PUBLIC_URL's host when a
 * proxy rewrites Host. A request with neither header is refused as well: every browser sends
 * Origin on a POST/PUT, so only scripts lack both, and they can send the header.
 */
export function isSameOrigin(request: FastifyRequest, publicUrl: string | undefined): boolean {
  const claimed = request.headers.origin ?? request.headers.referer;
  if (claimed === undefined) return false;
  const from = hostOf(claimed);
  if (from === undefined) return false;
  const allowed = [request.headers.host?.toLowerCase(), publicUrl ? new URL(publicUrl).host.toLowerCase() : undefined];
  return allowed.includes(from);
}

/** Why a request under /admin may not pass, or undefined when it may. */
export function adminRefusal(request: FastifyRequest, settings: AdminSettings, publicUrl: string | undefined): ProblemError | undefined {
  const { password } = settings;
  if (password === undefined) return adminOffProblem();
  if (!hasAdminCredentials(request.headers.authorization, password)) {
    return new ProblemError(
      401,
      'Authentication required',
      `The admin pages need the user "${ADMIN_USER}" and the password set in ADMIN_PASSWORD (HTTP basic auth).`,
    );
  }
  if (SAFE_METHODS.has(request.method)) return undefined;
  if (settings.readonly) {
    return new ProblemError(
      403,
      'Admin pages are read-only',
      `ADMIN_READONLY is set, so ${request.method} requests under /admin are refused: nothing can be retried, cleaned, ` +
        'removed or polled from here. Unset ADMIN_READONLY and restart to allow changes.',
    );
  }
  if (!isSameOrigin(request, publicUrl)) {
    return new ProblemError(
      403,
      'Cross-site request refused',
      `A ${request.method} under /admin must come from a page of this server: its Origin (or Referer) header must name ` +
        `the host ${JSON.stringify(request.headers.host ?? '')}. Scripts can send e.g. "Origin: http://<host>".`,
    );
  }
  return undefined;
}

/** The onRequest hook for every /admin route: answers a refusal itself, or lets the request through. */
export function adminGuard(settings: AdminSettings, publicUrl: string | undefined) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> => {
    const problem = adminRefusal(request, settings, publicUrl);
    if (!problem) return undefined;
    if (problem.status === 401) reply.header('www-authenticate', `Basic realm="${ADMIN_REALM}"`);
    // Returning the reply tells Fastify the hook has answered.
    return reply.code(problem.status).header('cache-control', 'no-store').type(PROBLEM_CONTENT_TYPE).send(problem.body(request.url));
  };
}
