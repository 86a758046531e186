/**
 * The feeds: `/feed.atom|.rss|.json` with filters, the path aliases `/ministries/<id>.<ext>` and
 * `/tags/<slug>.<ext>` (without an extension they are the HTML pages, overview.ts), `/subscribe` (the overview form's target) and `/opml`.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  FEED_EXTENSION,
  FEED_FORMATS,
  filterQuery,
  httpDate,
  OPML_CONTENT_TYPE,
  renderOpml,
  RenderedResponse,
  withQuery,
  type FeedFormat,
} from '../../publish/index.js';
import { InvalidCursorError } from '../../store/index.js';
import { baseUrlFor } from '../base-url.js';
import { negotiateEncoding, sendRendered } from '../conditional.js';
import type { WebContext } from '../context.js';
import type { ServeSelectionPage } from './overview.js';
import type { FastPath } from '../fast-path.js';
import { badParameter, ProblemError } from '../problem.js';
import { parseFilter, parseOpmlTags, type RawQuery } from '../query.js';

function formatOf(extension: string): FeedFormat | undefined {
  return FEED_FORMATS.find((format) => FEED_EXTENSION[format] === extension);
}

/**
 * `integration.atom` → { name: 'integration', format: 'atom' }; `integration` → { name, no format:
 * the HTML page }; any other extension is a 404.
 */
function splitFile(file: string): { name: string; format?: FeedFormat } {
  const dot = file.lastIndexOf('.');
  if (dot <= 0) return { name: file };
  const format = formatOf(file.slice(dot + 1));
  if (!format) {
    throw new ProblemError(404, 'Not found', `"${file}" is not a feed file; use <name>.atom, <name>.rss or <name>.json.`);
  }
  return { name: file.slice(0, dot), format };
}

export async function feedRoutes(server: FastifyInstance, ctx: WebContext & { selectionPage: ServeSelectionPage; fastPath?: FastPath }): Promise<void> {
  const ministryIds = ctx.config.ministries.map((m) => m.id);

  async function serveFeed(request: FastifyRequest, reply: FastifyReply, format: FeedFormat, fixed: { ministry?: string; tag?: string } = {}) {
    const filter = parseFilter(request.query as RawQuery, ministryIds, fixed);
    const baseUrl = baseUrlFor(request, ctx.env.publicUrl);
    const rendered = await ctx.feeds.feed(format, filter, baseUrl, {}, negotiateEncoding(request.headers['accept-encoding'])).catch((err: unknown) => {
      if (err instanceof InvalidCursorError) throw badParameter('before', 'is not a cursor this server issued; follow the feed\'s "next" link');
      throw err;
    });
    ctx.fastPath?.remember(request.raw, ctx.feeds.feedKey(format, filter, baseUrl), request.routeOptions.url ?? request.url);
    return sendRendered(request, reply, rendered);
  }

  for (const format of FEED_FORMATS) {
    server.get(`/feed.${FEED_EXTENSION[format]}`, (request, reply) => serveFeed(request, reply, format));
    // The corrections, filtered like the releases.
    server.get(`/changes.${FEED_EXTENSION[format]}`, async (request, reply) => {
      const filter = parseFilter(request.query as RawQuery, ministryIds);
      const coding = negotiateEncoding(request.headers['accept-encoding']);
      return sendRendered(request, reply, await ctx.feeds.changes(format, filter, baseUrlFor(request, ctx.env.publicUrl), coding));
    });
  }
  server.get<{ Params: { file: string } }>('/ministries/:file', (request, reply) => {
    const { name, format } = splitFile(request.params.file);
    return format ? serveFeed(request, reply, format, { ministry: name }) : ctx.selectionPage(request, reply, { ministry: name });
  });
  server.get<{ Params: { file: string } }>('/tags/:file', (request, reply) => {
    const { name, format } = splitFile(request.params.file);
    return format ? serveFeed(request, reply, format, { tag: name }) : ctx.selectionPage(request, reply, { tag: name });
  });

  // The overview form submits here; the answer is the feed URL it describes, canonical.
  server.get('/subscribe', async (request, reply) => {
    const query = request.query as RawQuery;
    const raw = query['format'];
    const format = raw === undefined || raw === '' ? 'atom' : typeof raw === 'string' ? formatOf(raw) : undefined;
    if (!format) throw badParameter('format', `${JSON.stringify(raw)} is not a feed format; use atom, rss or json`);
    const filter = parseFilter(query, ministryIds);
    return reply.redirect(withQuery(`/feed.${FEED_EXTENSION[format]}`, filterQuery(filter)), 303);
  });

  server.get('/opml', async (request, reply) => {
    const baseUrl = baseUrlFor(request, ctx.env.publicUrl);
    const slugs = parseOpmlTags(request.query as RawQuery);
    const rendered = await ctx.feeds.cached(`opml\n${baseUrl}\n${slugs.join(',')}`, async () => {
      const [labels, lastChanged] = await Promise.all([slugs.length > 0 ? ctx.store.tagLabels() : new Map<string, string>(), ctx.store.lastChanged()]);
      // A tag not in use yet is listed under its slug: its feed is valid, and fills when it is used.
      const tags = slugs.map((slug) => ({ slug, label: labels.get(slug) ?? slug }));
      const body = renderOpml({ baseUrl, ministries: ctx.config.ministries, tags, dateModified: httpDate(lastChanged) });
      return RenderedResponse.prepare(Buffer.from(body, 'utf8'), OPML_CONTENT_TYPE, httpDate(lastChanged));
    });
    return sendRendered(request, reply, rendered);
  });
}
