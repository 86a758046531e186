import { createPolicyError, FetchError, formatBytes, formatDuration } from './fetch-error.js';
import { AddressRefusedError } from './guarded-lookup.js';
import { ConnectTimeoutError } from './http-request.js';
import type { FetchPolicy } from './policy.js';
import { BodyTooLargeError, isDecompressionError, UnsupportedEncodingError } from './read-body.js';

/** What the classification needs to know about the fetch in progress. */
export interface ErrorContext {
  /** The URL the fetch started from. */
  startUrl: string;
  policy: FetchPolicy;
  /** The total timeout has run out. */
  timedOut: boolean;
}

/** Sorts anything that went wrong during a hop into a FetchError with a plain message. */
export function toFetchError(err: unknown, url: URL, ctx: ErrorContext): FetchError {
  if (err instanceof FetchError) return err;
  const where = describeUrl(url, ctx.startUrl);
  const href = url.href;
  const { policy } = ctx;
  if (err instanceof BodyTooLargeError) {
    return new FetchError('too-large', href, `${where}: response larger than ${formatBytes(policy.maxBytes)} limit`, { permanent: true });
  }
  if (ctx.timedOut) {
    return new FetchError('timeout', href, `${where}: no complete response within ${formatDuration(policy.totalTimeoutMs)} (total timeout)`, { permanent: false, cause: err });
  }
  if (err instanceof ConnectTimeoutError) {
    return new FetchError('timeout', href, `${where}: no connection within ${formatDuration(policy.connectTimeoutMs)} (connect timeout)`, { permanent: false, cause: err });
  }
  if (err instanceof AddressRefusedError) {
    return createPolicyError(href, err.message, where);
  }
  if (err instanceof UnsupportedEncodingError) {
    return new FetchError('decode', href, `${where}: ${err.message}`, { permanent: true });
  }
  if (isDecompressionError(err)) {
    return new FetchError('decode', href, `${where}: compressed body is corrupt (${(err as Error).message})`, { permanent: false, cause: err });
  }
  return new FetchError('network', href, `${where}: ${describeNetworkError(err)}`, { permanent: false, cause: err });
}

const NETWORK_PROBLEMS: Record<string, string> = {
  ENOTFOUND: 'host name not found',
  EAI_AGAIN: 'host name lookup failed temporarily',
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset by the server',
  EPIPE: 'connection closed by the server',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ETIMEDOUT: 'connection timed out',
};

function describeNetworkError(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  const message = err instanceof Error ? err.message : String(err);
  const problem = typeof code === 'string' ? NETWORK_PROBLEMS[code] : undefined;
  if (problem) return `${problem} (${code})`;
  return `network error: ${message}`;
}

/** Names the hop and, after redirects, where the fetch started. */
export function describeUrl(url: URL, start: string): string {
  return url.href === start || url.href === safeHref(start) ? url.href : `${url.href} (redirected from ${start})`;
}

function safeHref(text: string): string | undefined {
  try {
    return new URL(text).href;
  } catch {
    return undefined;
  }
}

