/**
 * Sorts every fetch into one status class for `hessenfeed_fetch_total`: what an operator needs
 * to tell "the site changed its URLs" (4xx) from "the site is down" (5xx, timeout, refused)
 * from "nothing new" (304).
 */
import { FetchError, type FetchResult } from '../fetch/index.js';

export const FETCH_CLASSES = ['2xx', '304', '3xx', '4xx', '5xx', 'timeout', 'refused', 'network', 'error'] as const;
export type FetchClass = (typeof FETCH_CLASSES)[number];

function httpClass(status: number): FetchClass {
  if (status === 304) return '304';
  if (status >= 200 && status < 300) return '2xx';
  if (status >= 300 && status < 400) return '3xx';
  if (status >= 400 && status < 500) return '4xx';
  if (status >= 500 && status < 600) return '5xx';
  return 'error';
}

function causeCode(err: FetchError): unknown {
  return (err.cause as { code?: unknown } | undefined)?.code;
}

/**
 * The class of a fetch from its result (a FetchResult) or the error it threw. `refused` is a connection that
 * was refused, by the server (ECONNREFUSED) or by hessenfeed's own safety rules (private
 * address, host outside the source's hosts); `network` is any other connection failure (DNS,
 * reset, unreachable); `error` is the rest (too large, too many redirects, undecodable body,
 * anything that is not a FetchError).
 */
export function statusClass(outcome: unknown): FetchClass {
  if (outcome instanceof FetchError) {
    switch (outcome.kind) {
      case 'http':
        return outcome.httpStatus === undefined ? 'error' : httpClass(outcome.httpStatus);
      case 'timeout':
        return 'timeout';
      case 'policy':
        return 'refused';
      case 'network':
        return causeCode(outcome) === 'ECONNREFUSED' ? 'refused' : 'network';
      default:
        return 'error';
    }
  }
  if (isFetchResult(outcome)) return outcome.status === 'not-modified' ? '304' : httpClass(outcome.httpStatus);
  return 'error';
}

function isFetchResult(value: unknown): value is FetchResult {
  const status = (value as { status?: unknown } | null)?.status;
  return status === 'ok' || status === 'not-modified';
}
