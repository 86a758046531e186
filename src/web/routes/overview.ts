/**
 * The HTML pages: `GET /` (the overview, and a selection page when it is given the feed filters),
 * `/ministries/<id>` and `/tags/<slug>` (the same page, pre-filtered; feeds.ts hands them over
 * when the name has no feed extension) and `/releases/<id>`. Every page is cached like the feeds
 * (per base URL, language and canonical address) and sent with ETag, Last-Modified and 304.
 * A selection has one address: any other spelling of it (an alias, labels for slugs, the search
 * form's empty fields) is redirected there, so caches and bookmarks see one page.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  createFilter,
  httpDate,
  OVERVIEW_CONTENT_SECURITY_POLICY,
  OVERVIEW_CONTENT_TYPE,
  PAGE_SIZE,
  pageLinksFor,
  PageTrail,
  preferredLanguage,
  readOverviewData,
  loadReleasePage,
  RELEASE_CONTENT_SECURITY_POLICY,
  renderOverview,
  RenderedResponse,
  type Lang,
} from '../../publish/index.js';
import { InvalidCursorError } from '../../store/index.js';
import { baseUrlFor } from '../base-url.js';
import { sendRendered } from '../conditional.js';
import type { WebContext } from '../context.js';
import { badParameter, ProblemError } from '../problem.js';
import { parseFilter, type RawQuery } from '../query.js';

/** Item ids are 16 hex digits (store/item-record.ts); anything else names no release. */
const ITEM_ID = /^[0-9a-f]{16}$/;

interface PageLanguage {
  lang: Lang;
  /** Set when `?lang=` chose it: the page's links carry it on. */
  langParam?: Lang;
}

/** `?lang=de|en` wins over Accept-Language. */
function pageLanguage(request: FastifyRequest): PageLanguage {
  const raw = (request.query as RawQuery)['lang'];
  if (raw === undefined || raw === '') return { lang: preferredLanguage(request.headers['accept-language']) };
  if (raw === 'de' || raw === 'en') return { lang: raw, langParam: raw };
  throw badParameter('lang', `${JSON.stringify(raw)} is not a language of these pages; use de or en`);
}

/** Sends a page with the headers every HTML page has. */
function sendPage(request: FastifyRequest, reply: FastifyReply, rendered: RenderedResponse, lang: Lang, csp: string): Promise<FastifyReply> {
  // The language may depend on Accept-Language: caches must keep the variants apart.
  reply.header('content-language', lang).header('content-security-policy', csp);
  return sendRendered(request, reply, rendered, ['Accept-Language']);
}

export type ServeSelectionPage = (request: FastifyRequest, reply: FastifyReply, fixed?: { ministry?: string; tag?: string }) => Promise<FastifyReply>;

/** The selection page handler; feeds.ts calls it for `/ministries/<id>` and `/tags/<slug>`. */
export function selectionPageHandler(ctx: WebContext): ServeSelectionPage {
  const ministryIds = ctx.config.ministries.map((m) => m.id);
  const source = { store: ctx.store, ministries: ctx.config.ministries, version: ctx.version, trail: new PageTrail() };
  return async (request, reply, fixed = {}) => {
    const baseUrl = baseUrlFor(request, ctx.env.publicUrl);
    const { lang, langParam } = pageLanguage(request);
    const query = request.query as RawQuery;
    const parsed = parseFilter(query, ministryIds, fixed);
    const filter = createFilter({ ...parsed, limit: query['limit'] === undefined ? PAGE_SIZE : parsed.limit });
    const canonical = pageLinksFor({ baseUrl, ...(langParam ? { langParam } : {}) }).selection(filter, filter.before);
    const path = canonical.slice(baseUrl.length);
    if (path !== request.url) return reply.redirect(path, 302);
    const rendered = await ctx.feeds.cached(`page\n${baseUrl}\n${lang}\n${path}`, async () => {
      const data = await readOverviewData(source, baseUrl, lang, { filter, ...(langParam ? { langParam } : {}) }).catch((err: unknown) => {
        if (err instanceof InvalidCursorError) throw badParameter('before', 'is not a cursor this server issued; follow the page\'s "older" link');
        throw err;
      });
      return RenderedResponse.prepare(Buffer.from(renderOverview(data), 'utf8'), OVERVIEW_CONTENT_TYPE, httpDate(data.lastChanged));
    });
    return sendPage(request, reply, rendered, lang, OVERVIEW_CONTENT_SECURITY_POLICY);
  };
}

export async function overviewRoutes(server: FastifyInstance, ctx: WebContext & { selectionPage: ServeSelectionPage }): Promise<void> {
  server.get('/', (request, reply) => ctx.selectionPage(request, reply));

  const releases = { store: ctx.store, ministries: ctx.config.ministries, sources: ctx.config.sources, version: ctx.version };
  server.get<{ Params: { id: string } }>('/releases/:id', async (request, reply) => {
    const { id } = request.params;
    const notFound = new ProblemError(404, 'Unknown release', `There is no release "${id}". Release ids are the end of the feed entries' ids (tag:hessenfeed,2024:item:<id>).`);
    if (!ITEM_ID.test(id)) throw notFound;
    const baseUrl = baseUrlFor(request, ctx.env.publicUrl);
    const { lang, langParam } = pageLanguage(request);
    const rendered = await ctx.feeds.cached(`release\n${baseUrl}\n${lang}\n${langParam ?? ''}\n${id}`, async () => {
      const { readReleaseData, renderReleasePage } = await loadReleasePage();
      const data = await readReleaseData(releases, id, baseUrl, lang, langParam);
      if (data === undefined) throw notFound;
      return RenderedResponse.prepare(Buffer.from(renderReleasePage(data), 'utf8'), OVERVIEW_CONTENT_TYPE, httpDate(data.item.lastChanged));
    });
    return sendPage(request, reply, rendered, lang, RELEASE_CONTENT_SECURITY_POLICY);
  });
}
