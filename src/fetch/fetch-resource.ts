import type { IncomingHttpHeaders, IncomingMessage, OutgoingHttpHeaders } from 'node:http';
import { createAddressGuard, type AddressGuard } from './address-policy.js';
import { hostOf, isAllowedHost, normalizeHost } from './allowed-hosts.js';
import { parseContentType, sniffMimeType } from './content-type.js';
import { describeUrl, toFetchError, type ErrorContext } from './classify-error.js';
import { Deadline } from './deadline.js';
import { createHttpError, createPolicyError, FetchError } from './fetch-error.js';
import { HostBusyError, unlimitedGate, type HostGate, type ReleaseSlot } from './host-gate.js';
import { sendRequest } from './http-request.js';
import { familyOf, stripAddressDecoration } from './ip-address.js';
import type { FetchPolicy } from './policy.js';
import { ACCEPT_ENCODING, BodyTooLargeError, readBody } from './read-body.js';
import { parseRetryAfter } from './retry-after.js';

/**
 * The charset detection and decoding (encoding-sniffer, iconv-lite), loaded with the first body
 * read: a process that never fetches, as a web process, never loads them (0.7 MiB of its heap).
 */
let charsetModule: Promise<typeof import('./charset.js')> | undefined;

export interface FetchRequest {
  url: string;
  /** Hosts this fetch may touch, the first URL and every redirect target alike. */
  allowedHosts: string[];
  /** From the last response; sent as If-None-Match. */
  etag?: string;
  /** From the last response; sent as If-Modified-Since. */
  lastModified?: string;
  accept?: string;
  /**
   * The caller's place in the line of the host it asks first (a job id). Given, the first request
   * never waits for a busy host: it throws HostBusyError with the time to come back, and the
   * place is kept for then. Redirect hops wait for their slot (bounded by the total timeout):
   * giving up there would fetch the first URL again on the next try, and again be redirected.
   */
  place?: string;
}

export type FetchResult =
  | { status: 'not-modified'; url: string; etag?: string; lastModified?: string }
  | {
      status: 'ok';
      /** Final URL after redirects. */
      url: string;
      httpStatus: number;
      /** Mime type, lower case, without parameters. */
      contentType: string;
      charset: string;
      /** Decompressed bytes. */
      body: Buffer;
      text: string;
      etag?: string;
      lastModified?: string;
      /** The Content-Location header as sent: the document's own address, when the server names one. */
      contentLocation?: string;
    };

const DEFAULT_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
/** A server asking for a pause longer than this is probably misconfigured; the queue backs off anyway. */
const MAX_DEFER_MS = 24 * 60 * 60 * 1000;

type HopOutcome = { kind: 'redirect'; location: URL } | { kind: 'done'; result: FetchResult };

/** What one fetch carries from hop to hop. */
interface FetchContext {
  req: FetchRequest;
  policy: FetchPolicy;
  gate: HostGate;
  guard: AddressGuard;
  deadline: Deadline;
}

/**
 * Fetches one URL politely and safely: allowed hosts and public addresses only (checked again on
 * every redirect), per-host slots from the gate, conditional GET, bounded time and size, body
 * decompressed and decoded. Failures are FetchErrors; retrying is the queue's decision.
 */
export async function fetchResource(req: FetchRequest, policy: FetchPolicy, gate: HostGate = unlimitedGate): Promise<FetchResult> {
  const ctx: FetchContext = { req, policy, gate, guard: createAddressGuard(policy.allowPrivateNetworks), deadline: new Deadline(policy.totalTimeoutMs) };
  let url = parseStartUrl(req.url);
  try {
    for (let redirects = 0; ; redirects++) {
      checkTarget(url, ctx);
      const outcome = await fetchHop(url, ctx, redirects === 0);
      if (outcome.kind === 'done') return outcome.result;
      if (redirects >= policy.maxRedirects) {
        throw new FetchError('redirects', req.url, `${req.url}: more than ${policy.maxRedirects} redirects (last to ${outcome.location.href})`, { permanent: true });
      }
      url = outcome.location;
    }
  } finally {
    ctx.deadline.clear();
  }
}

function parseStartUrl(text: string): URL {
  try {
    return new URL(text);
  } catch {
    throw createPolicyError(text, 'not a valid absolute URL');
  }
}

/** Refuses a target before any connection: scheme, allowed hosts, and IP literals. */
function checkTarget(url: URL, ctx: FetchContext): void {
  const where = describeUrl(url, ctx.req.url);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw createPolicyError(url.href, `only http and https URLs are fetched, not ${url.protocol}`, where);
  }
  if (!isAllowedHost(url, ctx.req.allowedHosts)) {
    const allowed = ctx.req.allowedHosts.map(normalizeHost).join(', ') || 'none';
    throw createPolicyError(url.href, `host ${hostOf(url)} is not among the allowed hosts (${allowed})`, where);
  }
  const literal = stripAddressDecoration(url.hostname);
  // A literal never goes through DNS, so the guarded lookup would not see it.
  if (familyOf(literal)) {
    const verdict = ctx.guard(literal);
    if (verdict) throw createPolicyError(url.href, `refused to connect to ${verdict.range} address ${verdict.address}`, where);
  }
}

/** One request: take a slot on the host, send, and turn the response into an outcome. */
async function fetchHop(url: URL, ctx: FetchContext, first: boolean): Promise<HopOutcome> {
  const release = first && ctx.req.place !== undefined ? await takeSlot(url, ctx.req.place, ctx) : await acquireSlot(url, ctx);
  ctx.deadline.start();
  let sentAt: number | undefined;
  try {
    const res = await sendRequest({
      url,
      headers: buildHeaders(ctx.req, ctx.policy),
      guard: ctx.guard,
      connectTimeoutMs: ctx.policy.connectTimeoutMs,
      signal: ctx.deadline.signal,
      pool: JSON.stringify(ctx.policy.allowPrivateNetworks),
      onSent: () => (sentAt = performance.now()),
    });
    return await handleResponse(url, res, ctx);
  } catch (err) {
    throw toFetchError(err, url, errorContext(ctx));
  } finally {
    // A lost release only costs a slot until its lease expires; it must not hide the result.
    await release(sentAt).catch(() => undefined);
  }
}

/** A slot now, or HostBusyError for a caller that comes back later instead of waiting. */
async function takeSlot(url: URL, place: string, ctx: FetchContext): Promise<ReleaseSlot> {
  const taken = await ctx.gate.take(hostOf(url), place);
  if (!taken.granted) throw new HostBusyError(hostOf(url), taken.waitMs);
  return taken.release;
}

/** Waiting for the first slot is unbounded politeness; after a redirect it counts against the total timeout. */
async function acquireSlot(url: URL, ctx: FetchContext): Promise<ReleaseSlot> {
  try {
    return await ctx.gate.acquire(hostOf(url), ctx.deadline.started ? ctx.deadline.signal : undefined);
  } catch (err) {
    if (ctx.deadline.expired) throw toFetchError(err, url, errorContext(ctx));
    throw err;
  }
}

function buildHeaders(req: FetchRequest, policy: FetchPolicy): OutgoingHttpHeaders {
  return {
    'user-agent': policy.userAgent,
    accept: req.accept ?? DEFAULT_ACCEPT,
    'accept-encoding': ACCEPT_ENCODING,
    ...(req.etag ? { 'if-none-match': req.etag } : {}),
    ...(req.lastModified ? { 'if-modified-since': req.lastModified } : {}),
  };
}

async function handleResponse(url: URL, res: IncomingMessage, ctx: FetchContext): Promise<HopOutcome> {
  const status = res.statusCode ?? 0;
  if (REDIRECT_STATUSES.has(status) && res.headers.location !== undefined) {
    res.destroy();
    return { kind: 'redirect', location: resolveLocation(url, res.headers.location, ctx) };
  }
  if (status === 304) {
    res.destroy();
    return { kind: 'done', result: { status: 'not-modified', url: url.href, ...readValidators(res.headers, ctx.req) } };
  }
  if (status < 200 || status > 299) {
    res.destroy();
    throw await createStatusError(url, status, res.headers, ctx);
  }
  return { kind: 'done', result: await readOkResponse(url, res, ctx) };
}

function resolveLocation(url: URL, location: string, ctx: FetchContext): URL {
  try {
    return new URL(location, url);
  } catch {
    const where = describeUrl(url, ctx.req.url);
    throw new FetchError('http', url.href, `${where}: redirect to an invalid Location "${location}"`, { permanent: true });
  }
}

type Validators = { etag?: string; lastModified?: string };

/** RFC 9111 §4.3.4: a 304 may omit validators; then the ones we sent (`fallback`) still hold. */
function readValidators(headers: IncomingHttpHeaders, fallback: Validators = {}): Validators {
  const etag = headers.etag ?? fallback.etag;
  const lastModified = headers['last-modified'] ?? fallback.lastModified;
  return { ...(etag ? { etag } : {}), ...(lastModified ? { lastModified } : {}) };
}

/** Non-2xx: an HTTP error; 429/503 with Retry-After also pause the host for every worker. */
async function createStatusError(url: URL, status: number, headers: IncomingHttpHeaders, ctx: FetchContext): Promise<FetchError> {
  const retryAfterMs = status === 429 || status === 503 ? parseRetryAfter(headers['retry-after']) : undefined;
  if (retryAfterMs !== undefined && retryAfterMs > 0) {
    // Best effort: if Redis is unreachable the queue's own backoff still spaces the retries.
    await ctx.gate.deferHost(hostOf(url), Math.min(retryAfterMs, MAX_DEFER_MS)).catch(() => undefined);
  }
  return createHttpError(url.href, status, retryAfterMs, describeUrl(url, ctx.req.url));
}

async function readOkResponse(url: URL, res: IncomingMessage, ctx: FetchContext): Promise<FetchResult> {
  const { maxBytes } = ctx.policy;
  const declaredLength = Number(res.headers['content-length']);
  // Without compression the declared length is the body size: refuse before reading a byte.
  if (!res.headers['content-encoding'] && declaredLength > maxBytes) {
    res.destroy();
    throw new BodyTooLargeError('declared length over the limit');
  }
  const body = await readBody(res, maxBytes, ctx.deadline.signal);
  const contentTypeHeader = res.headers['content-type'];
  const { decodeBody } = await (charsetModule ??= import('./charset.js'));
  const { text, charset } = decodeBody(body, contentTypeHeader);
  const contentType = parseContentType(contentTypeHeader).mime || sniffMimeType(text);
  return {
    status: 'ok',
    url: url.href,
    httpStatus: res.statusCode ?? 200,
    contentType,
    charset,
    body,
    text,
    ...readValidators(res.headers),
    ...(res.headers['content-location'] ? { contentLocation: res.headers['content-location'] } : {}),
  };
}

function errorContext(ctx: FetchContext): ErrorContext {
  return { startUrl: ctx.req.url, policy: ctx.policy, timedOut: ctx.deadline.expired };
}
