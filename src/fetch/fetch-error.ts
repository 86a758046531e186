import { STATUS_CODES } from 'node:http';

export type FetchErrorKind = 'network' | 'timeout' | 'http' | 'policy' | 'too-large' | 'redirects' | 'decode';

export interface FetchErrorDetails {
  permanent: boolean;
  httpStatus?: number;
  retryAfterMs?: number;
  cause?: unknown;
}

/**
 * Every way a fetch can fail, sorted where it happens. `permanent` tells the queue whether
 * trying again later can help; `retryAfterMs` is the server's own wish (Retry-After).
 */
export class FetchError extends Error {
  override readonly name = 'FetchError';
  readonly kind: FetchErrorKind;
  readonly permanent: boolean;
  readonly url: string;
  readonly httpStatus?: number;
  readonly retryAfterMs?: number;

  constructor(kind: FetchErrorKind, url: string, message: string, details: FetchErrorDetails) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.kind = kind;
    this.url = url;
    this.permanent = details.permanent;
    if (details.httpStatus !== undefined) this.httpStatus = details.httpStatus;
    if (details.retryAfterMs !== undefined) this.retryAfterMs = details.retryAfterMs;
  }
}

/** Statuses that will not change by asking again (the resource is gone, or we may not have it). */
const PERMANENT_STATUSES = new Set([400, 401, 403, 404, 405, 406, 410, 415, 501]);
/** Client errors that explicitly invite a retry. */
const TRANSIENT_CLIENT_STATUSES = new Set([408, 425, 429]);

export function isPermanentStatus(status: number): boolean {
  if (PERMANENT_STATUSES.has(status)) return true;
  if (TRANSIENT_CLIENT_STATUSES.has(status)) return false;
  if (status >= 500) return false;
  // Any other 3xx/4xx (no Location, 409, 451 …) is a property of the resource, not of the moment.
  return status >= 300 && status < 500;
}

/** `where` names the URL in the message (with the redirect chain's start); `url` is the bare URL. */
export function createHttpError(url: string, status: number, retryAfterMs: number | undefined, where = url): FetchError {
  const reason = STATUS_CODES[status];
  const text = reason ? `${status} ${reason}` : String(status);
  const wait = retryAfterMs === undefined ? '' : ` (retry after ${formatDuration(retryAfterMs)})`;
  return new FetchError('http', url, `${where}: server answered ${text}${wait}`, {
    permanent: isPermanentStatus(status),
    httpStatus: status,
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
  });
}

export function createPolicyError(url: string, problem: string, where = url): FetchError {
  return new FetchError('policy', url, `${where}: ${problem}`, { permanent: true });
}

/** 15728640 → "15 MiB", 1536 → "1.5 KiB". */
export function formatBytes(bytes: number): string {
  const units: [number, string][] = [
    [1024 * 1024 * 1024, 'GiB'],
    [1024 * 1024, 'MiB'],
    [1024, 'KiB'],
  ];
  for (const [size, unit] of units) {
    if (bytes >= size) return `${Number((bytes / size).toFixed(1))} ${unit}`;
  }
  return `${bytes} bytes`;
}

/** 20000 → "20 s", 300 → "300 ms". */
export function formatDuration(ms: number): string {
  if (ms >= 1000 && ms % 100 === 0) return `${ms / 1000} s`;
  return `${ms} ms`;
}
