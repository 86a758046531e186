/**
 * Answers a repeated request for a kept response before Fastify sees it: a feed whose kept render
 * may be sent now (made for the current store version, or superseded less than the render
 * cache's staleMs ago while its new render is made) is sent, or revalidated with a 304, straight
 * from the Node `http` request handler, with the very headers Fastify would send
 * (conditional.ts). A cached feed is the request a busy deployment gets nearly all the time, and
 * Fastify's routing, request objects, hooks and the filter parsing cost more than sending the
 * bytes.
 *
 * A route that answered a request remembers which cached response it was (`remember`); the next
 * request with the same Host and URL is answered here while that response may be sent, and goes
 * the normal way when it may not (superseded too long ago, evicted) or was never seen. While
 * workers ingest, the store changes several times a second and nearly every kept render is a
 * superseded one: answering only renders of the current version sent most requests through
 * Fastify exactly when the process was busiest. /metrics still counts these requests; when debug
 * logging is on there is no fast path, so every request is logged.
 */
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { Encoding, RenderedResponse } from '../publish/index.js';
import { negotiateEncoding, notModified, renderedHeaders, varyOf } from './conditional.js';

/** A /metrics series that times one kind of answer (metrics/http-durations.ts). */
interface Timing {
  observe(seconds: number): void;
}

interface Known {
  cacheKey: string;
  /** The route pattern, the label /metrics counts it under. */
  route: string;
  vary: string;
  /** The series of its 200s and 304s, found once. */
  timings: { 200?: Timing; 304?: Timing };
  /**
   * The headers sent for `rendered`, per status and coding, made once per render: a render is
   * answered thousands of times with the same headers (Node adds Date itself).
   */
  sent?: { rendered: RenderedResponse; 200: Partial<Record<Encoding, OutgoingHttpHeaders>>; 304: Partial<Record<Encoding, OutgoingHttpHeaders>> };
}

export interface FastPathOptions {
  /** The kept response for a cache key that may be sent now (FeedService.ready). */
  ready(cacheKey: string): RenderedResponse | undefined;
  /** The /metrics series of a route, method and status (MetricsRegistry.httpSeries). */
  series?: (route: string, method: string, statusCode: number) => Timing;
}

/** Requests remembered; past this the memory starts again (a crawler's URLs must not grow it). */
const MAX_KNOWN = 10_000;
/** Accept-Encoding values remembered with their coding; clients send only a few different ones. */
const MAX_ENCODINGS = 64;

export class FastPath {
  private readonly known = new Map<string, Known>();
  private readonly encodings = new Map<string, Encoding>();
  private open = true;

  constructor(private readonly options: FastPathOptions) {}

  /** Remembers that a GET of this Host and URL is answered by the cached response `cacheKey`. */
  remember(req: IncomingMessage, cacheKey: string, route: string, vary: string[] = []): void {
    if (this.known.size >= MAX_KNOWN) this.known.clear();
    this.known.set(identity(req), { cacheKey, route, vary: varyOf(vary), timings: {} });
  }

  /** From now on every request goes through Fastify (which answers 503 while it closes). */
  close(): void {
    this.open = false;
  }

  /** Answers `req` when it can and says so; false: Fastify answers it. */
  answer(req: IncomingMessage, res: ServerResponse): boolean {
    if (!this.open || req.method !== 'GET') return false;
    const known = this.known.get(identity(req));
    const rendered = known && this.options.ready(known.cacheKey);
    if (!known || !rendered) return false;
    const started = performance.now();
    const encoding = this.encodingOf(req.headers['accept-encoding']);
    if (known.sent?.rendered !== rendered) known.sent = { rendered, 200: {}, 304: {} };
    let status: 200 | 304;
    if (notModified(req.headers, rendered)) {
      status = 304;
      res.writeHead(304, (known.sent[304][encoding] ??= renderedHeaders(rendered, encoding, known.vary, undefined))).end();
    } else {
      // A coding nobody asked for yet is compressed on the normal way, which waits for it.
      const body = rendered.readyBodyIn(encoding);
      if (body === undefined) return false;
      status = 200;
      res.writeHead(200, (known.sent[200][encoding] ??= renderedHeaders(rendered, encoding, known.vary, body))).end(body);
    }
    const { series } = this.options;
    if (series) (known.timings[status] ??= series(known.route, 'GET', status)).observe((performance.now() - started) / 1000);
    return true;
  }

  private encodingOf(header: string | undefined): Encoding {
    if (header === undefined) return 'identity';
    let encoding = this.encodings.get(header);
    if (encoding === undefined) {
      if (this.encodings.size >= MAX_ENCODINGS) this.encodings.clear();
      encoding = negotiateEncoding(header);
      this.encodings.set(header, encoding);
    }
    return encoding;
  }
}

function identity(req: IncomingMessage): string {
  return `${req.headers.host ?? ''} ${req.url ?? ''}`;
}
